/**
 * The faster camel-case plugin gives exactly the stock plugin's rows, and names in SQL as the stock plugin writes
 * them with whole-number LIMITs in the SQL, on a real database of either kind.
 */
import { CamelCasePlugin, sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { FastCamelCasePlugin } from './camel-case.js';

describeEachDialect('camel-case results', (env) => {
  it('renames every column like the stock plugin, nested JSON included', async () => {
    const db = env.deps.db;
    const json = env.deps.dialect === 'postgres' ? sql`'{"inner_key": [{"deep_key": 1}]}'::jsonb` : sql`'x'`;
    const q = sql<
      Record<string, unknown>
    >`select 1 as plain_id, 'a' as first_name, null as next_interaction_on,
      ${json} as extra_data, 2.5 as "weird""name" union all select 2, 'b', 'c', ${json}, 3`;
    const raw = await q.execute(db.withoutPlugins());
    const args = { queryId: { queryId: 'q' }, result: raw };
    const stock = await new CamelCasePlugin().transformResult(args);
    const fast = await new FastCamelCasePlugin().transformResult(args);
    expect(fast.rows).toEqual(stock.rows);
    expect(fast.rows.map((r) => Object.keys(r))).toEqual(stock.rows.map((r) => Object.keys(r)));
    expect(fast.rows[1]).toMatchObject({ plainId: 2, firstName: 'b', nextInteractionOn: 'c' });
    if (env.deps.dialect === 'postgres')
      expect(fast.rows[0]?.extraData).toEqual({ innerKey: [{ deepKey: 1 }] });
    // A second result with the same columns reuses the built mapper and still maps its own values.
    const again = await new FastCamelCasePlugin().transformResult({
      ...args,
      result: { rows: [{ plain_id: 9 }] },
    });
    expect(again.rows).toEqual([{ plainId: 9 }]);
  });

  it('writes names in snake_case and a whole-number LIMIT into the SQL, binding the rest', async () => {
    const db = env.deps.db;
    const base = () =>
      db
        .selectFrom('contacts')
        .select(['id', 'firstName'])
        .where('lastName', '=', 'Петров')
        .orderBy('createdAt', 'desc');
    // The stock plugin's statement with the LIMIT written as a literal: snake_case names, values still bound.
    const stockSql = db
      .withoutPlugins()
      .withPlugin(new CamelCasePlugin())
      .selectFrom('contacts')
      .select(['id', 'firstName'])
      .where('lastName', '=', 'Петров')
      .orderBy('createdAt', 'desc')
      .limit(sql.lit(25))
      .offset(50)
      .compile();
    const fast = base().limit(25).offset(50).compile();
    expect(fast.sql).toMatch(/"first_name".* limit 25 offset (\?|\$2)$/);
    expect(fast.sql).toBe(stockSql.sql);
    expect(fast.parameters).toEqual(['Петров', 50]);
    // A subquery's LIMIT too; one over 1,000 or not a whole number ≥ 0 stays a parameter.
    const sub = db
      .selectFrom((eb) => eb.selectFrom('contacts').select('id').limit(3).as('t'))
      .select('t.id')
      .limit(-1)
      .compile();
    expect(sub.sql).toMatch(/limit 3\) as "t" limit (\?|\$1)$/);
    expect(sub.parameters).toEqual([-1]);
    const far = base().limit(5000).compile();
    expect(far.sql).toMatch(/limit (\?|\$2)$/);
    expect(far.parameters).toEqual(['Петров', 5000]);
    // Each limit is its own statement and reads its own number of rows.
    const now = '2026-11-24T10:00:00.000Z';
    for (let i = 0; i < 3; i++) {
      await db
        .insertInto('contacts')
        .values({
          firstName: `Иван${i}`,
          lastName: 'Петров',
          middleName: '',
          mobilePhone: `+7900111223${i}`,
          email: `limit${i}@example.test`,
          status: 'lead',
          assignedUserId: null,
          nextInteractionOn: null,
          searchText: `петров иван${i}`,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    expect(await base().limit(2).execute()).toHaveLength(2);
    expect(await base().limit(5).execute()).toHaveLength(3);
    expect(await base().limit(2).offset(2).execute()).toHaveLength(1);
  });
});
