import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { allTermsMatch, countMatching } from '../../platform/db/sql.js';
import { COMPANY_DETAIL_COLUMNS } from '../companies/internal.js';
import type { LeadResult, NewCallRow } from './calls.table.js';

export interface CallFilter {
  userId?: number;
  from?: string;
  to?: string;
  leadResult?: LeadResult;
  campaignId?: number;
  area?: string;
  companyId?: number;
  contactId?: number;
  terms?: string[];
}

/** What a call is shown with: its operator's names and its recording's facts. */
const WITH_NAMES = [
  'u.firstName as operatorFirstName',
  'u.lastName as operatorLastName',
  'u.username as operatorUsername',
  'r.id as recordingId',
  'r.mimeType as recordingMime',
  'r.durationMs as recordingDurationMs',
  'r.size as recordingSize',
] as const;

const withNames = (db: Db) =>
  db
    .selectFrom('calls as c')
    .leftJoin('users as u', 'u.id', 'c.userId')
    .leftJoin('recordings as r', 'r.callId', 'c.id')
    .selectAll('c')
    .select(WITH_NAMES);

export const findById = (db: Db, id: number) => withNames(db).where('c.id', '=', id).executeTakeFirst();

export const insert = async (db: Db, row: NewCallRow) =>
  (await db.insertInto('calls').values(row).returning('id').executeTakeFirstOrThrow()).id;

/** Marks the call changed (its recording was replaced): a new time and version. */
export const touch = (db: Db, id: number, updatedAt: string) =>
  db
    .updateTable('calls')
    .set({ updatedAt, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();

export const deleteById = (db: Db, id: number) => db.deleteFrom('calls').where('id', '=', id).execute();

/** The calls with these contacts, by id (deleting a contact leaves its calls, without the contact). */
export const findIdsOfContacts = (db: Db, contactIds: number[]) =>
  contactIds.length
    ? db
        .selectFrom('calls')
        .select(['id', 'contactId'])
        .where('contactId', 'in', contactIds)
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

/** Links these calls to their contact again, where they still have none. */
export const relinkContact = (db: Db, contactId: number, callIds: number[]) =>
  db
    .updateTable('calls')
    .set({ contactId })
    .where('id', 'in', callIds)
    .where('contactId', 'is', null)
    .execute();

function filtered(db: Db, f: CallFilter) {
  let q = db.selectFrom('calls as c');
  if (f.userId !== undefined) q = q.where('c.userId', '=', f.userId);
  if (f.from) q = q.where('c.calledAt', '>=', f.from);
  if (f.to) q = q.where('c.calledAt', '<', f.to);
  if (f.leadResult) q = q.where('c.leadResult', '=', f.leadResult);
  if (f.campaignId !== undefined) q = q.where('c.campaignId', '=', f.campaignId);
  if (f.area) q = q.where('c.area', '=', f.area);
  if (f.companyId !== undefined) q = q.where('c.companyId', '=', f.companyId);
  if (f.contactId !== undefined) q = q.where('c.contactId', '=', f.contactId);
  if (f.terms?.length)
    q = q.where(allTermsMatch(db, { id: 'c.id', column: 'c.search_text', fts: 'calls_fts' }, f.terms));
  return q;
}

export const findMany = (db: Db, f: CallFilter, window: { offset: number; limit: number }) =>
  filtered(db, f)
    .leftJoin('users as u', 'u.id', 'c.userId')
    .leftJoin('recordings as r', 'r.callId', 'c.id')
    .selectAll('c')
    .select(WITH_NAMES)
    .orderBy('c.calledAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute();

export const count = (db: Db, f: CallFilter) => countMatching(db, filtered(db, f));

/** The exact number of a campaign's calls (seeding tools; lists use the capped `count`). */
export const countOfCampaign = async (db: Db, campaignId: number) =>
  Number(
    (
      await db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('campaignId', '=', campaignId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * The areas calls were logged in (for the filter), up to 200 in order. A `distinct` walks every entry of the
 * area index (4 ms on every call log page with 100,000 calls); this walk seeks the next larger area instead, one
 * short index lookup per distinct area, on both databases.
 */
export const distinctAreas = async (db: Db) =>
  (
    await sql<{ area: string }>`with recursive next_area(area, n) as (
        select min(area), 1 from calls where area > ''
        union all
        select (select min(c.area) from calls as c where c.area > next_area.area), n + 1
        from next_area where next_area.area is not null and n < 200
      )
      select area from next_area where area is not null`.execute(db)
  ).rows.map((r) => r.area);

/**
 * One page of the export, newest first, with the company's fields seed 004 exports. Keyset on (called_at, id),
 * which the calls_called / calls_campaign / calls_user indexes serve, so each page is a short index range.
 */
export const exportBatch = (
  db: Db,
  f: CallFilter,
  before: { calledAt: string; id: number } | null,
  limit: number,
) => {
  let q = filtered(db, f)
    .leftJoin('companies as co', 'co.id', 'c.companyId')
    .leftJoin('recordings as r', 'r.callId', 'c.id')
    .leftJoin('users as u', 'u.id', 'c.userId')
    .select([
      'c.id',
      'c.calledAt',
      'c.companyName',
      'c.phone',
      'c.numberStatus',
      'c.callStatus',
      'c.presentationLevel',
      'c.freeQuestionsLevel',
      'c.guidedQuestionsLevel',
      'co.name as coName',
      'co.phone as coPhone',
      ...COMPANY_DETAIL_COLUMNS,
      'r.id as recordingId',
      'u.username as operatorUsername',
      'u.firstName as operatorFirstName',
      'u.lastName as operatorLastName',
    ]);
  // A row-value comparison: both databases turn it into one index range (an OR of two conditions they do not).
  if (before !== null) q = q.where(sql<boolean>`(c.called_at, c.id) < (${before.calledAt}, ${before.id})`);
  return q.orderBy('c.calledAt', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
};

export const insertRecording = (
  db: Db,
  row: {
    callId: number;
    fileId: number;
    mimeType: string;
    durationMs: number | null;
    size: number;
    createdAt: string;
  },
) => db.insertInto('recordings').values(row).execute();

export const findRecording = (db: Db, callId: number) =>
  db.selectFrom('recordings').selectAll().where('callId', '=', callId).executeTakeFirst();

export const deleteRecording = (db: Db, callId: number) =>
  db.deleteFrom('recordings').where('callId', '=', callId).execute();

/** Counts for the dashboard over calls matching `f`: by number status and by call status. */
export const countsByStatus = (db: Db, f: CallFilter) =>
  filtered(db, f)
    .select((eb) => ['c.numberStatus', 'c.callStatus', eb.fn.countAll<number>().as('n')])
    .groupBy(['c.numberStatus', 'c.callStatus'])
    .execute();

/** Calls and seed 004 points per operator. */
export const operatorPoints = (db: Db, f: CallFilter) =>
  filtered(db, f)
    .leftJoin('users as u', 'u.id', 'c.userId')
    .select((eb) => [
      'c.userId',
      'u.username',
      'u.firstName',
      'u.lastName',
      eb.fn.countAll<number>().as('calls'),
      eb.fn
        .sum<number>(
          sql`case when c.call_status = 'accepted' and c.presentation_level <> '' and c.free_questions_level <> '' and c.guided_questions_level <> '' then 2 else 1 end`,
        )
        .as('points'),
      eb.fn.sum<number>(sql`case when c.number_status = 'answered' then 1 else 0 end`).as('answered'),
    ])
    .groupBy(['c.userId', 'u.username', 'u.firstName', 'u.lastName'])
    .execute();

/** When each matching call since `from` happened (one day's calls, for the per-hour chart). */
export const calledAtSince = (db: Db, f: CallFilter, from: string) =>
  filtered(db, { ...f, from: f.from && f.from > from ? f.from : from })
    .select('c.calledAt')
    .limit(50_000)
    .execute();
