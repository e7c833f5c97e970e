/**
 * SQLite's group commit: concurrent transactions share one commit yet each succeeds or fails alone, and nothing
 * is reported done before another connection can read it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../database.js';
import { type Ctx, inTransaction } from '../../deps.js';
import { openDb } from './db.js';

describe('group commit (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sova-group-'));
  const file = join(dir, 'g.db');
  const handle = openDb<Database>({ driver: 'sqlite', file });
  const reader = () => new SqliteDatabase(file, { readonly: true });
  const ctx = { db: handle.db } as unknown as Ctx;
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits many concurrent transactions together, each atomically, and only then reports them done', async () => {
    await sql`create table t (id integer primary key, v text not null unique)`.execute(handle.db);
    handle.groupCommit?.enable();
    const other = reader();
    const commitsBefore = other.pragma('data_version', { simple: true }) as number;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        inTransaction(ctx, async (tx) => {
          await sql`insert into t (v) values (${`a${i}`})`.execute(tx.db);
          await sql`insert into t (v) values (${`b${i}`})`.execute(tx.db);
          // Every 10th fails after its first insert (duplicate value): its first row must go too.
          if (i % 10 === 3) await sql`insert into t (v) values (${'a0'})`.execute(tx.db);
          // Once inTransaction resolves the rows are readable from another connection.
          return i;
        }).then((i) => {
          const seen = other
            .prepare('select count(*) as n from t where v in (?, ?)')
            .get(`a${i}`, `b${i}`) as {
            n: number;
          };
          expect(seen.n).toBe(2);
          return i;
        }),
      ),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 13, 23, 33]);
    const rows = other.prepare('select v from t order by id').all() as { v: string }[];
    expect(rows.length).toBe(72);
    for (const i of failed) expect(rows.some((r) => r.v === `a${i}` || r.v === `b${i}`)).toBe(false);
    // Far fewer commits than transactions reached the file.
    const commits = (other.pragma('data_version', { simple: true }) as number) - commitsBefore;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(20);
    other.close();
  });

  it('commits the open group before a write outside any transaction, which is then visible at once', async () => {
    const other = reader();
    const pending = inTransaction(ctx, async (tx) => {
      await sql`insert into t (v) values ('grouped')`.execute(tx.db);
    });
    // Let the transaction run (microtasks) but not the scheduled flush (next turn of the event loop).
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await sql`insert into t (v) values ('alone')`.execute(handle.db);
    const seen = other.prepare(`select v from t where v in ('grouped', 'alone') order by v`).all();
    expect(seen).toEqual([{ v: 'alone' }, { v: 'grouped' }]);
    await pending;
    other.close();
  });
});
