/**
 * Queries built and compiled once, executed many times with new values. Kysely builds an operation tree, runs
 * the plugins over it and compiles it to SQL on every call: 30–50 µs per query, more than SQLite takes to answer
 * most of the hot ones (the session of every page, a list window, a campaign by id). A prepared query is built
 * once per dialect with placeholders standing in for its values; each call binds the values in their places and
 * executes the same SQL (which SQLite's statement cache then reuses too).
 *
 * The query's shape must not depend on the values: placeholders are for values only (`where`, `limit`,
 * `offset`, inserted values…), never for a list whose length varies or for anything that picks columns, sort
 * order or joins. Build one prepared query per shape instead.
 */
import {
  type Compilable,
  type CompiledQuery,
  type Kysely,
  type QueryResult,
  SelectQueryNode,
  sql,
} from 'kysely';
import type { Database, Db } from '../../database.js';
import { markHotSql, ROWS_AS_ARRAYS } from './hot-sql.js';
import { PER_PAGE_CHOICES } from './sql.js';

/**
 * A placeholder for the value named `name` (or for its element `index`, when that value is a list); its identity
 * is what compilation preserves.
 */
class Placeholder {
  constructor(
    readonly name: string,
    readonly index?: number,
  ) {}
}

/** What the build function receives: one placeholder per value name, typed as the value. */
export type Params<P> = { readonly [K in keyof P]: P[K] };

export interface PreparedOptions {
  /**
   * The result's keys in select order (see `selectedKeys`). Rows then arrive as arrays of values (better-sqlite3's
   * raw mode, pg's array row mode) and one function made for these keys builds each row's object: no object per
   * row from the driver and no renaming afterwards. A list window of 50 rows reads about a third faster. For the
   * hottest reads; the select list must be exactly these columns.
   */
  rowKeys?: readonly string[];
}

/** The keys of a select list written as `table.column` or `column as alias` (what `rowKeys` wants). */
export const selectedKeys = (columns: readonly string[]): string[] =>
  columns.map((c) => {
    const alias = c.lastIndexOf(' as ');
    return alias >= 0 ? c.slice(alias + 4) : c.slice(c.lastIndexOf('.') + 1);
  });

interface Template {
  sql: string;
  query: CompiledQuery['query'];
  /** Per parameter: the value's name (bound per call) or a constant from the build. */
  slots: Array<{ name: string; index: number | undefined } | { value: unknown }>;
}

export interface PreparedQuery<P, R> {
  execute(db: Db, values: P): Promise<R[]>;
  executeTakeFirst(db: Db, values: P): Promise<R | undefined>;
  /** Rows affected by an insert, update or delete. */
  executeWrite(db: Db, values: P): Promise<QueryResult<R>>;
}

export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, params: Params<P>) => Compilable<R>,
  options: PreparedOptions = {},
): PreparedQuery<P, R> {
  // One template per dialect (the adapter is shared by a database's root instance and its transactions).
  const templates = new WeakMap<object, Template>();
  const { rowKeys } = options;
  // Keys are written as JSON string literals: any name stays data.
  const toRow = rowKeys
    ? (new Function(
        'r',
        `return { ${rowKeys.map((k, i) => `${JSON.stringify(k)}: r[${i}]`).join(', ')} };`,
      ) as (values: unknown[]) => R)
    : undefined;

  function templateFor(db: Db): Template {
    const adapter = db.getExecutor().adapter;
    let t = templates.get(adapter);
    if (t) return t;
    const params = new Proxy({} as Params<P>, {
      get: (_target, name) => new Placeholder(String(name)),
    });
    const compiled = build(db as Kysely<Database>, params).compile();
    if (rowKeys) {
      const selected = SelectQueryNode.is(compiled.query) ? compiled.query.selections?.length : undefined;
      if (selected !== rowKeys.length) {
        throw new Error(
          `prepared query: ${rowKeys.length} row keys for ${selected ?? 'no'} selected columns`,
        );
      }
    }
    t = {
      sql: rowKeys ? ROWS_AS_ARRAYS + compiled.sql : compiled.sql,
      query: compiled.query,
      slots: compiled.parameters.map((v) =>
        v instanceof Placeholder ? { name: v.name, index: v.index } : { value: v },
      ),
    };
    templates.set(adapter, t);
    markHotSql(t.sql);
    return t;
  }

  function run(db: Db, values: P): Promise<QueryResult<R>> {
    const t = templateFor(db);
    const parameters = t.slots.map((s) => {
      if (!('name' in s)) return s.value;
      if (!(s.name in values)) throw new Error(`prepared query: no value for "${s.name}"`);
      const value = values[s.name];
      return s.index === undefined ? value : (value as unknown[])[s.index];
    });
    return db.executeQuery<R>({ sql: t.sql, query: t.query, queryId: { queryId: '' }, parameters });
  }

  if (toRow) {
    const rowsOf = async (db: Db, values: P) => {
      const arrays = (await run(db, values)).rows as unknown as unknown[][];
      const rows = new Array<R>(arrays.length);
      for (let i = 0; i < arrays.length; i++) rows[i] = toRow(arrays[i] as unknown[]);
      return rows;
    };
    return {
      execute: rowsOf,
      executeTakeFirst: async (db, values) => (await rowsOf(db, values))[0],
      executeWrite: run,
    };
  }
  return {
    execute: async (db, values) => (await run(db, values)).rows,
    executeTakeFirst: async (db, values) => (await run(db, values)).rows[0],
    executeWrite: run,
  };
}

/**
 * A prepared query over a list of ids (`where x in (…)`): one prepared query per list length rounded up to a
 * power of two, the list padded by repeating its first id (a repeat in an `in` list matches the same rows).
 * Only for `in` lists: the build receives the ids' placeholders and must use them nowhere else.
 */
export function preparedForIds<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, params: Params<P>, ids: readonly number[]) => Compilable<R>,
) {
  // The ids travel as one list value (`ids`), each placeholder standing for one element of it.
  const ofSize = preparedPerShape((size: number) =>
    prepared((kdb, p: Params<P & { ids: number[] }>) =>
      build(
        kdb,
        p,
        Array.from({ length: size }, (_, i) => new Placeholder('ids', i) as unknown as number),
      ),
    ),
  );
  return {
    async execute(db: Db, ids: readonly number[], values: P): Promise<R[]> {
      if (ids.length === 0) return [];
      let size = 1;
      while (size < ids.length) size *= 2;
      const padded = new Array<number>(size);
      for (let i = 0; i < size; i++) padded[i] = ids[i] ?? (ids[0] as number);
      return ofSize(size).execute(db, { ...values, ids: padded });
    },
  };
}

/** The rows of a list a window shows: `limit` rows after skipping `offset`. */
export interface ListWindow {
  offset: number;
  limit: number;
}
const PAGE_SIZES = new Set<number>([...PER_PAGE_CHOICES]);

/**
 * A prepared list window, with its LIMIT written into the SQL when it is one of the page sizes (10/25/50/100,
 * nearly every call) and its OFFSET too on the first page. The rest is bound. Two engines want this:
 * - SQLite re-prepares a statement on every run whose LIMIT is a bound parameter: its planner reads the bound
 *   LIMIT, so each new binding expires the plan. Parsing and planning again cost ~6 µs of a 40 µs window. A
 *   bound OFFSET does not do this.
 * - PostgreSQL plans a statement whose LIMIT or OFFSET is a parameter anew on each call: a generic plan has to
 *   guess them (a tenth of the rows) and so always costs more than a custom one. A page of 50 orders by status
 *   spent 0.15 ms planning for 0.2 ms of work. The first page, by far the most asked for, has neither bound:
 *   its generic plan is the custom one, and each connection plans it once.
 * `build` gets the window to give to `.limit()` and `.offset()`.
 */
export function preparedWindow<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, params: Params<P>, window: ListWindow) => Compilable<R>,
  options: PreparedOptions = {},
) {
  // Shape: `${limit}:${offset}`, each a literal ("50", "0") or bound ("?").
  const ofShape = preparedPerShape((shape: string) => {
    const [limit, offset] = shape.split(':') as [string, string];
    return prepared(
      (db, p: Params<P & ListWindow>) =>
        build(db, p, {
          limit: limit === '?' ? p.limit : (sql.lit(Number(limit)) as unknown as number),
          offset: offset === '?' ? p.offset : (sql.lit(0) as unknown as number),
        }),
      options,
    );
  });
  const shapeOf = (w: ListWindow) =>
    `${PAGE_SIZES.has(w.limit) ? w.limit : '?'}:${w.offset === 0 ? '0' : '?'}`;
  return {
    execute: (db: Db, values: P & ListWindow): Promise<R[]> => ofShape(shapeOf(values)).execute(db, values),
  };
}

/** Prepared queries made on first use per shape key (a sort column and direction, say) from `make(key)`. */
export function preparedPerShape<K extends string | number, Q>(make: (shape: K) => Q): (shape: K) => Q {
  const byShape = new Map<K, Q>();
  return (shape) => {
    let q = byShape.get(shape);
    if (!q) {
      q = make(shape);
      byShape.set(shape, q);
    }
    return q;
  };
}
