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

/**
 * Adds a batch's outcome to the counters (in the batch's transaction, so a resumed import skips exactly it),
 * if the import is running and `processedBefore` rows were done when the batch began; false when it was
 * cancelled or another run got there first.
 */
export const addProgress = async (
  db: Db,
  id: number,
  processedBefore: number,
  d: { rows: number; created: number; updated: number; skipped: number; errors: number },
  set: ImportRowUpdate,
) =>
  Number(
    (
      await db
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
        .where('state', '=', 'running')
        .where('processedRows', '=', processedBefore)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Updates a running import; false when it is not running (any more). */
export const updateRunning = async (db: Db, id: number, set: ImportRowUpdate) =>
  Number(
    (
      await db
        .updateTable('imports')
        .set(set)
        .where('id', '=', id)
        .where('state', '=', 'running')
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Marks an import failed unless it has ended already (its job gave up on it). */
export const failUnfinished = (db: Db, id: number, set: ImportRowUpdate) =>
  db
    .updateTable('imports')
    .set({ ...set, state: 'failed' })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
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
