import { sql, type UpdateObject } from 'kysely';
import type { Database, Db } from '../../database.js';
import {
  type ArrayColumn,
  arrayColumns,
  idSequenceOf,
  insertRows,
  unnestOf,
} from '../../platform/db/bulk.js';
import {
  type ListWindow,
  type Params,
  prepared,
  preparedForIds,
  preparedWindow,
  selectedKeys,
} from '../../platform/db/prepared.js';
import { allTermsMatch, countMatching, isPostgresDb } from '../../platform/db/sql.js';
import {
  COMPANY_COLUMN_TYPES,
  COMPANY_DETAIL_COLUMNS,
  type NewCompanyRow,
} from '../companies/companies.table.js';
import type { NewCampaignTargetRow, StoredTargetState, TargetState } from './call-campaigns.table.js';

/* ---------- campaigns ---------- */

export const insertCampaign = async (
  db: Db,
  row: { name: string; description: string; createdBy: number | null; createdAt: string; updatedAt: string },
) => (await db.insertInto('callCampaigns').values(row).returning('id').executeTakeFirstOrThrow()).id;

const campaignById = prepared((db, p: Params<{ id: number }>) =>
  db.selectFrom('callCampaigns').selectAll().where('id', '=', p.id),
);
export const findCampaign = (db: Db, id: number) => campaignById.executeTakeFirst(db, { id });

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

/** Targets per stored state for each campaign in `ids` (trigger-kept counts). */
const storedCountsOf = preparedForIds((db, _p: Params<Record<string, never>>, ids) =>
  db.selectFrom('campaignTargetCounts').select(['campaignId', 'state', 'n']).where('campaignId', 'in', ids),
);
export const storedCounts = (db: Db, ids: number[]) => storedCountsOf.execute(db, ids, {});

/** Targets locked right now, per campaign and stored state (few: the calls in progress). */
const lockedCountsOf = preparedForIds((db, p: Params<{ now: string }>, ids) =>
  db
    .selectFrom('campaignTargets')
    .select((eb) => ['campaignId', 'state', eb.fn.countAll<number>().as('n')])
    .where('campaignId', 'in', ids)
    .where('lockExpiresAt', '>', p.now)
    .groupBy(['campaignId', 'state']),
);
export const lockedCounts = (db: Db, ids: number[], now: string) => lockedCountsOf.execute(db, ids, { now });

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

const TARGET_COLUMNS = [
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
const targetsWindow = (db: Db, f: TargetFilter, window: ListWindow) =>
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

type WindowValues = {
  campaignId: number;
  state: TargetState | undefined;
  now: string;
};
/**
 * The queue page's query, prepared once per shape of filter: no state, `in_progress`, `done`, or one of the
 * open states (whose value is bound). A search has as many conditions as terms and is built each time.
 */
const windowFor = (state: 'in_progress' | 'done' | 'bound' | undefined) =>
  preparedWindow(
    (db, p: Params<WindowValues>, window) =>
      targetsWindow(
        db,
        { campaignId: p.campaignId, state: state === 'bound' ? p.state : state, now: p.now },
        window,
      ),
    { rowKeys: selectedKeys(TARGET_COLUMNS) },
  );
const preparedTargetWindows = {
  all: windowFor(undefined),
  in_progress: windowFor('in_progress'),
  done: windowFor('done'),
  open: windowFor('bound'),
};

export const findTargets = (db: Db, f: TargetFilter, window: ListWindow) => {
  if (f.terms?.length) return targetsWindow(db, f, window).execute();
  const shape =
    f.state === undefined ? 'all' : f.state === 'in_progress' || f.state === 'done' ? f.state : 'open';
  return preparedTargetWindows[shape].execute(db, {
    ...window,
    campaignId: f.campaignId,
    state: f.state,
    now: f.now,
  });
};

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

/** The latest call with a recording per target in `ids` (the queue's play buttons). */
const latestRecordedCallsOf = preparedForIds((db, _p: Params<Record<string, never>>, ids) =>
  db
    .selectFrom('calls as c')
    .innerJoin('recordings as r', 'r.callId', 'c.id')
    .select((eb) => ['c.targetId', eb.fn.max('c.id').as('callId')])
    .where('c.targetId', 'in', ids)
    .groupBy('c.targetId'),
);
export const latestRecordedCalls = (db: Db, ids: number[]) => latestRecordedCallsOf.execute(db, ids, {});

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

/**
 * Free targets to call next, in order: callbacks that are due (earliest first), then pending targets in list
 * order. On PostgreSQL the rows are locked (skipping rows another transaction is taking), so concurrent
 * "Next call" requests spread over different targets instead of queueing on the same one.
 */
export async function nextCandidates(db: Db, campaignId: number, now: string, limit: number) {
  const pg = isPostgresDb(db);
  const free = (q: ReturnType<typeof base>) =>
    q.where((eb) => eb.or([eb('lockExpiresAt', 'is', null), eb('lockExpiresAt', '<=', now)]));
  const base = () => db.selectFrom('campaignTargets').select('id').where('campaignId', '=', campaignId);
  const callbacks = free(base())
    // A literal, not a bound value: the partial index of callbacks (`where state = 'callback'`) then applies.
    .where(sql<boolean>`state = 'callback'`)
    .where((eb) => eb.or([eb('callbackAt', 'is', null), eb('callbackAt', '<=', now)]))
    // No time given means as soon as possible: first on both databases (they sort nulls differently).
    .orderBy(sql`coalesce(callback_at, '')`)
    .orderBy('id')
    .limit(limit)
    .$if(pg, (q) => q.forUpdate().skipLocked());
  const due = await callbacks.execute();
  if (due.length > 0) return due.map((r) => r.id);
  const pending = await free(base())
    .where('state', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .$if(pg, (q) => q.forUpdate().skipLocked())
    .execute();
  return pending.map((r) => r.id);
}

/* ---------- import ---------- */

/**
 * Companies known by these phone keys (anywhere), with their fields and their target in this campaign if they
 * have one. Driven from the phone-key index (a left join keeps SQLite from scanning the campaign's targets).
 */
export const findKnownByPhoneKeys = (db: Db, campaignId: number, keys: string[]) =>
  keys.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('companies as co')
        .leftJoin('campaignTargets as t', (j) =>
          j.onRef('t.companyId', '=', 'co.id').on('t.campaignId', '=', campaignId),
        )
        .select([
          'co.id',
          'co.phoneKey',
          'co.name',
          'co.phone',
          ...COMPANY_DETAIL_COLUMNS,
          't.id as targetId',
        ])
        // PostgreSQL: the keys as one array parameter (one bind instead of up to 5,000).
        .where((eb) =>
          isPostgresDb(db) ? eb('co.phoneKey', '=', eb.fn.any(eb.val(keys))) : eb('co.phoneKey', 'in', keys),
        )
        .orderBy('co.id')
        .execute();

export const insertTargets = (db: Db, rows: NewCampaignTargetRow[]) =>
  insertRows(db, 'campaignTargets', rows, {
    types: { campaignId: 'int4', companyId: 'int4', callsCount: 'int4', lockUserId: 'int4' },
  });

/**
 * Companies new to Sova, each with its target in this campaign. PostgreSQL: one statement per 10,000 rows,
 * whose first step draws the companies' ids from their sequence (materialised once), the second inserts the
 * companies and the last their targets; every column travels as one array (as in `insertRows`). SQLite: the companies (ids back in
 * order), then their targets.
 */
export async function insertCompaniesAsTargets(
  db: Db,
  campaignId: number,
  rows: { company: NewCompanyRow; state: StoredTargetState }[],
  now: string,
): Promise<void> {
  if (!isPostgresDb(db)) {
    const ids = await insertRows(
      db,
      'companies',
      rows.map((r) => r.company),
      { types: COMPANY_COLUMN_TYPES, returnIds: true },
    );
    await insertTargets(
      db,
      rows.map((r, i) => ({
        campaignId,
        companyId: ids[i]!,
        state: r.state,
        createdAt: now,
        updatedAt: now,
      })),
    );
    return;
  }
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000);
    const columns = arrayColumns(
      chunk.map((r) => r.company),
      COMPANY_COLUMN_TYPES,
    );
    const names = sql.join(columns.map((c) => sql.id(c.name)));
    const state: ArrayColumn = { name: 'state', type: 'text', values: chunk.map((r) => r.state) };
    await sql`with r as materialized (
        select nextval(${idSequenceOf('companies')})::int4 as id, u.*
        from ${unnestOf([...columns, state])} as u(${names}, state)
      ), companies_added as (
        insert into companies (id, ${names}) select id, ${names} from r
      )
      insert into campaign_targets (campaign_id, company_id, state, created_at, updated_at)
      select cast(${campaignId} as integer), id, state, ${now}, ${now} from r`.execute(db);
  }
}

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
