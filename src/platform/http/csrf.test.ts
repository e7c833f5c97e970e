/**
 * CSRF tokens are bound to the session (issue 24, item 13): a token planted in the browser's cookie jar — by a
 * sibling subdomain or an injected Set-Cookie — does not pass for the signed-in user's forms.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';

describeEachDialect('CSRF', (env) => {
  it('refuses a form whose token was planted in the cookie instead of issued for the session', async () => {
    const u = await makeUser(env, { roles: ['admin'] });
    const victim = new Browser(env.app);
    await victim.login(u.username, u.password);
    const planted = 'p'.repeat(32);
    const before = await countRows(env, 'departments');
    const forged = await env.app.inject({
      method: 'POST',
      url: '/admin/departments/new',
      payload: new URLSearchParams({ name: 'Forged', _csrf: planted }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `sova_session=${victim.cookies.get('sova_session')}; sova_csrf=${planted}`,
      },
    });
    expect(forged.statusCode).toBe(403);
    expect(await countRows(env, 'departments')).toBe(before);
    // The token the page gives this session works; another session's does not.
    const page = await victim.get('/admin/departments/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBeTruthy();
    const other = new Browser(env.app);
    await other.login(u.username, u.password);
    const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get('/welcome')).body)?.[1];
    expect(otherToken).not.toBe(token);
    const send = (csrf: string) =>
      env.app.inject({
        method: 'POST',
        url: '/admin/departments/new',
        payload: new URLSearchParams({ name: `Dept ${csrf.slice(0, 4)}`, _csrf: csrf }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `sova_session=${victim.cookies.get('sova_session')}; sova_csrf=${otherToken}`,
        },
      });
    expect((await send(otherToken!)).statusCode).toBe(403);
    expect((await send(token!)).statusCode).toBe(303);
  });
});
