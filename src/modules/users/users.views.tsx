import { displayName, ROLES, type Role } from '../../platform/auth/roles.js';
import type { Page } from '../../platform/db/sql.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { LOCALE_NAMES, LOCALES } from '../../platform/i18n/index.js';
import {
  Card,
  Checkboxes,
  Csrf,
  confirmAttrs,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  Pagination,
  Select,
  SubmitRow,
  Toggle,
  VersionField,
} from '../../platform/views/components.js';
import { Icon } from '../../platform/views/icons.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import type { UserRow } from './users.table.js';

type ListedUser = UserRow & { roles: Role[] };
/** An account's fields as a "changed meanwhile" notice names them (the admin's form and the user's own). */
export const USER_FIELD_LABELS: Record<string, MessageKey> = {
  username: 'field.username',
  email: 'field.email',
  first_name: 'field.first_name',
  last_name: 'field.last_name',
  position: 'field.position',
  department_id: 'field.department',
  locale: 'field.locale',
  time_zone: 'field.time_zone',
};

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

interface Option {
  value: string | number;
  label: string;
}

export function UserForm({
  v,
  form,
  departments,
  mode,
  userId,
}: {
  v: ViewContext;
  form: FormState;
  departments: Option[];
  mode: 'create' | 'edit';
  userId?: number;
}) {
  return (
    <form
      method="post"
      action={mode === 'create' ? '/admin/users/new' : `/admin/users/${userId}`}
      class="max-w-2xl"
      data-user-form
    >
      <Csrf v={v} />
      <VersionField form={form} />
      <FormErrorSummary v={v} form={form} />
      <div class="grid sm:grid-cols-2 gap-x-4">
        <Field v={v} form={form} name="username" label={v.t('field.username')} required maxLength={150} />
        <Field
          v={v}
          form={form}
          name="email"
          type="email"
          label={v.t('field.email')}
          required
          maxLength={254}
        />
        <Field v={v} form={form} name="first_name" label={v.t('field.first_name')} maxLength={150} />
        <Field v={v} form={form} name="last_name" label={v.t('field.last_name')} maxLength={150} />
        <Field v={v} form={form} name="position" label={v.t('field.position')} maxLength={150} />
        <Select
          v={v}
          form={form}
          name="department_id"
          label={v.t('field.department')}
          options={departments}
          empty={v.t('common.none')}
        />
        <Select
          v={v}
          form={form}
          name="locale"
          label={v.t('field.locale')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          empty={v.t('common.none')}
        />
        {mode === 'create' ? (
          <>
            <Field
              v={v}
              form={form}
              name="password"
              type="password"
              label={v.t('field.password')}
              required
              autocomplete="new-password"
            />
            <Field
              v={v}
              form={form}
              name="password2"
              type="password"
              label={v.t('field.password2')}
              required
              autocomplete="new-password"
            />
          </>
        ) : null}
      </div>
      <Checkboxes
        v={v}
        form={form}
        name="roles"
        label={v.t('field.roles')}
        options={ROLES.map((r) => ({ value: r, label: v.t(`role.${r}`), hint: v.t(`role.${r}.hint`) }))}
      />
      <Toggle v={v} form={form} name="active" label={v.t('field.active')} />
      <SubmitRow>
        <button type="submit" class="btn btn-primary">
          {v.t(mode === 'create' ? 'common.create' : 'common.save')}
        </button>
        <a href="/admin/users" class="btn btn-ghost">
          {v.t('common.cancel')}
        </a>
      </SubmitRow>
    </form>
  );
}

export function UserEditPage({
  v,
  form,
  passwordForm,
  departments,
  userId,
  title,
}: {
  v: ViewContext;
  form: FormState;
  passwordForm: FormState;
  departments: Option[];
  userId: number;
  title: string;
}) {
  return (
    <AppPage v={v} title={title}>
      <div class="grid gap-6 xl:grid-cols-3">
        <div class="xl:col-span-2">
          <Card>
            <UserForm v={v} form={form} departments={departments} mode="edit" userId={userId} />
          </Card>
        </div>
        <Card title={v.t('users.reset_password')}>
          <form method="post" action={`/admin/users/${userId}/password`} data-password-reset>
            <Csrf v={v} />
            <FormErrorSummary v={v} form={passwordForm} />
            <Field
              v={v}
              form={passwordForm}
              name="password"
              type="password"
              label={v.t('field.new_password')}
              required
              autocomplete="new-password"
            />
            <Field
              v={v}
              form={passwordForm}
              name="password2"
              type="password"
              label={v.t('field.password2')}
              required
              autocomplete="new-password"
            />
            <SubmitRow>
              <button type="submit" class="btn btn-warning">
                {v.t('users.reset_password')}
              </button>
            </SubmitRow>
          </form>
        </Card>
      </div>
    </AppPage>
  );
}

export function UserCreatePage({
  v,
  form,
  departments,
}: {
  v: ViewContext;
  form: FormState;
  departments: Option[];
}) {
  return (
    <AppPage v={v} title={v.t('users.new')}>
      <Card>
        <UserForm v={v} form={form} departments={departments} mode="create" />
      </Card>
    </AppPage>
  );
}
