/**
 * The basic flows around contacts and companies, through the pages and the API: a new order from the orders list
 * (its contact picked by search) or from a contact; a call logged from a contact's page; a contact belonging to
 * a company (the form picks it, the company page lists its people, their orders and its calls, the contacts
 * list filters by it, imports map it by name or id, the API shows it).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, companyFields, eventually, makeUser, newContactVia } from '../../test/http.js';
import { seedCampaign } from '../call-campaigns/internal.js';

const idFrom = (location: unknown) => Number(/(\d+)$/.exec(String(location))?.[1]);

async function companyId(env: TestEnv, name: string) {
  return (
    await env.deps.db.selectFrom('companies').select('id').where('name', '=', name).executeTakeFirstOrThrow()
  ).id;
}

describeEachDialect('contacts, companies, orders and calls together', (env) => {
  let manager: Browser;
  let operator: Browser;
  let managerToken = '';
  let acme = 0;
  let globex = 0;

  beforeAll(async () => {
    const m = await makeUser(env, { roles: ['manager'] });
    const o = await makeUser(env, { roles: ['operator'] });
    manager = new Browser(env.app);
    operator = new Browser(env.app);
    await manager.login(m.username, m.password);
    await operator.login(o.username, o.password);
    managerToken = (
      await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: m.username, password: m.password },
      })
    ).json().access;
    await seedCampaign(env.ctx(), `Entreprises ${env.dialect}`, '', [
      { fields: companyFields('ООО Акме', '+7 495 000-00-01'), state: 'pending' },
      { fields: companyFields('Globex SARL', '+33 1 00 00 00 02'), state: 'pending' },
    ]);
    acme = await companyId(env, 'ООО Акме');
    globex = await companyId(env, 'Globex SARL');
  });

  it('offers "New order" on the orders list and takes an order with its contact picked by search', async () => {
    const contact = await newContactVia(operator, 'Заказов', 'zakazov@example.ru');
    const list = await operator.get('/orders');
    expect(list.body).toContain('data-new-order');
    const form = await operator.get('/orders/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-search-select="contact_id"');

    const found = await operator.get(`/contacts/choices?required=1&search=${encodeURIComponent('заказов')}`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toMatch(new RegExp(`<option value="${contact}" selected[^>]*>Заказов Тест · zakazov`));

    const missing = await operator.post('/orders/new', { product: 'Стол', quantity: '1', price: '10.00' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('data-field-error="contact_id"');

    const made = await operator.post('/orders/new', {
      contact_id: String(contact),
      product: 'Стол',
      quantity: '2',
      price: '10.00',
      status: 'Pending',
    });
    expect(made.statusCode).toBe(303);
    const orders = await env.deps.db
      .selectFrom('orders')
      .selectAll()
      .where('contactId', '=', contact)
      .execute();
    expect(orders.map((o) => [o.product, o.totalCents])).toEqual([['Стол', 2000]]);

    // From a contact's page the contact is chosen already.
    const prefilled = await operator.get(`/orders/new?contact_id=${contact}`);
    expect(prefilled.body).toMatch(new RegExp(`<option value="${contact}" selected`));
  });

  it('logs a call from a contact: the contact is named and filled in, no company needed', async () => {
    const contact = await newContactVia(operator, 'Звонков', 'zvonkov@example.ru');
    const form = await operator.get(`/calls/new?contact=${contact}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`data-call-contact="${contact}"`);
    expect(form.body).toMatch(
      /name="person_name"[^>]*value="Звонков Тест"|value="Звонков Тест"[^>]*name="person_name"/,
    );
    expect(form.body).not.toMatch(/name="company_name"[^>]*required|required[^>]*name="company_name"/);

    const res = await operator.post('/calls/new', {
      contact_id: String(contact),
      company_name: '',
      person_name: 'Звонков Тест',
      lead_result: 'none',
      description: 'Перезвонить',
    });
    expect(res.statusCode, res.body).toBe(303);
    const call = await env.deps.db
      .selectFrom('calls')
      .selectAll()
      .where('id', '=', idFrom(res.headers.location))
      .executeTakeFirstOrThrow();
    expect(call.contactId).toBe(contact);

    // Without a contact or a company, the company's name is still required.
    const alone = await operator.post('/calls/new', { company_name: '', lead_result: 'none' });
    expect(alone.statusCode).toBe(422);
    expect(alone.body).toContain('data-field-error="company_name"');
  });

  it('links a contact to its company: form, contact page, company page, list filter, calls', async () => {
    const picker = await manager.get('/contacts/new');
    expect(picker.body).toContain('data-search-select="company_id"');
    const choices = await manager.get(`/companies/choices?search=${encodeURIComponent('акме')}`);
    expect(choices.body).toContain(`<option value="${acme}" selected>ООО Акме</option>`);

    const unknown = await manager.post('/contacts/new', {
      first_name: 'Нет',
      last_name: 'Компании',
      email: 'net.kompanii@example.ru',
      company_id: '999999',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('data-field-error="company_id"');

    const made = await manager.post('/contacts/new', {
      first_name: 'Анна',
      last_name: 'Акмеева',
      email: 'anna@acme.example',
      company_id: String(acme),
    });
    expect(made.statusCode).toBe(303);
    const anna = idFrom(made.headers.location);
    const other = await newContactVia(manager, 'Посторонний', 'other@example.ru');
    expect(
      (
        await manager.post(`/orders/new`, {
          contact_id: String(anna),
          product: 'Принтер',
          quantity: '1',
          price: '300.00',
        })
      ).statusCode,
    ).toBe(303);

    const page = await manager.get(`/contacts/${anna}`);
    expect(page.body).toContain(`data-contact-company="${acme}"`);
    // "Log a call" from her page takes her company.
    const callForm = await manager.get(`/calls/new?contact=${anna}`);
    expect(callForm.body).toMatch(/value="ООО Акме"/);
    const logged = await manager.post('/calls/new', {
      contact_id: String(anna),
      company_id: String(acme),
      company_name: 'ООО Акме',
      lead_result: 'success',
    });
    expect(logged.statusCode).toBe(303);

    const company = await manager.get(`/companies/${acme}`);
    expect(company.body).toContain(`data-company-contact="${anna}"`);
    expect(company.body).not.toContain(`data-company-contact="${other}"`);
    expect(company.body).toMatch(/data-company-order="\d+"[\s\S]*Принтер/);
    expect(company.body).toMatch(/data-company-calls[\s\S]*data-call="\d+"/);

    const filtered = await manager.get(`/contacts?company=${acme}`);
    expect(filtered.body).toContain(`data-contact="${anna}"`);
    expect(filtered.body).not.toContain(`data-contact="${other}"`);
    expect(filtered.body).toContain(`data-company-filter="${acme}"`);
    const theirOrders = await manager.get(`/orders?company=${acme}`);
    expect(theirOrders.body).toContain('Принтер');

    // The edit form keeps the company; moving her to another company is logged like any change.
    const edit = await manager.get(`/contacts/${anna}/edit`);
    expect(edit.body).toContain(`<option value="${acme}" selected>ООО Акме</option>`);
    expect(
      (
        await manager.post(`/contacts/${anna}/edit`, {
          first_name: 'Анна',
          last_name: 'Акмеева',
          email: 'anna@acme.example',
          status: 'lead',
          company_id: String(globex),
        })
      ).statusCode,
    ).toBe(303);
    const row = await env.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', anna)
      .executeTakeFirstOrThrow();
    expect(row.companyId).toBe(globex);
  });

  it('exposes company_id in the clean API: read, filter, set and refuse an unknown one', async () => {
    const api = (method: string, url: string, payload?: object) =>
      env.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${managerToken}` },
        ...(payload ? { payload } : {}),
      });
    const created = await api('POST', '/api/v1/contacts', {
      first_name: 'Api',
      last_name: 'Globex',
      email: 'api.globex@example.fr',
      company_id: globex,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().company_id).toBe(globex);
    const id = created.json().id;
    const list = await api('GET', `/api/v1/contacts?company_id=${globex}&per_page=100`);
    expect(list.json().items.map((c: { id: number }) => c.id)).toContain(id);
    expect(list.json().items.every((c: { company_id: number }) => c.company_id === globex)).toBe(true);
    const cleared = await api('PATCH', `/api/v1/contacts/${id}`, { company_id: null });
    expect(cleared.json().company_id).toBeNull();
    const refused = await api('PATCH', `/api/v1/contacts/${id}`, { company_id: 999999 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.company_id[0].code).toBe('invalid_choice');
  });

  it('imports contacts with their company, by name (any case) or by id; an unknown one is a row error', async () => {
    const csv = Buffer.from(
      [
        'last_name,first_name,email,company,company_id',
        'Импортов,Иван,import1@example.ru,ооо акме,',
        `Импортова,Мария,import2@example.ru,,${globex}`,
        'Неизвестный,Пётр,import3@example.ru,Нет Такой,',
        'Без,Компании,import4@example.ru,,',
      ].join('\r\n'),
    );
    const up = await manager.upload('/imports', { entity: 'contacts' }, { name: 'люди.csv', content: csv });
    expect(up.statusCode).toBe(204);
    const id = Number(/\/imports\/(\d+)/.exec(String(up.headers['hx-redirect']))?.[1]);
    const preview = await manager.get(`/imports/${id}`);
    for (const [i, field] of ['last_name', 'first_name', 'email', 'company', 'company_id'].entries()) {
      expect(preview.body).toMatch(
        new RegExp(`name="map_${i}"[^>]*>(?:(?!</select>).)*<option value="${field}" selected`, 's'),
      );
    }
    expect((await manager.post(`/imports/${id}/start`)).statusCode).toBe(303);
    const done = await eventually(async () => {
      const row = await env.deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
    });
    expect(done).toMatchObject({ state: 'done', createdCount: 3, errorCount: 1 });
    const people = await env.deps.db
      .selectFrom('contacts')
      .select(['email', 'companyId'])
      .where('email', 'like', 'import%')
      .orderBy('email')
      .execute();
    expect(people).toEqual([
      { email: 'import1@example.ru', companyId: acme },
      { email: 'import2@example.ru', companyId: globex },
      { email: 'import4@example.ru', companyId: null },
    ]);
    const report = await manager.get(`/imports/${id}/errors.csv`);
    expect(report.body).toMatch(/4,.*No company with this name or id/);
  });
});
