import { PostgresAdapter, type QueryExecutorProvider, type SelectQueryBuilder, sql } from 'kysely';
import { type CountryCode, phoneSearchDigits } from '../phones.js';
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
 * becomes one digits-only term, so `+7 900 123` finds `+79001234567`; a whole number is read as stored (with
 * `country`, the default one: `8 900 123-45-67` finds `+79001234567`).
 */
export function searchTerms(query: string | undefined, country?: CountryCode): string[] {
  if (!query) return [];
  const trimmed = query.trim();
  if (/^[\d\s()+-]+$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ''))) {
    return [(country && phoneSearchDigits(trimmed, country)) || trimmed.replace(/\D/g, '')];
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

/** SQLite: how many of a search's first matches (in id order) `probedSearch` reads before it reads them all. */
const PROBES = [1_024, 16_384];
/** Counts of first matches that are constants of the code, not of a request: written into the SQL as well. */
const CONSTANT_FIRST_MATCHES = new Set([...PROBES, COUNT_CAP + 1]);

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
   * SQLite: read only the first `n` matches in id order. When the search is the query's only condition and it
   * is ordered by id, only those can be shown, so the index stops after them instead of collecting every match
   * (a common word matches thousands of rows); with other conditions, a probe (`probedSearch`).
   */
  firstByIdOnly?: { n: number; desc: boolean },
) {
  const match = isPostgresDb(db) ? null : ftsMatchAll(terms);
  if (match && firstByIdOnly) {
    // Raw SQL, out of the camel-case plugin's reach: its LIMIT is written in by the same rule (a bound one makes
    // SQLite plan the statement again on every run).
    const n =
      writtenLimit(firstByIdOnly.n) || CONSTANT_FIRST_MATCHES.has(firstByIdOnly.n)
        ? sql.lit(firstByIdOnly.n)
        : firstByIdOnly.n;
    return sql<boolean>`${sql.raw(t.id)} in (select rowid from ${sql.raw(t.fts)} where ${sql.raw(t.fts)} match ${match} order by rowid ${sql.raw(firstByIdOnly.desc ? 'desc' : 'asc')} limit ${n})`;
  }
  if (match)
    return sql<boolean>`${sql.raw(t.id)} in (select rowid from ${sql.raw(t.fts)} where ${sql.raw(t.fts)} match ${match})`;
  return sql<boolean>`${sql.join(
    terms.map((term) => sql`${sql.raw(t.column)} like ${containsPattern(term)} escape '\\'`),
    sql` and `,
  )}`;
}

/** Ids per band of `contacts_search_bands` (migration 0008, whose index expression this must match): 2^10. */
const BAND_BITS = 10;
/** Ids walked in order before the bands: a word in a fifth of the rows fills a page of 50 there. */
const BAND_WALK = 256;
/** Bands asked one after another before the trigram index takes the rest (16,384 ids). */
const BANDS = 16;
/** Longer windows (deep pages) are left to the planner: the bands pay off for the first matches only. */
export const BANDED_MAX_ROWS = 500;

/**
 * PostgreSQL: the first `n` rows of `table` in id order (`desc` for the last ones first) whose `search_text`
 * holds every term, with `columns` (camelCase refs). Terms are folded (`searchTerms`), at least one of 3
 * characters or more. For a search whose only condition is its terms.
 *
 * pg_trgm's index finds every match of the whole table, then they are sorted: a word in 1 % of 100,000
 * contacts reads 1,000 scattered rows for a page of 50. Walking the primary key stops at 50 matches but reads
 * 5,000 rows. Three stages, each read only if the ones before left the page short:
 * 1. the first 256 ids, walked (a common word fills its page here);
 * 2. the next 16 bands of 1,024 ids, one at a time through `contacts_search_bands`, which reads only the rows
 *    of one band that hold every three-character window of the terms;
 * 3. the rest through the trigram index (a rare word: few matches, all read at once).
 *
 * Made for a named statement and its generic plan: nothing in it depends on the terms at planning time. Each
 * value is read through a scalar subquery, so a custom plan could not use it either and PostgreSQL keeps the
 * generic one (planning cost about as much as running). For the same reason stage 3 is fenced (`offset 0`):
 * without knowing the words the planner would rather walk the primary key to the end.
 *
 * The stages' order is the result's order: the statement has no ORDER BY on top, as one would make stage 3
 * run every time. That holds while the plan runs on one process, which `search_band_keys` guarantees by being
 * PARALLEL UNSAFE.
 */
export function bandedSearch(
  table: 'contacts',
  columns: readonly string[],
  values: { patterns: unknown; terms: unknown; count: number },
  n: unknown,
  desc: boolean,
) {
  const t = sql.raw(table);
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const edge = sql.raw(`(select ${desc ? 'max' : 'min'}(id) from ${table})`);
  const dir = sql.raw(desc ? 'desc' : 'asc');
  const likeAll = sql`${t}.search_text like all ((select ${values.patterns}::text[])::text[])`;
  // Stage 2 starts at the band of the first id past the walk; stage 3 past its last band.
  const pastWalk = desc ? sql`${edge} - ${sql.lit(BAND_WALK)}` : sql`${edge} + ${sql.lit(BAND_WALK)}`;
  // Parenthesised throughout: in PostgreSQL `+` and `-` bind tighter than `>>` and `<<`.
  const firstBand = sql`((${pastWalk}) >> ${sql.lit(BAND_BITS)})`;
  const lastBand = sql`(${firstBand} ${sql.raw(desc ? '-' : '+')} ${sql.lit(BANDS - 1)})`;
  const walk = desc
    ? sql`${t}.id <= ${edge} and ${t}.id > ${pastWalk}`
    : sql`${t}.id >= ${edge} and ${t}.id < ${pastWalk}`;
  // `id + 0`: a condition the primary key cannot serve, so that no plan ANDs a bitmap of every id past it.
  const inBands = desc ? sql`${t}.id + 0 <= ${pastWalk}` : sql`${t}.id + 0 >= ${pastWalk}`;
  const rest = desc
    ? sql`${t}.id + 0 < (${lastBand} << ${sql.lit(BAND_BITS)})`
    : sql`${t}.id + 0 >= ((${lastBand} + 1) << ${sql.lit(BAND_BITS)})`;
  // The index expression of `contacts_search_bands`, exactly.
  const rowKeys = sql`search_band_keys(${t}.id >> ${sql.lit(BAND_BITS)},
    search_window_hashes(string_to_array(${t}.search_text, ' ')))`;
  const eachLike = sql.join(
    Array.from(
      { length: values.count },
      (_, i) => sql`${t}.search_text like (select (${values.patterns}::text[])[${sql.lit(i + 1)}])`,
    ),
    sql` and `,
  );
  return sql`(select ${cols} from ${t} where ${walk} and ${likeAll} order by ${t}.id ${dir})
    union all
    (select m.* from generate_series(${firstBand}, ${lastBand}, ${sql.lit(desc ? -1 : 1)}) as b(band)
      cross join lateral (select ${cols} from ${t}
        where ${rowKeys} @> search_band_keys(b.band, (select search_window_hashes(${values.terms}::text[])))
          and ${inBands} and ${likeAll}
        order by ${t}.id ${dir} limit ${n}) as m)
    union all
    (select * from (select ${cols} from ${t} where ${rest} and ${eachLike} offset 0) as r order by r.id ${dir}
      limit ${n})`;
}

/**
 * For counting a list whose only condition is a search: its first `COUNT_CAP` + 1 matches in id order are all
 * that a capped count needs (`pageOf`), and SQLite's trigram index then stops there instead of reading every
 * match (a product in 200,000 of 1,000,000 orders: 155 → 5 ms). PostgreSQL caps the count itself.
 */
export const firstMatchesToCount = (searchIsOnlyCondition: boolean) =>
  searchIsOnlyCondition ? { n: COUNT_CAP + 1, desc: false } : undefined;

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
 * SQLite: the window of a search that has other conditions too (a status, an owner, a date range), in id order.
 * The trigram index hands out its matches in id order, but with another condition in the query SQLite collects
 * every match before it checks them (a product name in 200,000 of 1,000,000 orders: 60–200 ms a page). So the
 * window is first read from the first 1,024 matches only, then from the first 16,384, and only then from all of
 * them. A probe that fills the window is exact: every match it did not read comes later in the order. A common
 * word fills it at once (a condition that holds for 8 % of the rows still gives 80 rows of 1,024); a word with
 * few matches costs one or two small probes more; a common word with a rare condition (one contact's orders of
 * it) pays both probes, about 0.5 + 7 ms, on top of the full read.
 * `run` reads the window, from the first `n` matches when given them (`allTermsMatch`'s `firstByIdOnly`).
 */
export async function probedSearch<R>(
  db: Parameters<typeof isPostgresDb>[0],
  terms: string[] | undefined,
  searchIsOnlyCondition: boolean,
  sort: { field: string; desc: boolean },
  window: { offset: number; limit: number },
  run: (firstByIdOnly?: { n: number; desc: boolean }) => Promise<R[]>,
): Promise<R[]> {
  const first = firstMatchesById(true, sort, window);
  if (
    first &&
    !searchIsOnlyCondition &&
    first.n <= BANDED_MAX_ROWS &&
    terms?.length &&
    ftsMatchAll(terms) &&
    !isPostgresDb(db)
  ) {
    for (const n of PROBES) {
      const rows = await run({ n, desc: first.desc });
      if (rows.length === window.limit) return rows;
      // None at all in the first probe: a word with few matches (or none), which the full read finds at once.
      if (rows.length === 0 && window.offset === 0) break;
    }
  }
  return run(firstMatchesById(searchIsOnlyCondition, sort, window));
}

/**
 * How many rows a filtered query matches, counting no further than `COUNT_CAP` + 1 (`pageOf` shows "10,000+"
 * past the cap): a full count reads every matching row (PostgreSQL: 0.9 ms for 10,001 rows, so a whole large
 * table costs far more than its page; SQLite: 4 ms for the 160,000 Pending orders, 0.4 ms capped). The one
 * exception is SQLite with no condition at all, which counts a whole table from its b-tree's own counts (1,000,000
 * orders: 0.15 ms, cheaper than stopping early). A search alone is capped by its query too (`firstMatchesToCount`).
 *
 * PostgreSQL, a whole table (no condition, no join): when its statistics put it at twice the cap or more, it is
 * past the cap without reading it. Counting the first 10,001 rows of the contacts took 1.6 ms of the database's
 * CPU per page of the contacts list, 3× what the rest of the page took. The statistics lag behind writes (until
 * autovacuum analyses the table), hence the margin: only a table that lost more than half its rows since would
 * show "10,000+" for a while.
 */
export async function countMatching(
  db: QueryExecutorProvider,
  // biome-ignore lint/suspicious/noExplicitAny: any table's filtered query; only its row count is read
  query: SelectQueryBuilder<any, any, object>,
): Promise<number> {
  const node = query.toOperationNode();
  const whole = node.where === undefined && !node.joins?.length;
  const one = query.select(sql`1`.as('one'));
  const capped = sql<{ n: number | string }>`select count(*) as n from (${one.limit(COUNT_CAP + 1)}) as t`;
  let counted = capped;
  if (whole && !isPostgresDb(db)) {
    counted = sql`select count(*) as n from (${one}) as t`;
  } else if (whole) {
    // One statement: the statistics of the query's table (found through a row's `tableoid`), and the capped
    // count only when they fall short (PostgreSQL runs a CASE's subqueries only when their branch is taken).
    const table = sql`select t.tableoid from (${query.select(sql`tableoid`.as('tableoid')).limit(1)}) as t`;
    const estimate = sql`select pc.reltuples from pg_class as pc where pc.oid = (${table})`;
    counted = sql`select case when coalesce((${estimate}), -1) >= ${sql.lit(2 * (COUNT_CAP + 1))}
      then ${sql.lit(COUNT_CAP + 1)} else (${capped}) end as n`;
  }
  const { rows } = await counted.execute(db);
  return Number(rows[0]?.n ?? 0);
}
