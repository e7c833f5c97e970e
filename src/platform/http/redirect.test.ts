/**
 * Redirects to a place the request named (`next` after sign-in, `back` after a one-click status) send a Location
 * header Node can write: characters beyond ASCII are percent-encoded (they were a 500 above U+00FF), what was
 * encoded stays as it was, and only the app's own paths are followed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../../test/env.js';
import { Browser, browserAs, makeUser, newContactVia } from '../../test/http.js';

describe('redirects to a named place', () => {
  const env = useTestEnv('sqlite');
  let user = { username: '', password: '' };
  beforeAll(async () => {
    user = await makeUser(env, { roles: ['manager'] });
  });

  it('percent-encodes non-ASCII characters of next= after signing in, and keeps what was encoded', async () => {
    const cases: [string, string][] = [
      ['/contacts?q=Ā', '/contacts?q=%C4%80'],
      ['/contacts?q=Иван Петров', '/welcome'],
      ['/contacts?q=%D0%AF', '/contacts?q=%D0%AF'],
      ['/Я/😀', '/%D0%AF/%F0%9F%98%80'],
      ['//evil.example/', '/welcome'],
    ];
    for (const [next, location] of cases) {
      const b = new Browser(env.app);
      const res = await b.post('/login', { login: user.username, password: user.password, next });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe(location);
      // Already signed in, the sign-in page sends the user on at once.
      const again = await b.get(`/login?next=${encodeURIComponent(next)}`);
      expect(again.headers.location, next).toBe(location);
    }
  });

  it('percent-encodes back= after a one-click status, and HX-Redirect alike', async () => {
    const b = await browserAs(env, ['manager']);
    const contactId = await newContactVia(b, 'Кнопка', 'back.button@example.test');
    const order = await b.post('/orders/new', {
      contact_id: String(contactId),
      product: 'P',
      quantity: '1',
      price: '1.00',
    });
    expect(order.statusCode).toBe(303);
    const id = (
      await env.deps.db
        .selectFrom('orders')
        .select('id')
        .where('contactId', '=', contactId)
        .executeTakeFirstOrThrow()
    ).id;
    const res = await b.post(`/orders/${id}/status`, { status: 'Completed', back: '/orders?q=Ā€' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/orders?q=%C4%80%E2%82%AC');
    const htmx = await env.app.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'hx-request': 'true',
        cookie: `sova_csrf=${b.csrf}`,
      },
      payload: new URLSearchParams({
        login: user.username,
        password: user.password,
        next: '/Ā',
        _csrf: b.csrf,
      }).toString(),
    });
    expect(htmx.headers['hx-redirect']).toBe('/%C4%80');
  });
});
