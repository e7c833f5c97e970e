import type { Db } from '../../database.js';
import { forUpdate } from '../../platform/db/versioned.js';
import type { NewDeletionRow } from './deletions.table.js';

export const insert = async (db: Db, row: NewDeletionRow) =>
  (await db.insertInto('deletions').values(row).returning('id').executeTakeFirstOrThrow()).id;

/** The deletion, locked until the transaction ends (two undos of one deletion: the second waits, then sees it done). */
export const lockById = (db: Db, id: number) =>
  forUpdate(db, db.selectFrom('deletions').selectAll().where('id', '=', id)).executeTakeFirst();

/** Marks it undone and drops its rows (they are back where they were). */
export const markRestored = (db: Db, id: number, at: string) =>
  db.updateTable('deletions').set({ restoredAt: at, payload: '{}' }).where('id', '=', id).execute();

export const deleteExpired = async (db: Db, now: string) =>
  Number((await db.deleteFrom('deletions').where('expiresAt', '<=', now).executeTakeFirst()).numDeletedRows);
