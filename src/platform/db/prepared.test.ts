/** Prepared queries return what the same query built each time returns, on both databases, in and out of transactions. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { inTransaction } from '../../deps.js';
import { describeEachDialect } from '../../test/env.js';
import { type Params, prepared, preparedForIds, preparedWindow, selectedKeys } from './prepared.js';

describeEachDialect('prepared queries', (env) => {
  const now = '2026-11-24T10:00:00.000Z';
  const contact = (i: number, status: 'lead' | 'active') => ({
    firstName: `Имя${i}`,
    lastName: `Фамилия${i}`,
    middleName: '',
    mobilePhone: `+7900000000${i}`,
    email: `p${i}@example.test`,
    status,
    assignedUserId: null,
    nextInteractionOn: null,
    searchText: `фамилия${i}`,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
  });

  it('binds new values into the SQL built once, keeping constants of the build', async () => {
    const db = env.deps.db;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const row = await db
        .insertInto('contacts')
        .values(contact(i, i % 2 ? 'active' : 'lead'))
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    // `status` is bound per call; the sort and `lead` in the second condition are part of the shape.
    const q = prepared(
      (kdb, p: Params<{ status: 'lead' | 'active' | 'closed'; minId: number; limit: number }>) =>
        kdb
          .selectFrom('contacts')
          .select(['id', 'firstName', 'status'])
          .where('status', '=', p.status)
          .where('id', '>=', p.minId)
          .where('status', '<>', 'closed')
          .orderBy('id', 'desc')
          .limit(p.limit),
    );
    const direct = (status: string, minId: number, limit: number) =>
      db
        .selectFrom('contacts')
        .select(['id', 'firstName', 'status'])
        .where('status', '=', status as 'lead')
        .where('id', '>=', minId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    for (const [status, minId, limit] of [
      ['lead', 0, 10],
      ['active', ids[2] as number, 2],
      ['closed', 0, 5],
    ] as const) {
      const rows = await q.execute(db, { status, minId, limit });
      expect(rows).toEqual(await direct(status, minId, limit));
    }
    expect((await q.execute(db, { status: 'active', minId: 0, limit: 10 })).map((r) => r.firstName)).toEqual([
      'Имя5',
      'Имя3',
      'Имя1',
    ]);
    expect(await q.executeTakeFirst(db, { status: 'lead', minId: 0, limit: 10 })).toMatchObject({
      firstName: 'Имя4',
    });
    // Inside a transaction the same template runs on the transaction's connection and sees its writes.
    await inTransaction(env.ctx(), async (tx) => {
      await tx.db
        .updateTable('contacts')
        .set({ status: 'closed' })
        .where('id', '=', ids[5] as number)
        .execute();
      expect((await q.execute(tx.db, { status: 'active', minId: 0, limit: 10 })).length).toBe(2);
      if (env.deps.dialect === 'postgres') {
        // On PostgreSQL it ran as a named statement of this connection (planned once per connection).
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements
          where name like 'sova\_%' and statement like '%"first_name"%"status" <> %'`.execute(tx.db);
        expect(rows[0]?.n).toBe(1);
      }
    });
    await expect(q.execute(db, { status: 'lead' } as never)).rejects.toThrow(/no value for "minId"/);

    // Id lists: 3 ids padded to 4 by repetition, 1 id, 5 ids (a larger template) — each the exact rows.
    const byIds = preparedForIds((kdb, p: Params<{ status: 'lead' | 'active' }>, list) =>
      kdb
        .selectFrom('contacts')
        .select('id')
        .where('id', 'in', list)
        .where('status', '=', p.status)
        .orderBy('id'),
    );
    const leads = ids.filter((_, i) => i % 2 === 0);
    expect((await byIds.execute(db, ids.slice(0, 3), { status: 'lead' })).map((r) => r.id)).toEqual([
      leads[0],
      leads[1],
    ]);
    expect((await byIds.execute(db, [ids[1] as number], { status: 'active' })).map((r) => r.id)).toEqual([
      ids[1],
    ]);
    expect((await byIds.execute(db, ids.slice(0, 5), { status: 'lead' })).map((r) => r.id)).toEqual(leads);
    expect(await byIds.execute(db, [], { status: 'lead' })).toEqual([]);
  });

  it('reads rows as arrays when given their keys, with the same objects as a result', async () => {
    const db = env.deps.db;
    const first = await db
      .insertInto('contacts')
      .values([contact(10, 'lead'), contact(11, 'lead'), contact(12, 'lead')])
      .returning('id')
      .execute();
    const minId = Math.min(...first.map((r) => r.id));
    const columns = ['contacts.id', 'contacts.firstName', 'contacts.mobilePhone as phone'] as const;
    const build = (kdb: typeof db, p: Params<{ limit: number }>) =>
      kdb.selectFrom('contacts').select(columns).where('id', '>=', minId).orderBy('id').limit(p.limit);
    const asArrays = prepared(build, { rowKeys: selectedKeys(columns) });
    const asObjects = prepared(build);
    expect(selectedKeys(columns)).toEqual(['id', 'firstName', 'phone']);
    const rows = await asArrays.execute(db, { limit: 2 });
    expect(rows).toEqual(await asObjects.execute(db, { limit: 2 }));
    expect(rows[1]).toEqual({ id: minId + 1, firstName: 'Имя11', phone: '+790000000011' });
    expect(await asArrays.executeTakeFirst(db, { limit: 5 })).toMatchObject({ firstName: 'Имя10' });
    // The object query with the same SQL still gets objects (the two are separate statements).
    expect(await build(db, { limit: 1 }).execute()).toEqual([rows[0]]);
    // Keys that do not match the select list are refused when the query is first built.
    const wrong = prepared(build, { rowKeys: ['id', 'firstName'] });
    await expect(wrong.execute(db, { limit: 1 })).rejects.toThrow(/2 row keys for 3 selected columns/);
  });

  it('windows: the first page of a usual size is its own statement with literal LIMIT and OFFSET, same rows', async () => {
    const db = env.deps.db;
    const made = await db
      .insertInto('contacts')
      .values(Array.from({ length: 30 }, (_, i) => contact(100 + i, i % 3 ? 'active' : 'lead')))
      .returning('id')
      .execute();
    const minId = Math.min(...made.map((r) => r.id));
    const seen: string[] = [];
    const window = preparedWindow((kdb, p: Params<{ status: 'lead' | 'active' }>, w) => {
      const q = kdb
        .selectFrom('contacts')
        .select(['id', 'status'])
        .where('id', '>=', minId)
        .where('status', '=', p.status)
        .orderBy('id')
        .limit(w.limit)
        .offset(w.offset);
      seen.push(q.compile().sql);
      return q;
    });
    const direct = (status: 'lead' | 'active', offset: number, limit: number) =>
      db
        .selectFrom('contacts')
        .select(['id', 'status'])
        .where('id', '>=', minId)
        .where('status', '=', status)
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
    for (const [status, offset, limit] of [
      ['active', 0, 10],
      ['lead', 0, 10],
      ['active', 10, 10],
      ['active', 0, 7],
      ['active', 5, 25],
      ['active', 0, 25],
    ] as const) {
      const rows = await window.execute(db, { status, offset, limit });
      expect(rows).toEqual(await direct(status, offset, limit));
      expect(rows.length).toBeGreaterThan(0);
    }
    // One build per shape: a page size is written into the SQL (and offset 0 with it), anything else is bound.
    expect(seen).toHaveLength(5);
    const shapes = seen.map((s) =>
      / limit (\S+) offset (\S+)$/.exec(s)?.slice(1).join(' ').replace(/\$\d+/g, '?'),
    );
    expect(shapes.sort()).toEqual(['10 0', '10 ?', '25 0', '25 ?', '? 0']);
  });
});
