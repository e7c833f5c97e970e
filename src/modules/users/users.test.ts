import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, countRows, makeUser } from '../../test/http.js';

describeEachDialect('user and department administration', (env) => {
  it('lets an admin create, edit and reset a user, recording each change', async () => {
    const admin = await makeUser(env, { roles: ['admin'] });
    const b = new Browser(env.app);
    await b.login(admin.username, admin.password);
    const created = await b.post('/admin/users/new', {
      username: 'olga',
      email: 'olga@example.test',
      first_name: 'Ольга',
      last_name: 'Смирнова',
      password: 'olga password 1',
      password2: 'olga password 1',
      roles: ['operator', 'manager'],
      active: 'on',
    });
    expect(created.statusCode).toBe(303);
    const olga = await env.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'olga')
      .executeTakeFirstOrThrow();
    const edited = await b.post(`/admin/users/${olga.id}`, {
      username: 'olga',
      email: 'olga@example.test',
      first_name: 'Ольга',
      last_name: 'Смирнова',
      position: 'Старший оператор',
      roles: ['operator'],
      active: 'on',
    });
    expect(edited.statusCode).toBe(303);
    const roles = await env.deps.db
      .selectFrom('userRoles')
      .select('role')
      .where('userId', '=', olga.id)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['operator']);
    expect(
      (
        await b.post(`/admin/users/${olga.id}/password`, {
          password: 'new password 99',
          password2: 'new password 99',
        })
      ).statusCode,
    ).toBe(303);
    const o = new Browser(env.app);
    await o.login('olga', 'new password 99');
    const actions = await env.deps.db
      .selectFrom('activityLog')
      .select('action')
      .where('entityId', '=', olga.id)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'user.roles_changed', 'user.password_reset']),
    );
    const search = await b.get('/admin/users?q=смирнова');
    expect(search.body).toContain('data-user-row="olga"');
  });

  it('keeps operators out of administration', async () => {
    const op = await makeUser(env, { roles: ['operator'] });
    const b = new Browser(env.app);
    await b.login(op.username, op.password);
    for (const url of [
      '/admin/users',
      '/admin/users/new',
      '/admin/departments/new',
      '/admin/activity',
      '/admin/tokens',
    ]) {
      expect((await b.get(url)).statusCode, url).toBe(403);
    }
    const before = await countRows(env, 'users');
    const res = await b.post('/admin/users/new', {
      username: 'sneaky',
      email: 's@example.test',
      password: 'x'.repeat(10),
      password2: 'x'.repeat(10),
    });
    expect(res.statusCode).toBe(403);
    expect(await countRows(env, 'users')).toBe(before);
  });

  it('never leaves the installation without an active admin', async () => {
    const admin = await makeUser(env, { roles: ['admin'] });
    const b = new Browser(env.app);
    await b.login(admin.username, admin.password);
    const self = await b.post(`/admin/users/${admin.id}/active`, { active: '0' });
    expect(self.statusCode).toBe(303);
    const row = await env.deps.db
      .selectFrom('users')
      .select('active')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(1);
  });

  it('manages departments with unique names and clear errors', async () => {
    const admin = await makeUser(env, { roles: ['admin'] });
    const b = new Browser(env.app);
    await b.login(admin.username, admin.password);
    expect(
      (await b.post('/admin/departments/new', { name: 'Продажи', manager_id: String(admin.id) })).statusCode,
    ).toBe(303);
    const dup = await b.post('/admin/departments/new', { name: 'продажи' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('data-field-error="name"');
    const empty = await b.post('/admin/departments/new', { name: '' });
    expect(empty.statusCode).toBe(422);
    const long = await b.post('/admin/departments/new', { name: 'x'.repeat(151) });
    expect(long.statusCode).toBe(422);
    const badManager = await b.post('/admin/departments/new', { name: 'Support', manager_id: '999999' });
    expect(badManager.statusCode).toBe(422);
    expect(await countRows(env, 'departments')).toBe(1);
    const list = await b.get('/admin/departments');
    expect(list.body).toContain('Продажи');
    const dept = await env.deps.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
    expect((await b.post(`/admin/departments/${dept.id}/delete`)).statusCode).toBe(303);
    expect(await countRows(env, 'departments')).toBe(0);
    const log = await b.get('/admin/activity?action=department.deleted');
    expect(log.body).toContain('data-activity="department.deleted"');
  });
});
