import type { Db } from '../../database.js';
import { allTermsMatch, countMatching } from '../../platform/db/sql.js';
import type { CompanyRowUpdate, NewCompanyRow } from './companies.table.js';

export const findById = (db: Db, id: number) =>
  db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();

export const insert = async (db: Db, row: NewCompanyRow) =>
  (await db.insertInto('companies').values(row).returning('id').executeTakeFirstOrThrow()).id;

/** Inserts many companies; their ids come back in the order given. */
export const insertMany = async (db: Db, rows: NewCompanyRow[]) =>
  rows.length === 0
    ? []
    : (await db.insertInto('companies').values(rows).returning('id').execute()).map((r) => r.id);

export const updateById = (db: Db, id: number, set: CompanyRowUpdate) =>
  db.updateTable('companies').set(set).where('id', '=', id).execute();

const filtered = (db: Db, terms: string[]) => {
  let q = db.selectFrom('companies as co');
  if (terms.length)
    q = q.where(allTermsMatch(db, { id: 'co.id', column: 'co.search_text', fts: 'companies_fts' }, terms));
  return q;
};

export const findMany = (db: Db, terms: string[], window: { offset: number; limit: number }) =>
  filtered(db, terms)
    .selectAll('co')
    .orderBy('co.name')
    .orderBy('co.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute();

export const count = (db: Db, terms: string[]) => countMatching(db, filtered(db, terms));
