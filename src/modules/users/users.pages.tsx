/** Admin pages for user accounts. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../deps.js';
import { ROLES } from '../../platform/auth/roles.js';
import { setFlash } from '../../platform/http/flash.js';
import { requireAction } from '../../platform/http/guards.js';
import { idParam, pageRequest, queryEnum, queryString } from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { refusedForm } from '../activity/internal.js';
import { listDepartmentNames } from '../departments/departments.service.js';
import {
  createUser,
  getUser,
  listUsers,
  resetUserPassword,
  setUserActive,
  updateUser,
} from './users.service.js';
import { USER_FIELD_LABELS } from './views/parts.js';
import { UserCreatePage } from './views/user-create.js';
import { UserEditPage } from './views/user-edit.js';
import { UsersPage } from './views/users-list.js';

export function usersPages(app: FastifyInstance) {
  const departmentOptions = async (ctx: Ctx) =>
    (await listDepartmentNames(ctx)).map((d) => ({ value: d.id, label: d.name }));

  app.get('/admin/users', async (request, reply) => {
    const q = formValues(request.query);
    const ctx = request.ctx;
    const status = queryEnum(q, 'status', ['active', 'pending'] as const);
    const query = { q: queryString(q, 'q'), role: queryEnum(q, 'role', ROLES), status };
    const page = await listUsers(
      ctx,
      { search: query.q, role: query.role, active: status === undefined ? undefined : status === 'active' },
      pageRequest(q),
    );
    return sendHtml(reply, <UsersPage v={viewContext(request, reply)} page={page} query={query} />);
  });

  const adminOnly = requireAction('users.manage');

  app.get('/admin/users/new', { preHandler: adminOnly }, async (request, reply) => {
    const ctx = request.ctx;
    const form = emptyForm({ active: true, roles: ['operator'] });
    return sendHtml(
      reply,
      <UserCreatePage
        v={viewContext(request, reply)}
        form={form}
        departments={await departmentOptions(ctx)}
      />,
    );
  });

  app.post('/admin/users/new', async (request, reply) => {
    const ctx = request.ctx;
    const result = await submitForm(() => createUser(ctx, request.body ?? {}));
    if (!result.ok) {
      const form = { values: formValues(request.body), errors: result.errors };
      return sendHtml(
        reply,
        <UserCreatePage
          v={viewContext(request, reply)}
          form={form}
          departments={await departmentOptions(ctx)}
        />,
        422,
      );
    }
    setFlash(reply, { kind: 'success', key: 'users.created' });
    return redirect(request, reply, '/admin/users');
  });

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form?: FormState,
    passwordForm: FormState = emptyForm(),
    status = 200,
  ) => {
    const ctx = request.ctx;
    const user = await getUser(ctx, id);
    const values = form ?? {
      values: {
        username: user.username,
        email: user.email,
        first_name: user.firstName,
        last_name: user.lastName,
        position: user.position,
        department_id: user.departmentId ?? '',
        locale: user.locale ?? '',
        roles: user.roles,
        active: !!user.active,
        version: user.version,
      },
      errors: {},
    };
    return sendHtml(
      reply,
      <UserEditPage
        v={viewContext(request, reply)}
        form={values}
        passwordForm={passwordForm}
        departments={await departmentOptions(ctx)}
        userId={id}
        title={request.t('common.label_value', { label: request.t('users.edit'), value: user.username })}
      />,
      status,
    );
  };

  app.get('/admin/users/:id', { preHandler: adminOnly }, async (request, reply) =>
    renderEdit(request, reply, idParam(request.params)),
  );

  app.post('/admin/users/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = formValues(request.body);
    const ctx = request.ctx;
    const result = await submitForm(() =>
      updateUser(ctx, id, request.body ?? {}, { expectedVersion: formVersion(body) }),
    );
    if (!result.ok) {
      const record = { entityType: 'user', id, labels: USER_FIELD_LABELS };
      const form = await refusedForm(ctx, request.t, record, body, result);
      return renderEdit(request, reply, id, form, undefined, 422);
    }
    setFlash(reply, { kind: 'success', key: 'users.updated' });
    return redirect(request, reply, '/admin/users');
  });

  app.post('/admin/users/:id/password', async (request, reply) => {
    const id = idParam(request.params);
    const result = await submitForm(() => resetUserPassword(request.ctx, id, request.body ?? {}));
    if (!result.ok)
      return renderEdit(request, reply, id, undefined, { values: {}, errors: result.errors }, 422);
    setFlash(reply, { kind: 'success', key: 'users.password_reset_done' });
    return redirect(request, reply, `/admin/users/${id}`);
  });

  app.post('/admin/users/:id/active', async (request, reply) => {
    const id = idParam(request.params);
    const active = formValues(request.body).active === '1';
    const result = await submitForm(() => setUserActive(request.ctx, id, active));
    if (!result.ok) {
      const code = result.errors._?.code ?? 'validation';
      setFlash(reply, { kind: 'error', key: code });
    } else {
      setFlash(reply, { kind: 'success', key: active ? 'users.activated' : 'users.deactivated' });
    }
    return redirect(request, reply, '/admin/users');
  });
}
