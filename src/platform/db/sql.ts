import { PostgresAdapter, type QueryExecutorProvider, type SelectQueryBuilder, sql } from 'kysely';
import { writtenLimit } from './camel-case.js';

/**
 * The one place where SQLite and PostgreSQL differ for queries: case-insensitive search, JSON columns,
 * unique-violation detection, pagination.
 */

/** Anything beyond printable ASCII (and tab, LF, CR) takes the full Unicode path. */
const NON_ASCII = /[^\t\n\r -~]/;
const MARKS = /\p{M}/gu;
const SPACES = /\s+/g;

/** Folds case and diacritics so `elodie` finds `Élodie` and `иван` finds `Иван`, on both databases. */
export const foldForSearch = (text: string) =>
  // Decomposing and dropping the marks (é → e, ё → е, й → и) is only needed beyond ASCII; toLowerCase is the
  // locale-independent mapping (toLocaleLowerCase('und') gives the same, ten times slower).
  (NON_ASCII.test(text) ? text.normalize('NFKD').replace(MARKS, '') : text)
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim();

/**
 * Splits a search box into folded terms. A query that looks like a phone number (digits, spaces, `+ - ( )`)
 * becomes one digits-only term, so `+7 900 123` finds `+79001234567`.
 */
export function searchTerms(query: string | undefined): string[] {
  if (!query) return [];
  const trimmed = query.trim();
  if (/^[\d\s()+-]+$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ''))) {
    return [trimmed.replace(/\D/g, '')];
  }
  return foldForSearch(trimmed).split(' ').filter(Boolean).slice(0, 8);
}

/** A LIKE pattern matching `term` anywhere; use with `escape '\'`. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const toJson = (value: unknown) => JSON.stringify(value);
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** True when the error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return (
    !!e &&
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505')
  );
}

export interface PageRequest {
  page: number;
  perPage: number;
}
export interface Page<T> {
  items: T[];
  /** How many match — at most `COUNT_CAP` when `capped` (counting a whole large table costs more than the page). */
  total: number;
  capped?: boolean;
  page: number;
  perPage: number;
  pages: number;
}
export const PER_PAGE_CHOICES = [10, 25, 50, 100] as const;

export const offsetOf = (p: PageRequest) => (p.page - 1) * p.perPage;
/** Lists count at most this many rows (then show "10,000+"): enough to page through, cheap on any table size. */
export const COUNT_CAP = 10_000;

export const pageOf = <T>(items: T[], total: number, p: PageRequest): Page<T> => {
  const capped = total > COUNT_CAP;
  // Past the cap, the last page is at least the one being shown (a search may narrow it down).
  const shown = capped ? Math.max(COUNT_CAP, (p.page - 1) * p.perPage + items.length) : total;
  return {
    items,
    total: shown,
    capped,
    page: p.page,
    perPage: p.perPage,
    pages: Math.max(1, Math.ceil(shown / p.perPage) + (capped ? 1 : 0)),
  };
};

/** True when `db` runs on PostgreSQL (repos need it only for search, which each database indexes its own way). */
export const isPostgresDb = (db: { getExecutor(): { adapter: unknown } }) =>
  db.getExecutor().adapter instanceof PostgresAdapter;

/** An FTS5 MATCH expression requiring every term (null when a term is too short for trigrams). */
function ftsMatchAll(terms: string[]): string | null {
  if (terms.length === 0 || terms.some((t) => [...t].length < 3)) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/**
 * A condition requiring every search term as a substring of a folded search column, served by an index on both
 * databases: on SQLite through the trigram FTS5 table `fts` (kept by triggers, rowid = the row's id), on
 * PostgreSQL through a pg_trgm GIN index on the column (LIKE). Terms under 3 characters use LIKE everywhere.
 * `id` and `column` are snake_case SQL names, qualified when the query has aliases (`o.id`, `o.search_text`).
 */
export function allTermsMatch(
  db: Parameters<typeof isPostgresDb>[0],
  t: { id: string; column: string; fts: string },
  terms: string[],
  /**
   * When the search is the query's only condition and it is ordered by id: only the first `n` matches in that
   * order can be shown, so the index stops after them instead of collecting every match (a common word matches
   * thousands of rows).
   */
  firstByIdOnly?: { n: number; desc: boolean },
) {
  const match = isPostgresDb(db) ? null : ftsMatchAll(terms);
  if (match && firstByIdOnly) {
    // Raw SQL, out of the camel-case plugin's reach: its LIMIT is written in by the same rule (a bound one makes
    // SQLite plan the statement again on every run).
    const n = writtenLimit(firstByIdOnly.n) ? sql.lit(firstByIdOnly.n) : firstByIdOnly.n;
    return sql<boolean>`${sql.raw(t.id)} in (select rowid from ${sql.raw(t.fts)} where ${sql.raw(t.fts)} match ${match} order by rowid ${sql.raw(firstByIdOnly.desc ? 'desc' : 'asc')} limit ${n})`;
  }
  if (match)
    return sql<boolean>`${sql.raw(t.id)} in (select rowid from ${sql.raw(t.fts)} where ${sql.raw(t.fts)} match ${match})`;
  return sql<boolean>`${sql.join(
    terms.map((term) => sql`${sql.raw(t.column)} like ${containsPattern(term)} escape '\\'`),
    sql` and `,
  )}`;
}

/** `allTermsMatch`'s early stop applies when the search is the only condition and the order is by id. */
export const firstMatchesById = (
  searchIsOnlyCondition: boolean,
  sort: { field: string; desc: boolean },
  window: { offset: number; limit: number },
) =>
  searchIsOnlyCondition && sort.field === 'id'
    ? { n: window.offset + window.limit, desc: sort.desc }
    : undefined;

/**
 * How many rows a filtered query matches. PostgreSQL counts no further than `COUNT_CAP` + 1 (a full count reads
 * the whole table); SQLite counts exactly, from its smallest index, which is cheaper than stopping early.
 * `pageOf` shows "10,000+" past the cap either way.
 */
export async function countMatching(
  db: QueryExecutorProvider,
  // biome-ignore lint/suspicious/noExplicitAny: any table's filtered query; only its row count is read
  query: SelectQueryBuilder<any, any, object>,
): Promise<number> {
  const counted = isPostgresDb(db)
    ? sql<{
        n: number | string;
      }>`select count(*) as n from (${query.select(sql`1`.as('one')).limit(COUNT_CAP + 1)}) as t`
    : sql<{ n: number | string }>`select count(*) as n from (${query.select(sql`1`.as('one'))}) as t`;
  const { rows } = await counted.execute(db);
  return Number(rows[0]?.n ?? 0);
}
