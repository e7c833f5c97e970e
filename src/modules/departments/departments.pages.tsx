/** Admin pages for departments. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { displayName } from '../../platform/auth/roles.js';
import { setFlash } from '../../platform/http/flash.js';
import { requireAction } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/query.js';
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
import { listUsersForPicker } from '../users/internal.js';
import {
  countDepartmentMembers,
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from './departments.service.js';
import { DepartmentFormPage } from './views/department-form.js';
import { DepartmentsPage } from './views/departments-list.js';

export function departmentsPages(app: FastifyInstance) {
  const adminOnly = requireAction('departments.manage');
  const managers = async (request: FastifyRequest) =>
    (await listUsersForPicker(request.ctx)).map((u) => ({
      value: u.id,
      label: displayName(u),
    }));

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    id?: number,
    status = 200,
  ) => {
    const members = id ? await countDepartmentMembers(request.ctx, id) : 0;
    return sendHtml(
      reply,
      <DepartmentFormPage
        v={viewContext(request, reply)}
        form={form}
        managers={await managers(request)}
        id={id}
        members={members}
      />,
      status,
    );
  };

  app.get('/admin/departments', async (request, reply) => {
    const departments = await listDepartments(request.ctx);
    return sendHtml(reply, <DepartmentsPage v={viewContext(request, reply)} departments={departments} />);
  });

  app.get('/admin/departments/new', { preHandler: adminOnly }, async (request, reply) =>
    renderForm(request, reply, emptyForm()),
  );

  app.post('/admin/departments/new', async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(() => createDepartment(request.ctx, body));
    if (!result.ok)
      return renderForm(request, reply, { values: formValues(body), errors: result.errors }, undefined, 422);
    setFlash(reply, { kind: 'success', key: 'departments.created' });
    return redirect(request, reply, '/admin/departments');
  });

  app.get('/admin/departments/:id', { preHandler: adminOnly }, async (request, reply) => {
    const id = idParam(request.params);
    const d = await getDepartment(request.ctx, id);
    return renderForm(
      request,
      reply,
      emptyForm({
        name: d.name,
        description: d.description,
        manager_id: d.managerId ?? '',
        version: d.version,
      }),
      id,
    );
  });

  app.post('/admin/departments/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = formValues(request.body);
    const ctx = request.ctx;
    const result = await submitForm(() =>
      updateDepartment(ctx, id, body, { expectedVersion: formVersion(body) }),
    );
    if (!result.ok) {
      const labels = {
        name: 'field.name',
        description: 'field.description',
        manager_id: 'field.manager',
      } as const;
      const form = await refusedForm(
        ctx,
        request.t,
        { entityType: 'department', id, labels },
        formValues(body),
        result,
      );
      return renderForm(request, reply, form, id, 422);
    }
    setFlash(reply, { kind: 'success', key: 'departments.updated' });
    return redirect(request, reply, '/admin/departments');
  });

  app.post('/admin/departments/:id/delete', async (request, reply) => {
    await deleteDepartment(request.ctx, idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'departments.deleted' });
    return redirect(request, reply, '/admin/departments');
  });
}
