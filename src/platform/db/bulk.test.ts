/** Bulk inserts give the same rows and ids in order on both databases, across statement chunks. */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { inTransaction } from '../../deps.js';
import { describeEachDialect } from '../../test/env.js';
import { makeUser } from '../../test/http.js';
import { deferSearchIndexMerges, insertRows, settleAfterBulkWrite } from './bulk.js';

describeEachDialect('bulk inserts', (env) => {
  const now = '2026-11-25T10:00:00.000Z';
  let userId: number;
  beforeAll(async () => {
    userId = (await makeUser(env, { roles: ['manager'] })).id;
  });
  const company = (i: number) => ({
    name: `Bulk "${i}" \\ société`,
    phone: i % 3 === 0 ? '' : `+237 699 ${String(i).padStart(6, '0')}`,
    phoneKey: i % 3 === 0 ? '' : `237699${String(i).padStart(6, '0')}`,
    product: 'Cacao, {brut}',
    activity: '',
    location: 'Douala',
    legalForm: 'SARL',
    niu: `NIU${i}`,
    validityScoreTenths: i % 7 === 0 ? -5 : i,
    searchText: `bulk ${i} société`,
    createdBy: i % 2 === 0 ? null : userId,
    createdAt: now,
    updatedAt: now,
  });

  it('inserts rows with their ids in order (12,000 rows: more than one statement on both databases)', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => company(i));
    const ids = await inTransaction(env.ctx(), async (tx) => {
      await deferSearchIndexMerges(tx.db);
      return insertRows(tx.db, 'companies', rows, {
        types: { validityScoreTenths: 'int4', createdBy: 'int4' },
        returnIds: true,
      });
    });
    expect(ids).toHaveLength(12_000);
    expect(new Set(ids).size).toBe(12_000);
    const stored = await env.deps.db.selectFrom('companies').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    // Each id is the row given at its position, with text, nulls and integers intact.
    for (const i of [0, 1, 2, 3, 7, 4999, 5000, 9999, 10_000, 10_001, 11_999]) {
      expect(byId.get(ids[i]!)).toMatchObject(rows[i]!);
    }
    await settleAfterBulkWrite(env.deps.db, ['companies']);
    if (env.deps.dialect === 'postgres') {
      // Vacuumed: the new pages are marked all-visible (index-only scans need not visit them).
      const { rows: vis } = await sql<{ pages: number; visible: number }>`select relpages as pages,
        relallvisible as visible from pg_class where relname = 'companies'`.execute(env.deps.db);
      expect(vis[0]!.pages).toBeGreaterThan(0);
      expect(vis[0]!.visible).toBe(vis[0]!.pages);
    }
    const found = await env.deps.db
      .selectFrom('companies')
      .select('id')
      .where('searchText', 'like', '%bulk 11999 %')
      .execute();
    expect(found.map((r) => r.id)).toEqual([ids[11_999]]);
  });

  // PostgreSQL only (defined there alone, so SQLite's run reports no skipped test).
  if (env.dialect === 'postgres')
    it('keeps trigram pending lists small, except inside a bulk write', async () => {
      const limit = async (db: typeof env.deps.db) =>
        (await sql<{ v: string }>`select current_setting('gin_pending_list_limit') as v`.execute(db)).rows[0]!
          .v;
      expect(await limit(env.deps.db)).toBe('64kB');
      const inBulk = await inTransaction(env.ctx(), async (tx) => {
        await deferSearchIndexMerges(tx.db);
        return limit(tx.db);
      });
      expect(inBulk).toBe('256MB');
      expect(await limit(env.deps.db)).toBe('64kB');
    });

  it('inserts without ids and does nothing for no rows', async () => {
    expect(await insertRows(env.deps.db, 'companies', [])).toEqual([]);
    const before = await env.deps.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(
      await insertRows(env.deps.db, 'companies', [company(20_000), company(20_001)], {
        types: { validityScoreTenths: 'int4', createdBy: 'int4' },
      }),
    ).toEqual([]);
    const after = await env.deps.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 2);
  });
});
