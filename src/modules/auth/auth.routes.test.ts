import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, makeUser } from '../../test/http.js';

describeEachDialect('seed 001 token API', (env) => {
  it('issues a pair from JSON, form and multipart bodies', async () => {
    const u = await makeUser(env, { roles: ['manager'] });
    const json = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: u.username, password: u.password },
    });
    expect(json.statusCode).toBe(200);
    expect(Object.keys(json.json()).sort()).toEqual(['access', 'refresh']);

    const form = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: `username=${encodeURIComponent(u.username)}&password=${encodeURIComponent(u.password)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(200);

    const boundary = 'sovaboundary';
    const multipartBody = [
      `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n${u.username}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\n${u.password}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const multi = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: multipartBody,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(multi.statusCode).toBe(200);

    const me = await env.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${json.json().access}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: u.username, roles: ['manager'], active: true });
    expect(me.json()).not.toHaveProperty('password_hash');
  });

  it('answers bad credentials and missing fields in the seed shapes', async () => {
    const u = await makeUser(env);
    const wrong = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: u.username, password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ detail: 'No active account found with the given credentials' });
    const missing = await env.app.inject({ method: 'POST', url: '/api/token/', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      username: ['This field is required.'],
      password: ['This field is required.'],
    });
    const malformed = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toHaveProperty('detail');
    const inactive = await makeUser(env, { active: false });
    const refused = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: inactive.username, password: inactive.password },
    });
    expect(refused.statusCode).toBe(401);
  });

  it('rotates refresh tokens and refuses a reused one, revoking its family', async () => {
    const u = await makeUser(env);
    const first = (
      await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: u.username, password: u.password },
      })
    ).json();
    const second = await env.app.inject({
      method: 'POST',
      url: '/api/token/refresh/',
      payload: { refresh: first.refresh },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().refresh).not.toBe(first.refresh);
    const reuse = await env.app.inject({
      method: 'POST',
      url: '/api/token/refresh/',
      payload: { refresh: first.refresh },
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
    // The replay revoked the whole family, including the token handed out by the legitimate refresh.
    const afterReplay = await env.app.inject({
      method: 'POST',
      url: '/api/token/refresh/',
      payload: { refresh: second.json().refresh },
    });
    expect(afterReplay.statusCode).toBe(401);
    const garbage = await env.app.inject({
      method: 'POST',
      url: '/api/token/refresh/',
      payload: { refresh: 'not.a.jwt' },
    });
    expect(garbage.statusCode).toBe(401);
    const access = await env.app.inject({
      url: '/api/v1/me',
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(access.statusCode).toBe(401);
    expect(access.headers['content-type']).toContain('application/problem+json');
  });

  it('lets a personal API token read but not write with read scope, and stops at revocation', async () => {
    const u = await makeUser(env, { roles: ['operator'] });
    const b = new Browser(env.app);
    await b.login(u.username, u.password);
    const created = await b.post('/account/tokens', { name: 'script', scope: 'read' });
    expect(created.statusCode).toBe(200);
    const token = /data-new-token[\s\S]*?<code[^>]*>(sova_[\w-]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toBeDefined();
    const stored = await env.deps.db.selectFrom('apiTokens').selectAll().executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token!.slice(5));
    const me = await env.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    const write = await env.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { position: 'Hacker' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(write.statusCode).toBe(403);
    const jwt = (
      await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: u.username, password: u.password },
      })
    ).json();
    const patched = await env.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { position: 'Lead operator', locale: 'fr' },
      headers: { authorization: `Bearer ${jwt.access}` },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ position: 'Lead operator', locale: 'fr' });
    const badPatch = await env.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { email: 'not-an-email' },
      headers: { authorization: `Bearer ${jwt.access}` },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors).toHaveProperty('email');
    await b.post(`/account/tokens/${stored.id}/revoke`);
    const after = await env.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });
});
