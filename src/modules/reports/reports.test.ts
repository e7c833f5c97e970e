/**
 * Report figures come from the trigger-kept daily rollup plus the two partial edge days; whatever writes orders
 * (service, bulk insert with old dates, status changes, deletes, a contact's cascading delete), the rollup stays
 * equal to a fresh count over the orders, and a report equals the brute-force figures.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { makeUser } from '../../test/http.js';
import { deleteContact } from '../contacts/contacts.deletion.js';
import { createContact } from '../contacts/contacts.service.js';
import { OrderInput } from '../orders/orders.contract.js';
import { createOrder, deleteOrder, insertOrdersBulk, updateOrder } from '../orders/orders.service.js';
import { generateReport, getReport } from './reports.service.js';

describeEachDialect('report rollup', (env) => {
  it('stays exact through every kind of order write and gives the brute-force figures', async () => {
    const u = await makeUser(env, { roles: ['manager'] });
    const ctx = {
      ...env.ctx(),
      actor: {
        id: u.id,
        username: u.username,
        firstName: '',
        lastName: '',
        email: '',
        roles: ['manager' as const],
        locale: null,
        departmentId: null,
        via: 'session' as const,
      },
    };
    const a = await createContact(ctx, { first_name: 'A', last_name: 'A', email: 'a@example.com' });
    const b = await createContact(ctx, { first_name: 'B', last_name: 'B', email: 'b@example.com' });
    const now = Date.now();
    const daysAgo = (d: number, h = 12) =>
      new Date(now - d * 86_400_000 + (h - 12) * 3_600_000).toISOString();
    const rows = [];
    for (let i = 0; i < 40; i++) {
      rows.push({
        body: OrderInput.parse({
          contact_id: i % 3 ? a : b,
          product: `P${i}`,
          quantity: (i % 4) + 1,
          price: `${i * 10}.50`,
          status: i % 5 ? 'Completed' : 'Pending',
        }),
        createdAt: daysAgo(i * 9, i % 24),
      });
    }
    await insertOrdersBulk(ctx, rows);
    const fresh = await createOrder(ctx, { contact_id: a, product: 'Now', quantity: 2, price: '100.00' });
    await updateOrder(ctx, fresh, { status: 'Completed' });
    const victim = (
      await env.deps.db
        .selectFrom('orders')
        .select('id')
        .where('product', '=', 'P3')
        .executeTakeFirstOrThrow()
    ).id;
    await deleteOrder(ctx, victim);
    await deleteContact(ctx, b); // cascades to its orders

    const rollup = await env.deps.db
      .selectFrom('orderDaily')
      .selectAll()
      .where('orders', '>', 0)
      .orderBy('day')
      .execute();
    const truth = await sql<{ day: string; orders: number; cents: number; completed: number }>`
      select substr(created_at, 1, 10) as day, count(*) as orders, sum(total_cents) as cents,
        sum(case when status = 'Completed' then 1 else 0 end) as completed
      from orders group by substr(created_at, 1, 10) order by 1`.execute(env.deps.db);
    const norm = (r: { day: string; orders: unknown; cents: unknown; completed: unknown }) => [
      r.day,
      Number(r.orders),
      Number(r.cents),
      Number(r.completed),
    ];
    expect(rollup.map(norm)).toEqual(truth.rows.map(norm));
    expect(rollup.length).toBeGreaterThan(20);

    for (const period of ['week', 'month', 'year'] as const) {
      const r = await getReport(ctx, await generateReport(ctx, { period }));
      const brute = await env.deps.db
        .selectFrom('orders')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>('totalCents').as('cents'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'Completed').then(1).else(0).end()).as('completed'),
        ])
        .where('createdAt', '>=', r.windowStart)
        .where('createdAt', '<=', r.windowEnd)
        .executeTakeFirstOrThrow();
      expect([r.newOrdersCount, Number(r.totalOrdersCents), r.completedOrdersCount]).toEqual([
        Number(brute.n),
        Number(brute.cents ?? 0),
        Number(brute.completed ?? 0),
      ]);
    }
  });
});
