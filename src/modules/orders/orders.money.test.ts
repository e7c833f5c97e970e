/**
 * Money stays exact: an order's total is quantity × unit price in integer cents, capped so that any total is an
 * exact JavaScript number and a 64-bit column holds it (1,000,000 × 999,999,999,999.99 was a float on SQLite and
 * a 500 on PostgreSQL). More is refused with a field message by every way in, writing nothing; the largest orders
 * allowed keep every cent through the order, its list, the seed API and a report.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, bearerClient, browserAs, countRows } from '../../test/http.js';

describeEachDialect('order money', (env) => {
  let token = '';
  let contactId = 0;
  const call = bearerClient(env, () => token);

  beforeAll(async () => {
    token = (await apiUser(env, ['admin'])).token;
    contactId = (
      await call('POST', '/api/v1/contacts', {
        first_name: 'Деньги',
        last_name: 'Большие',
        email: 'big.money@example.test',
      })
    ).json().id;
  });

  it('refuses a total past 10,000,000,000.00 or a unit price past its cap, by the clean API, the seed API and the form', async () => {
    const before = [await countRows(env, 'orders'), await countRows(env, 'activityLog')];
    const tooMuch = [
      { quantity: 1_000_000, price: '999999999999.99' },
      { quantity: 1_000_000, price: '10000.01' },
      { quantity: 2, price: '5000000000.01' },
      { quantity: 1, price: '10000000000.01' },
    ];
    const order = (o: { quantity: number | string; price: string }) => ({ product: 'P', ...o });
    for (const o of tooMuch) {
      const what = `${o.quantity} × ${o.price}`;
      const clean = await call('POST', '/api/v1/orders', { contact_id: contactId, ...order(o) });
      expect(clean.statusCode, what).toBe(400);
      expect(clean.json().errors.price[0].code, what).toBe('order_total_too_big');
      const seed = await call('POST', '/api/orders/add/', { client: contactId, ...order(o) });
      expect(seed.statusCode, what).toBe(400);
      expect(seed.json().success).toBe(false);
      expect(seed.json().errors.price[0], what).toContain('10000000000.00');
    }
    const many = await call('POST', '/api/v1/orders', {
      contact_id: contactId,
      ...order({ quantity: 1_000_001, price: '0.01' }),
    });
    expect(many.json().errors.quantity[0].code).toBe('too_big');
    const b = await browserAs(env, ['admin']);
    const counted = [await countRows(env, 'orders'), await countRows(env, 'activityLog')];
    const form = { product: 'P', quantity: '1000000', price: '999999999999.99' };
    const page = await b.post('/orders/new', { contact_id: String(contactId), ...form });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('10000000000.00');
    expect([await countRows(env, 'orders'), await countRows(env, 'activityLog')]).toEqual(counted);
    expect(counted[0]).toBe(before[0]);
  });

  it('keeps the largest orders allowed exact to the cent, in the order, the seed API and a report', async () => {
    const sizes = [
      { quantity: 1_000_000, price: '10000.00', total: '10000000000.00' },
      { quantity: 3, price: '3333333333.33', total: '9999999999.99' },
      { quantity: 1, price: '0.01', total: '0.01' },
    ];
    const ids: number[] = [];
    for (const s of sizes) {
      const res = await call('POST', '/api/v1/orders', { contact_id: contactId, product: 'Max', ...s });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().total_price).toBe(s.total);
      ids.push(res.json().id);
      expect((await call('GET', `/api/orders/get/${res.json().id}/`)).json().total_price).toBe(s.total);
    }
    const report = await call('POST', '/api/v1/reports', { period: 'week' });
    expect(report.statusCode).toBe(201);
    const seedReports = (await call('GET', '/api/reports/get/')).json().reports;
    const mine = seedReports.find((r: { id: number }) => r.id === report.json().id);
    // Every order of the week is summed, these three and any other test's in this database.
    const others = (await call('GET', '/api/v1/orders?per_page=100')).json().items as {
      id: number;
      total_price: string;
    }[];
    const cents = others.reduce((n, o) => n + BigInt(o.total_price.replace('.', '')), 0n);
    const exact = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
    expect(mine.total_orders_sum).toBe(exact);
    expect(ids.length).toBe(3);
  });
});
