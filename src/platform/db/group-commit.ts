/**
 * Group commit for SQLite. A commit writes the transaction's pages to the WAL and (for the full-text indexes)
 * flushes FTS5's pending terms as a new segment: ~130 µs of a ~190 µs contact creation. When many requests write
 * at once, their transactions are run one after another inside one outer SQLite transaction, each in its own
 * savepoint (so each still succeeds or fails alone), and the outer transaction commits once when no more are
 * waiting to run (next turn of the event loop), or after `maxMembers` transactions or `maxAgeMs`.
 *
 * Durability is unchanged for callers: `inTransaction` resolves only after the outer commit (see `settled`),
 * so no response reports a write before it is on disk as far as SQLite's `synchronous = NORMAL` takes it. A write
 * outside any transaction first commits the open group and then runs on its own, as it always did. Reads run
 * inside the open group and see its released savepoints: data about to commit (if the commit itself fails —
 * disk full, I/O error — every member's `inTransaction` rejects).
 *
 * It works at the statement level, under Kysely: Kysely's SQLite driver sends the texts `begin`, `commit` and
 * `rollback` through `prepare`, which this object answers for it (see db.ts).
 */
import type SqliteDatabase from 'better-sqlite3';

interface Group {
  settled: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  members: number;
  openedAt: number;
}

/** What Kysely's driver gets for `begin` / `commit` / `rollback`: a statement-like object. */
interface FakeStatement {
  readonly reader: false;
  readonly readonly: false;
  run(): { changes: number; lastInsertRowid: number };
}

export class GroupCommit {
  #enabled = false;
  #group: Group | undefined;
  /** Whether a Kysely transaction is between its `begin` and its `commit`/`rollback`. */
  #inTransaction = false;
  #flushScheduled = false;
  #flushWanted = false;

  constructor(
    private readonly raw: SqliteDatabase.Database,
    private readonly options = { maxMembers: 64, maxAgeMs: 20 },
  ) {}

  /** Turned on once migrations have run (they change pragmas that a transaction must not hold open). */
  enable(): void {
    this.#enabled = true;
  }

  /** The statement Kysely should run for `text`, when this object handles it; else undefined. */
  intercept(text: string): FakeStatement | undefined {
    return this.#enabled ? this.#statements.get(text) : undefined;
  }

  /** Called before any other statement runs: a write outside transactions commits the group first. */
  beforeStatement(stmt: SqliteDatabase.Statement): void {
    if (this.#group && !this.#inTransaction && !stmt.readonly) this.flush();
  }

  /**
   * Settles when the group holding the current transaction has committed (call inside the transaction, after
   * its work); undefined when grouping is off.
   */
  settledOfCurrent(): Promise<void> | undefined {
    return this.#inTransaction ? this.#group?.settled : undefined;
  }

  /** Commits the open group now (or as soon as the transaction in progress ends). */
  flush(): void {
    const group = this.#group;
    if (!group) return;
    if (this.#inTransaction) {
      this.#flushWanted = true;
      return;
    }
    this.#group = undefined;
    this.#flushWanted = false;
    try {
      this.raw.exec('commit');
      group.resolve();
    } catch (err) {
      if (this.raw.inTransaction) this.raw.exec('rollback');
      group.reject(err);
    }
  }

  readonly #statements = new Map<string, FakeStatement>([
    ['begin', this.#statement(() => this.#begin())],
    ['commit', this.#statement(() => this.#commit())],
    ['rollback', this.#statement(() => this.#rollback())],
  ]);

  #statement(run: () => void): FakeStatement {
    return {
      reader: false,
      readonly: false,
      run: () => {
        run();
        return { changes: 0, lastInsertRowid: 0 };
      },
    };
  }

  #begin(): void {
    if (!this.#group) {
      this.raw.exec('begin');
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const settled = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A group whose members all rolled back has nobody waiting; its failure must not go unhandled.
      settled.catch(() => {});
      this.#group = { settled, resolve, reject, members: 0, openedAt: performance.now() };
    }
    this.raw.exec('savepoint sova_tx');
    this.#inTransaction = true;
  }

  #commit(): void {
    this.raw.exec('release sova_tx');
    this.#inTransaction = false;
    const group = this.#group as Group;
    group.members++;
    if (
      this.#flushWanted ||
      group.members >= this.options.maxMembers ||
      performance.now() - group.openedAt >= this.options.maxAgeMs
    ) {
      this.flush();
    } else {
      this.#scheduleFlush();
    }
  }

  #rollback(): void {
    this.#inTransaction = false;
    const group = this.#group;
    if (!this.raw.inTransaction) {
      // SQLite already rolled the whole outer transaction back (it does on some errors): the group is lost.
      this.#group = undefined;
      group?.reject(new Error('the database rolled back a group of transactions'));
      return;
    }
    this.raw.exec('rollback to sova_tx');
    this.raw.exec('release sova_tx');
    if (this.#flushWanted) this.flush();
    else this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.flush();
    });
  }
}
