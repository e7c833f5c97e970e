/** A contact's card and timeline: notes, orders, calls and changes, newest first, with the note form. */
import { can } from '../../../platform/auth/policy.js';
import { displayName } from '../../../platform/auth/roles.js';
import { Csrf, DeleteButton, type FormState, TextArea } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { AppPage } from '../../../platform/views/layout.js';
import {
  CallOutcome,
  type CallWithNames,
  LeadBadge,
  operatorName,
  RecordingPlayer,
} from '../../calls/internal.js';
import type { OrderWithContact } from '../../orders/orders.service.js';
import { fullName } from '../contacts.contract.js';
import { isOwnContact } from '../contacts.policy.js';
import type { ContactRow } from '../contacts.table.js';
import { STATUS_BADGE } from './parts.js';

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
