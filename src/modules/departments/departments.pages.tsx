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
import {
  Card,
  Csrf,
  DeleteButton,
  EmptyState,
  emptyForm,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../platform/views/components.js';
import { Icon } from '../../platform/views/icons.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
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

type Departments = Awaited<ReturnType<typeof listDepartments>>;

function DepartmentsPage({ v, departments }: { v: ViewContext; departments: Departments }) {
  return (
    <AppPage
      v={v}
      title={v.t('departments.title')}
      actions={
        <a href="/admin/departments/new" class="btn btn-primary btn-sm" data-can="departments.manage">
          <Icon name="plus" class="size-4" />
          {v.t('departments.new')}
        </a>
      }
    >
      <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
        {departments.length === 0 ? (
          <EmptyState title={v.t('common.empty')}>
            <a href="/admin/departments/new" class="btn btn-primary btn-sm">
              {v.t('departments.new')}
            </a>
          </EmptyState>
        ) : (
          <table class="table" data-departments-table>
            <thead>
              <tr>
                <th>{v.t('field.name')}</th>
                <th>{v.t('field.manager')}</th>
                <th class="text-right">{v.t('field.members')}</th>
                <th class="hidden md:table-cell">{v.t('field.description')}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr>
                  <td>
                    <a class="link link-hover font-medium" href={`/admin/departments/${d.id}`}>
                      {d.name}
                    </a>
                  </td>
                  <td>
                    {d.managerUsername
                      ? displayName({
                          firstName: d.managerFirstName ?? '',
                          lastName: d.managerLastName ?? '',
                          username: d.managerUsername,
                        })
                      : v.t('common.none')}
                  </td>
                  <td class="text-right tabular-nums">{Number(d.memberCount ?? 0)}</td>
                  <td class="hidden md:table-cell opacity-75 max-w-md truncate">{d.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </AppPage>
  );
}

function DepartmentFormPage({
  v,
  form,
  managers,
  id,
  members = 0,
}: {
  v: ViewContext;
  form: FormState;
  managers: { value: number; label: string }[];
  id?: number;
  /** How many users belong to it (what deleting it leaves without a department). */
  members?: number;
}) {
  return (
    <AppPage v={v} title={v.t(id ? 'departments.edit' : 'departments.new')}>
      <Card>
        <form
          method="post"
          action={id ? `/admin/departments/${id}` : '/admin/departments/new'}
          class="max-w-xl"
          data-department-form
        >
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          <Field v={v} form={form} name="name" label={v.t('field.name')} required maxLength={150} />
          <TextArea v={v} form={form} name="description" label={v.t('field.description')} maxLength={2000} />
          <Select
            v={v}
            form={form}
            name="manager_id"
            label={v.t('field.manager')}
            options={managers}
            empty={v.t('common.none')}
          />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t(id ? 'common.save' : 'common.create')}
            </button>
            <a href="/admin/departments" class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </form>
        {id ? (
          <DeleteButton
            v={v}
            action={`/admin/departments/${id}/delete`}
            confirm={v.t('departments.delete_confirm', {
              name: String(form.values.name ?? ''),
              n: v.t.number(members),
            })}
            class="mt-6 border-t border-base-300 pt-4"
            outline
            can="departments.manage"
          />
        ) : null}
      </Card>
    </AppPage>
  );
}

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
