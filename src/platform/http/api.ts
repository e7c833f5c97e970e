/**
 * Shared pieces of the clean JSON API (`/api/v1/…`): who may call it, the list query and page envelope every
 * collection uses, and the "documented body" route option.
 */
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { Page } from '../db/sql.js';
import { calendarDate, MAX_ID } from '../fields.js';
import { contractValidator as validatorCompiler } from './validate.js';

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

/* ---------- row versions: ETag and If-Match ---------- */

/** A row's version as an entity tag: `"3"`. */
export const etagOf = (version: number) => `"${version}"`;

/** Sets the answer's `ETag` to the row's version; returns the row. */
export function withEtag<R extends { version: number }>(reply: FastifyReply, row: R): R {
  reply.header('etag', etagOf(row.version));
  return row;
}

/**
 * The version a write is based on, from its `If-Match` header: undefined without one (or `*`), the version of
 * an entity tag this API gave (`"3"`, weak `W/"3"` taken alike), and -1, which no row has, for anything else —
 * so a precondition Sova cannot read is never taken as met.
 */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  return m ? Number(m[1]) : -1;
}

/** Route schema mark: the answer carries the row's `ETag` (`read`), and the route also takes `If-Match` (`write`). */
export const ROW_VERSION = {
  read: { 'x-row-version': 'read' },
  write: { 'x-row-version': 'write' },
} as const;

/**
 * OpenAPI for the routes marked with `ROW_VERSION` (applied after the zod transform): the `ETag` header of their
 * answers, the `If-Match` header writes take and their 412 answer.
 */
export function documentRowVersion<T extends { schema?: object }>(transformed: T): T {
  const schema = transformed.schema as Record<string, unknown> | undefined;
  const mark = schema?.['x-row-version'];
  if (!schema || (mark !== 'read' && mark !== 'write')) return transformed;
  delete schema['x-row-version'];
  const response = (schema.response ?? {}) as Record<string, Record<string, unknown>>;
  for (const status of ['200', '201']) {
    const ok = response[status];
    if (ok)
      ok.headers = {
        ETag: {
          type: 'string',
          description: 'The row’s version, e.g. "3": send it back as If-Match to write it',
        },
      };
  }
  if (mark === 'write') {
    const headers = (schema.headers ?? { type: 'object', properties: {} }) as {
      properties: Record<string, unknown>;
    };
    headers.properties['if-match'] = {
      type: 'string',
      description:
        'Optional: the ETag the change is based on. When the row has changed since, nothing is written and the ' +
        'answer is 412 `<entity>.changed_meanwhile` (problem+json, with the current ETag).',
    };
    schema.headers = headers;
    response['412'] = {
      description: 'The row changed since the ETag given in If-Match: nothing was written',
      content: {
        'application/problem+json': {
          schema: {
            type: 'object',
            properties: {
              code: {
                type: 'string',
                description: '`<entity>.changed_meanwhile`, e.g. `contact.changed_meanwhile`',
              },
              title: { type: 'string' },
              detail: { type: 'string' },
            },
          },
        },
      },
    };
    schema.response = response;
  }
  return transformed;
}
