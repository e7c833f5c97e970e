import type { Insertable } from 'kysely';
import type { Db } from '../../database.js';
import { offsetOf, type PageRequest } from '../../platform/db/sql.js';
import type { HttpAttemptsTable } from './outgoing.table.js';

export interface AttemptFilter {
  purpose?: string;
  failedOnly?: boolean;
}

export const insert = (db: Db, row: Insertable<HttpAttemptsTable>) =>
  db.insertInto('httpAttempts').values(row).execute();

function filtered(db: Db, f: AttemptFilter) {
  let q = db.selectFrom('httpAttempts');
  if (f.purpose) q = q.where('purpose', '=', f.purpose);
  if (f.failedOnly) q = q.where((eb) => eb.or([eb('status', 'is', null), eb('status', '>=', 400)]));
  return q;
}

export const findMany = (db: Db, f: AttemptFilter, page: PageRequest) =>
  filtered(db, f)
    .selectAll()
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();

export const count = async (db: Db, f: AttemptFilter) =>
  Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const purposes = (db: Db) =>
  db.selectFrom('httpAttempts').select('purpose').distinct().orderBy('purpose').execute();

/** Keeps the log bounded: attempts older than `before` go. */
export const deleteOlderThan = (db: Db, before: string) =>
  db.deleteFrom('httpAttempts').where('createdAt', '<', before).execute();
