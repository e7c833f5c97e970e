/**
 * The SQLite driver: one connection writes, a second (read-only) one answers reads made outside transactions.
 *
 * Kysely's own driver has one connection behind a mutex: every query waits while any transaction holds it. A
 * transaction that runs long (an import's batch, an atomic import of a whole file) then held up every page of
 * every user, reads included, for its whole length. In WAL mode a reader sees the last committed state without
 * waiting for the writer, so reads outside transactions go to a reader connection and never queue.
 *
 * What goes where:
 * - A transaction (and everything in it): the writer, which it holds from `begin` to `commit`/`rollback` —
 *   as before, writers take turns (first come, first served).
 * - A query outside a transaction (`select`, or `with … select`, that SQLite prepares as read-only): the
 *   reader, at once. It sees what is committed; a group of transactions not yet committed (group-commit.ts) is
 *   not, and none of its members has been told it is done either. This is what PostgreSQL readers see too,
 *   and why services announce changes after their commit.
 * - Any other statement outside a transaction: the writer, when it is free.
 *
 * A database in memory has no second connection to open: there, everything goes to the writer.
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type Driver,
  IdentifierNode,
  type QueryResult,
  RawNode,
  SqliteDialect,
} from 'kysely';

type Statements = Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
type CompileSavepoint = Parameters<NonNullable<Driver['savepoint']>>[2];
type SavepointCommand = 'savepoint' | 'rollback to' | 'release';

/** First come, first served: the writer's turns. */
class Turns {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  take(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** Texts that may only read: a select (or `with … select`), after an optional leading comment. */
const QUERY = /^\s*(?:\/\*[^*]*\*\/\s*)?(?:select|with)\b/i;

function run<R>(db: Statements, q: CompiledQuery): QueryResult<R> {
  const stmt = db.prepare(q.sql);
  const parameters = q.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

export class SqliteSplitDriver implements Driver {
  readonly #turns = new Turns();
  /** Per SQL text: whether the reader may run it. */
  readonly #readOnly = new Map<string, boolean>();

  constructor(
    readonly writer: Statements,
    readonly reader: Statements | undefined,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }

  /** The reader's statement for `sql` when it only reads; undefined when the writer must run it. */
  readerStatement(sql: string): SqliteDatabase.Statement | undefined {
    if (!this.reader) return undefined;
    let ok = this.#readOnly.get(sql);
    if (ok === false) return undefined;
    if (ok === undefined) {
      // Only a query is even prepared here: the reader's schema is the last committed one, which a statement
      // written for the writer's (a migration's DDL) may not match.
      ok = QUERY.test(sql) && this.#preparesReadOnly(sql);
      if (this.#readOnly.size >= 2000) this.#readOnly.clear();
      this.#readOnly.set(sql, ok);
      if (!ok) return undefined;
    }
    return this.reader.prepare(sql);
  }

  #preparesReadOnly(sql: string): boolean {
    try {
      return (this.reader as Statements).prepare(sql).readonly;
    } catch {
      return false;
    }
  }

  take = () => this.#turns.take();
  give = () => this.#turns.give();

  async beginTransaction(c: DatabaseConnection): Promise<void> {
    const conn = c as SplitConnection;
    await conn.holdWriter();
    try {
      run(this.writer, CompiledQuery.raw('begin'));
    } catch (err) {
      conn.letWriterGo();
      throw err;
    }
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    this.#end(c as SplitConnection, 'commit');
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    this.#end(c as SplitConnection, 'rollback');
  }

  #end(conn: SplitConnection, sql: 'commit' | 'rollback'): void {
    try {
      run(this.writer, CompiledQuery.raw(sql));
    } finally {
      conn.letWriterGo();
    }
  }

  async savepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    await this.#savepointCommand(c, 'savepoint', name, compile);
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    await this.#savepointCommand(c, 'rollback to', name, compile);
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: CompileSavepoint) {
    await this.#savepointCommand(c, 'release', name, compile);
  }

  async #savepointCommand(
    c: DatabaseConnection,
    command: SavepointCommand,
    name: string,
    compile: CompileSavepoint,
  ): Promise<void> {
    // As Kysely's own driver sends it: the name compiled as an identifier.
    const node = RawNode.createWithChildren([
      RawNode.createWithSql(`${command} `),
      IdentifierNode.create(name),
    ]);
    await c.executeQuery(compile(node, createQueryId()));
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    // A transaction that never reached its commit or rollback (its connection lost mid-way) gives its turn back.
    (c as SplitConnection).letWriterGo();
  }

  async destroy(): Promise<void> {
    this.reader?.close();
    this.writer.close();
  }
}

class SplitConnection implements DatabaseConnection {
  #holdsWriter = false;

  constructor(private readonly driver: SqliteSplitDriver) {}

  async holdWriter(): Promise<void> {
    await this.driver.take();
    this.#holdsWriter = true;
  }

  letWriterGo(): void {
    if (!this.#holdsWriter) return;
    this.#holdsWriter = false;
    this.driver.give();
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#holdsWriter) return run<R>(this.driver.writer, q);
    const read = this.driver.readerStatement(q.sql);
    if (read) return { rows: read.all(q.parameters as unknown[]) as R[] };
    await this.holdWriter();
    try {
      return run<R>(this.driver.writer, q);
    } finally {
      this.letWriterGo();
    }
  }

  /** Not used by the app: one chunk with every row. */
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(q);
  }
}

/** Kysely's SQLite dialect in all but the driver. */
export class SqliteSplitDialect extends SqliteDialect {
  constructor(
    private readonly writer: Statements,
    private readonly reader: Statements | undefined,
  ) {
    super({ database: writer as SqliteDatabase.Database });
  }
  override createDriver(): Driver {
    return new SqliteSplitDriver(this.writer, this.reader);
  }
}
