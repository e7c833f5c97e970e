import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { PageRequest } from '../../platform/db/sql.js';
import type { ImportRowUpdate, NewImportRow } from './imports.table.js';

export const insert = async (db: Db, row: NewImportRow) =>
  (await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const findById = (db: Db, id: number) =>
  db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();

export const update = (db: Db, id: number, set: ImportRowUpdate) =>
  db.updateTable('imports').set(set).where('id', '=', id).execute();

/** Adds a batch's outcome to the counters (in the batch's transaction, so a resumed import skips exactly it). */
export const addProgress = (
  db: Db,
  id: number,
  d: { rows: number; created: number; updated: number; skipped: number; errors: number },
  set: ImportRowUpdate,
) =>
  db
    .updateTable('imports')
    .set({
      ...set,
      processedRows: sql`processed_rows + ${d.rows}`,
      createdCount: sql`created_count + ${d.created}`,
      updatedCount: sql`updated_count + ${d.updated}`,
      skippedCount: sql`skipped_count + ${d.skipped}`,
      errorCount: sql`error_count + ${d.errors}`,
    })
    .where('id', '=', id)
    .execute();

export const findPage = (db: Db, page: PageRequest, createdBy?: number) => {
  let q = db.selectFrom('imports').selectAll();
  if (createdBy !== undefined) q = q.where('createdBy', '=', createdBy);
  return q
    .orderBy('id', 'desc')
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage)
    .execute();
};

export const count = async (db: Db, createdBy?: number) => {
  let q = db.selectFrom('imports').select((eb) => eb.fn.countAll<number>().as('n'));
  if (createdBy !== undefined) q = q.where('createdBy', '=', createdBy);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
