/** The contacts list: search and filters, sortable columns, bulk status/assignee changes and deletion, pages. */
import { can } from '../../../platform/auth/policy.js';
import { displayName } from '../../../platform/auth/roles.js';
import type { Page } from '../../../platform/db/sql.js';
import {
  Csrf,
  confirmAttrs,
  DataMenu,
  EmptyState,
  FilterSelect,
  ListFilters,
  liveRegion,
  Pagination,
  queryHref,
  SortHeader,
} from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { AppPage } from '../../../platform/views/layout.js';
import { type ContactListQuery, fullName } from '../contacts.contract.js';
import { CONTACT_STATUSES, type ContactListRow } from '../contacts.table.js';
import { type Person, STATUS_BADGE } from './parts.js';

export function ContactsPage({
  v,
  page,
  query,
  people,
  companyName,
}: {
  v: ViewContext;
  page: Page<ContactListRow>;
  query: ContactListQuery;
  people: Person[];
  /** The company the list is filtered by (`?company_id=`, or `?company=`). */
  companyName?: string | undefined;
}) {
  const filtered = !!(
    query.search ||
    query.status ||
    query.assigned_user_id ||
    query.company_id ||
    query.created_from ||
    query.created_to
  );
  const names = new Map(people.map((p) => [p.id, displayName(p)]));
  // The filters and order a link keeps (pages and per-page are the pagination's).
  const { page: _page, per_page: _perPage, ...q } = query;
  // Rows are ticked only for the bulk actions this user may take.
  const bulkEdit = can(v.actor, 'contacts.bulk_edit');
  const bulkDelete = can(v.actor, 'contacts.delete');
  const selectable = bulkEdit || bulkDelete;
  return (
    <AppPage
      v={v}
      title={v.t('contacts.title')}
      actions={
        <div class="flex gap-2">
          {can(v.actor, 'contacts.transfer') ? (
            <DataMenu
              v={v}
              importHref="/imports?entity=contacts"
              exportHref={queryHref('/contacts/export', q)}
              can="contacts.transfer"
            />
          ) : null}
          {can(v.actor, 'contacts.create') ? (
            <a href="/contacts/new" class="btn btn-primary btn-sm" data-can="contacts.create">
              {v.t('contacts.new')}
            </a>
          ) : null}
        </div>
      }
    >
      <ListFilters
        v={v}
        search={{ name: 'search', value: query.search, hint: v.t('contacts.search_hint') }}
        range={{ from: query.created_from, to: query.created_to, names: ['created_from', 'created_to'] }}
        resetHref="/contacts"
        filtered={filtered}
      >
        <FilterSelect
          v={v}
          name="status"
          label={v.t('common.status')}
          options={CONTACT_STATUSES.map((s) => ({ value: s, label: v.t.dynamic(`contacts.status.${s}`) }))}
          selected={query.status}
        />
        <FilterSelect
          v={v}
          name="assigned_user_id"
          label={v.t('contacts.assigned')}
          options={people.map((p) => ({ value: p.id, label: displayName(p) }))}
          selected={query.assigned_user_id}
        />
        {query.company_id ? (
          <span class="badge badge-outline gap-1 h-8" data-company-filter={query.company_id}>
            <input type="hidden" name="company_id" value={query.company_id} />
            {v.t('contacts.company')}: {companyName ?? `#${query.company_id}`}
            <a
              href={queryHref('/contacts', { ...q, company_id: undefined })}
              class="link"
              aria-label={v.t('common.reset')}
            >
              ✕
            </a>
          </span>
        ) : null}
      </ListFilters>
      <form method="post" action="/contacts/bulk" id="bulk">
        <Csrf v={v} />
        <div
          class="bg-base-100 rounded-box border border-base-300 overflow-x-auto"
          {...liveRegion(v, 'contacts-list', 'contacts.changed')}
        >
          {page.items.length === 0 ? (
            <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'contacts.empty')}>
              {filtered ? null : (
                <a href="/contacts/new" class="btn btn-primary btn-sm mt-2">
                  {v.t('contacts.new')}
                </a>
              )}
            </EmptyState>
          ) : (
            <table class="table table-sm" data-contacts-table>
              <thead>
                <tr>
                  {selectable ? (
                    <th class="w-8">
                      <span class="sr-only">{v.t('contacts.select')}</span>
                    </th>
                  ) : null}
                  <SortHeader
                    v={v}
                    base="/contacts"
                    dirParam="order"
                    query={q}
                    field="last_name"
                    label={v.t('contacts.name')}
                  />
                  <SortHeader
                    v={v}
                    base="/contacts"
                    dirParam="order"
                    query={q}
                    field="email"
                    label={v.t('field.email')}
                  />
                  <th>{v.t('contacts.phone')}</th>
                  <SortHeader
                    v={v}
                    base="/contacts"
                    dirParam="order"
                    query={q}
                    field="status"
                    label={v.t('common.status')}
                  />
                  <th class="hidden lg:table-cell">{v.t('contacts.assigned')}</th>
                  <SortHeader
                    v={v}
                    base="/contacts"
                    dirParam="order"
                    query={q}
                    field="next_interaction_on"
                    label={v.t('contacts.next_interaction')}
                  />
                  <SortHeader
                    v={v}
                    base="/contacts"
                    dirParam="order"
                    query={q}
                    field="created_at"
                    label={v.t('common.created_at')}
                  />
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr data-contact={c.id} class="hover">
                    {selectable ? (
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value={c.id}
                          class="checkbox checkbox-sm"
                          aria-label={fullName(c)}
                        />
                      </td>
                    ) : null}
                    <td>
                      <a href={`/contacts/${c.id}`} class="link link-hover font-medium">
                        {fullName(c)}
                      </a>
                    </td>
                    <td class="text-sm wrap-anywhere">{c.email}</td>
                    <td class="text-sm whitespace-nowrap font-mono">{c.mobilePhone}</td>
                    <td>
                      <span class={`badge badge-sm ${STATUS_BADGE[c.status]}`}>
                        {v.t.dynamic(`contacts.status.${c.status}`)}
                      </span>
                    </td>
                    <td class="hidden lg:table-cell text-sm">
                      {c.assignedUserId ? (names.get(c.assignedUserId) ?? '') : ''}
                    </td>
                    <td class="text-sm whitespace-nowrap">
                      {c.nextInteractionOn ? v.t.date(c.nextInteractionOn) : ''}
                    </td>
                    <td class="text-sm whitespace-nowrap">{v.t.date(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {page.items.length > 0 && selectable ? (
          <div class="flex flex-wrap gap-2 items-center mt-3" data-bulk-actions>
            <span class="text-sm opacity-70">{v.t('contacts.bulk')}</span>
            {bulkEdit ? (
              <>
                <select
                  name="status"
                  class="select select-sm w-auto"
                  aria-label={v.t('contacts.bulk_status')}
                >
                  <option value="">{v.t('contacts.bulk_status')}</option>
                  {CONTACT_STATUSES.map((s) => (
                    <option value={s}>{v.t.dynamic(`contacts.status.${s}`)}</option>
                  ))}
                </select>
                <select
                  name="assign"
                  class="select select-sm w-auto"
                  aria-label={v.t('contacts.bulk_assign')}
                >
                  <option value="">{v.t('contacts.bulk_assign')}</option>
                  {people.map((p) => (
                    <option value={p.id}>{displayName(p)}</option>
                  ))}
                </select>
                <button
                  type="submit"
                  name="action"
                  value="update"
                  class="btn btn-sm"
                  data-can="contacts.bulk_edit"
                >
                  {v.t('common.apply')}
                </button>
              </>
            ) : null}
            {bulkDelete ? (
              <button
                type="submit"
                name="action"
                value="delete"
                class="btn btn-sm btn-error btn-outline"
                data-can="contacts.delete"
                {...confirmAttrs(v, {
                  question: v.t('contacts.bulk_delete_confirm'),
                  preview: '/contacts/delete-preview',
                  fields: 'ids',
                  ok: v.t('common.delete'),
                })}
              >
                {v.t('common.delete')}
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
      <Pagination
        v={v}
        page={page.page}
        pages={page.pages}
        total={page.total}
        perPage={page.perPage}
        query={q}
        capped={page.capped}
      />
    </AppPage>
  );
}
