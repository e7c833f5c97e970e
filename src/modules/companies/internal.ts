/**
 * What other modules may use of companies WITHOUT an actor check: how a company's row is made, recognised and
 * compared (no database), and rewriting companies in the caller's transaction (`Db`: the caller has checked who
 * may import them). Guarded operations are in companies.service.ts.
 */
import type { Db } from '../../database.js';
import { foldForSearch } from '../../platform/db/sql.js';
import * as companiesRepo from './companies.repo.js';
import type { NewCompanyRow } from './companies.table.js';

export { COMPANY_COLUMN_TYPES, COMPANY_DETAIL_COLUMNS } from './companies.table.js';

/** The phone's digits: `+33 1 23-45` → `331 2345` → `3312345`. */
export const phoneKey = (phone: string) => phone.replace(/\D/g, '');

export interface CompanyFields {
  name: string;
  phone: string;
  product: string;
  activity: string;
  location: string;
  legalForm: string;
  niu: string;
  validityScoreTenths: number;
}

/** Letters in a phone field (seed 004's "Non renseigne"), which only a text search can find. */
const LETTER = /\p{L}/u;

/**
 * What a company's search matches: its folded descriptive fields and its phone's digits (a phone-like query
 * becomes one digits-only term, see `searchTerms`); the phone as typed only when it holds letters. Every
 * trigram costs index upkeep on each write, so nothing is in here twice.
 */
export const companySearchText = (c: CompanyFields) => {
  const text = `${c.name} ${c.product} ${c.activity} ${c.location} ${c.niu}`;
  return `${foldForSearch(LETTER.test(c.phone) ? `${text} ${c.phone}` : text)} ${phoneKey(c.phone)}`;
};

/** The row to insert for a company's fields. */
export const newCompanyRow = (c: CompanyFields, createdBy: number | null, now: string): NewCompanyRow => ({
  // Spelled out rather than `...c`: spreading into a literal with more keys is ~5× slower in V8, and imports
  // build 100,000 of these.
  name: c.name,
  phone: c.phone,
  phoneKey: phoneKey(c.phone),
  product: c.product,
  activity: c.activity,
  location: c.location,
  legalForm: c.legalForm,
  niu: c.niu,
  validityScoreTenths: c.validityScoreTenths,
  searchText: companySearchText(c),
  createdBy,
  createdAt: now,
  updatedAt: now,
});

/** `7.3` as seed 004 shows it (one decimal). */
export const formatScore = (tenths: number) => (tenths / 10).toFixed(1);

/** Whether `next` would change anything of the stored company `stored`. */
export const companyDiffers = (stored: CompanyFields, next: CompanyFields) =>
  stored.name !== next.name ||
  stored.phone !== next.phone ||
  stored.product !== next.product ||
  stored.activity !== next.activity ||
  stored.location !== next.location ||
  stored.legalForm !== next.legalForm ||
  stored.niu !== next.niu ||
  stored.validityScoreTenths !== next.validityScoreTenths;

/** Rewrites companies' fields (an import that knows them by phone), in the caller's transaction. */
export const updateCompanies = (tx: Db, changes: { id: number; fields: CompanyFields }[], now: string) =>
  companiesRepo.updateMany(
    tx,
    changes.map(({ id, fields }) => ({
      ...fields,
      id,
      phoneKey: phoneKey(fields.phone),
      searchText: companySearchText(fields),
      updatedAt: now,
    })),
  );
