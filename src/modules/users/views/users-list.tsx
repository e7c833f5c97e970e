import { displayName, ROLES, type Role } from '../../../platform/auth/roles.js';
import type { Page } from '../../../platform/db/sql.js';
import { Csrf, confirmAttrs, EmptyState, Pagination } from '../../../platform/views/components.js';
import { Icon } from '../../../platform/views/icons.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { UserRow } from '../users.table.js';

export type ListedUser = UserRow & { roles: Role[] };

export interface UserListQuery {
  q?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
}

export function UsersPage({
  v,
  page,
  query,
}: {
  v: ViewContext;
  page: Page<ListedUser>;
  query: UserListQuery;
}) {
  const filtered = !!(query.q || query.role || query.status);
  return (
    <AppPage
      v={v}
      title={v.t('users.title')}
      actions={
        <a href="/admin/users/new" class="btn btn-primary btn-sm" data-can="users.manage">
          <Icon name="plus" class="size-4" />
          {v.t('users.new')}
        </a>
      }
    >
      <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
        <label class="input input-sm grow max-w-sm">
          <Icon name="search" class="size-4 opacity-60" />
          <input
            type="search"
            name="q"
            value={query.q ?? ''}
            placeholder={v.t('users.search')}
            aria-label={v.t('common.search')}
          />
        </label>
        <select name="role" class="select select-sm w-auto" aria-label={v.t('field.roles')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('field.roles'), value: v.t('common.all') })}
          </option>
          {ROLES.map((r) => (
            <option value={r} selected={query.role === r}>
              {v.t(`role.${r}`)}
            </option>
          ))}
        </select>
        <select name="status" class="select select-sm w-auto" aria-label={v.t('common.status')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('common.status'), value: v.t('common.all') })}
          </option>
          <option value="active" selected={query.status === 'active'}>
            {v.t('field.active')}
          </option>
          <option value="pending" selected={query.status === 'pending'}>
            {v.t('users.filter.pending')}
          </option>
        </select>
        <button class="btn btn-sm" type="submit">
          {v.t('common.filter')}
        </button>
        {filtered ? (
          <a class="btn btn-sm btn-ghost" href="/admin/users">
            {v.t('common.reset')}
          </a>
        ) : null}
      </form>
      <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
        {page.items.length === 0 ? (
          <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'common.empty')} />
        ) : (
          <table class="table table-zebra" data-users-table>
            <thead>
              <tr>
                <th>{v.t('field.username')}</th>
                <th>{v.t('field.full_name')}</th>
                <th class="hidden md:table-cell">{v.t('field.email')}</th>
                <th>{v.t('field.roles')}</th>
                <th class="hidden lg:table-cell">{v.t('field.last_login')}</th>
                <th>
                  <span class="sr-only">{v.t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((u) => (
                <tr data-user-row={u.username}>
                  <td>
                    <a class="link link-hover font-medium" href={`/admin/users/${u.id}`}>
                      {u.username}
                    </a>
                    {u.active ? null : (
                      <span class="badge badge-warning badge-sm ml-2">{v.t('users.pending')}</span>
                    )}
                  </td>
                  <td>{displayName(u)}</td>
                  <td class="hidden md:table-cell wrap-anywhere">{u.email}</td>
                  <td>
                    <div class="flex flex-wrap gap-1">
                      {u.roles.map((r) => (
                        <span class="badge badge-ghost badge-sm">{v.t(`role.${r}`)}</span>
                      ))}
                    </div>
                  </td>
                  <td class="hidden lg:table-cell text-sm opacity-75">
                    {u.lastLoginAt ? v.t.dateTime(u.lastLoginAt) : v.t('common.never')}
                  </td>
                  <td class="text-right">
                    <form
                      method="post"
                      action={`/admin/users/${u.id}/active`}
                      {...(u.active
                        ? confirmAttrs(v, {
                            question: v.t('users.deactivate_confirm', { name: displayName(u) }),
                            ok: v.t('users.deactivate'),
                          })
                        : {})}
                    >
                      <Csrf v={v} />
                      <input type="hidden" name="active" value={u.active ? '0' : '1'} />
                      <button
                        type="submit"
                        class={`btn btn-xs ${u.active ? 'btn-ghost' : 'btn-success'}`}
                        data-toggle-active={u.username}
                      >
                        {v.t(u.active ? 'users.deactivate' : 'users.activate')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination
        v={v}
        page={page.page}
        pages={page.pages}
        total={page.total}
        perPage={page.perPage}
        query={{ ...query }}
      />
    </AppPage>
  );
}
