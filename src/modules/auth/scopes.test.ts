/**
 * An API token's scopes bound it on every route the app registers, public ones included (issue 24, item 8): a
 * `leads` token opens nothing else — not even the live-update stream — and a `read` token writes nowhere.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { makeUser } from '../../test/http.js';
import { concrete, registeredRoutes } from '../../test/routes.js';
import { createApiToken } from '../api-tokens/api-tokens.service.js';
import { actorForJob } from './auth.service.js';

async function tokenWith(env: TestEnv, scope: 'read' | 'write' | 'leads') {
  const u = await makeUser(env, { roles: ['admin'] });
  const ctx = { ...env.ctx(), actor: (await actorForJob(env.deps, u.id))! };
  return (await createApiToken(ctx, 'personal', { name: scope, scope })).token;
}

/** Sends the request; a stream that opens (the route answered and kept going) counts as a 200. */
async function answer(env: TestEnv, method: string, url: string, token: string) {
  const sent = env.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: method === 'GET' || method === 'HEAD' ? undefined : '{}',
  });
  const opened = new Promise<number>((resolve) => setTimeout(() => resolve(200), 2000).unref());
  return Promise.race([sent.then((r) => r.statusCode), opened]);
}

describeEachDialect('API token scopes', (env) => {
  it('lets a leads-only token open no route at all, public ones and the live stream included', async () => {
    const token = await tokenWith(env, 'leads');
    const opened: string[] = [];
    for (const { method, url } of registeredRoutes(env.app)) {
      if (method === 'HEAD') continue;
      const status = await answer(env, method, concrete(url), token);
      if (status < 400) opened.push(`${method} ${url} → ${status}`);
    }
    expect(opened).toEqual([]);
  });

  it('lets a read-only token write through no route', async () => {
    const token = await tokenWith(env, 'read');
    const wrote: string[] = [];
    for (const { method, url } of registeredRoutes(env.app)) {
      if (method === 'GET' || method === 'HEAD') continue;
      const status = await answer(env, method, concrete(url), token);
      if (status < 400) wrote.push(`${method} ${url} → ${status}`);
    }
    expect(wrote).toEqual([]);
    expect(await answer(env, 'GET', '/api/v1/me', token)).toBe(200);
  });
});
