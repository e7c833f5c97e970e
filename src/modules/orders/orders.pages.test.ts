/**
 * The order page as a user meets it: beside the form, the status with one-click moves, the total and times, and
 * the history of who changed what; the one-click buttons come back to the page they were pressed on. And the
 * contact's page sums up its orders.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, browserAs, makeUser, newContactVia } from '../../test/http.js';

/** The text of an HTML fragment: tags dropped, whitespace (no-break spaces included) folded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The `<section>` holding attribute `attr`, from its opening tag to its `</section>`. */
const section = (html: string, attr: string) => {
  const at = html.indexOf(attr);
  expect(at, attr).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<', at), html.indexOf('</section>', at));
};

describeEachDialect('order page', (env) => {
  it('shows the status, total, times and history, and moves the status in one click', async () => {
    const u = await makeUser(env, { roles: ['manager'] });
    const b = new Browser(env.app);
    await b.login(u.username, u.password);
    const contact = await b.post('/contacts/new', {
      first_name: 'Иван',
      last_name: 'Петров',
      email: 'ivan.order-page@example.test',
      mobile_phone: '+7 900 555 12 34',
      status: 'active',
    });
    expect(contact.statusCode).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)$/.exec(String(contact.headers.location))?.[1]);
    const created = await b.post('/orders/new', {
      contact_id: String(contactId),
      product: 'Ноутбук',
      quantity: '2',
      price: '1500.50',
      status: 'Pending',
      description: '',
    });
    expect(created.statusCode).toBe(303);
    const { id } = await env.deps.db
      .selectFrom('orders')
      .select('id')
      .where('contactId', '=', contactId)
      .executeTakeFirstOrThrow();

    const before = (await b.get(`/orders/${id}`)).body;
    const summary = text(section(before, 'data-order-summary'));
    expect(summary).toContain('Pending');
    expect(summary).toContain('3,001.00');
    expect(summary).toContain('2 × ₽1,500.50');
    expect(before).toMatch(/data-order-completed="true">—</);
    expect(before).toContain('data-set-status="Completed"');
    expect(before).toContain('data-set-status="Cancelled"');
    expect(before).not.toContain('data-set-status="Pending"');
    expect(text(section(before, 'data-order-history'))).toContain('Order created');

    // The list's one-click button comes back to the list as it was filtered.
    const list = (await b.get('/orders?status=Pending&per_page=10')).body;
    expect(list).toContain('name="back" value="/orders?status=Pending&amp;per_page=10"');

    // Completed from its own page: back to it, now showing the time it was completed and the change.
    const done = await b.post(`/orders/${id}/status`, { status: 'Completed', back: `/orders/${id}` });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/orders/${id}`);
    const after = (await b.get(`/orders/${id}`)).body;
    expect(after).toContain('data-order-status="Completed"');
    expect(after).not.toMatch(/data-order-completed="true">—</);
    expect(after).toContain('data-set-status="Pending"');
    const history = text(section(after, 'data-order-history'));
    expect(history).toContain('Order changed');
    expect(history).toContain('Status: Pending → Completed');

    // The contact's page sums up its orders: the completed ones' total, how many are pending, the latest.
    await b.post('/orders/new', {
      contact_id: String(contactId),
      product: 'Мышь',
      quantity: '1',
      price: '250.50',
      status: 'Pending',
      description: '',
    });
    const card = text(section((await b.get(`/contacts/${contactId}`)).body, 'data-contact-card'));
    expect(card).toContain('Completed orders ₽3,001.00');
    expect(card).toContain('Orders: 2, pending: 1');
    expect(card).toMatch(/Last order: \w{3} \d+, \d{4}/);

    // A status that is not one: a 4xx, and the order stays as it was.
    const bad = await b.post(`/orders/${id}/status`, { status: 'Shipped', back: `/orders/${id}` });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect((await b.get(`/orders/${id}`)).body).toContain('data-order-status="Completed"');

    // Anywhere else: the list, never another site.
    for (const [back, location] of [
      ['/orders?status=Pending&per_page=10', '/orders?status=Pending&per_page=10'],
      [`/contacts/${contactId}`, `/contacts/${contactId}`],
      ['https://evil.example/', '/orders'],
      ['//evil.example/orders', '/orders'],
      ['/orders/1/../../admin', '/orders'],
      ['', '/orders'],
    ]) {
      const res = await b.post(`/orders/${id}/status`, { status: 'Completed', back: back! });
      expect(res.headers.location, back).toBe(location);
    }
  });

  it('shows the order form again with its messages when a post names no contact, a junk one, or is no form', async () => {
    const b = await browserAs(env, ['manager']);
    const contactId = await newContactVia(b, 'Сломанная', 'broken.order.form@example.test');
    await b.post('/orders/new', {
      contact_id: String(contactId),
      product: 'P',
      quantity: '1',
      price: '1.00',
    });
    const { id } = await env.deps.db
      .selectFrom('orders')
      .select('id')
      .where('contactId', '=', contactId)
      .executeTakeFirstOrThrow();
    // An edit without its contact keeps the order's: the form comes back with the message, under its contact.
    const edit = await b.post(`/orders/${id}`, { product: 'P', quantity: '2026-1-1', price: '1.00' });
    expect(edit.statusCode).toBe(422);
    expect(edit.body).toContain('Сломанная Тест');
    for (const contact_id of ['abc', '2147483648', '-1', '']) {
      const res = await b.post('/orders/new', { contact_id, product: 'P', quantity: '1', price: '1.00' });
      expect(res.statusCode, contact_id).toBe(422);
    }
    const plain = await env.app.inject({
      method: 'POST',
      url: '/orders/new',
      headers: { cookie: b.cookieHeader, 'x-csrf-token': b.csrf, 'content-type': 'text/plain' },
      payload: 'not a form',
    });
    expect(plain.statusCode).toBe(422);
  });
});
