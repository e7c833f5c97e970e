/** Parsing list-page query strings: pagination and simple filters, forgiving of junk (junk means default). */

import { parseLocalDateTime } from '../dates.js';
import type { PageRequest } from '../db/sql.js';
import { isCalendarDate, isRowId } from '../fields.js';

export type Query = Record<string, unknown>;

export function pageRequest(query: Query, defaultPerPage = 25): PageRequest {
  const page = Number.parseInt(String(query.page ?? '1'), 10);
  const perPage = Number.parseInt(String(query.per_page ?? defaultPerPage), 10);
  return {
    page: Number.isFinite(page) && page >= 1 && page <= 1_000_000 ? page : 1,
    perPage: [5, 10, 25, 50, 100].includes(perPage) ? perPage : defaultPerPage,
  };
}

export const queryString = (query: Query, name: string, max = 200): string | undefined => {
  const v = query[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
};

/** A row id from a query string; junk, and numbers too large to be any row's, mean none. */
export const queryInt = (query: Query, name: string): number | undefined => {
  const v = Number.parseInt(String(query[name] ?? ''), 10);
  return isRowId(v) ? v : undefined;
};

export function queryEnum<T extends string>(query: Query, name: string, values: readonly T[]): T | undefined {
  const v = query[name];
  return values.includes(v as T) ? (v as T) : undefined;
}

/**
 * A `yyyy-mm-dd` date from a query as the instant that day starts in `timeZone` (`endOfDay`: the next day's
 * start). Pages pass the reader's zone (their "1 December" is their midnight); the JSON API documents UTC.
 */
export function queryDate(
  query: Query,
  name: string,
  timeZone: string,
  endOfDay = false,
): string | undefined {
  const v = query[name];
  if (typeof v !== 'string' || !isCalendarDate(v)) return undefined;
  const d = new Date(`${v}T00:00:00.000Z`);
  if (endOfDay) d.setUTCDate(d.getUTCDate() + 1);
  return timeZone === 'UTC'
    ? d.toISOString()
    : (parseLocalDateTime(d.toISOString().slice(0, 10), timeZone) ?? undefined);
}

/** The `:id` of a path, or 0 (which no row has) when it is not a row id. */
export const idParam = (params: unknown): number => {
  const id = Number((params as { id?: string }).id);
  return isRowId(id) ? id : 0;
};
