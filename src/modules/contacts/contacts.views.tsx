/** Contact list, detail (with its timeline) and form. */

import { can } from '../../platform/auth/policy.js';
import { displayName } from '../../platform/auth/roles.js';
import type { Page } from '../../platform/db/sql.js';
import {
  Csrf,
  confirmAttrs,
  DataMenu,
  DateRangeAndButtons,
  DeleteButton,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  liveRegion,
  Pagination,
  queryHref,
  SearchSelect,
  Select,
  SortHeader,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/layout.js';
import { AppPage } from '../../platform/views/layout.js';
import { type CallWithNames, operatorName } from '../calls/calls.schema.js';
import { CallOutcome, LeadBadge, RecordingPlayer } from '../calls/calls.views.js';
import { UNDO_MINUTES } from '../deletions/deletions.service.js';
import type { OrderWithContact } from '../orders/orders.service.js';
import type { ContactDeletionCounts } from './contacts.deletion.js';
import { isOwnContact } from './contacts.policy.js';
import { fullName } from './contacts.schema.js';
import {
  CONTACT_STATUSES,
  type ContactListRow,
  type ContactRow,
  type ContactStatus,
} from './contacts.table.js';

export const STATUS_BADGE: Record<ContactStatus, string> = {
  lead: 'badge-info',
  active: 'badge-success',
  inactive: 'badge-ghost',
  closed: 'badge-neutral',
};

export interface ContactListQuery {
  q?: string;
  status?: ContactStatus;
  assigned?: number;
  company?: number;
  from?: string;
  to?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
}

type Person = { id: number; firstName: string; lastName: string; username: string };

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
  /** The company the list is filtered by (`?company=`). */
  companyName?: string | undefined;
}) {
  const filtered = !!(query.q || query.status || query.assigned || query.company || query.from || query.to);
  const names = new Map(people.map((p) => [p.id, displayName(p)]));
  const q = { ...query } as Record<string, string | number | undefined> & ContactListQuery;
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
      <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
        <input
          type="search"
          name="q"
          value={query.q ?? ''}
          placeholder={v.t('contacts.search_hint')}
          class="input input-sm w-72"
          aria-label={v.t('common.search')}
        />
        <select name="status" class="select select-sm w-auto" aria-label={v.t('common.status')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('common.status'), value: v.t('common.all') })}
          </option>
          {CONTACT_STATUSES.map((s) => (
            <option value={s} selected={s === query.status}>
              {v.t.dynamic(`contacts.status.${s}`)}
            </option>
          ))}
        </select>
        <select name="assigned" class="select select-sm w-auto" aria-label={v.t('contacts.assigned')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('contacts.assigned'), value: v.t('common.all') })}
          </option>
          {people.map((p) => (
            <option value={p.id} selected={p.id === query.assigned}>
              {displayName(p)}
            </option>
          ))}
        </select>
        {query.company ? (
          <span class="badge badge-outline gap-1 h-8" data-company-filter={query.company}>
            <input type="hidden" name="company" value={query.company} />
            {v.t('contacts.company')}: {companyName ?? `#${query.company}`}
            <a
              href={queryHref('/contacts', { ...q, company: undefined })}
              class="link"
              aria-label={v.t('common.reset')}
            >
              ✕
            </a>
          </span>
        ) : null}
        <DateRangeAndButtons
          v={v}
          from={query.from}
          to={query.to}
          resetHref="/contacts"
          filtered={filtered}
        />
      </form>
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
                    query={q}
                    field="last_name"
                    label={v.t('contacts.name')}
                  />
                  <SortHeader v={v} base="/contacts" query={q} field="email" label={v.t('field.email')} />
                  <th>{v.t('contacts.phone')}</th>
                  <SortHeader v={v} base="/contacts" query={q} field="status" label={v.t('common.status')} />
                  <th class="hidden lg:table-cell">{v.t('contacts.assigned')}</th>
                  <SortHeader
                    v={v}
                    base="/contacts"
                    query={q}
                    field="next_interaction_on"
                    label={v.t('contacts.next_interaction')}
                  />
                  <SortHeader
                    v={v}
                    base="/contacts"
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

export function ContactFormPage({
  v,
  form,
  people,
  companyName,
  contactId,
  title,
}: {
  v: ViewContext;
  form: FormState;
  people: Person[];
  /** The chosen company's name (its id is the form's `company_id`). */
  companyName?: string | undefined;
  contactId?: number;
  title: string;
}) {
  const duplicateOf = (form.errors.email?.params?.id ?? form.errors.mobile_phone?.params?.id) as
    | number
    | undefined;
  return (
    <AppPage v={v} title={title}>
      <div class="card bg-base-100 border border-base-300 max-w-2xl">
        <form
          method="post"
          action={contactId ? `/contacts/${contactId}/edit` : '/contacts/new'}
          class="card-body"
          data-contact-form
        >
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          {duplicateOf ? (
            <div role="alert" class="alert alert-warning text-sm" data-duplicate>
              <span>
                {v.t('contacts.duplicate')}{' '}
                <a href={`/contacts/${duplicateOf}`} class="link font-medium">
                  {v.t('contacts.open_existing')}
                </a>
              </span>
            </div>
          ) : null}
          <div class="grid sm:grid-cols-3 gap-x-4">
            <Field
              v={v}
              form={form}
              name="last_name"
              label={v.t('field.last_name')}
              required
              maxLength={50}
              autofocus
            />
            <Field
              v={v}
              form={form}
              name="first_name"
              label={v.t('field.first_name')}
              required
              maxLength={50}
            />
            <Field v={v} form={form} name="middle_name" label={v.t('contacts.middle_name')} maxLength={50} />
          </div>
          <div class="grid sm:grid-cols-2 gap-x-4">
            <Field
              v={v}
              form={form}
              name="email"
              type="email"
              label={v.t('field.email')}
              required
              maxLength={254}
            />
            <Field
              v={v}
              form={form}
              name="mobile_phone"
              type="tel"
              label={v.t('contacts.phone')}
              hint={v.t('contacts.phone_hint')}
              maxLength={40}
            />
          </div>
          {form.errors.mobile_phone?.code === 'phone_exists' ? (
            <label class="label text-sm gap-2">
              <input type="checkbox" name="confirm_duplicate" value="1" class="checkbox checkbox-sm" />
              {v.t('contacts.save_anyway')}
            </label>
          ) : null}
          <div class="grid sm:grid-cols-3 gap-x-4">
            <Select
              v={v}
              form={form}
              name="status"
              label={v.t('common.status')}
              options={CONTACT_STATUSES.map((s) => ({
                value: s,
                label: v.t.dynamic(`contacts.status.${s}`),
              }))}
            />
            <Select
              v={v}
              form={form}
              name="assigned_user_id"
              label={v.t('contacts.assigned')}
              empty={v.t('common.none')}
              options={people.map((p) => ({ value: p.id, label: displayName(p) }))}
            />
            <Field
              v={v}
              form={form}
              name="next_interaction_on"
              type="date"
              label={v.t('contacts.next_interaction')}
            />
          </div>
          <SearchSelect
            v={v}
            form={form}
            name="company_id"
            label={v.t('contacts.company')}
            choicesUrl="/companies/choices"
            current={companyName}
            searchLabel={v.t('companies.search_hint')}
            empty={v.t('companies.none')}
          />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('common.save')}
            </button>
            <a href={contactId ? `/contacts/${contactId}` : '/contacts'} class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </form>
      </div>
    </AppPage>
  );
}

type Note = {
  id: number;
  body: string;
  createdAt: string;
  authorId: number | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
};
type Activity = {
  id: number;
  action: string;
  createdAt: string;
  summary: string;
  actorUsername: string | null;
  actorFirstName: string | null;
  actorLastName: string | null;
};

export function ContactPage({
  v,
  contact,
  orders,
  notes,
  history,
  assignee,
  noteForm,
  canEdit,
  canDelete,
  canAddOrder,
  calls = [],
  orderTotals,
  company,
}: {
  v: ViewContext;
  contact: ContactRow;
  /** The contact's orders in figures, all of them (the timeline shows the latest 200). */
  orderTotals?: { orders: number; pending: number; completedCents: number; lastAt: string | null };
  /** Calls with this contact (the call log), shown on the timeline with their recordings. */
  calls?: CallWithNames[];
  orders: OrderWithContact[];
  notes: Note[];
  history: Activity[];
  assignee: string | null;
  noteForm: FormState;
  canEdit: boolean;
  canDelete: boolean;
  /** May the viewer take an order for this contact (the orders' rule). */
  canAddOrder: boolean;
  /** The company the contact works for. */
  company?: { id: number; name: string } | undefined;
}) {
  // One timeline, newest first: notes, orders and changes.
  type Item = { at: string; kind: 'note' | 'order' | 'change' | 'call'; node: preact.JSX.Element };
  const items: Item[] = [
    ...notes.map((n) => ({
      at: n.createdAt,
      kind: 'note' as const,
      node: (
        <div data-note={n.id}>
          <p class="whitespace-pre-wrap">{n.body}</p>
          <p class="text-xs opacity-60">
            {n.username
              ? displayName({
                  firstName: n.firstName ?? '',
                  lastName: n.lastName ?? '',
                  username: n.username,
                })
              : ''}
          </p>
        </div>
      ),
    })),
    ...orders.map((o) => ({
      at: o.createdAt,
      kind: 'order' as const,
      node: (
        <a href={`/orders/${o.id}`} class="link link-hover">
          {v.t('contacts.timeline_order', {
            product: o.product,
            quantity: o.quantity,
            total: v.t.money(o.totalCents),
          })}{' '}
          <span class="badge badge-sm">{v.t.dynamic(`orders.status.${o.status}`)}</span>
        </a>
      ),
    })),
    ...calls.map((c) => ({
      at: c.calledAt,
      kind: 'call' as const,
      node: (
        <div class="flex flex-col gap-1" data-timeline-call={c.id}>
          <span class="flex flex-wrap gap-2 items-center">
            <a href={`/calls/${c.id}`} class="link link-hover">
              {v.t('contacts.timeline_call', { operator: operatorName(c) ?? '—' })}
            </a>
            <CallOutcome v={v} c={c} />
            <LeadBadge v={v} result={c.leadResult} />
          </span>
          {c.description ? <span class="text-sm whitespace-pre-line">{c.description}</span> : null}
          {c.recordingId !== null ? (
            <RecordingPlayer v={v} callId={c.id} durationMs={c.recordingDurationMs} />
          ) : null}
        </div>
      ),
    })),
    ...history.map((h) => ({
      at: h.createdAt,
      kind: 'change' as const,
      node: (
        <span class="text-sm opacity-80">
          {v.t.dynamic(`activity.${h.action}`, {}, h.action)}
          {h.actorUsername
            ? ` — ${displayName({ firstName: h.actorFirstName ?? '', lastName: h.actorLastName ?? '', username: h.actorUsername })}`
            : ''}
        </span>
      ),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  const icon = { note: '✎', order: '₽', change: '•', call: '☎' };
  return (
    <AppPage
      v={v}
      title={fullName(contact)}
      actions={
        <div class="flex gap-2">
          {canAddOrder ? (
            <a
              href={`/orders/new?contact_id=${contact.id}`}
              class="btn btn-primary btn-sm"
              data-add-order
              data-can="orders.create"
            >
              {v.t('orders.new')}
            </a>
          ) : null}
          {can(v.actor, 'calls.create') ? (
            <a
              href={`/calls/new?contact=${contact.id}`}
              class="btn btn-sm"
              data-log-call
              data-can="calls.create"
            >
              {v.t('calls.new')}
            </a>
          ) : null}
          {canEdit ? (
            <a
              href={`/contacts/${contact.id}/edit`}
              class="btn btn-sm"
              data-can={v.actor && isOwnContact(v.actor, contact) ? undefined : 'contacts.edit_any'}
            >
              {v.t('common.edit')}
            </a>
          ) : null}
          {canDelete ? (
            <DeleteButton
              v={v}
              action={`/contacts/${contact.id}/delete`}
              confirm={v.t('contacts.delete_confirm_named', { name: fullName(contact) })}
              preview={`/contacts/delete-preview?ids=${contact.id}`}
              can="contacts.delete"
            />
          ) : null}
        </div>
      }
    >
      <div class="grid lg:grid-cols-3 gap-6">
        <section class="card bg-base-100 border border-base-300 self-start" data-contact-card>
          <div class="card-body gap-2 text-sm">
            <span class={`badge ${STATUS_BADGE[contact.status]}`}>
              {v.t.dynamic(`contacts.status.${contact.status}`)}
            </span>
            <p>
              <a href={`mailto:${contact.email}`} class="link">
                {contact.email}
              </a>
            </p>
            {contact.mobilePhone ? (
              <p>
                <a href={`tel:${contact.mobilePhone}`} class="link font-mono">
                  {contact.mobilePhone}
                </a>
              </p>
            ) : null}
            {company ? (
              <p>
                <span class="opacity-60">{v.t('contacts.company')}: </span>
                <a href={`/companies/${company.id}`} class="link" data-contact-company={company.id}>
                  {company.name}
                </a>
              </p>
            ) : null}
            <p>
              <span class="opacity-60">{v.t('common.label', { label: v.t('contacts.assigned') })} </span>
              {assignee ?? v.t('common.none')}
            </p>
            <p>
              <span class="opacity-60">
                {v.t('common.label', { label: v.t('contacts.next_interaction') })}{' '}
              </span>
              {contact.nextInteractionOn ? v.t.date(contact.nextInteractionOn) : v.t('common.none')}
            </p>
            <p class="opacity-60">
              {v.t('common.label_value', {
                label: v.t('common.created_at'),
                value: v.t.dateTime(contact.createdAt),
              })}
            </p>
            {orderTotals ? (
              <div class="border-t border-base-300 mt-2 pt-3 flex flex-col gap-1" data-contact-orders>
                <div class="flex items-baseline justify-between gap-2">
                  <span class="opacity-60">{v.t('contacts.orders_completed_sum')}</span>
                  <span class="text-lg font-semibold tabular-nums" data-completed-sum>
                    {v.t.money(orderTotals.completedCents)}
                  </span>
                </div>
                <p>
                  <a href={`/orders?contact=${contact.id}`} class="link link-hover" data-contact-orders-link>
                    {v.t('contacts.orders_count', {
                      n: v.t.number(orderTotals.orders),
                      pending: v.t.number(orderTotals.pending),
                    })}
                  </a>
                </p>
                {orderTotals.lastAt ? (
                  <p class="opacity-60">
                    {v.t('common.label_value', {
                      label: v.t('contacts.last_order'),
                      value: v.t.dateTime(orderTotals.lastAt),
                    })}
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
        </section>
        <section class="lg:col-span-2 flex flex-col gap-4">
          <form
            method="post"
            action={`/contacts/${contact.id}/notes`}
            class="card bg-base-100 border border-base-300"
            data-note-form
          >
            <div class="card-body">
              <Csrf v={v} />
              <TextArea v={v} form={noteForm} name="body" label={v.t('contacts.add_note')} maxLength={5000} />
              <div>
                <button type="submit" class="btn btn-sm btn-primary">
                  {v.t('contacts.add_note')}
                </button>
              </div>
            </div>
          </form>
          <section class="card bg-base-100 border border-base-300">
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('contacts.timeline')}</h2>
              {items.length === 0 ? (
                <p class="opacity-60 text-sm">{v.t('common.empty')}</p>
              ) : (
                <ul class="timeline timeline-vertical timeline-compact" data-timeline>
                  {items.map((it, i) => (
                    <li data-kind={it.kind}>
                      {i > 0 ? <hr /> : null}
                      <div class="timeline-middle text-primary" aria-hidden="true">
                        {icon[it.kind]}
                      </div>
                      <div class="timeline-end mb-4">
                        <time class="text-xs opacity-60 block">{v.t.dateTime(it.at)}</time>
                        {it.node}
                      </div>
                      {i < items.length - 1 ? <hr /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>
        </section>
      </div>
    </AppPage>
  );
}

/** What deleting contacts takes with it, counted by the server: the body of the confirmation dialog. */
export function DeletionPreview({ v, counts }: { v: ViewContext; counts: ContactDeletionCounts }) {
  if (counts.contacts === 0) return <p data-deletion-preview>{v.t('contacts.delete_nothing')}</p>;
  const kinds = ['contacts', 'orders', 'notes'] as const;
  return (
    <div class="flex flex-col gap-2" data-deletion-preview>
      <p>{v.t('contacts.delete_goes')}</p>
      <ul class="list-disc ms-5">
        {kinds.map((k) => (
          <li data-count={k} data-n={counts[k]}>
            {v.t(`contacts.delete_count.${k}`, { n: v.t.number(counts[k]) })}
          </li>
        ))}
      </ul>
      {counts.calls > 0 ? (
        <p class="text-sm opacity-80" data-count="calls" data-n={counts.calls}>
          {v.t('contacts.delete_calls_stay', { n: v.t.number(counts.calls) })}
        </p>
      ) : null}
      <p class="text-sm opacity-80">{v.t('contacts.delete_undo_hint', { minutes: UNDO_MINUTES })}</p>
    </div>
  );
}
