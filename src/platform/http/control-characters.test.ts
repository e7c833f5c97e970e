/**
 * One rule for control characters, the same on both databases: PostgreSQL cannot store NUL and SQLite can, so
 * NUL (and the other C0 controls but tab, line feed and carriage return) is refused as a field error wherever it
 * comes in — a body field of any encoding, a query (every search, list, export and page), a path — and nothing is
 * written. Database refusals that input slipped past anyway are a 4xx too, never a 500.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, bearerClient, browserAs, countRows, multipart } from '../../test/http.js';
import { classify } from './error-handler.js';

describeEachDialect('control characters in input', (env) => {
  let token = '';
  let contactId = 0;
  const call = bearerClient(env, () => token);
  const written = async () =>
    Promise.all(
      (['contacts', 'orders', 'activityLog', 'users', 'calls', 'callCampaigns'] as const).map((t) =>
        countRows(env, t),
      ),
    );

  beforeAll(async () => {
    token = (await apiUser(env, ['admin'])).token;
    const c = await call('POST', '/api/v1/contacts', {
      first_name: 'Нуль',
      last_name: 'Байтов',
      email: 'nul.byte@example.test',
    });
    contactId = c.json().id;
  });

  it('refuses NUL and other control characters in a text field as a field error, writing nothing', async () => {
    // Signed in for the HTML form below, before counting.
    const b = await browserAs(env, ['manager']);
    const before = await written();
    for (const bad of ['a\u0000b', '\u0001', 'x\u001by', 'tab\u000bvertical']) {
      const cases: [string, string, Record<string, unknown>, string][] = [
        [
          'POST',
          '/api/v1/contacts',
          { first_name: bad, last_name: 'B', email: 'nul.c@example.test' },
          'first_name',
        ],
        ['PATCH', `/api/v1/contacts/${contactId}`, { middle_name: bad }, 'middle_name'],
        ['POST', '/api/v1/orders', { contact_id: contactId, product: bad, price: '1.00' }, 'product'],
        ['PATCH', '/api/v1/me', { position: bad }, 'position'],
        ['POST', '/api/v1/calls', { company_name: 'C', description: bad }, 'description'],
        ['POST', '/api/v1/call-campaigns', { name: bad }, 'name'],
      ];
      for (const [method, url, body, field] of cases) {
        const res = await call(method, url, body);
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(bad)}`).toBe(400);
        expect(res.json().errors[field][0].code, url).toBe('control_characters');
      }
    }
    // Seed 001's API, as JSON, form and multipart (which the service reads itself), answers in its own shape.
    const fields = { first_name: 'a\u0000b', last_name: 'B', email: 'nul.seed@example.test' };
    const asJson = await call('POST', '/api/clients/add/', fields);
    const asForm = await call('POST', '/api/clients/add/', new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const m = multipart('x.txt', Buffer.from(''), 'text/plain', fields, 'ignored');
    const asMultipart = await call(
      'POST',
      '/api/clients/add/',
      // Fields only: the file part is cut off, as a form without a file sends it.
      m.payload.subarray(
        0,
        m.payload.indexOf(Buffer.from('Content-Disposition: form-data; name="ignored"')) - 2,
      ),
      m.headers,
    );
    for (const res of [asJson, asForm]) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ success: false, errors: { first_name: [expect.any(String)] } });
    }
    expect(asMultipart.statusCode).toBe(400);
    expect(asMultipart.json().errors.first_name).toHaveLength(1);

    const page = await b.post('/contacts/new', {
      first_name: 'a\u0000b',
      last_name: 'B',
      email: 'nul.page@example.test',
    });
    expect(page.statusCode).toBeGreaterThanOrEqual(400);
    expect(page.statusCode).toBeLessThan(500);
    expect(await written()).toEqual(before);
  });

  it('answers a search term holding NUL alike on every search: APIs, seed API, exports and pages', async () => {
    const api = [
      '/api/v1/contacts?search=a%00b',
      '/api/v1/orders?search=a%00b',
      '/api/v1/calls?search=a%00b',
      '/api/v1/contacts/export?search=a%00b',
      '/api/v1/orders/export?search=a%00b',
      '/api/v1/calls/export?search=a%00b',
      '/api/clients/get/?search=a%00b',
      '/api/orders/get/?search=a%00b',
      '/api/v1/calls/export?area=a%00b',
    ];
    const b = await browserAs(env, ['admin']);
    const pages = ['contacts', 'orders', 'calls', 'companies', 'admin/users', 'contacts/export'].map(
      (p) => `/${p}?q=a%00b`,
    );
    pages.push('/admin/outgoing?purpose=a%00b');
    const answers = await Promise.all([
      ...api.map((url) => call('GET', url)),
      ...pages.map((url) => b.get(url)),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([...api, ...pages].map(() => 400));
    // Tab, line feed and carriage return are ordinary whitespace in a search.
    expect((await call('GET', '/api/v1/contacts?search=%09a%0Ab%0D')).statusCode).toBe(200);
  });
});

it('answers a database refusal that input slipped past with a 4xx, never a 500', () => {
  const pgFk = Object.assign(new Error('insert or update on table "contacts" violates foreign key'), {
    code: '23503',
  });
  const sqliteFk = Object.assign(new Error('FOREIGN KEY constraint failed'), {
    code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  });
  const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  const range = Object.assign(new Error('value "2147483648" is out of range for type integer'), {
    code: '22003',
  });
  expect(classify(pgFk)).toMatchObject({ status: 409, code: 'reference.missing', expected: true });
  expect(classify(sqliteFk)).toMatchObject({ status: 409, code: 'reference.missing', expected: true });
  expect(classify(nul)).toMatchObject({ status: 400, code: 'request.bad_value', expected: true });
  expect(classify(range)).toMatchObject({ status: 400, code: 'request.bad_value', expected: true });
  expect(classify(new Error('boom'))).toMatchObject({ status: 500, expected: false });
});
