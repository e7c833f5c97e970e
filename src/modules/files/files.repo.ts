import type { Db } from '../../database.js';
import type { FileRowUpdate, NewFileRow } from './files.table.js';

export const findById = (db: Db, id: number) =>
  db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();

export const insert = async (db: Db, row: NewFileRow) =>
  (await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const updateById = (db: Db, id: number, set: FileRowUpdate) =>
  db.updateTable('files').set(set).where('id', '=', id).execute();

export const deleteById = (db: Db, id: number) => db.deleteFrom('files').where('id', '=', id).execute();

/** Which of these storage keys belong to files not yet in storage (pending or failed). */
export const findUnstoredKeys = async (db: Db, keys: string[]) =>
  (
    await db
      .selectFrom('files')
      .select('storageKey')
      .where('storageKey', 'in', keys)
      .where('state', '!=', 'stored')
      .execute()
  ).map((r) => r.storageKey);
