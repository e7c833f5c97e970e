/** The call campaigns' plain queries (the measured ones, prepared or dialect-specific, are in call-campaigns.hot.ts). */
import { sql, type UpdateObject } from 'kysely';
import type { Database, Db } from '../../database.js';
import { insertRows } from '../../platform/db/bulk.js';
import type { ListWindow } from '../../platform/db/prepared.js';
import { allTermsMatch, countMatching } from '../../platform/db/sql.js';
import { COMPANY_DETAIL_COLUMNS } from '../companies/internal.js';
import type { NewCampaignTargetRow, StoredTargetState, TargetState } from './call-campaigns.table.js';

/* ---------- campaigns ---------- */

export const insertCampaign = async (
  db: Db,
  row: { name: string; description: string; createdBy: number | null; createdAt: string; updatedAt: string },
) => (await db.insertInto('callCampaigns').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const findCampaignIdByName = (db: Db, name: string) =>
  db
    .selectFrom('callCampaigns')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();

export const findCampaigns = (db: Db, archived: boolean) =>
  db
    .selectFrom('callCampaigns')
    .selectAll()
    .where('archivedAt', archived ? 'is not' : 'is', null)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();

/** Campaign ids and names, for pickers. */
export const findCampaignNames = (db: Db) =>
  db
    .selectFrom('callCampaigns')
    .select(['id', 'name'])
    .where('archivedAt', 'is', null)
    .orderBy('name')
    .execute();

/* ---------- targets ---------- */

export interface TargetFilter {
  campaignId: number;
  state?: TargetState;
  terms?: string[];
  now: string;
}

export const TARGET_COLUMNS = [
  't.id',
  't.campaignId',
  't.companyId',
  't.state',
  't.callbackAt',
  't.lockUserId',
  't.lockExpiresAt',
  't.callsCount',
  't.lastCallAt',
  't.createdAt',
  't.updatedAt',
  'co.name',
  'co.phone',
  ...COMPANY_DETAIL_COLUMNS,
  'u.username as holderUsername',
  'u.firstName as holderFirstName',
  'u.lastName as holderLastName',
] as const;

function filtered(db: Db, f: TargetFilter) {
  let q = db.selectFrom('campaignTargets as t').where('t.campaignId', '=', f.campaignId);
  if (f.state === 'in_progress') q = q.where('t.lockExpiresAt', '>', f.now);
  else if (f.state) {
    q = q.where('t.state', '=', f.state);
    // A locked target shows as in progress, not as its stored state.
    if (f.state !== 'done')
      q = q.where((eb) => eb.or([eb('t.lockExpiresAt', 'is', null), eb('t.lockExpiresAt', '<=', f.now)]));
  }
  if (f.terms?.length)
    q = q.where(
      allTermsMatch(db, { id: 't.company_id', column: 'co2.search_text', fts: 'companies_fts' }, f.terms),
    );
  return f.terms?.length ? q.innerJoin('companies as co2', 'co2.id', 't.companyId') : q;
}

/**
 * A page of targets. The page's ids are picked first from the index alone, then only those 50 rows are joined
 * to their company and holder (with OFFSET over the joined rows, page 1,000 joined 50,000 rows: 15 ms → 1 ms).
 */
export const targetsWindow = (db: Db, f: TargetFilter, window: ListWindow) =>
  db
    .selectFrom('campaignTargets as t')
    .innerJoin('companies as co', 'co.id', 't.companyId')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.lockUserId'))
    .select(TARGET_COLUMNS)
    .where(
      't.id',
      'in',
      filtered(db, f).select('t.id').orderBy('t.id').limit(window.limit).offset(window.offset),
    )
    .orderBy('t.id');

export const countTargets = (db: Db, f: TargetFilter) => countMatching(db, filtered(db, f));

/** One target as the queue shows it, and its version (which its call form carries; lists do not read it). */
export const findTarget = (db: Db, id: number) =>
  db
    .selectFrom('campaignTargets as t')
    .innerJoin('companies as co', 'co.id', 't.companyId')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.lockUserId'))
    .select([...TARGET_COLUMNS, 't.version'])
    .where('t.id', '=', id)
    .executeTakeFirst();

/**
 * Changes what a target's call form is based on (state, callback, calls) and raises its version. `set` may hold
 * SQL (`calls_count + 1`) so counters change atomically.
 */
export const updateTarget = (db: Db, id: number, set: UpdateObject<Database, 'campaignTargets'>) =>
  db
    .updateTable('campaignTargets')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();

/**
 * Takes the lock on a target for `userId` if nobody else holds it and it is not done. Atomic: one conditional
 * UPDATE, so of two operators racing for the same target exactly one gets a row back.
 */
export const tryLock = async (db: Db, id: number, userId: number, now: string, expires: string) =>
  Number(
    (
      await db
        .updateTable('campaignTargets')
        .set({ lockUserId: userId, lockExpiresAt: expires })
        .where('id', '=', id)
        .where('state', '<>', 'done')
        .where((eb) =>
          eb.or([
            eb('lockUserId', 'is', null),
            eb('lockUserId', '=', userId),
            eb('lockExpiresAt', 'is', null),
            eb('lockExpiresAt', '<=', now),
          ]),
        )
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Extends a lock the user still holds. */
export const extendLock = async (db: Db, id: number, userId: number, now: string, expires: string) =>
  Number(
    (
      await db
        .updateTable('campaignTargets')
        .set({ lockExpiresAt: expires })
        .where('id', '=', id)
        .where('lockUserId', '=', userId)
        .where('lockExpiresAt', '>', now)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const releaseLock = async (db: Db, id: number, userId: number) =>
  Number(
    (
      await db
        .updateTable('campaignTargets')
        .set({ lockUserId: null, lockExpiresAt: null })
        .where('id', '=', id)
        .where('lockUserId', '=', userId)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/* ---------- import ---------- */

export const insertTargets = (db: Db, rows: NewCampaignTargetRow[]) =>
  insertRows(db, 'campaignTargets', rows, {
    types: { campaignId: 'int4', companyId: 'int4', callsCount: 'int4', lockUserId: 'int4' },
  });

/**
 * Removes the campaign's pending targets that were never called and are not being called (the "replace"
 * import): called targets, callbacks, done targets and their calls and recordings all stay.
 */
export const deleteUncalledPending = (db: Db, campaignId: number, now: string) =>
  db
    .deleteFrom('campaignTargets')
    .where('campaignId', '=', campaignId)
    .where('state', '=', 'pending')
    .where('callsCount', '=', 0)
    .where((eb) => eb.or([eb('lockExpiresAt', 'is', null), eb('lockExpiresAt', '<=', now)]))
    .executeTakeFirst();

/**
 * The latest target (highest id: the newest campaign that took the company) of each of these companies, with
 * what says whether it is being called now: a company's status as seed 004 listed it.
 */
export const latestTargetsOfCompanies = (db: Db, companyIds: number[]) =>
  companyIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('campaignTargets as t')
        .select(['t.companyId', 't.state', 't.lockUserId', 't.lockExpiresAt'])
        .where('t.companyId', 'in', companyIds)
        .where('t.id', '=', (eb) =>
          eb
            .selectFrom('campaignTargets as l')
            .select((l) => l.fn.max('l.id').as('id'))
            .whereRef('l.companyId', '=', 't.companyId'),
        )
        .execute();

export const setStoredState = (db: Db, id: number, state: StoredTargetState, now: string) =>
  updateTarget(db, id, { state, updatedAt: now });
