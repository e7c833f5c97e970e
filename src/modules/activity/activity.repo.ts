import type { Db } from '../../database.js';
import { type Params, prepared } from '../../platform/db/prepared.js';
import { offsetOf, type PageRequest } from '../../platform/db/sql.js';
import type { ActivityEntry, NewActivityRow } from './activity.table.js';

export interface ActivityFilter {
  actorId?: number;
  action?: string;
  entityType?: string;
  entityId?: number;
  from?: string;
  to?: string;
}

const insertEntry = prepared((db, p: Params<Required<ActivityEntry>>) =>
  db.insertInto('activityLog').values({
    actorId: p.actorId,
    action: p.action,
    entityType: p.entityType,
    entityId: p.entityId,
    summary: p.summary,
    details: p.details,
    ip: p.ip,
    userAgent: p.userAgent,
    createdAt: p.createdAt,
    entityVersion: p.entityVersion,
  }),
);
/** Written by nearly every change: prepared once. */
export const insert = (db: Db, row: NewActivityRow) =>
  insertEntry.executeWrite(db, {
    actorId: row.actorId ?? null,
    action: row.action,
    entityType: row.entityType ?? null,
    entityId: row.entityId ?? null,
    summary: row.summary ?? '',
    details: row.details ?? null,
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    createdAt: row.createdAt,
    entityVersion: row.entityVersion ?? null,
  });

function filtered(db: Db, f: ActivityFilter) {
  let q = db.selectFrom('activityLog as a');
  if (f.actorId !== undefined) q = q.where('a.actorId', '=', f.actorId);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.entityType) q = q.where('a.entityType', '=', f.entityType);
  if (f.entityId !== undefined) q = q.where('a.entityId', '=', f.entityId);
  if (f.from) q = q.where('a.createdAt', '>=', f.from);
  if (f.to) q = q.where('a.createdAt', '<', f.to);
  return q;
}

export const findMany = (db: Db, f: ActivityFilter, page: PageRequest) =>
  filtered(db, f)
    .leftJoin('users as u', 'u.id', 'a.actorId')
    .select([
      'a.id',
      'a.actorId',
      'a.action',
      'a.entityType',
      'a.entityId',
      'a.summary',
      'a.details',
      'a.ip',
      'a.userAgent',
      'a.createdAt',
      'u.username as actorUsername',
      'u.firstName as actorFirstName',
      'u.lastName as actorLastName',
    ])
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();

export const count = async (db: Db, f: ActivityFilter) =>
  Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The logged changes of one versioned row past version `since`, oldest first, with who made them. */
export const findChangesSince = (db: Db, entityType: string, entityId: number, since: number) =>
  db
    .selectFrom('activityLog as a')
    .leftJoin('users as u', 'u.id', 'a.actorId')
    .select(['a.details', 'u.username', 'u.firstName', 'u.lastName'])
    .where('a.entityType', '=', entityType)
    .where('a.entityId', '=', entityId)
    .where('a.entityVersion', '>', since)
    .orderBy('a.id')
    .limit(100)
    .execute();
