/**
 * Phones stored one way by every path (contact form, clean API, seed 001's API, imports of contacts and of call
 * targets, calls): a number dialled at home in `DEFAULT_COUNTRY` becomes E.164 (`89001112244` → `+79001112244`),
 * a foreign one keeps its `+`, an invalid one is refused with a field message, and search finds the stored form.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { apiUser, Browser, importFile, makeUser } from '../../test/http.js';

/** A new contact's fields: `who` names them and their email (`who@example.ru`). */
const person = (who: string, phone?: string) => ({
  first_name: 'Тест',
  last_name: who,
  email: `${who}@example.ru`,
  ...(phone === undefined ? {} : { mobile_phone: phone }),
});

const phoneOf = async (env: TestEnv, email: string) =>
  (
    await env.deps.db
      .selectFrom('contacts')
      .select('mobilePhone')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
  ).mobilePhone;

describeEachDialect(
  'one phone format (DEFAULT_COUNTRY=RU)',
  (env) => {
    let manager: Browser;
    let token = '';
    const seedApi = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      env.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });

    beforeAll(async () => {
      const m = await makeUser(env, { roles: ['manager'] });
      manager = new Browser(env.app);
      await manager.login(m.username, m.password);
      token = (await apiUser(env, ['manager'])).token;
    });

    it('stores a Russian number dialled at home as +7 from the form, the API and seed 001’s API', async () => {
      const form = await manager.post('/contacts/new', person('form', '89001112244'));
      expect(form.statusCode).toBe(303);
      expect(await phoneOf(env, 'form@example.ru')).toBe('+79001112244');

      const api = await seedApi('POST', '/api/v1/contacts', person('api', '8 (900) 111-22-45'));
      expect(api.statusCode).toBe(201);
      expect(api.json().mobile_phone).toBe('+79001112245');

      const seed = await seedApi('POST', '/api/clients/add/', person('seed', '8 900 111 22 46'));
      expect(seed.json()).toMatchObject({ success: true });
      const got = await seedApi('GET', `/api/clients/get/${seed.json().id}/`);
      expect(got.json().client.mobile_phone).toBe('+79001112246');

      const foreign = await seedApi('POST', '/api/v1/contacts', person('elodie', '+33 6 12 34 56 78'));
      expect(foreign.json().mobile_phone).toBe('+33612345678');
    });

    it('refuses a number no plan allows, with the field’s message, on every transport', async () => {
      const form = await manager.post('/contacts/new', person('bad', '+89001112244'));
      expect(form.statusCode).toBe(422);
      expect(form.body).toMatch(/data-field-error="mobile_phone"[^>]*>This is not a phone number/);
      const api = await seedApi('POST', '/api/v1/contacts', person('bad', '12345'));
      expect(api.statusCode).toBe(400);
      expect(api.json().errors.mobile_phone[0].code).toBe('invalid_phone');
      const seed = await seedApi('POST', '/api/clients/add/', person('bad', '8 900'));
      expect(seed.statusCode).toBe(400);
      expect(seed.json().errors.mobile_phone).toBeDefined();
      expect(
        await env.deps.db.selectFrom('contacts').select('id').where('email', '=', 'bad@example.ru').execute(),
      ).toEqual([]);
    });

    it('finds a contact by its number typed the way people dial it, in pages and seed 001’s search', async () => {
      for (const typed of ['8 (900) 111-22-44', '+7 900 111-22-44', '900 111']) {
        const page = await manager.get(`/contacts?q=${encodeURIComponent(typed)}`);
        expect(page.body, typed).toContain('form@example.ru');
      }
      const seed = await seedApi('GET', '/api/clients/get/?search=89001112244');
      expect(seed.json().clients.map((c: { email: string }) => c.email)).toEqual(['form@example.ru']);
    });

    it('keeps a number stored before the rule while the rest of the contact is edited', async () => {
      const id = (await seedApi('POST', '/api/v1/contacts', person('legacy'))).json().id as number;
      await env.deps.db
        .updateTable('contacts')
        .set({ mobilePhone: '+89001112299' })
        .where('id', '=', id)
        .execute();
      const edit = await seedApi('PATCH', `/api/v1/contacts/${id}`, { first_name: 'Новый' });
      expect(edit.statusCode).toBe(200);
      expect(edit.json()).toMatchObject({ first_name: 'Новый', mobile_phone: '+89001112299' });
      const fixed = await seedApi('PATCH', `/api/v1/contacts/${id}`, { mobile_phone: '8 900 111 22 99' });
      expect(fixed.json().mobile_phone).toBe('+79001112299');
    });

    it('normalises imported contacts and lists the refused rows with their message in the preview', async () => {
      const csv = Buffer.from(
        [
          'Фамилия;Имя;Email;Телефон',
          'Импортов;Олег;import1@example.ru;8 900 111-22-47',
          'Неверов;Борис;import2@example.ru;8 900 111',
          'Лондон;Джон;import3@example.ru;+44 20 7946 0958',
        ].join('\r\n'),
      );
      const { preview, done } = await importFile(env, manager, 'contacts', csv);
      // The problem is listed per row above the table, and said again in the row's cell.
      const list = /<section[^>]*data-preview-errors[\s\S]*?<\/section>/.exec(preview)?.[0] ?? '';
      expect(list).toMatch(
        /data-error-line="3"[\s\S]*data-error-field="mobile_phone"[\s\S]*This is not a phone/,
      );
      expect(list).not.toContain('data-error-line="2"');
      expect(preview.indexOf('data-preview-errors')).toBeLessThan(preview.indexOf('data-import-preview'));
      expect(preview).toMatch(/data-preview-line="3"[\s\S]*?data-cell-error="mobile_phone"/);
      expect(done).toMatchObject({ state: 'done', createdCount: 2, errorCount: 1 });
      expect(await phoneOf(env, 'import1@example.ru')).toBe('+79001112247');
      expect(await phoneOf(env, 'import3@example.ru')).toBe('+442079460958');
    });

    it('normalises the phones of calls logged by hand and of companies imported into a campaign', async () => {
      const call = await manager.post('/calls/new', {
        company_name: 'ООО Звонок',
        phone: '8 (495) 123-45-67',
        lead_result: 'none',
      });
      expect(call.statusCode).toBe(303);
      const id = Number(/\/calls\/(\d+)/.exec(String(call.headers.location))?.[1]);
      expect(JSON.parse((await manager.get(`/api/v1/calls/${id}`)).body).phone).toBe('+74951234567');
      const bad = await manager.post('/calls/new', {
        company_name: 'ООО Ошибка',
        phone: '123',
        lead_result: 'none',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('data-field-error="phone"');

      const made = await manager.post('/call-campaigns', { name: `Телефоны ${env.dialect}` });
      const campaign = Number(/\/call-campaigns\/(\d+)/.exec(String(made.headers.location))?.[1]);
      const csv = Buffer.from('nom;tel\r\nАльфа;8 900 111-22-48\r\nБета;0000\r\nГамма;\r\n');
      const { done } = await importFile(env, manager, 'call_targets', csv, campaign);
      expect(done).toMatchObject({ state: 'done', createdCount: 2, errorCount: 1 });
      const phones = await env.deps.db
        .selectFrom('campaignTargets as t')
        .innerJoin('companies as c', 'c.id', 't.companyId')
        .select(['c.name', 'c.phone'])
        .where('t.campaignId', '=', campaign)
        .orderBy('c.name')
        .execute();
      expect(phones).toEqual([
        { name: 'Альфа', phone: '+79001112248' },
        { name: 'Гамма', phone: 'Non renseigne' },
      ]);
    });
  },
  { DEFAULT_COUNTRY: 'RU' },
);

describeEachDialect(
  'one phone format (DEFAULT_COUNTRY=FR)',
  (env) => {
    it('reads numbers without + as dialled in France', async () => {
      const m = await makeUser(env, { roles: ['manager'] });
      const b = new Browser(env.app);
      await b.login(m.username, m.password);
      const ok = await b.post('/contacts/new', person('lea', '06 12 34 56 78'));
      expect(ok.statusCode).toBe(303);
      expect(await phoneOf(env, 'lea@example.ru')).toBe('+33612345678');
      const russianAtHome = await b.post('/contacts/new', person('ivan', '89001112244'));
      expect(russianAtHome.statusCode).toBe(422);
    });
  },
  { DEFAULT_COUNTRY: 'FR' },
);
