/**
 * Password guessing (issue 24, item 9): an account locks after a few failures from any number of addresses, for
 * longer after each further one (kept in the database, so every instance counts together), without locking out
 * a browser that signed in to it before; every password endpoint shares one per-address bucket; token refreshes
 * are not counted as guesses.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, makeUser } from '../../test/http.js';

/** A sign-in form posted from `address`, with the CSRF pair a browser would have. */
async function signIn(
  env: TestEnv,
  address: string,
  login: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const csrf = 'c'.repeat(32);
  return env.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: address,
    payload: new URLSearchParams({ login, password, _csrf: csrf }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
      cookie: [`sova_csrf=${csrf}`, headers.cookie].filter(Boolean).join('; '),
    },
  });
}

const obtainToken = (env: TestEnv, address: string, username: string, password: string) =>
  env.app.inject({
    method: 'POST',
    url: '/api/token/',
    remoteAddress: address,
    payload: { username, password },
  });

const guardOf = async (env: TestEnv, userId: number) =>
  env.deps.db.selectFrom('signInGuards').selectAll().where('key', '=', `user:${userId}`).executeTakeFirst();

describeEachDialect(
  'password guessing',
  (env) => {
    it('locks an account after five wrong passwords from ten addresses, longer after each more, and logs it', async () => {
      const u = await makeUser(env, { roles: ['operator'] });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await signIn(env, `10.1.0.${i % 10}`, u.username, `wrong ${i}`);
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(codes.filter((c) => c === 401)).toHaveLength(5);
      expect(codes.slice(5).every((c) => c === 429)).toBe(true);

      // The right password from anywhere else waits too, told why in the reader's language.
      const page = await signIn(env, '10.1.1.1', u.username, u.password, { 'accept-language': 'ru' });
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain('Слишком много неверных паролей');
      expect(Number(page.headers['retry-after'])).toBeLessThanOrEqual(15);
      const token = await obtainToken(env, '10.1.1.2', `${u.username}@example.test`, u.password);
      expect(token.statusCode).toBe(429);
      expect(token.json().detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds?\.$/);
      expect(Number(token.headers['retry-after'])).toBeGreaterThan(0);

      const locked = await env.deps.db
        .selectFrom('activityLog')
        .selectAll()
        .where('action', '=', 'auth.account_locked')
        .where('actorId', '=', u.id)
        .execute();
      expect(locked).toHaveLength(1);

      // Once the lock is over, the next wrong password locks it for twice as long.
      await env.deps.db
        .updateTable('signInGuards')
        .set({ lockedUntil: new Date(Date.now() - 1000).toISOString() })
        .where('key', '=', `user:${u.id}`)
        .execute();
      expect((await signIn(env, '10.1.2.1', u.username, 'wrong again')).statusCode).toBe(401);
      const longer = await signIn(env, '10.1.2.2', u.username, u.password);
      expect(longer.statusCode).toBe(429);
      expect(Number(longer.headers['retry-after'])).toBeGreaterThan(15);
      expect(Number(longer.headers['retry-after'])).toBeLessThanOrEqual(30);
      expect((await guardOf(env, u.id))?.failures).toBe(6);
    });

    it('lets a browser that signed in to the account before through the lock with the right password', async () => {
      const u = await makeUser(env, { roles: ['operator'] });
      const own = new Browser(env.app);
      await own.login(u.username, u.password);
      await own.post('/logout');
      expect(own.cookies.get('sova_device')).toBeTruthy();
      for (let i = 0; i < 6; i++) await signIn(env, `10.2.0.${i}`, u.username, `wrong ${i}`);

      expect((await signIn(env, '10.2.1.1', u.username, u.password)).statusCode).toBe(429);
      // A device cookie that was not signed by Sova counts for nothing.
      const forged = await signIn(env, '10.2.1.2', u.username, u.password, { cookie: `sova_device=${u.id}` });
      expect(forged.statusCode).toBe(429);
      await own.login(u.username, u.password);
      expect((await own.get('/welcome')).statusCode).toBe(200);
      // Signing in cleared the failures: the account is open again.
      expect(await guardOf(env, u.id)).toBeUndefined();
    });

    it('guards unknown names exactly like accounts, so a lock reveals no account', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++)
        codes.push((await signIn(env, `10.3.0.${i}`, 'nobody', `x${i}`)).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    });
  },
  { LOGIN_RATE_LIMIT: '100' },
);

describeEachDialect(
  'per-address limit',
  (env) => {
    it('counts sign-in and token requests in one bucket per address', async () => {
      const u = await makeUser(env, { roles: ['operator'] });
      const codes = [
        (await signIn(env, '10.4.0.1', u.username, 'wrong 1')).statusCode,
        (await signIn(env, '10.4.0.1', u.username, 'wrong 2')).statusCode,
        (await obtainToken(env, '10.4.0.1', u.username, 'wrong 3')).statusCode,
        (await obtainToken(env, '10.4.0.1', u.username, 'wrong 4')).statusCode,
      ];
      expect(codes).toEqual([401, 401, 401, 401]);
      const fifth = await obtainToken(env, '10.4.0.1', u.username, u.password);
      expect(fifth.statusCode).toBe(429);
      expect(fifth.json().detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds?\.$/);
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
      expect((await signIn(env, '10.4.0.1', u.username, u.password)).statusCode).toBe(429);
    });

    it('lets many phones behind one address refresh their tokens, outside the password limit', async () => {
      const u = await makeUser(env, { roles: ['operator'] });
      let pair = (await obtainToken(env, '10.5.0.1', u.username, u.password)).json();
      for (let i = 0; i < 4; i++) await obtainToken(env, '10.5.0.1', u.username, 'wrong');
      expect((await obtainToken(env, '10.5.0.1', u.username, u.password)).statusCode).toBe(429);
      for (let i = 0; i < 30; i++) {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/token/refresh/',
          remoteAddress: '10.5.0.1',
          payload: { refresh: pair.refresh },
        });
        expect(res.statusCode, `refresh ${i + 1}`).toBe(200);
        pair = res.json();
      }
    });
  },
  { LOGIN_RATE_LIMIT: '4' },
);
