/**
 * A foreign id that names no row — an assignee, a company, a contact, a department — is a field error the
 * service finds before writing (400 with the field), on both databases, by every way in; it never reaches the
 * database's foreign key as a 500. An id too large to be any row's is the same "no such row".
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, bearerClient, browserAs, countRows } from '../../test/http.js';

const NOBODY = 987_654;

describeEachDialect('foreign ids that name no row', (env) => {
  let token = '';
  let contactId = 0;
  const call = bearerClient(env, () => token);
  const expectFieldError = async (
    res: Awaited<ReturnType<typeof call>>,
    field: string,
    what: string,
  ): Promise<void> => {
    expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
    expect(Object.keys(res.json().errors ?? {}), what).toContain(field);
  };

  beforeAll(async () => {
    token = (await apiUser(env, ['admin'])).token;
    const c = await call('POST', '/api/v1/contacts', {
      first_name: 'Ссылка',
      last_name: 'Пустая',
      email: 'dangling.ref@example.test',
    });
    contactId = c.json().id;
  });

  it('refuses an unknown assignee of a contact by the clean API, the seed API and the form', async () => {
    const before = [await countRows(env, 'contacts'), await countRows(env, 'activityLog')];
    const person = { first_name: 'A', last_name: 'B', email: 'unknown.assignee@example.test' };
    for (const id of [NOBODY, 2_147_483_648]) {
      await expectFieldError(
        await call('POST', '/api/v1/contacts', { ...person, assigned_user_id: id }),
        'assigned_user_id',
        `create ${id}`,
      );
      await expectFieldError(
        await call('PATCH', `/api/v1/contacts/${contactId}`, { assigned_user_id: id }),
        'assigned_user_id',
        `update ${id}`,
      );
      await expectFieldError(
        await call('POST', `/api/clients/edit/${contactId}/`, { assigned_user_id: id }),
        'assigned_user_id',
        `seed edit ${id}`,
      );
    }
    const b = await browserAs(env, ['manager']);
    const before2 = [await countRows(env, 'contacts'), await countRows(env, 'activityLog')];
    const page = await b.post('/contacts/new', { ...person, assigned_user_id: String(NOBODY) });
    expect(page.statusCode).toBe(422);
    expect([await countRows(env, 'contacts'), await countRows(env, 'activityLog')]).toEqual(before2);
    expect(before2[0]).toBe(before[0]);
  });

  it('refuses an unknown company or contact of a call', async () => {
    const before = await countRows(env, 'calls');
    await expectFieldError(
      await call('POST', '/api/v1/calls', { company_name: 'Нет такой', company_id: NOBODY }),
      'company_id',
      'company',
    );
    await expectFieldError(
      await call('POST', '/api/v1/calls', { company_name: 'Нет такой', contact_id: NOBODY }),
      'contact_id',
      'contact',
    );
    expect(await countRows(env, 'calls')).toBe(before);
  });

  it('refuses an unknown contact of an order, and a department of a user, as field errors', async () => {
    await expectFieldError(
      await call('POST', '/api/v1/orders', { contact_id: 2_147_483_648, product: 'P', price: '1.00' }),
      'contact_id',
      'order contact out of range',
    );
    const b = await browserAs(env, ['admin']);
    const users = await countRows(env, 'users');
    const res = await b.post('/admin/users/new', {
      username: 'no_department',
      email: 'no.department@example.test',
      first_name: 'N',
      last_name: 'D',
      password: 'correct horse battery',
      password2: 'correct horse battery',
      roles: 'operator',
      department_id: String(NOBODY),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose one of the offered values');
    expect(await countRows(env, 'users')).toBe(users);
  });

  it('takes an id too large to be any row as no such row, on paths and queries, on both databases', async () => {
    const huge = '2147483648';
    const api = await call('GET', `/api/v1/contacts/${huge}`);
    expect(api.statusCode).toBe(400);
    expect(api.json().errors.id[0].code).toBe('too_big');
    const filter = await call('GET', `/api/v1/orders?contact_id=${huge}`);
    expect(filter.json().errors.contact_id[0].code).toBe('too_big');
    expect((await call('GET', `/api/clients/get/${huge}/`)).statusCode).toBe(404);
    expect((await call('GET', '/api/orders/get/99999999999999999999999/')).statusCode).toBe(404);
    const b = await browserAs(env, ['admin']);
    expect((await b.get(`/contacts/${huge}`)).statusCode).toBe(404);
    // A filter on such an id is junk, so ignored, as pages do with any junk in their query.
    for (const url of [
      `/orders/new?contact_id=${huge}`,
      `/calls?campaign=${huge}`,
      `/contacts?assigned=${huge}`,
    ])
      expect((await b.get(url)).statusCode, url).toBeLessThan(400);
  });
});
