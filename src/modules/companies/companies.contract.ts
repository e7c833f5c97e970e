/**
 * The companies' contract: the list's query (one vocabulary; the page's `q` kept as an alias of `search`).
 * Companies have no /api/v1 routes yet; they are written by campaign imports (call-campaigns.io.ts).
 */
import { z } from 'zod';
import { PageQuery } from '../../platform/http/api.js';
import { pageRequest, type Query, queryString } from '../../platform/http/query.js';

/** The companies list's search and page, as an API would name them. */
export const CompanyListQuery = PageQuery.omit({ order: true }).extend({
  search: z.string().max(200).optional().describe('Words over name, product, activity, location, NIU, phone'),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;

/** The same from a page's query string, forgiving of junk (`q` is `search` there). */
export const companyListQueryOf = (q: Query, perPage: number): CompanyListQuery => {
  const page = pageRequest(q, perPage);
  return {
    page: page.page,
    per_page: page.perPage,
    search: queryString(q, 'search') ?? queryString(q, 'q'),
  };
};
