import type { Generated, Insertable, Selectable } from 'kysely';

export interface CompaniesTable {
  id: Generated<number>;
  name: string;
  phone: string;
  /** Digits of `phone` ('' when there are none): how imports recognise a known company. */
  phoneKey: string;
  product: string;
  activity: string;
  location: string;
  legalForm: string;
  niu: string;
  /** One decimal kept as tenths (73 = 7.3). */
  validityScoreTenths: number;
  searchText: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}
export type CompanyRow = Selectable<CompaniesTable>;
export type NewCompanyRow = Insertable<CompaniesTable>;

/** Bulk inserts (`insertRows`): the columns that are not text, with their PostgreSQL type. */
export const COMPANY_COLUMN_TYPES = { validityScoreTenths: 'int4', createdBy: 'int4' } as const;

/** A company's descriptive columns as selected through the alias `co` (queue rows, exports, imports). */
export const COMPANY_DETAIL_COLUMNS = [
  'co.product',
  'co.activity',
  'co.location',
  'co.legalForm',
  'co.niu',
  'co.validityScoreTenths',
] as const;

declare module '../../database.js' {
  interface Database {
    companies: CompaniesTable;
  }
}
