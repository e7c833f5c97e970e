import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { isPostgresDb, type PageRequest } from '../../platform/db/sql.js';
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

/**
 * Rows per batch. SQLite writes a batch synchronously, holding up every request of the process meanwhile, so its
 * batches are smaller:
 * - Batch by batch (one transaction each): 250 rows rather than 500 took another user's client list during a
 *   100,000-order import from 45 to 14–21 ms (median) and 225 to 120–148 ms (p99), for an import 10 % longer.
 * - An atomic import (one transaction for the file): 1,000 rows rather than 5,000 took the call queue page's
 *   longest wait during a 100,000-row import from 557–679 to 330–404 ms, the import no slower (5.9–7.6 s
 *   against 7.1–8.7 s).
 */
const BATCH = { sqlite: 250, postgres: 500 };
const ATOMIC_BATCH = { sqlite: 1000, postgres: 5000 };
/**
 * How an import writes on this database: rows per batch, and whether the file is read and parsed while the
 * previous batch is being written. PostgreSQL overlaps them (at most one batch in flight, so memory stays at two
 * batches), so parsing and the database's work overlap instead of alternating; SQLite works in this thread,
 * where overlapping would only interleave the two (measured slower).
 */
export function writePlan(db: Db, atomic: boolean): { batchSize: number; overlap: boolean } {
  const dialect = isPostgresDb(db) ? 'postgres' : 'sqlite';
  return { batchSize: (atomic ? ATOMIC_BATCH : BATCH)[dialect], overlap: dialect === 'postgres' };
}
