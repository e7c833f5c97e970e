/**
 * Companies: the organisations outbound campaigns call (seed 004's "entreprises"). A company is recognised by
 * the digits of its phone when a list is imported again, so its calls and recordings stay attached to it.
 */
import type { Ctx } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import * as companiesRepo from './companies.repo.js';
import type { CompanyRow } from './companies.table.js';

export type { CompanyRow } from './companies.table.js';

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
