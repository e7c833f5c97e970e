/**
 * Companies: the organisations outbound campaigns call (seed 004's "entreprises"). A company is recognised by
 * the digits of its phone when a list is imported again, so its calls and recordings stay attached to it.
 */
import type { Ctx } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { foldForSearch, offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import * as companiesRepo from './companies.repo.js';
import type { CompanyRow, NewCompanyRow } from './companies.table.js';

export type { CompanyRow } from './companies.table.js';

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

/** A company (every signed-in user may look companies up). */
export async function getCompany(ctx: Ctx, id: number): Promise<CompanyRow> {
  requireActor(ctx.actor);
  const company = await companiesRepo.findById(ctx.db, id);
  if (!company) throw notFound('company', id);
  return company;
}

export async function listCompanies(ctx: Ctx, search: string | undefined, page: PageRequest) {
  requireActor(ctx.actor);
  const terms = searchTerms(search, ctx.config.defaultCountry);
  const [items, total] = await Promise.all([
    companiesRepo.findMany(ctx.db, terms, { offset: offsetOf(page), limit: page.perPage }),
    companiesRepo.count(ctx.db, terms),
  ]);
  return pageOf(items, total, page);
}

/**
 * The ids of the companies with these names (any case; of namesakes, the oldest) and of those among `ids` that
 * exist: how imports link a contact to its company.
 */
export async function resolveCompanies(ctx: Ctx, names: string[], ids: number[]) {
  requireActor(ctx.actor);
  const [byName, byId] = await Promise.all([
    companiesRepo.findByNames(ctx.db, [...new Set(names.map((n) => n.trim().toLowerCase()))]),
    companiesRepo.findIds(ctx.db, [...new Set(ids)]),
  ]);
  const named = new Map<string, number>();
  for (const c of byName) if (!named.has(c.name.toLowerCase())) named.set(c.name.toLowerCase(), c.id);
  return { byName: named, ids: new Set(byId.map((c) => c.id)) };
}

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
export const updateCompanies = (tx: Ctx, changes: { id: number; fields: CompanyFields }[], now: string) =>
  companiesRepo.updateMany(
    tx.db,
    changes.map(({ id, fields }) => ({
      ...fields,
      id,
      phoneKey: phoneKey(fields.phone),
      searchText: companySearchText(fields),
      updatedAt: now,
    })),
  );
