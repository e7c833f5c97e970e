import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';

describeEachDialect('first run and sign-in', (env) => {
  it('sends every page to the administrator setup while no user exists', async () => {
    const b = new Browser(env.app);
    for (const url of ['/', '/welcome', '/login', '/signup', '/admin/users']) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(300);
      expect(res.statusCode, url).toBeLessThan(400);
      const next = await b.get(res.headers.location as string);
      if (next.statusCode !== 200) expect(next.headers.location).toBe('/setup');
      else expect(next.body).toContain('data-setup-form');
    }
  });

  it('creates the administrator once, signs them in, then refuses a second setup', async () => {
    const b = new Browser(env.app);
    await b.get('/setup');
    const bad = await b.post('/setup', {
      username: '',
      email: 'nope',
      password: 'short',
      password2: 'other',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('data-field-error="username"');
    expect(bad.body).toContain('data-field-error="email"');
    expect(bad.body).toContain('data-field-error="password"');
    expect(await countRows(env, 'users')).toBe(0);

    const res = await b.post('/setup', {
      username: 'root',
      first_name: 'Анна',
      last_name: 'Admin',
      email: 'Root@Example.test',
      position: 'CTO',
      password: 'a good long password',
      password2: 'a good long password',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/welcome');
    const welcome = await b.get('/welcome');
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain('Hello, Анна Admin!');
    // The administrator sees every section, each with a line saying what it is for.
    expect(welcome.body.match(/data-tile="true"/g)?.length).toBeGreaterThanOrEqual(16);
    expect(welcome.body).not.toMatch(/data-tile-text="true"><\/p>/);

    const other = new Browser(env.app);
    await other.get('/login');
    const again = await other.post('/setup', {
      username: 'intruder',
      email: 'x@example.test',
      password: 'a good long password',
      password2: 'a good long password',
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/login');
    expect(await countRows(env, 'users')).toBe(1);
  });

  it('redirects pages to login and answers 401 problem+json on the API without credentials', async () => {
    await makeUser(env);
    const b = new Browser(env.app);
    for (const url of [
      '/welcome',
      '/account',
      '/admin/users',
      '/admin/departments',
      '/admin/activity',
      '/no/such/page',
    ]) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toMatch(/^\/login\?next=/);
    }
    for (const url of ['/api/v1/me', '/api/v1/nothing-here']) {
      const res = await env.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('auth.required');
    }
    for (const url of ['/healthz', '/readyz', '/api/openapi.json', '/api/docs', '/login']) {
      expect((await env.app.inject({ url })).statusCode, url).toBeLessThan(400);
    }
  });

  it('serves the sign-in page its stylesheet, script and icon without a session, hashed and cached a year', async () => {
    await makeUser(env);
    const page = await env.app.inject({ url: '/login' });
    const assets = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/app\.[\w-]{8,}\.css$/),
        expect.stringMatching(/^\/assets\/app\.[\w-]{8,}\.js$/),
        expect.stringMatching(/^\/assets\/favicon\.[\w-]{8,}\.svg$/),
      ]),
    );
    for (const url of new Set(assets)) {
      const res = await env.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(
        /^(text\/css|application\/javascript|image\/svg\+xml)/,
      );
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    const icon = await env.app.inject({ url: '/favicon.ico' });
    expect(icon.statusCode).toBe(301);
    expect(icon.headers.location).toMatch(/^\/assets\/favicon\.[\w-]{8,}\.svg$/);
    // An asset that does not exist is a 404, not the sign-in page.
    expect((await env.app.inject({ url: '/assets/app.0000000000.js' })).statusCode).toBe(404);
  });

  it('sends the security headers on pages, API answers, errors and assets', async () => {
    for (const url of ['/login', '/api/v1/contacts', '/no-such-page', '/healthz']) {
      const h = (await env.app.inject({ url })).headers;
      expect(h['content-security-policy'], url).toContain("default-src 'self'");
      expect(h['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy'], url).not.toContain('upgrade-insecure-requests');
      expect(h['x-content-type-options'], url).toBe('nosniff');
      expect(h['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(h['referrer-policy'], url).toBe('no-referrer');
      expect(h['cross-origin-opener-policy'], url).toBe('same-origin');
      // Served over plain HTTP unless behind a proxy: no HSTS that would lock browsers out.
      expect(h['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('signs in by username or email, records it, and signs out', async () => {
    const u = await makeUser(env, { roles: ['operator'] });
    const b = new Browser(env.app);
    await b.login(u.username.toUpperCase(), u.password);
    expect((await b.get('/welcome')).statusCode).toBe(200);
    const out = await b.post('/logout');
    expect(out.statusCode).toBe(303);
    expect((await b.get('/welcome')).statusCode).toBe(303);
    await b.login(`${u.username}@example.test`, u.password);
    const log = await env.deps.db
      .selectFrom('activityLog')
      .select(['action', 'ip'])
      .where('actorId', '=', u.id)
      .execute();
    expect(log.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
    expect(log.every((r) => r.ip === '127.0.0.1')).toBe(true);
  });

  it('refuses a wrong password with a message and logs the failure', async () => {
    const u = await makeUser(env);
    const b = new Browser(env.app);
    const res = await b.post('/login', { login: u.username, password: 'wrong password' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Wrong username/email or password.');
    expect(b.cookies.has('sova_session')).toBe(false);
    const failed = await env.deps.db
      .selectFrom('activityLog')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(failed.some((r) => r.actorId === u.id)).toBe(true);
  });

  it('refuses a form post without the CSRF token', async () => {
    const u = await makeUser(env);
    const b = new Browser(env.app);
    await b.get('/login');
    const res = await b.post('/login', { login: u.username, password: u.password }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(b.cookies.has('sova_session')).toBe(false);
  });

  it('answers 413 to a 10 MB body and 415 to an unknown content type, writing nothing', async () => {
    const before = await countRows(env, 'users');
    const big = await env.app.inject({
      method: 'POST',
      url: '/signup',
      payload: `username=${'x'.repeat(10 * 1024 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(big.statusCode).toBe(413);
    const odd = await env.app.inject({
      method: 'POST',
      url: '/signup',
      payload: '<xml/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(odd.statusCode).toBe(415);
    expect(await countRows(env, 'users')).toBe(before);
  });
});

describeEachDialect(
  'sign-up with approval',
  (env) => {
    it('keeps a new account inactive until an admin activates it', async () => {
      const admin = await makeUser(env, { roles: ['admin'] });
      const visitor = new Browser(env.app);
      await visitor.get('/signup');
      const signup = await visitor.post('/signup', {
        username: 'maria',
        first_name: 'Maria',
        last_name: 'Durand',
        email: 'maria@example.test',
        position: 'Opératrice',
        password: 'maria password 1',
        password2: 'maria password 1',
      });
      expect(signup.statusCode).toBe(303);
      expect(signup.headers.location).toBe('/signup/pending');
      const refused = await visitor.post('/login', { login: 'maria', password: 'maria password 1' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('waiting for an administrator');

      const a = new Browser(env.app);
      await a.login(admin.username, admin.password);
      const list = await a.get('/admin/users?status=pending');
      expect(list.body).toContain('data-user-row="maria"');
      const maria = await env.deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'maria')
        .executeTakeFirstOrThrow();
      expect((await a.post(`/admin/users/${maria.id}/active`, { active: '1' })).statusCode).toBe(303);

      await visitor.login('maria', 'maria password 1');
      expect((await visitor.get('/welcome')).body).toContain('Hello, Maria Durand!');
    });

    it('rejects bad sign-up input with field messages and writes nothing', async () => {
      await makeUser(env, { username: 'taken' });
      const b = new Browser(env.app);
      const before = await countRows(env, 'users');
      const cases: [Record<string, string>, string][] = [
        [{}, 'username'],
        [
          {
            username: 'x'.repeat(151),
            email: 'a@b.test',
            password: 'long enough 1',
            password2: 'long enough 1',
          },
          'username',
        ],
        [
          { username: 'TAKEN', email: 'new@b.test', password: 'long enough 1', password2: 'long enough 1' },
          'username',
        ],
        [
          {
            username: 'fresh',
            email: 'taken@example.test',
            password: 'long enough 1',
            password2: 'long enough 1',
          },
          'email',
        ],
        [
          { username: 'fresh', email: 'not-an-email', password: 'long enough 1', password2: 'long enough 1' },
          'email',
        ],
        [
          { username: 'fresh', email: 'f@b.test', password: 'long enough 1', password2: 'different 22' },
          'password2',
        ],
        [
          { username: 'bad name!', email: 'f@b.test', password: 'long enough 1', password2: 'long enough 1' },
          'username',
        ],
      ];
      for (const [form, field] of cases) {
        const res = await b.post('/signup', form);
        expect(res.statusCode, JSON.stringify(form).slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.body, field).toContain(`data-field-error="${field}"`);
      }
      expect(await countRows(env, 'users')).toBe(before);
    });
  },
  { SIGNUP: 'approval' },
);

describeEachDialect(
  'login rate limit',
  (env) => {
    it('answers 429 after too many attempts from one address', async () => {
      const u = await makeUser(env);
      const b = new Browser(env.app);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await b.post('/login', { login: u.username, password: 'wrong' })).statusCode);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    });
  },
  { LOGIN_RATE_LIMIT: '3' },
);
