/**
 * List counts stop at the cap: exact below it, 10,001 past it. On PostgreSQL a whole large table is known to be
 * past the cap from its statistics, without reading it.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { COUNT_CAP, countMatching, isPostgresDb } from './sql.js';

describeEachDialect('capped counts', (env) => {
  // A camel-cased name, as repositories write tables (the plugin turns it into count_scratch).
  const whole = () => env.deps.db.selectFrom('countScratch' as never);
  const count = (q = whole()) => countMatching(env.deps.db, q as never);
  const keep = async (n: number) => {
    await sql`delete from count_scratch where v > ${n}`.execute(env.deps.db);
  };
  const analyze = async () => {
    if (isPostgresDb(env.deps.db)) await sql`analyze count_scratch`.execute(env.deps.db);
  };

  beforeAll(async () => {
    const db = env.deps.db;
    await sql`create table count_scratch (v integer not null)`.execute(db);
    if (isPostgresDb(db)) {
      // Statistics change only when the test says so.
      await sql`alter table count_scratch set (autovacuum_enabled = false)`.execute(db);
    }
    await sql`insert into count_scratch (v)
      with recursive s(i) as (select 1 union all select i + 1 from s where i < 25000) select i from s`.execute(
      db,
    );
  });

  it('counts a whole table, and a filtered one, up to the cap', async () => {
    const postgres = isPostgresDb(env.deps.db);
    // Not analysed yet: PostgreSQL has no estimate and counts (to the cap); SQLite counts the b-tree exactly.
    expect(await count()).toBe(postgres ? COUNT_CAP + 1 : 25_000);
    await analyze();
    expect(await count()).toBe(postgres ? COUNT_CAP + 1 : 25_000);
    // Filtered: counted, exact under the cap and stopped past it, on both.
    const filtered = (n: number) => whole().where(sql<boolean>`v <= ${n}`);
    expect(await count(filtered(50) as never)).toBe(50);
    expect(await count(filtered(20_000) as never)).toBe(COUNT_CAP + 1);

    // Fewer rows than twice the cap by the statistics: PostgreSQL counts again (still past the cap here).
    await keep(15_000);
    await analyze();
    expect(await count()).toBe(postgres ? COUNT_CAP + 1 : 15_000);
    await keep(30);
    await analyze();
    expect(await count()).toBe(30);
  });

  it('on PostgreSQL, takes a large table from its statistics, which lag behind deletes until analysed', async () => {
    const postgres = isPostgresDb(env.deps.db);
    await sql`insert into count_scratch (v)
      with recursive s(i) as (select 31 union all select i + 1 from s where i < 25000) select i from s`.execute(
      env.deps.db,
    );
    await analyze();
    await keep(100);
    // PostgreSQL's statistics still say 25,000: "10,000+" without reading the table (a count finds 100, as
    // SQLite's does).
    expect(await count()).toBe(postgres ? COUNT_CAP + 1 : 100);
    await analyze();
    expect(await count()).toBe(100);
  });
});
