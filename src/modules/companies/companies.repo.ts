import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { allTermsMatch, countMatching } from '../../platform/db/sql.js';
import type { NewCompanyRow } from './companies.table.js';

export const findById = (db: Db, id: number) =>
  db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();

/** The companies with these names (compared lower-case), lowest id first. */
export const findByNames = (db: Db, lowerNames: string[]) =>
  lowerNames.length
    ? db
        .selectFrom('companies')
        .select(['id', 'name'])
        .where((eb) => eb(eb.fn('lower', ['name']), 'in', lowerNames))
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

/** Which of these ids are companies. */
export const findIds = (db: Db, ids: number[]) =>
  ids.length ? db.selectFrom('companies').select('id').where('id', 'in', ids).execute() : Promise.resolve([]);

export const insert = async (db: Db, row: NewCompanyRow) =>
  (await db.insertInto('companies').values(row).returning('id').executeTakeFirstOrThrow()).id;

export type CompanyRewrite = Omit<NewCompanyRow, 'id' | 'createdBy' | 'createdAt'> & { id: number };

/**
 * Rewrites many companies' fields, 500 per statement (`with v as (values …) update … from v`, the same SQL on
 * both databases) instead of one UPDATE per company.
 */
export async function updateMany(db: Db, rows: CompanyRewrite[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows
        .slice(i, i + 500)
        .map(
          (r) =>
            sql`(cast(${r.id} as integer), ${r.name}, ${r.phone}, ${r.phoneKey}, ${r.product}, ${r.activity}, ${r.location}, ${r.legalForm}, ${r.niu}, cast(${r.validityScoreTenths} as integer), ${r.searchText}, ${r.updatedAt})`,
        ),
    );
    await sql`with v (id, name, phone, phone_key, product, activity, location, legal_form, niu, score, search_text, updated_at)
      as (values ${values})
      update companies set name = v.name, phone = v.phone, phone_key = v.phone_key, product = v.product,
        activity = v.activity, location = v.location, legal_form = v.legal_form, niu = v.niu,
        validity_score_tenths = v.score, search_text = v.search_text, updated_at = v.updated_at
      from v where companies.id = v.id`.execute(db);
  }
}

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
