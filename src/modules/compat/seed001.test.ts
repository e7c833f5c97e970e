/**
 * Seed 001's API, replayed from its README: every documented request, as JSON and as a form body, with the
 * documented status and response shape — then the bad inputs, each a 4xx JSON error that writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { countRows, makeUser } from '../../test/http.js';

type Encoding = 'json' | 'form';

function client(env: TestEnv, token: () => string) {
  return async (
    method: string,
    url: string,
    body?: Record<string, unknown>,
    encoding: Encoding = 'json',
    headers = {},
  ) => {
    const h: Record<string, string> = { authorization: `Bearer ${token()}`, ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      if (encoding === 'json') {
        h['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      } else {
        h['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
      }
    }
    return env.app.inject({ method: method as 'POST', url, payload, headers: h });
  };
}

describeEachDialect('seed 001 API', (env) => {
  let token = '';
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    const u = await makeUser(env, { roles: ['manager'] });
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: u.username, password: u.password },
    });
    token = res.json().access;
    call = client(env, () => token);
  });

  for (const encoding of ['json', 'form'] as const) {
    describe(`as ${encoding}`, () => {
      const email = `ivanov.${encoding}@example.com`;
      let clientId = 0;
      let orderId = 0;
      let reportId = 0;

      it('adds a client and gets it back', async () => {
        const res = await call(
          'POST',
          '/api/clients/add/',
          {
            first_name: 'Иван',
            last_name: 'Иванов',
            middle_name: 'Иванович',
            mobile_phone: '+79001234567',
            email,
          },
          encoding,
        );
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json()).sort()).toEqual(['id', 'success']);
        expect(res.json().success).toBe(true);
        clientId = res.json().id;
        const got = await call('POST', `/api/clients/get/${clientId}/`);
        expect(got.statusCode).toBe(200);
        expect(got.json()).toEqual({
          client: {
            id: clientId,
            first_name: 'Иван',
            last_name: 'Иванов',
            middle_name: 'Иванович',
            mobile_phone: '+79001234567',
            email,
          },
        });
      });

      it('lists clients with start_id, status, search and order_by', async () => {
        const res = await call(
          'POST',
          '/api/clients/get/',
          { start_id: 0, status: 'active', search: 'иванов иван', order_by: '-id' },
          encoding,
        );
        expect(res.statusCode).toBe(200);
        const list = res.json().clients as { id: number }[];
        expect(Object.keys(res.json())).toEqual(['clients']);
        expect(list.some((c) => c.id === clientId)).toBe(true);
        expect(Object.keys(list[0]!).sort()).toEqual([
          'email',
          'first_name',
          'id',
          'last_name',
          'middle_name',
          'mobile_phone',
        ]);
        const reversed = await call('POST', '/api/clients/get/', { search: 'Иван Иванов' }, encoding);
        expect(reversed.json().clients.some((c: { id: number }) => c.id === clientId)).toBe(true);
        const byPhone = await call('POST', '/api/clients/get/', { search: '+7 900 123' }, encoding);
        expect(byPhone.json().clients.some((c: { id: number }) => c.id === clientId)).toBe(true);
        const none = await call('POST', '/api/clients/get/', { search: 'Анатолий Несуществующий' }, encoding);
        expect(none.json()).toEqual({ clients: [] });
      });

      it('edits a client', async () => {
        const res = await call(
          'POST',
          `/api/clients/edit/${clientId}/`,
          { first_name: 'Петр', last_name: 'Петров' },
          encoding,
        );
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ success: true, id: clientId });
        const got = await call('POST', `/api/clients/get/${clientId}/`);
        expect(got.json().client).toMatchObject({
          first_name: 'Петр',
          last_name: 'Петров',
          middle_name: 'Иванович',
          email,
        });
      });

      it('adds an order, gets it, lists it and edits it', async () => {
        const res = await call(
          'POST',
          '/api/orders/add/',
          {
            client: clientId,
            product: 'Ноутбук',
            quantity: 2,
            price: '1500.00',
            description: 'Заказ ноутбука',
          },
          encoding,
        );
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json()).sort()).toEqual(['id', 'success']);
        orderId = res.json().id;
        const got = await call('POST', `/api/orders/get/${orderId}/`);
        expect(got.statusCode).toBe(200);
        const order = got.json();
        expect(order).toMatchObject({
          client: { id: clientId, full_name: 'Петров Петр Иванович', email, mobile_phone: '+79001234567' },
          product: 'Ноутбук',
          quantity: 2,
          price: '1500.00',
          total_price: '3000.00',
          description: 'Заказ ноутбука',
          status: 'Pending',
        });
        expect(order.created_at).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
        expect(Object.keys(order).sort()).toEqual(
          [
            'client',
            'created_at',
            'description',
            'price',
            'product',
            'quantity',
            'status',
            'total_price',
          ].sort(),
        );

        const list = await call(
          'POST',
          '/api/orders/get/',
          { start_id: 0, status: 'Pending', order_by: '-id', client_id: clientId, search: 'Ноутбук' },
          encoding,
        );
        expect(list.statusCode).toBe(200);
        expect(list.json().orders).toHaveLength(1);
        expect(list.json().orders[0]).toMatchObject({ id: orderId, total_price: '3000.00' });

        const edit = await call(
          'POST',
          `/api/orders/edit/${orderId}/`,
          { product: 'Смартфон', quantity: 3, price: '1000.00', status: 'Completed' },
          encoding,
        );
        expect(edit.json()).toEqual({ success: true, id: orderId });
        const after = (await call('POST', `/api/orders/get/${orderId}/`)).json();
        expect(after).toMatchObject({
          product: 'Смартфон',
          quantity: 3,
          price: '1000.00',
          total_price: '3000.00',
          status: 'Completed',
        });
        // The list shows Pending orders unless asked otherwise, as the seed did.
        const pending = await call('POST', '/api/orders/get/', { client_id: clientId }, encoding);
        expect(pending.json()).toEqual({ orders: [] });
        const completed = await call(
          'POST',
          '/api/orders/get/',
          { client_id: clientId, status: 'Completed' },
          encoding,
        );
        expect(completed.json().orders).toHaveLength(1);
      });

      it('creates a report, lists it and downloads its text file', async () => {
        const res = await call('POST', '/api/reports/new/', { period: 'week' }, encoding);
        expect(res.statusCode).toBe(200);
        reportId = res.json().id;
        expect(res.json()).toEqual({ success: true, id: reportId });
        const list = await call('GET', '/api/reports/get/');
        const report = list.json().reports.find((r: { id: number }) => r.id === reportId);
        expect(Object.keys(report).sort()).toEqual(
          [
            'avg_order_sum',
            'completed_orders_count',
            'date_created',
            'id',
            'new_clients_count',
            'new_orders_count',
            'period',
            'total_orders_sum',
          ].sort(),
        );
        expect(report.period).toBe('week');
        expect(report.date_created).toMatch(/^\d{1,2} [а-я]+ \d{4} года, \d{2}:\d{2}$/);
        expect(report.total_orders_sum).toMatch(/^\d+\.\d{2}$/);
        const file = await call('GET', `/api/reports/get/${reportId}/`);
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-type']).toContain('text/plain');
        expect(file.headers['content-disposition']).toBe(`attachment; filename="report_${reportId}.txt"`);
        const lines = file.body.trim().split('\n');
        expect(lines[0]).toBe('Отчет за период: Неделя');
        expect(lines[1]).toBe(`Дата создания: ${report.date_created}`);
        expect(lines[2]).toBe(`Кол-во новых заказов: ${report.new_orders_count}`);
        expect(lines[4]).toBe(`Сумма новых заказов: ${report.total_orders_sum}`);
        expect(lines[6]).toBe(`Кол-во выполненных заказов: ${report.completed_orders_count}`);
      });

      it('makes a month report when no period is sent, as the original did', async () => {
        for (const body of [{}, { period: '' }]) {
          const res = await call('POST', '/api/reports/new/', body, encoding);
          expect(res.statusCode, JSON.stringify(body)).toBe(200);
          const list = await call('GET', '/api/reports/get/');
          const made = list.json().reports.find((r: { id: number }) => r.id === res.json().id);
          expect(made.period).toBe('month');
          const file = await call('GET', `/api/reports/get/${res.json().id}/`);
          expect(file.body.split('\n')[0]).toBe('Отчет за период: Месяц');
        }
        // A period that is none is still refused.
        expect((await call('POST', '/api/reports/new/', { period: 'decade' }, encoding)).statusCode).toBe(
          400,
        );
      });

      it('deletes the order and the client', async () => {
        expect((await call('DELETE', `/api/orders/delete/${orderId}/`)).json()).toEqual({ success: true });
        expect((await call('POST', `/api/orders/get/${orderId}/`)).statusCode).toBe(404);
        expect((await call('DELETE', `/api/clients/delete/${clientId}/`)).json()).toEqual({ success: true });
        expect((await call('POST', `/api/clients/get/${clientId}/`)).statusCode).toBe(404);
      });
    });
  }

  describe('report figures', () => {
    it('counts exactly the seed’s definitions over the window', async () => {
      const mk = async (email: string) =>
        (await call('POST', '/api/clients/add/', { first_name: 'A', last_name: 'B', email })).json()
          .id as number;
      const a = await mk('fig-a@example.com');
      await call('POST', '/api/orders/add/', { client: a, product: 'X', quantity: 2, price: '10.50' });
      const done = (
        await call('POST', '/api/orders/add/', { client: a, product: 'Y', quantity: 1, price: '100' })
      ).json().id;
      await call('POST', `/api/orders/edit/${done}/`, { status: 'Completed' });
      // An old order outside the window must not count.
      const old = (
        await call('POST', '/api/orders/add/', { client: a, product: 'Old', quantity: 1, price: '999.99' })
      ).json().id;
      await env.deps.db
        .updateTable('orders')
        .set({ createdAt: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', old)
        .execute();
      const before = await env.deps.db
        .selectFrom('orders')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('totalCents').as('s')])
        .where('createdAt', '>=', new Date(Date.now() - 7 * 86400_000).toISOString())
        .executeTakeFirstOrThrow();
      const id = (await call('POST', '/api/reports/new/', { period: 'week' })).json().id;
      const r = (await call('GET', '/api/reports/get/'))
        .json()
        .reports.find((x: { id: number }) => x.id === id);
      expect(r.new_orders_count).toBe(Number(before.n));
      expect(r.total_orders_sum).toBe((Number(before.s) / 100).toFixed(2));
      expect(r.avg_order_sum).toBe((Number(before.s) / 100 / Number(before.n)).toFixed(2));
      expect(r.completed_orders_count).toBeGreaterThanOrEqual(1);
      expect(r.new_clients_count).toBeGreaterThanOrEqual(1);
    });
  });

  describe('order windows', () => {
    it('pages through the orders of a status in id order, both ways, 50 at a time from start_id', async () => {
      const c = (
        await call('POST', '/api/clients/add/', {
          first_name: 'Окно',
          last_name: 'Заказов',
          email: 'win@example.com',
        })
      ).json().id;
      const statuses = ['Pending', 'Completed', 'Cancelled'] as const;
      for (let i = 0; i < 130; i++) {
        await call('POST', '/api/orders/add/', {
          client: c,
          product: `Окно ${i}`,
          quantity: 1,
          price: '1',
          status: statuses[i % 3],
        });
      }
      // Every order of each status, straight from the database, in id order.
      const all = await env.deps.db.selectFrom('orders').select(['id', 'status']).orderBy('id').execute();
      for (const status of ['Completed', 'Pending'] as const) {
        const ids = all.filter((o) => o.status === status).map((o) => o.id);
        expect(ids.length).toBeGreaterThan(43);
        const seen: number[] = [];
        const seenDesc: number[] = [];
        for (let start = 0; start < ids.length; start += 50) {
          const page = (await call('POST', '/api/orders/get/', { status, start_id: start })).json().orders;
          expect(page.every((o: { status: string }) => o.status === status)).toBe(true);
          seen.push(...page.map((o: { id: number }) => o.id));
          const desc = (
            await call('POST', '/api/orders/get/', { status, start_id: start, order_by: '-id' })
          ).json();
          seenDesc.push(...desc.orders.map((o: { id: number }) => o.id));
        }
        expect(seen).toEqual(ids);
        expect(seenDesc).toEqual([...ids].reverse());
      }
    });
  });

  describe('search', () => {
    it('treats % and _ in a search literally', async () => {
      const c = (
        await call('POST', '/api/clients/add/', { first_name: 'A', last_name: 'B', email: 'pct@example.com' })
      ).json().id;
      await call('POST', '/api/orders/add/', { client: c, product: 'Скидка 5%', quantity: 1, price: '1' });
      await call('POST', '/api/orders/add/', {
        client: c,
        product: 'Партия 500 шт',
        quantity: 1,
        price: '1',
      });
      const found = (await call('POST', '/api/orders/get/', { client_id: c, search: '5%' })).json().orders;
      expect(found.map((o: { product: string }) => o.product)).toEqual(['Скидка 5%']);
      const none = (await call('POST', '/api/orders/get/', { client_id: c, search: '_0' })).json().orders;
      expect(none).toEqual([]);
    });
  });

  describe('bad input', () => {
    it('answers missing fields with 400 and field errors, writing nothing', async () => {
      const before = await countRows(env, 'contacts');
      const res = await call('POST', '/api/clients/add/', { first_name: 'Иван' });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json().success).toBe(false);
      expect(Object.keys(res.json().errors).sort()).toEqual(['email', 'last_name']);
      const form = await call(
        'POST',
        '/api/clients/add/',
        { first_name: 'Иван', last_name: 'X', email: 'not-an-email' },
        'form',
      );
      expect(form.statusCode).toBe(400);
      expect(form.json().errors.email).toBeDefined();
      expect(await countRows(env, 'contacts')).toBe(before);
    });

    it('refuses a duplicate email with a clear message', async () => {
      await call('POST', '/api/clients/add/', { first_name: 'A', last_name: 'B', email: 'dup@example.com' });
      const res = await call('POST', '/api/clients/add/', {
        first_name: 'C',
        last_name: 'D',
        email: 'DUP@example.com',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().errors.email).toBeDefined();
    });

    it('refuses wrong types, negative quantity, bad prices and unknown clients for orders', async () => {
      const c = (
        await call('POST', '/api/clients/add/', {
          first_name: 'A',
          last_name: 'B',
          email: 'orders-bad@example.com',
        })
      ).json().id;
      const before = await countRows(env, 'orders');
      const cases: Record<string, unknown>[] = [
        { client: c, product: 'X', quantity: -1, price: '1.00' },
        { client: c, product: 'X', quantity: 'two', price: '1.00' },
        { client: c, product: 'X', quantity: 1, price: '-5' },
        { client: c, product: 'X', quantity: 1, price: '1.999' },
        { client: c, product: '', quantity: 1, price: '1.00' },
        { client: 999999, product: 'X', quantity: 1, price: '1.00' },
        { product: 'X', quantity: 1, price: '1.00' },
      ];
      for (const body of cases) {
        const res = await call('POST', '/api/orders/add/', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().success).toBe(false);
      }
      expect(await countRows(env, 'orders')).toBe(before);
    });

    it('answers unknown ids with 404, a bad order_by or start_id with 400', async () => {
      for (const url of ['/api/clients/get/999999/', '/api/orders/get/999999/', '/api/reports/get/999999/']) {
        const res = await call(url.startsWith('/api/reports') ? 'GET' : 'POST', url);
        expect(res.statusCode).toBe(404);
        expect(res.json().success).toBe(false);
      }
      expect((await call('DELETE', '/api/clients/delete/999999/')).statusCode).toBe(404);
      expect((await call('POST', '/api/clients/edit/999999/', { first_name: 'X' })).statusCode).toBe(404);
      const badSort = await call('POST', '/api/clients/get/', { order_by: 'password' });
      expect(badSort.statusCode).toBe(400);
      expect(badSort.json().errors.order_by).toBeDefined();
      expect((await call('POST', '/api/orders/get/', { start_id: 'abc' })).statusCode).toBe(400);
      expect((await call('POST', '/api/orders/get/', { status: 'Lost' })).statusCode).toBe(400);
      expect((await call('POST', '/api/reports/new/', { period: 'decade' })).statusCode).toBe(400);
    });

    it('answers a start_id past any page with an empty list, and one past exact numbers with 400', async () => {
      for (const path of ['/api/clients/get/', '/api/orders/get/']) {
        const key = path.includes('clients') ? 'clients' : 'orders';
        for (const start of [Number.MAX_SAFE_INTEGER, String(Number.MAX_SAFE_INTEGER)]) {
          const res = await call('POST', path, { start_id: start });
          expect(res.statusCode, `${path} ${start}`).toBe(200);
          expect(res.json()).toEqual({ [key]: [] });
        }
        for (const [start, encoding] of [
          [1e21, 'json'],
          ['1000000000000000000000', 'form'],
          [Number.MAX_SAFE_INTEGER + 2, 'json'],
        ] as const) {
          const res = await call('POST', path, { start_id: start }, encoding);
          expect(res.statusCode, `${path} ${start}`).toBe(400);
          expect(res.json()).toEqual({
            success: false,
            error: 'start_id must be a whole number ≥ 0',
            errors: { start_id: ['Ensure this value is less than or equal to 9007199254740991.'] },
          });
        }
        const get = await call('GET', `${path}?start_id=1e21`);
        expect(get.statusCode).toBe(400);
      }
    });

    it('answers the wrong method with 405 and malformed JSON with 400', async () => {
      const wrong = await call('GET', '/api/clients/add/');
      expect(wrong.statusCode).toBe(405);
      expect(wrong.headers.allow).toBe('POST');
      expect((await call('POST', '/api/clients/delete/1/')).statusCode).toBe(405);
      const malformed = await env.app.inject({
        method: 'POST',
        url: '/api/clients/add/',
        payload: '{"first_name": "Иван",',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().success).toBe(false);
    });

    it('answers a missing, bad or expired token with 401 JSON and writes nothing', async () => {
      const before = await countRows(env, 'activityLog');
      const contacts = await countRows(env, 'contacts');
      for (const authorization of [
        undefined,
        'Bearer nonsense',
        'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.x',
      ]) {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/clients/add/',
          payload: { first_name: 'A', last_name: 'B', email: 'noauth@example.com' },
          headers: authorization ? { authorization } : {},
        });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('json');
      }
      expect(await countRows(env, 'contacts')).toBe(contacts);
      expect(await countRows(env, 'activityLog')).toBe(before);
    });
  });
});
