/**
 * Opens the database for either driver behind one Kysely instance. SQLite runs in WAL mode with foreign keys
 * and a busy timeout; PostgreSQL through a pg pool whose bigint results come back as numbers, with the app's
 * prepared statements pipelined on a connection of their own (pg-driver.ts).
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { FastCamelCasePlugin } from './camel-case.js';
import { GroupCommit } from './group-commit.js';
import { ROWS_AS_ARRAYS, statementNameOf } from './hot-sql.js';
import { Pipeline, SplitDriver } from './pg-driver.js';
import { SqliteSplitDialect } from './sqlite-driver.js';

/** Which database to open (the `DATABASE_URL` / `SOVA_DATA_DIR` settings). */
export type DbConfig = { driver: 'sqlite'; file: string } | { driver: 'postgres'; url: string };

export type Dialect = 'sqlite' | 'postgres';

export interface DbHandle<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle (SQLite only): used for online backups. */
  sqlite?: SqliteDatabase.Database;
  /** The pg pool (PostgreSQL only): used for LISTEN/NOTIFY and pg-boss. */
  pool?: pg.Pool;
  /** SQLite only: groups concurrent transactions into one commit once enabled (after migrations). */
  groupCommit?: GroupCommit;
  close(): Promise<void>;
}

// int8 (count(*), sum of integers) and numeric arrive as strings from pg; our values fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * Settings of every connection (see the pool below for the first). JIT compilation is off: it pays off for long
 * analytical queries, and it starts where a plan's estimated cost passes 100,000, which a statement with a
 * loop over a function's rows (the banded search, sql.ts) reaches while it runs in 0.2 ms; compiling it took
 * 10–50 ms per call.
 */
const CONNECTION_OPTIONS = '-c gin_pending_list_limit=64kB -c jit=off';

/**
 * Creates a database file readable by its owner only (0600, like secret.key) unless it exists. SQLite gives its
 * -wal and -shm files the database file's mode, so they follow.
 */
export function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

export function openDb<DB>(config: DbConfig): DbHandle<DB> {
  if (config.driver === 'sqlite') {
    if (config.file !== ':memory:') createPrivateFile(config.file);
    const sqlite = new SqliteDatabase(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // The WAL is copied into the database when a commit takes it past 10,000 pages (40 MB) instead of 1,000:
    // a batch of 500 imported orders rewrites ~2,000 scattered index pages, so every batch's commit also ran a
    // checkpoint. A 100,000-order import: 21.5 → 16.3 s, and the event loop is blocked about half as long.
    sqlite.pragma('wal_autocheckpoint = 10000');
    sqlite.pragma('foreign_keys = ON');
    withSovaSettings(sqlite);
    // Reads outside transactions have a connection of their own (sqlite-driver.ts); opened once the file is in
    // WAL mode. A database in memory cannot be opened twice.
    const reader =
      config.file === ':memory:'
        ? undefined
        : withSovaSettings(new SqliteDatabase(config.file, { readonly: true }));
    const groupCommit = new GroupCommit(sqlite);
    const db = new Kysely<DB>({
      dialect: new SqliteSplitDialect(
        withStatementCache(sqlite, groupCommit),
        reader && withStatementCache(reader, undefined),
      ),
      plugins: [new FastCamelCasePlugin()],
    });
    groupCommits.set(db, groupCommit);
    return { db, dialect: 'sqlite', sqlite, groupCommit, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 5000,
    // Trigram (GIN) indexes queue new entries in a pending list that every search scans in full until it is
    // merged, by vacuum or by the insert that fills it past this limit (4 MB by default): a few thousand new
    // contacts made a search that matches nothing 3× slower (5,950 → 2,000 req/s, `npm run bench -- --only crm
    // --db postgres`). 64 kB keeps it to about 60 rows at no measurable cost to creating them (`fastupdate = off`
    // would cost each insert about 20 %). Bulk writes raise it for their transaction (bulk.ts
    // `deferSearchIndexMerges`), which an index's own setting would not allow.
    options: CONNECTION_OPTIONS,
  });
  // A client that loses its connection must not crash the process. The pool listens on idle clients only (and
  // replaces them); a checked-out one with no query running (in a transaction, between statements) would emit
  // an unhandled 'error' when the server goes away: a PostgreSQL restart took Sova down. So each client keeps a
  // listener of its own: the statement it runs next fails, and the pool drops the client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    useNamedStatements(client);
  });
  const pipeline = new Pipeline({ url: config.url, options: CONNECTION_OPTIONS });
  const db = new Kysely<DB>({
    dialect: new SplitDialect(pool, pipeline),
    plugins: [new FastCamelCasePlugin()],
  });
  return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}

/** What both SQLite connections need: a busy timeout, a 32 MB page cache and a Unicode lower(). */
function withSovaSettings(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -32000');
  // SQLite's own lower() folds ASCII only; PostgreSQL's folds every alphabet. Replacing it with a Unicode
  // one makes `lower(name) = lower(?)` and the lower() unique indexes behave alike on both (Ольга = ольга).
  sqlite.function('lower', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  return sqlite;
}

/** The pool sends the app's hot SQL texts as named statements (hot-sql.ts), rows as arrays where asked. */
function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== 'string' || !Array.isArray(values)) return query(text, values, callback);
    const name = statementNameOf(text);
    const arrays = text.startsWith(ROWS_AS_ARRAYS);
    if (!name && !arrays) return query(text, values, callback);
    return query({ name, text, values, ...(arrays ? { rowMode: 'array' } : {}) }, callback);
  }) as typeof client.query;
}

/** PostgreSQL through the split driver (pg-driver.ts): Kysely's dialect in all but the driver. */
class SplitDialect extends PostgresDialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly pipeline: Pipeline,
  ) {
    super({ pool });
  }
  override createDriver() {
    return new SplitDriver(this.pool, this.pipeline);
  }
}

const groupCommits = new WeakMap<object, GroupCommit>();
/** The group commit of a root database instance (SQLite), for `inTransaction` to wait on. */
export const groupCommitOf = (db: object): GroupCommit | undefined => groupCommits.get(db);

/**
 * Kysely prepares every query afresh; on SQLite preparing costs about as much as running a short query. The
 * app issues a small, fixed set of SQL texts (values are parameters), so prepared statements are kept and
 * reused, bounded by count, per connection. Safe because a statement runs to its end before another starts
 * (better-sqlite3 is synchronous and nothing here iterates a statement across awaits).
 */
function withStatementCache(
  sqlite: SqliteDatabase.Database,
  groupCommit: GroupCommit | undefined,
  max = 500,
): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (text: string) => {
          const handled = groupCommit?.intercept(text);
          if (handled) return handled;
          let stmt = cache.get(text);
          if (!stmt) {
            stmt = target.prepare(text);
            if (text.startsWith(ROWS_AS_ARRAYS)) stmt.raw(true);
            if (cache.size >= max) cache.delete(cache.keys().next().value as string);
            cache.set(text, stmt);
          }
          groupCommit?.beforeStatement(stmt);
          return stmt;
        };
      }
      if (prop === 'close') {
        return () => {
          groupCommit?.flush();
          target.close();
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
