import { displayName } from '../../../platform/auth/roles.js';
import { EmptyState } from '../../../platform/views/components.js';
import { Icon } from '../../../platform/views/icons.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { listDepartments } from '../departments.service.js';

export function DepartmentsPage({ v, departments }: { v: ViewContext; departments: Departments }) {
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

export type Departments = Awaited<ReturnType<typeof listDepartments>>;
