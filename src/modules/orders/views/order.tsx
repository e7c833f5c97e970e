/** One order: its form (new or existing), and beside an existing one its status, total, times and history. */
import { displayName } from '../../../platform/auth/roles.js';
import { fromJson } from '../../../platform/db/sql.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import {
  Csrf,
  DeleteButton,
  Field,
  FormErrorSummary,
  type FormState,
  SearchSelect,
  Select,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { entityHistory } from '../../activity/activity.service.js';
import { canCreateOrder, canDeleteOrder, canEditOrder } from '../orders.policy.js';
import type { OrderDetail } from '../orders.service.js';
import { ORDER_STATUSES, type OrderStatus } from '../orders.table.js';
import { BADGE, FIELD_LABEL } from './parts.js';

export type HistoryEntry = Awaited<ReturnType<typeof entityHistory>>[number];

/** The buttons that move an order to each other status in one click. */
const STATUS_ACTION: Record<OrderStatus, MessageKey> = {
  Completed: 'orders.complete',
  Cancelled: 'orders.cancel_order',
  Pending: 'orders.reopen',
};

/** Beside an order's form: its status with one-click moves, its total and times, and who changed what. */
function OrderSummary({ v, o, history }: { v: ViewContext; o: OrderDetail; history: HistoryEntry[] }) {
  const canEdit = !!v.actor && canEditOrder(v.actor);
  const value = (field: string, x: unknown) =>
    x === null || x === undefined || x === ''
      ? '—'
      : field === 'status'
        ? v.t.dynamic(`orders.status.${String(x)}`, {}, String(x))
        : String(x);
  return (
    <div class="flex flex-col gap-6">
      <section class="card bg-base-100 border border-base-300" data-order-summary>
        <div class="card-body gap-3 text-sm">
          <div class="flex flex-wrap items-center gap-2">
            <span class={`badge ${BADGE[o.status]}`} data-order-status={o.status}>
              {v.t.dynamic(`orders.status.${o.status}`)}
            </span>
            <div class="flex flex-wrap gap-1 ms-auto">
              {ORDER_STATUSES.filter((s) => canEdit && s !== o.status).map((s) => (
                <form method="post" action={`/orders/${o.id}/status`}>
                  <Csrf v={v} />
                  <input type="hidden" name="back" value={`/orders/${o.id}`} />
                  <input type="hidden" name="status" value={s} />
                  <button
                    type="submit"
                    class={`btn btn-xs ${s === 'Completed' ? 'btn-success btn-outline' : 'btn-ghost'}`}
                    data-set-status={s}
                    data-can="orders.edit"
                  >
                    {v.t(STATUS_ACTION[s])}
                  </button>
                </form>
              ))}
            </div>
          </div>
          <div>
            <div class="opacity-60">{v.t('orders.total')}</div>
            <div class="text-2xl font-semibold tabular-nums" data-order-total>
              {v.t.money(o.totalCents)}
            </div>
            <div class="opacity-60 tabular-nums">
              {v.t.number(o.quantity)} × {v.t.money(o.unitPriceCents)}
            </div>
          </div>
          <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt class="opacity-60">{v.t('common.created_at')}</dt>
            <dd>{v.t.dateTime(o.createdAt)}</dd>
            <dt class="opacity-60">{v.t('orders.completed_at')}</dt>
            <dd data-order-completed>{v.t.dateTime(o.completedAt)}</dd>
            <dt class="opacity-60">{v.t('common.updated_at')}</dt>
            <dd>{v.t.dateTime(o.updatedAt)}</dd>
          </dl>
        </div>
      </section>
      <section class="card bg-base-100 border border-base-300" data-order-history>
        <div class="card-body gap-2 text-sm">
          <h2 class="font-semibold">{v.t('orders.history')}</h2>
          {history.length === 0 ? (
            <p class="opacity-60">{v.t('orders.history_empty')}</p>
          ) : (
            <ul class="flex flex-col gap-3">
              {history.map((h) => {
                const diff = fromJson<Record<string, { from?: unknown; to?: unknown }>>(h.details, {});
                return (
                  <li data-history={h.action}>
                    <div class="flex flex-wrap gap-x-2">
                      <span class="font-medium">{v.t.dynamic(`activity.${h.action}`, {}, h.action)}</span>
                      <span class="opacity-60">{v.t.dateTime(h.createdAt)}</span>
                      {h.actorUsername ? (
                        <span class="opacity-60">
                          {displayName({
                            firstName: h.actorFirstName ?? '',
                            lastName: h.actorLastName ?? '',
                            username: h.actorUsername,
                          })}
                        </span>
                      ) : null}
                    </div>
                    {h.action === 'order.updated' ? (
                      <ul class="opacity-80">
                        {Object.entries(diff)
                          .filter(([field]) => field in FIELD_LABEL)
                          .map(([field, change]) => (
                            <li data-change={field}>
                              {v.t('common.label', { label: v.t(FIELD_LABEL[field] as MessageKey) })}{' '}
                              {value(field, change.from)} → {value(field, change.to)}
                            </li>
                          ))}
                      </ul>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}

export function OrderFormPage({
  v,
  form,
  orderId,
  contactName,
  title,
  summary,
}: {
  v: ViewContext;
  form: FormState;
  orderId?: number;
  contactName: string;
  title: string;
  /** An existing order: shown beside its form. */
  summary?: { o: OrderDetail; history: HistoryEntry[] };
}) {
  // Whoever may not change the order reads it: the same form, its fields disabled, no buttons that would fail.
  const canSave = !!v.actor && (orderId ? canEditOrder(v.actor) : canCreateOrder(v.actor));
  return (
    <AppPage v={v} title={title}>
      <div class="grid lg:grid-cols-3 gap-6 items-start">
        <div class="card bg-base-100 border border-base-300 lg:col-span-2">
          <form
            method="post"
            action={orderId ? `/orders/${orderId}` : '/orders/new'}
            class="card-body"
            data-order-form
          >
            <Csrf v={v} />
            <VersionField form={form} />
            <FormErrorSummary v={v} form={form} />
            {orderId ? (
              <input type="hidden" name="contact_id" value={String(form.values.contact_id ?? '')} />
            ) : null}
            <fieldset disabled={!canSave || undefined} class="contents">
              {orderId ? (
                <p class="text-sm">
                  <span class="opacity-60">{v.t('common.label', { label: v.t('orders.contact') })} </span>
                  <a href={`/contacts/${String(form.values.contact_id ?? '')}`} class="link">
                    {contactName}
                  </a>
                </p>
              ) : (
                <SearchSelect
                  v={v}
                  form={form}
                  name="contact_id"
                  label={v.t('orders.contact')}
                  choicesUrl="/contacts/choices"
                  current={contactName}
                  searchLabel={v.t('orders.contact_search')}
                  required
                />
              )}
              <Field
                v={v}
                form={form}
                name="product"
                label={v.t('orders.product')}
                required
                maxLength={200}
                autofocus
              />
              <div class="grid sm:grid-cols-3 gap-x-4">
                <Field
                  v={v}
                  form={form}
                  name="quantity"
                  type="number"
                  label={v.t('orders.quantity')}
                  required
                />
                <Field
                  v={v}
                  form={form}
                  name="price"
                  label={v.t('orders.price')}
                  required
                  hint={v.t('orders.price_hint')}
                />
                <Select
                  v={v}
                  form={form}
                  name="status"
                  label={v.t('common.status')}
                  options={ORDER_STATUSES.map((s) => ({
                    value: s,
                    label: v.t.dynamic(`orders.status.${s}`),
                  }))}
                />
              </div>
              <TextArea
                v={v}
                form={form}
                name="description"
                label={v.t('orders.description')}
                maxLength={5000}
              />
            </fieldset>
            <SubmitRow>
              {canSave ? (
                <button
                  type="submit"
                  class="btn btn-primary"
                  data-save-order
                  data-can={orderId ? 'orders.edit' : 'orders.create'}
                >
                  {v.t('common.save')}
                </button>
              ) : null}
              <a
                href={
                  !orderId && form.values.contact_id
                    ? `/contacts/${String(form.values.contact_id)}`
                    : '/orders'
                }
                class="btn btn-ghost"
              >
                {v.t('common.cancel')}
              </a>
            </SubmitRow>
          </form>
          {orderId && v.actor && canDeleteOrder(v.actor) ? (
            <DeleteButton
              v={v}
              action={`/orders/${orderId}/delete`}
              confirm={
                summary
                  ? v.t('orders.delete_confirm', {
                      product: summary.o.product,
                      quantity: v.t.number(summary.o.quantity),
                      total: v.t.money(summary.o.totalCents),
                      contact: contactName,
                    })
                  : v.t('common.confirm_delete')
              }
              class="px-8 pb-6"
              can="orders.delete"
            />
          ) : null}
        </div>
        {summary ? <OrderSummary v={v} o={summary.o} history={summary.history} /> : null}
      </div>
    </AppPage>
  );
}
