/**
 * One clock per user: each account has a time zone (the browser's at the first sign-in, else the company's
 * `TIME_ZONE`, changeable on the account page); pages, forms, filters and exports use it, while the JSON API
 * keeps ISO UTC and the seed APIs keep the company's zone.
 */
import { beforeAll, expect, it } from 'vitest';
import { formatRussianLong } from '../../platform/dates.js';
import { createTranslate } from '../../platform/i18n/index.js';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, Browser, makeUser } from '../../test/http.js';

/** Signs in as a browser whose script sent `zone` (or none). */
async function signIn(b: Browser, u: { username: string; password: string }, zone?: string) {
  const res = await b.post('/login', {
    login: u.username,
    password: u.password,
    next: '/welcome',
    ...(zone === undefined ? {} : { time_zone: zone }),
  });
  expect(res.statusCode).toBe(303);
}

const zoneOf = async (env: { deps: { db: import('../../database.js').Db } }, id: number) =>
  (await env.deps.db.selectFrom('users').select('timeZone').where('id', '=', id).executeTakeFirstOrThrow())
    .timeZone;

describeEachDialect(
  'time zone per user',
  (env) => {
    // Vladivostok is UTC+10, New York UTC−4 in March 2026 (summer time from 8 March), Moscow UTC+3.
    let vlad: Browser;
    let ny: Browser;
    let company: Browser;
    let vladId = 0;
    let vladUser: { username: string; password: string };
    let callId = 0;

    beforeAll(async () => {
      vlad = new Browser(env.app);
      ny = new Browser(env.app);
      company = new Browser(env.app);
      const v = await makeUser(env, { roles: ['manager'] });
      const n = await makeUser(env, { roles: ['manager'] });
      const c = await makeUser(env, { roles: ['manager'] });
      vladId = v.id;
      vladUser = v;
      await signIn(vlad, v, 'Asia/Vladivostok');
      await signIn(ny, n, 'America/New_York');
      await signIn(company, c);
      // Typed by the Vladivostok user: 01:08 on 11 March, their time.
      const res = await vlad.post('/calls/new', {
        company_name: 'Clockwork LLC',
        lead_result: 'none',
        called_at: '2026-03-11T01:08',
      });
      expect(res.statusCode).toBe(303);
      callId = Number(/\/calls\/(\d+)/.exec(String(res.headers.location))?.[1]);
    });

    it('takes the browser’s zone at the first sign-in only, else follows TIME_ZONE', async () => {
      expect(await zoneOf(env, vladId)).toBe('Asia/Vladivostok');
      const again = new Browser(env.app);
      await signIn(again, vladUser, 'Europe/Paris');
      expect(await zoneOf(env, vladId)).toBe('Asia/Vladivostok');
      const nobody = await makeUser(env, { roles: ['operator'] });
      await signIn(new Browser(env.app), nobody, 'Not/AZone');
      expect(await zoneOf(env, nobody.id)).toBeNull();
    });

    it('shows the same call at each reader’s clock, and the API in UTC', async () => {
      const api = JSON.parse((await vlad.get(`/api/v1/calls/${callId}`)).body);
      expect(api.called_at).toBe('2026-03-10T15:08:00.000Z');
      const shown = async (b: Browser) => {
        const body = (await b.get(`/calls/${callId}`, { 'accept-language': 'en' })).body;
        return /Mar \d+, 2026, \d+:\d+\s[AP]M/u.exec(body)?.[0].replace(/\s/gu, ' ');
      };
      expect(await shown(vlad)).toBe('Mar 11, 2026, 1:08 AM');
      expect(await shown(ny)).toBe('Mar 10, 2026, 11:08 AM');
      // No zone of their own: the company's (Moscow).
      expect(await shown(company)).toBe('Mar 10, 2026, 6:08 PM');
    });

    it('fills the edit form in the reader’s zone and saves it back without shifting', async () => {
      for (const [b, local] of [
        [vlad, '2026-03-11T01:08'],
        [ny, '2026-03-10T11:08'],
      ] as const) {
        const form = (await b.get(`/calls/${callId}/edit`)).body;
        const value = /name="called_at"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="called_at"/.exec(form);
        expect(value?.[1] ?? value?.[2]).toBe(local);
        const version = /name="version" value="(\d+)"/.exec(form)?.[1] ?? '';
        const saved = await b.post(`/calls/${callId}/edit`, {
          company_name: 'Clockwork LLC',
          lead_result: 'none',
          called_at: local,
          next_step: `saved from ${local}`,
          version,
        });
        expect(saved.statusCode).toBe(303);
        const api = JSON.parse((await b.get(`/api/v1/calls/${callId}`)).body);
        expect(api.called_at).toBe('2026-03-10T15:08:00.000Z');
      }
    });

    it('reads a page’s day filter as the reader’s days, and exports in the reader’s zone', async () => {
      const listed = async (b: Browser, q: string) =>
        (await b.get(`/calls?${q}`)).body.includes(`data-call-row="${callId}"`);
      expect(await listed(vlad, 'from=2026-03-11&to=2026-03-11')).toBe(true);
      expect(await listed(ny, 'from=2026-03-11&to=2026-03-11')).toBe(false);
      expect(await listed(ny, 'from=2026-03-10&to=2026-03-10')).toBe(true);
      const csvDate = async (b: Browser) => {
        const csv = (await b.get('/calls/export?format=csv')).body;
        const line = csv.split('\r\n').find((l) => l.startsWith('Clockwork LLC'));
        return /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(line ?? '')?.[0];
      };
      expect(await csvDate(vlad)).toBe('2026-03-11 01:08');
      expect(await csvDate(ny)).toBe('2026-03-10 11:08');
    });

    it('changes the zone on the account page, refusing a name that is no zone', async () => {
      const page = (await vlad.get('/account')).body;
      expect(page).toContain('list="time-zones"');
      expect(page).toContain('<option value="Europe/Paris">');
      const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? '';
      const profile = { email: `${vladUser.username}@example.test`, locale: 'en', version };
      const bad = await vlad.post('/account/profile', { ...profile, time_zone: 'Mars/Olympus_Mons' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('data-field-error="time_zone"');
      expect(await zoneOf(env, vladId)).toBe('Asia/Vladivostok');
      const ok = await vlad.post('/account/profile', { ...profile, time_zone: 'Europe/Paris' });
      expect(ok.statusCode).toBe(303);
      expect(await zoneOf(env, vladId)).toBe('Europe/Paris');
      const body = (await vlad.get(`/calls/${callId}`, { 'accept-language': 'en' })).body;
      expect(body.replace(/\s/gu, ' ')).toContain('Mar 10, 2026, 4:08 PM');
      // Emptied: back to the company's zone.
      const v2 = /name="version" value="(\d+)"/.exec((await vlad.get('/account')).body)?.[1] ?? '';
      await vlad.post('/account/profile', { ...profile, version: v2, time_zone: '' });
      expect(await zoneOf(env, vladId)).toBeNull();
    });

    it('keeps the seed 001 API and its report file in the company’s zone whatever the user’s', async () => {
      const n = await apiUser(env, ['manager']);
      await signIn(new Browser(env.app), n, 'America/New_York');
      const token = n.token;
      const auth = { authorization: `Bearer ${token}` };
      const client = await env.app.inject({
        method: 'POST',
        url: '/api/clients/add/',
        headers: auth,
        payload: { first_name: 'Пётр', last_name: 'Часов', email: 'chasov@example.ru' },
      });
      const order = await env.app.inject({
        method: 'POST',
        url: '/api/orders/add/',
        headers: auth,
        payload: { client: client.json().id, product: 'Часы', price: '10.00' },
      });
      const orderId = order.json().id as number;
      await env.deps.db
        .updateTable('orders')
        .set({ createdAt: '2026-03-10T15:08:00.000Z' })
        .where('id', '=', orderId)
        .execute();
      const got = await env.app.inject({ method: 'GET', url: `/api/orders/get/${orderId}/`, headers: auth });
      expect(got.json().created_at).toBe('10.03.2026 18:08');
      const report = await env.app.inject({
        method: 'POST',
        url: '/api/reports/new/',
        headers: auth,
        payload: { period: 'week' },
      });
      const id = report.json().id as number;
      const row = await env.deps.db
        .selectFrom('reports')
        .select('createdAt')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const txt = await env.app.inject({ method: 'GET', url: `/api/reports/get/${id}/`, headers: auth });
      expect(txt.body).toContain(`Дата создания: ${formatRussianLong(row.createdAt, 'Europe/Moscow')}`);
    });
  },
  { TIME_ZONE: 'Europe/Moscow' },
);

it('prints a day as that calendar day in every zone, and an instant in the translator’s zone', () => {
  const west = createTranslate('en', { timeZone: 'America/Los_Angeles' });
  expect(west.date('2026-12-01')).toBe('Dec 1, 2026');
  expect(west.date('2026-12-01T03:00:00.000Z')).toBe('Nov 30, 2026');
  expect(west.dateTimeInput('2026-12-01T03:00:00.000Z')).toBe('2026-11-30T19:00');
  expect(createTranslate('en', { timeZone: 'Asia/Tokyo' }).dateTimeInput('2026-12-01T03:00:00.000Z')).toBe(
    '2026-12-01T12:00',
  );
});
