/**
 * Inserting many rows of one table at once (imports, demo data).
 *
 * PostgreSQL: one statement per 10,000 rows that sends each column as a single array parameter
 * (`insert into t (…) select * from unnest($1::text[], $2::int4[], …)`). Its text is the same whatever the row
 * count, so the server parses it once per batch instead of parsing 6,500 placeholders per 500 rows, and
 * Kysely does not build an operation tree with a node per value. Ids, when wanted, are drawn from the table's
 * sequence first and inserted explicitly, so they come back in the order of the rows by construction.
 *
 * SQLite: multi-row `values` through Kysely, 500 rows per statement (its bound-parameter limit), ids from
 * `returning`, which SQLite gives in insertion order.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../../database.js';
import { isPostgresDb } from './sql.js';

/** PostgreSQL array element types for non-text columns (text is the default). */
export type ColumnType = 'int4' | 'int8' | 'float8' | 'bool' | 'numeric';

const PG_ROWS = 10_000;
const SQLITE_ROWS = 500;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One column sent as one array: its snake_case name, PostgreSQL element type and values. */
export interface ArrayColumn {
  name: string;
  type: ColumnType | 'text';
  values: unknown[];
}

/** The columns of `rows` as arrays: every key any row has (a row without one gives null there). */
export function arrayColumns(
  rows: ReadonlyArray<Record<string, unknown>>,
  types: Record<string, ColumnType> = {},
): ArrayColumn[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key in row) keys.add(key);
  return [...keys].map((k) => ({ name: snake(k), type: types[k] ?? 'text', values: rows.map((r) => r[k]) }));
}

/** `unnest($1::text[], $2::int4[], …)`: the columns as rows, in order. */
export const unnestOf = (columns: ArrayColumn[]) =>
  sql`unnest(${sql.join(columns.map((c) => sql`${c.values}::${sql.raw(c.type)}[]`))})`;

/** The sequence of a table's serial id (`<table>_id_seq`), as a constant PostgreSQL resolves once. */
export const idSequenceOf = (table: string) => sql`${`${snake(table)}_id_seq`}::regclass`;

/**
 * Inserts `rows` (camelCase keys, as everywhere in the app) into `table`; returns their new ids in the rows'
 * order when `returnIds` is set, else an empty list. `types` names the columns that are not text, with their
 * PostgreSQL type.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { types?: Record<string, ColumnType>; returnIds?: boolean } = {},
): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids: number[] = [];
  if (!isPostgresDb(db)) {
    for (let i = 0; i < rows.length; i += SQLITE_ROWS) {
      const query = (db as Kysely<any>).insertInto(table).values(rows.slice(i, i + SQLITE_ROWS));
      if (options.returnIds) for (const r of await query.returning('id').execute()) ids.push(r.id);
      else await query.execute();
    }
    return ids;
  }
  for (let i = 0; i < rows.length; i += PG_ROWS) {
    const chunk = rows.slice(i, i + PG_ROWS);
    const columns = arrayColumns(chunk, options.types);
    if (options.returnIds) {
      const drawn = await sql<{ id: number }>`select nextval(${idSequenceOf(table)})::int4 as id
        from generate_series(1, ${chunk.length})`.execute(db);
      const chunkIds = drawn.rows.map((r) => r.id);
      ids.push(...chunkIds);
      columns.unshift({ name: 'id', type: 'int4', values: chunkIds });
    }
    const names = sql.join(columns.map((c) => sql.id(c.name)));
    await sql`insert into ${sql.id(snake(table))} (${names}) select * from ${unnestOf(columns)}`.execute(db);
  }
  return ids;
}

/**
 * PostgreSQL, for a transaction about to write many rows into tables with trigram search indexes: each row's
 * entries go to the GIN index's pending list (appended, ~3× cheaper than merging them into the index one row at
 * a time) up to 256 MB instead of the default 4 MB. Searches stay correct meanwhile (they also scan the pending
 * list); `settleAfterBulkWrite` merges it in one sorted pass once the writes are committed.
 */
export async function deferSearchIndexMerges(tx: Db): Promise<void> {
  if (isPostgresDb(tx)) await sql`set local gin_pending_list_limit = '256MB'`.execute(tx);
}

/**
 * After a bulk write has committed (the user need not wait for this; outside any transaction, where VACUUM
 * cannot run), PostgreSQL: `vacuum (analyze)` of the tables merges their GIN pending lists, refreshes planner
 * statistics and marks the new pages all-visible, so index-only scans (the queue's page windows, counts) stop
 * visiting the heap for every entry: page 1,000 of a freshly seeded queue went from 56 to 258 requests/s.
 * Autovacuum would get there too, a minute or so later. SQLite's planner needs none of this.
 */
export async function settleAfterBulkWrite(db: Db, tables: string[]): Promise<void> {
  if (!isPostgresDb(db) || tables.length === 0) return;
  await sql`vacuum (analyze) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}
