/**
 * The call campaigns' measured queries, under the names the plain repo would give them: prepared statements
 * for the queue page and the campaign counts, and the dialect-specific SQL of the call queue's "next target"
 * and of imports. Services import these without asking which database runs; a query moves here only with a
 * bench figure (`npm run bench -- --only calls`).
 */
import { sql } from 'kysely';
import type { Db } from '../../database.js';
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
import { isPostgresDb } from '../../platform/db/sql.js';
import type { NewCompanyRow } from '../companies/index.js';
import { COMPANY_COLUMN_TYPES, COMPANY_DETAIL_COLUMNS } from '../companies/internal.js';
import { insertTargets, TARGET_COLUMNS, type TargetFilter, targetsWindow } from './call-campaigns.repo.js';
import type { StoredTargetState, TargetState } from './call-campaigns.table.js';

/* ---------- campaigns ---------- */

const campaignById = prepared((db, p: Params<{ id: number }>) =>
  db.selectFrom('callCampaigns').selectAll().where('id', '=', p.id),
);
export const findCampaign = (db: Db, id: number) => campaignById.executeTakeFirst(db, { id });

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

/* ---------- the queue ---------- */

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
