/**
 * Shared pieces of the clean JSON API (`/api/v1/…`): who may call it, the list query and page envelope every
 * collection uses, and the "documented body" route option.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Page } from '../db/sql.js';
import { calendarDate, MAX_ID } from '../fields.js';

/** Every `/api/v1` route accepts a bearer JWT, an API token or the browser session. */
export const API_SECURITY: Record<string, string[]>[] = [
  { bearerJwt: [] },
  { apiToken: [] },
  { sessionCookie: [] },
];

/**
 * Route option for writes whose body is validated by the service (the one validator the HTML forms, the seed
 * adapters and imports share): the zod body schema documents the contract in OpenAPI, the route passes the body
 * through untouched, and the service's field errors come back as problem+json. Query strings and params are still
 * validated (and coerced) by their schemas.
 */
// biome-ignore lint/suspicious/noExplicitAny: route options are typed per route schema; this fits them all
export const serviceValidatedBody: { validatorCompiler: FastifySchemaCompiler<any> } = {
  validatorCompiler: (route) =>
    route.httpPart === 'body'
      ? (data: unknown) =>
          data === undefined || (data !== null && typeof data === 'object' && !Array.isArray(data))
            ? { value: data }
            : { error: new Error('the body must be a JSON object') }
      : validatorCompiler(route),
};

/** A row id in a path or query string (at most MAX_ID: a larger number names no row and the database refuses it). */
export const QueryId = z.coerce.number().int().positive().max(MAX_ID);

export const IdParams = z.object({ id: QueryId });

/** `yyyy-mm-dd` in a query string, a day that exists. */
export const QueryDate = calendarDate;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** The envelope of every list: the items and where they sit in the whole result. */
export const pageEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    per_page: z.number().int(),
    total: z.number().int().describe('How many match; a lower bound when `total_capped`'),
    total_capped: z.boolean().describe('More than 10,000 match: narrow the filters to count them'),
    pages: z.number().int(),
  });

export const toEnvelope = <R, T>(p: Page<R>, map: (row: R) => T) => ({
  items: p.items.map(map),
  page: p.page,
  per_page: p.perPage,
  total: p.total,
  total_capped: p.capped ?? false,
  pages: p.pages,
});
