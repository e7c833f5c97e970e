/**
 * Who may do what with orders (issue 24, item 7): everyone reads; operators, managers and admins create and edit;
 * managers and admins delete. The service decides, so the pages, `/api/v1`, seed 001's API and imports agree,
 * and the pages offer only the buttons the viewer may use.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';
import { actorForJob } from '../auth/auth.service.js';
import { createContact } from '../contacts/contacts.service.js';
import { createOrder } from './orders.service.js';

type Role = 'admin' | 'manager' | 'marketer' | 'operator';

/** A signed-in browser, a write-scoped personal API token and a mobile-app JWT for a user with `roles`. */
async function signedIn(env: TestEnv, roles: Role[]) {
  const u = await makeUser(env, { roles });
  const b = new Browser(env.app);
  await b.login(u.username, u.password);
  const created = await b.post('/account/tokens', { name: 'script', scope: 'write' });
  const token = /data-new-token[\s\S]*?<code[^>]*>(sova_[\w-]+)<\/code>/.exec(created.body)?.[1];
  const jwt = (
    await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: u.username, password: u.password },
    })
  ).json().access as string;
  const as =
    (bearer: string) => (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      env.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}` } });
  return { ...u, browser: b, api: as(token!), mobile: as(jwt) };
}

/** The actor a user would be when signed in (the service's view of them). */
const actorOf = async (env: TestEnv, id: number) => (await actorForJob(env.deps, id))!;

describeEachDialect('who may work with orders', (env) => {
  let contactId = 0;
  /** An order taken by an admin, for a contact made once. */
  const newOrder = async (product = 'Widget') => {
    const admin = await makeUser(env, { roles: ['admin'] });
    const ctx = { ...env.ctx(), actor: await actorOf(env, admin.id) };
    contactId ||= await createContact(ctx, {
      first_name: 'Ann',
      last_name: 'Buyer',
      email: 'ann@example.test',
    });
    return createOrder(ctx, { contact_id: contactId, product, quantity: 1, price: '10.00' });
  };

  it('keeps a marketer to reading orders on every transport, writing nothing', async () => {
    const m = await signedIn(env, ['marketer']);
    const id = await newOrder();
    const before = await countRows(env, 'orders');
    const snapshot = await env.deps.db.selectFrom('orders').selectAll().where('id', '=', id).execute();

    expect((await m.api('GET', `/api/v1/orders/${id}`)).statusCode).toBe(200);
    expect((await m.api('PATCH', `/api/v1/orders/${id}`, { quantity: 99 })).statusCode).toBe(403);
    expect((await m.api('DELETE', `/api/v1/orders/${id}`)).statusCode).toBe(403);
    const posted = await m.api('POST', '/api/v1/orders', {
      contact_id: contactId,
      product: 'X',
      price: '1.00',
    });
    expect(posted.statusCode).toBe(403);
    expect((await m.mobile('DELETE', `/api/orders/delete/${id}/`)).statusCode).toBe(403);
    expect((await m.mobile('PATCH', `/api/orders/edit/${id}/`, { quantity: 5 })).statusCode).toBe(403);
    expect(
      (await m.mobile('POST', '/api/orders/add/', { client: contactId, product: 'Y', price: '1.00' }))
        .statusCode,
    ).toBe(403);
    expect((await m.browser.post(`/orders/${id}/delete`)).statusCode).toBe(403);
    expect((await m.browser.post(`/orders/${id}/status`, { status: 'Completed' })).statusCode).toBe(403);
    expect((await m.browser.post(`/orders/${id}`, { product: 'Renamed' })).statusCode).toBe(403);
    const form = {
      contact_id: String(contactId),
      product: 'Z',
      quantity: '1',
      price: '1.00',
      status: 'Pending',
    };
    expect((await m.browser.post('/orders/new', form)).statusCode).toBe(403);
    expect((await m.browser.get(`/orders/new?contact_id=${contactId}`)).statusCode).toBe(403);

    expect(await countRows(env, 'orders')).toBe(before);
    expect(await env.deps.db.selectFrom('orders').selectAll().where('id', '=', id).execute()).toEqual(
      snapshot,
    );
  });

  it('shows a marketer orders without the buttons they may not use', async () => {
    const m = await signedIn(env, ['marketer']);
    const id = await newOrder();
    const page = await m.browser.get(`/orders/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-order-form');
    expect(page.body).not.toContain('data-save-order');
    expect(page.body).not.toContain(`/orders/${id}/delete`);
    expect(page.body).not.toContain('data-set-status');
    const list = await m.browser.get('/orders');
    expect(list.body).toContain(`data-order="${id}"`);
    expect(list.body).not.toContain('data-complete');
    const contact = await m.browser.get(`/contacts/${contactId}`);
    expect(contact.statusCode).toBe(200);
    expect(contact.body).not.toContain('data-add-order');
  });

  it('lets an operator take and edit orders but not delete them; a manager deletes', async () => {
    const op = await signedIn(env, ['operator']);
    const theirs = await newOrder('Someone else’s');
    const created = await op.api('POST', '/api/v1/orders', {
      contact_id: contactId,
      product: 'Phone order',
      price: '5.00',
    });
    expect(created.statusCode).toBe(201);
    const mine = created.json().id as number;
    expect((await op.api('PATCH', `/api/v1/orders/${theirs}`, { status: 'Completed' })).statusCode).toBe(200);
    expect((await op.mobile('PATCH', `/api/orders/edit/${mine}/`, { quantity: 2 })).statusCode).toBe(200);
    const page = await op.browser.get(`/orders/${mine}`);
    expect(page.body).toContain('data-save-order');
    expect(page.body).not.toContain(`/orders/${mine}/delete`);
    expect((await op.api('DELETE', `/api/v1/orders/${mine}`)).statusCode).toBe(403);
    expect((await op.browser.post(`/orders/${mine}/delete`)).statusCode).toBe(403);
    expect((await op.browser.get(`/contacts/${contactId}`)).body).toContain('data-add-order');

    const manager = await signedIn(env, ['manager']);
    expect((await manager.browser.get(`/orders/${mine}`)).body).toContain(`/orders/${mine}/delete`);
    expect((await manager.api('DELETE', `/api/v1/orders/${mine}`)).statusCode).toBe(204);
  });
});
