import type { Db } from '../../database.js';
import { offsetOf, type PageRequest } from '../../platform/db/sql.js';
import type { NewReportRow } from './reports.table.js';

export const insert = async (db: Db, row: NewReportRow) =>
  (await db.insertInto('reports').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const findById = (db: Db, id: number) =>
  db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();

export const findAll = (db: Db) => db.selectFrom('reports').selectAll().orderBy('id', 'desc').execute();

export const findPage = (db: Db, page: PageRequest) =>
  db
    .selectFrom('reports')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();

export const count = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const deleteById = (db: Db, id: number) => db.deleteFrom('reports').where('id', '=', id).execute();
