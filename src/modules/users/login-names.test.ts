/**
 * Usernames and emails are two separate sign-in names: a username never holds `@` nor anyone's email, an email
 * is never another account's username, and signing in with an email looks at emails only (issue 24, item 6).
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';
import { createSuperuser } from './users.service.js';

const PASSWORD = 'long enough 1';

type Env = Parameters<Parameters<typeof describeEachDialect>[1]>[0];

/** An account as it could exist from before the rule: its username holds `@` (renamed directly). */
async function legacyUser(env: Env, username: string) {
  const { id } = await makeUser(env, { roles: [], password: 'the squatter’s own 1' });
  await env.deps.db.updateTable('users').set({ username }).where('id', '=', id).execute();
  return id;
}

/** The admin's "new user" form with these sign-in names. */
const newUserForm = (username: string, email: string) => ({
  username,
  email,
  password: PASSWORD,
  password2: PASSWORD,
  active: 'on',
});

describeEachDialect(
  'sign-in names',
  (env) => {
    it('refuses a username that is another user’s email, so it cannot block their sign-in', async () => {
      const op2 = await makeUser(env, { username: 'op2', roles: ['operator'] });
      const before = await countRows(env, 'users');
      const visitor = new Browser(env.app);
      const res = await visitor.post('/signup', {
        username: 'OP2@example.test',
        email: 'squatter@example.test',
        password: PASSWORD,
        password2: PASSWORD,
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('data-field-error="username"');
      expect(await countRows(env, 'users')).toBe(before);
      // Rows from before the rule: a username holding an email, then that email given to another account
      // (an older profile page allowed it). The email's owner still signs in, by page and by token.
      await legacyUser(env, 'Boss@corp.example');
      const owner = await makeUser(env, { roles: ['operator'] });
      await env.deps.db
        .updateTable('users')
        .set({ email: 'boss@corp.example' })
        .where('id', '=', owner.id)
        .execute();
      await new Browser(env.app).login('boss@corp.example', owner.password);
      const token = await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: 'BOSS@corp.example', password: owner.password },
      });
      expect(token.statusCode).toBe(200);
      const me = await env.app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token.json().access}` },
      });
      expect(me.json().id).toBe(owner.id);
      await new Browser(env.app).login('op2@example.test', op2.password);
    });

    it('refuses `@` in a username on every path that names a user', async () => {
      const admin = await makeUser(env, { roles: ['admin'] });
      const a = new Browser(env.app);
      await a.login(admin.username, admin.password);
      const before = await countRows(env, 'users');
      const created = await a.post('/admin/users/new', newUserForm('ann@corp', 'ann@example.test'));
      expect(created.statusCode).toBe(422);
      expect(created.body).toContain('data-field-error="username"');
      const victim = await makeUser(env, { roles: ['operator'] });
      const renamed = await a.post(`/admin/users/${victim.id}`, {
        username: `${victim.username}@example.test`,
        email: 'renamed@example.test',
        active: 'on',
      });
      expect(renamed.statusCode).toBe(422);
      expect(renamed.body).toContain('data-field-error="username"');
      await expect(
        createSuperuser(env.ctx(), {
          username: 'root@example.test',
          email: 'root2@example.test',
          password: PASSWORD,
          password2: PASSWORD,
          first_name: '',
          last_name: '',
          position: '',
        }),
      ).rejects.toMatchObject({ kind: 'invalid' });
      expect(await countRows(env, 'users')).toBe(before + 1);
    });

    it('refuses an email that is another account’s username, on the admin form and the account page', async () => {
      const legacyId = await legacyUser(env, 'chief@corp.example');
      const admin = await makeUser(env, { roles: ['admin'] });
      const a = new Browser(env.app);
      await a.login(admin.username, admin.password);
      const created = await a.post('/admin/users/new', newUserForm('newbie', 'CHIEF@corp.example'));
      expect(created.statusCode).toBe(422);
      expect(created.body).toContain('data-field-error="email"');

      const op = await makeUser(env, { roles: ['operator'] });
      const b = new Browser(env.app);
      await b.login(op.username, op.password);
      const profile = await b.post('/account/profile', { email: 'chief@corp.example' });
      expect(profile.statusCode).toBe(422);
      expect(profile.body).toContain('data-field-error="email"');
      const me = await env.deps.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', op.id)
        .executeTakeFirstOrThrow();
      expect(me.email).toBe(`${op.username}@example.test`);
      // The legacy account itself may keep its own name as its email.
      expect(legacyId).toBeGreaterThan(0);
    });
  },
  { SIGNUP: 'open', LOGIN_RATE_LIMIT: '1000' },
);
