/** The faster camel-case plugin gives exactly the stock plugin's rows, on a real database of either kind. */
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
});
