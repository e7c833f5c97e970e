/**
 * The call log (seed 000's "touches"): calls logged by hand through the form and the API, "My calls" and "All
 * calls" with filters, ownership (operators change only their own calls; managers every call), deletion with
 * confirmation, calls on the contact's timeline, and the CSV export read in batches.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';
import { createContact } from '../contacts/contacts.service.js';

describeEachDialect('call log', (env) => {
  let olga: Browser;
  let ivan: Browser;
  let manager: Browser;
  let olgaId: number;
  let contactId: number;

  beforeAll(async () => {
    olga = new Browser(env.app);
    ivan = new Browser(env.app);
    manager = new Browser(env.app);
    const o = await makeUser(env, { roles: ['operator'] });
    const i = await makeUser(env, { roles: ['operator'] });
    const m = await makeUser(env, { roles: ['manager'] });
    olgaId = o.id;
    await olga.login(o.username, o.password);
    await ivan.login(i.username, i.password);
    await manager.login(m.username, m.password);
    contactId = await createContact(
      {
        ...env.ctx(),
        actor: {
          id: m.id,
          username: m.username,
          firstName: '',
          lastName: '',
          email: '',
          roles: ['manager'],
          locale: null,
          departmentId: null,
          via: 'session',
        },
      },
      {
        first_name: 'Пётр',
        last_name: 'Иванов',
        email: 'petr@example.ru',
        mobile_phone: '+79001234567',
        status: 'lead',
      },
    );
  });

  it('logs a call by hand with seed 000’s fields, and shows it in "My calls" and on the contact', async () => {
    const bad = await olga.post('/calls/new', {
      company_name: '',
      phone: 'abc',
      lead_result: 'maybe',
      price_per_month: '12,345',
    });
    expect(bad.statusCode).toBe(422);
    for (const f of ['company_name', 'phone', 'lead_result', 'price_per_month'])
      expect(bad.body).toContain(`data-field-error="${f}"`);
    expect(await countRows(env, 'calls')).toBe(0);

    const res = await olga.post('/calls/new', {
      company_name: 'ООО «Ромашка»',
      phone: '+7 495 123-45-67',
      person_name: 'Анна Смирнова',
      position: 'Директор',
      responsibility: 'Закупки',
      description: 'Интересуется выгрузкой данных',
      data_type: 'CSV',
      amount: '10 000 записей',
      price_per_month: '1500,50',
      price_per_file: '',
      lead_result: 'success',
      fail_reason: 'ignored unless failed',
      area: 'Москва',
      next_step: 'Отправить КП',
      called_at: '2026-11-20T14:30',
      contact_id: String(contactId),
    });
    expect(res.statusCode).toBe(303);
    const id = Number(/\/calls\/(\d+)/.exec(String(res.headers.location))?.[1]);
    const api = JSON.parse((await olga.get(`/api/v1/calls/${id}`)).body);
    expect(api).toMatchObject({
      source: 'manual',
      user_id: olgaId,
      company_name: 'ООО «Ромашка»',
      price_per_month: '1500.50',
      price_per_file: null,
      lead_result: 'success',
      fail_reason: '',
      area: 'Москва',
      // 14:30 in Moscow is 11:30 UTC.
      called_at: '2026-11-20T11:30:00.000Z',
      contact_id: contactId,
    });
    const mine = await olga.get('/calls?mine=1');
    expect(mine.body).toContain(`data-call-row="${id}"`);
    expect((await ivan.get('/calls?mine=1')).body).not.toContain(`data-call-row="${id}"`);
    const contact = await manager.get(`/contacts/${contactId}`);
    expect(contact.body).toContain(`data-timeline-call="${id}"`);
  });

  it('filters all calls by operator, lead result, area, date and words', async () => {
    await ivan.post('/calls/new', {
      company_name: 'Альфа',
      lead_result: 'fail',
      fail_reason: 'Дорого',
      area: 'Казань',
      called_at: '2026-11-21T10:00',
    });
    await ivan.post('/calls/new', {
      company_name: 'Бета',
      lead_result: 'hesitant',
      area: 'Москва',
      called_at: '2026-11-22T10:00',
    });
    const names = async (b: Browser, q: string) =>
      [...(await b.get(`/calls?${q}`)).body.matchAll(/data-call-row="\d+"[\s\S]*?<\/tr>/g)].map(
        (m) => /Ромашка|Альфа|Бета/.exec(m[0])?.[0],
      );
    expect(await names(olga, '')).toEqual(['Бета', 'Альфа', 'Ромашка']);
    // The area filter offers each area once, in order.
    const areaSelect =
      /<select name="area"[\s\S]*?<\/select>/.exec((await olga.get('/calls')).body)?.[0] ?? '';
    expect([...areaSelect.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Казань',
      'Москва',
    ]);
    expect(await names(olga, `user=${olgaId}`)).toEqual(['Ромашка']);
    expect(await names(olga, 'lead=fail')).toEqual(['Альфа']);
    expect(await names(olga, `area=${encodeURIComponent('Москва')}`)).toEqual(['Бета', 'Ромашка']);
    expect(await names(olga, 'from=2026-11-21&to=2026-11-21')).toEqual(['Альфа']);
    expect(await names(olga, `q=${encodeURIComponent('ромашка')}`)).toEqual(['Ромашка']);
    const page = JSON.parse((await olga.get('/api/v1/calls?per_page=2&lead_result=hesitant')).body);
    expect(page).toMatchObject({ total: 1, items: [{ company_name: 'Бета' }] });
  });

  it('lets operators change and delete only their own calls; managers all', async () => {
    const [romashka] = await env.deps.db
      .selectFrom('calls')
      .select('id')
      .where('userId', '=', olgaId)
      .execute();
    const id = romashka!.id;
    expect((await ivan.get(`/calls/${id}/edit`)).statusCode).toBe(303);
    expect((await ivan.post(`/calls/${id}/edit`, { company_name: 'Hijacked' })).statusCode).toBe(403);
    expect((await ivan.post(`/calls/${id}/delete`)).statusCode).toBe(403);
    const patch = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/calls/${id}`,
      payload: { next_step: 'Встреча в пятницу' },
      headers: { cookie: manager.cookieHeader, 'x-csrf-token': manager.csrf },
    });
    expect(patch.statusCode).toBe(200);
    // Only the field sent changed.
    expect(JSON.parse(patch.body)).toMatchObject({
      next_step: 'Встреча в пятницу',
      company_name: 'ООО «Ромашка»',
      price_per_month: '1500.50',
    });
    const confirm = await olga.get(`/calls/${id}/delete`);
    expect(confirm.body).toContain('data-delete-call');
    expect((await olga.post(`/calls/${id}/delete`)).statusCode).toBe(303);
    expect((await olga.get(`/api/v1/calls/${id}`)).statusCode).toBe(404);
  });

  it('exports every call once, newest first, across read batches and calls made at the same minute', async () => {
    // 700 calls, three per minute: the export reads them 250 at a time, so batches end inside a minute.
    const base = Date.parse('2026-11-20T12:00:00.000Z');
    const rows = Array.from({ length: 700 }, (_, i) => {
      const at = new Date(base - Math.floor(i / 3) * 60_000).toISOString();
      return {
        userId: olgaId,
        source: 'manual' as const,
        companyName: `Batch firm ${i}`,
        phone: `+7900${String(i).padStart(7, '0')}`,
        calledAt: at,
        searchText: `batch firm ${i}`,
        createdAt: at,
        updatedAt: at,
      };
    });
    await env.deps.db.insertInto('calls').values(rows).execute();
    const res = await manager.get('/calls/export?format=csv', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    const firms = lines
      .slice(1)
      .map((l) => l.split(',')[0]!)
      .filter((n) => n.startsWith('Batch firm '));
    // Newest minute first; within a minute, the latest id first.
    const expected = Array.from({ length: 700 }, (_, i) => i)
      .sort((a, b) => Math.floor(a / 3) - Math.floor(b / 3) || b - a)
      .map((i) => `Batch firm ${i}`);
    expect(firms).toEqual(expected);
    expect(lines.length - 1).toBe(await countRows(env, 'calls'));
  });
});
