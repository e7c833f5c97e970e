import type { Db } from '../../database.js';
import type { FileRowUpdate, NewFileRow } from './files.table.js';

export const findById = (db: Db, id: number) =>
  db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();

export const insert = async (db: Db, row: NewFileRow) =>
  (await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const updateById = (db: Db, id: number, set: FileRowUpdate) =>
  db.updateTable('files').set(set).where('id', '=', id).execute();

export const deleteById = (db: Db, id: number) => db.deleteFrom('files').where('id', '=', id).execute();
