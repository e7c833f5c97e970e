/**
 * SQLite's two connections: reads outside transactions never wait for a transaction that runs long, and see only
 * what is committed; writes take turns on the writer, in the order they came.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../database.js';
import { type Ctx, inTransaction } from '../../deps.js';
import { openDb } from './db.js';

const count = async (db: typeof handle.db) =>
  Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]?.n);

const dir = mkdtempSync(join(tmpdir(), 'sova-split-'));
const handle = openDb<Database>({ driver: 'sqlite', file: join(dir, 's.db') });
const ctx = { db: handle.db } as unknown as Ctx;

describe('SQLite reader and writer connections', () => {
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers reads while a transaction holds the writer, with the committed rows only', async () => {
    await sql`create table t (id integer primary key, v text not null)`.execute(handle.db);
    handle.groupCommit?.enable();
    await sql`insert into t (v) values ('committed')`.execute(handle.db);

    let finish!: () => void;
    const held = new Promise<void>((r) => {
      finish = r;
    });
    let inserted!: () => void;
    const insertedInside = new Promise<void>((r) => {
      inserted = r;
    });
    const seenInside: number[] = [];
    const long = inTransaction(ctx, async (tx) => {
      await sql`insert into t (v) values ('pending')`.execute(tx.db);
      // Inside the transaction its own row is there.
      seenInside.push(await count(tx.db));
      inserted();
      await held;
    });
    await insertedInside;

    // Outside it, a read runs now (it would wait for `finish` on one connection) and sees the committed row only.
    const read = await Promise.race([
      count(handle.db),
      new Promise<string>((r) => setTimeout(() => r('timed out'), 2000)),
    ]);
    expect(read).toBe(1);
    expect(seenInside).toEqual([2]);

    // A write outside the transaction waits for it to end, then lands.
    let written = false;
    const write = sql`insert into t (v) values ('after')`.execute(handle.db).then(() => {
      written = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBe(false);

    finish();
    await long;
    await write;
    expect(written).toBe(true);
    expect(await count(handle.db)).toBe(3);
  });

  it('gives the writer to waiting transactions in the order they asked', async () => {
    await sql`delete from t`.execute(handle.db);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(ctx, async (tx) => {
          order.push(i);
          await sql`insert into t (v) values (${`n${i}`})`.execute(tx.db);
          // A turn of the event loop inside each: a later transaction must not slip in before this one ends.
          await new Promise((r) => setImmediate(r));
          expect(await count(tx.db)).toBe(i + 1);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await count(handle.db)).toBe(20);
  });

  it('sends statements that write to the writer even when they return rows', async () => {
    const r = await sql<{ id: number }>`insert into t (v) values ('returning') returning id`.execute(
      handle.db,
    );
    expect(r.rows[0]?.id).toBeGreaterThan(0);
    // A `with` query that writes.
    await sql`with x(v) as (select 'cte') insert into t (v) select v from x`.execute(handle.db);
    expect(await count(handle.db)).toBe(22);
  });

  it('works with a database in memory (one connection)', async () => {
    const mem = openDb<Database>({ driver: 'sqlite', file: ':memory:' });
    await sql`create table t (id integer primary key, v text not null)`.execute(mem.db);
    await sql`insert into t (v) values ('a')`.execute(mem.db);
    expect(await count(mem.db)).toBe(1);
    await mem.close();
  });
});
