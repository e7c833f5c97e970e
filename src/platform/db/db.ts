/**
 * Opens the database for either driver behind one Kysely instance. SQLite runs in WAL mode with foreign keys
 * and a busy timeout; PostgreSQL through a pg pool whose bigint results come back as numbers.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../../config.js';
import { FastCamelCasePlugin } from './camel-case.js';
import { GroupCommit } from './group-commit.js';

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

export function openDb<DB>(config: DbConfig): DbHandle<DB> {
  if (config.driver === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -32000');
    // SQLite's own lower() folds ASCII only; PostgreSQL's folds every alphabet. Replacing it with a Unicode
    // one makes `lower(name) = lower(?)` and the lower() unique indexes behave alike on both (Ольга = ольга).
    sqlite.function('lower', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    );
    const groupCommit = new GroupCommit(sqlite);
    const db = new Kysely<DB>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, groupCommit) }),
      plugins: [new FastCamelCasePlugin()],
    });
    groupCommits.set(db, groupCommit);
    return { db, dialect: 'sqlite', sqlite, groupCommit, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new FastCamelCasePlugin()] });
  return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}

const groupCommits = new WeakMap<object, GroupCommit>();
/** The group commit of a root database instance (SQLite), for `inTransaction` to wait on. */
export const groupCommitOf = (db: object): GroupCommit | undefined => groupCommits.get(db);

/**
 * Kysely prepares every query afresh; on SQLite preparing costs about as much as running a short query. The
 * app issues a small, fixed set of SQL texts (values are parameters), so prepared statements are kept and
 * reused, bounded by count. Safe because Kysely runs one query at a time on its single connection.
 */
function withStatementCache(
  sqlite: SqliteDatabase.Database,
  groupCommit: GroupCommit,
  max = 500,
): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (text: string) => {
          const handled = groupCommit.intercept(text);
          if (handled) return handled;
          let stmt = cache.get(text);
          if (!stmt) {
            stmt = target.prepare(text);
            if (cache.size >= max) cache.delete(cache.keys().next().value as string);
            cache.set(text, stmt);
          }
          groupCommit.beforeStatement(stmt);
          return stmt;
        };
      }
      if (prop === 'close') {
        return () => {
          groupCommit.flush();
          target.close();
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
