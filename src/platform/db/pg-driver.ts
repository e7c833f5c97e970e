/**
 * The PostgreSQL driver. Kysely's own driver (a node-postgres pool) runs everything, except the app's prepared
 * statements (platform/db/prepared.ts: list windows, lookups by id…) run outside a transaction: those are
 * pipelined on one connection of their own (postgres.js).
 *
 * Why: through the pool, a 50-row window cost Node about 70 µs of CPU, and 13 % of the client list's CPU went on
 * waking a PostgreSQL backend, asleep between queries, for each one (`perf record -g`: `tcp_sendmsg` →
 * `sock_def_readable` → `_raw_spin_unlock_irqrestore`). Pipelined, the statements of one turn of the event loop
 * leave in one write, the backend stays awake while it has work, and rows are parsed in less code. Measured
 * with 16 statements in flight: Node CPU per window 69 → 51 µs, the machine's (Node + PostgreSQL) 134 → 90 µs.
 *
 * What goes where:
 * - A prepared statement (`isHotSql`) on a connection Kysely has not used for anything else: pipelined. It is a
 *   single autocommit statement, so which connection runs it does not matter.
 * - Anything else (a transaction and everything in it, migrations, ad-hoc SQL): a pooled connection, taken at
 *   the connection's first such statement and kept until Kysely releases it, so transactions and session state
 *   behave exactly as with Kysely's own driver.
 * - A statement in a pipeline waits for the ones ahead of it. While the oldest has waited more than
 *   `maxWaitMs` (a far page of a long list, a connection being opened), new statements take the pool, so one
 *   slow statement holds up only those sent in those milliseconds.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDriver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import postgres from 'postgres';
import { isHotSql, ROWS_AS_ARRAYS } from './hot-sql.js';

export interface PipelineOptions {
  url: string;
  /** Command-line options for the backend (`-c name=value`), as the pool's `options`. */
  options?: string;
  /**
   * How long the oldest statement in the pipeline may have waited before new ones take the pool instead:
   * the bound on how long one slow statement holds up those behind it.
   */
  maxWaitMs?: number;
}

/**
 * Named statements, even without parameters (postgres.js sends a query without parameters as a simple query,
 * planned on every run; `simple` is missing from its types).
 */
const PREPARED = { prepare: true, simple: false };

const COMMANDS_WITH_ROW_COUNT = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** One connection that pipelines the hot statements, and what it has in flight. */
export class Pipeline {
  readonly sql: ReturnType<typeof postgres>;
  private readonly maxWaitMs: number;
  /** When each statement in flight was sent, oldest first (one connection answers in order). */
  private readonly sentAt: number[] = [];

  constructor(o: PipelineOptions) {
    this.maxWaitMs = o.maxWaitMs ?? 10;
    // The URL is read by node-postgres's own parser, so both drivers reach the same server with the same
    // credentials, whatever form the URL takes (a Unix socket as `?host=/var/run/postgresql`, sslmode…).
    const c = parseIntoClientConfig(o.url);
    this.sql = postgres({
      host: c.host,
      port: c.port,
      database: c.database,
      username: c.user,
      password: typeof c.password === 'string' ? c.password : undefined,
      ssl: c.ssl as postgres.Options<never>['ssl'],
      // One connection: every statement of a turn of the event loop leaves in one write and one backend stays
      // awake. A second one measured slower (client list 64–66 % of the ceiling against 68–78 %): each write
      // carries half as many statements and two backends are woken.
      max: 1,
      prepare: true,
      // Closed after a minute idle, replaced within 30–60 min (postgres.js default): which also bounds the
      // statements it keeps prepared.
      idle_timeout: 60,
      connect_timeout: 5,
      onnotice: () => {},
      transform: { undefined: null },
      // As the pg pool (db.ts): int8 and numeric arrive as numbers; our values fit in a double.
      types: {
        bigint: { to: 20, from: [20], serialize: String, parse: Number },
        numeric: { to: 1700, from: [1700], serialize: String, parse: Number },
      },
      connection: {
        application_name: c.application_name ?? 'sova',
        ...(o.options ? { options: o.options } : {}),
      },
    });
  }

  /** False while the oldest statement in flight has waited longer than allowed: new ones go to the pool. */
  flowing(): boolean {
    const oldest = this.sentAt[0];
    return oldest === undefined || performance.now() - oldest <= this.maxWaitMs;
  }

  async execute<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    this.sentAt.push(performance.now());
    try {
      const pending = this.sql.unsafe(q.sql, q.parameters as never[], PREPARED);
      const result = q.sql.startsWith(ROWS_AS_ARRAYS) ? await pending.values() : await pending;
      const rows = Array.from(result) as R[];
      return COMMANDS_WITH_ROW_COUNT.has(result.command)
        ? { rows, numAffectedRows: BigInt(result.count) }
        : { rows };
    } finally {
      this.sentAt.shift();
    }
  }

  end(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}

type PooledConnection = Parameters<PostgresDriver['releaseConnection']>[0];

class SplitConnection implements DatabaseConnection {
  pooled: PooledConnection | undefined;
  constructor(private readonly driver: SplitDriver) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const { pipeline } = this.driver;
    if (!this.pooled && isHotSql(q.sql) && pipeline.flowing()) return pipeline.execute<R>(q);
    return (await this.pooledConnection()).executeQuery<R>(q);
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.pooledConnection()).streamQuery<R>(q, chunkSize ?? 100);
  }

  async pooledConnection(): Promise<PooledConnection> {
    this.pooled ??= (await this.driver.pooled.acquireConnection()) as PooledConnection;
    return this.pooled;
  }
}

/** The pooled connection behind a connection Kysely holds (taken now if it has none yet). */
const pooledOf = (c: DatabaseConnection) => (c as SplitConnection).pooledConnection();

type CompileSavepoint = Parameters<NonNullable<Driver['savepoint']>>[2];

export class SplitDriver implements Driver {
  readonly pooled: PostgresDriver;
  constructor(
    pool: pg.Pool,
    readonly pipeline: Pipeline,
  ) {
    this.pooled = new PostgresDriver({ pool });
  }
  init() {
    return this.pooled.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }
  // Transactions and savepoints are the pool's, on the connection's pooled client.
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    return this.pooled.beginTransaction(await pooledOf(c), settings);
  }
  async commitTransaction(c: DatabaseConnection) {
    return this.pooled.commitTransaction(await pooledOf(c));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    return this.pooled.rollbackTransaction(await pooledOf(c));
  }
  async savepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    return this.pooled.savepoint(await pooledOf(c), name, compile);
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    return this.pooled.rollbackToSavepoint(await pooledOf(c), name, compile);
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    return this.pooled.releaseSavepoint(await pooledOf(c), name, compile);
  }
  async releaseConnection(c: DatabaseConnection) {
    const split = c as SplitConnection;
    if (split.pooled) {
      const pooled = split.pooled;
      split.pooled = undefined;
      await this.pooled.releaseConnection(pooled);
    }
  }
  async destroy() {
    await Promise.all([this.pipeline.end(), this.pooled.destroy()]);
  }
}
