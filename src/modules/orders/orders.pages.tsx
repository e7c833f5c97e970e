/** Order pages: list with filters/sorting, create (from a contact), edit, one-click status, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { displayName } from '../../platform/auth/roles.js';
import { fromJson, type Page } from '../../platform/db/sql.js';
import { forbidden, ignoreNotFound } from '../../platform/errors.js';
import { sendTable, tableReaderOf } from '../../platform/http/download.js';
import { setFlash } from '../../platform/http/flash.js';
import {
  idParam,
  pageRequest,
  type Query,
  queryDate,
  queryEnum,
  queryInt,
  queryString,
} from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import {
  Csrf,
  DataMenu,
  DateRangeAndButtons,
  DeleteButton,
  EmptyState,
  emptyForm,
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
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { entityHistory } from '../activity/activity.service.js';
import { refusedForm } from '../activity/internal.js';
import { contactChoiceLabel, fullName } from '../contacts/contacts.schema.js';
import { getContact } from '../contacts/contacts.service.js';
import { exportOrders } from './orders.io.js';
import { formatMoney } from './orders.schema.js';
import {
  canCreateOrder,
  canDeleteOrder,
  canEditOrder,
  canTransferOrders,
  createOrder,
  deleteOrder,
  getOrder,
  listOrders,
  ORDER_SORTS,
  type OrderDetail,
  type OrderWithContact,
  updateOrder,
} from './orders.service.js';
import { ORDER_STATUSES, type OrderStatus } from './orders.table.js';

type Body = Record<string, unknown>;
const BADGE: Record<OrderStatus, string> = {
  Pending: 'badge-warning',
  Completed: 'badge-success',
  Cancelled: 'badge-ghost',
};

interface OrderListQuery {
  q?: string;
  status?: OrderStatus;
  contact?: number;
  company?: number;
  from?: string;
  to?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
}

function OrdersPage({
  v,
  page,
  query,
}: {
  v: ViewContext;
  page: Page<OrderWithContact>;
  query: OrderListQuery;
}) {
  const filtered = !!(query.q || query.status || query.contact || query.company || query.from || query.to);
  const canEdit = !!v.actor && canEditOrder(v.actor);
  const q = { ...query } as Record<string, string | number | undefined> & OrderListQuery;
  const sortLink = (field: string, label: string) => (
    <SortHeader v={v} base="/orders" query={q} field={field} label={label} />
  );
  // Where a one-click status change comes back to: this page of the list, as filtered.
  const here = queryHref('/orders', {
    ...q,
    page: page.page > 1 ? page.page : undefined,
    per_page: page.perPage !== 25 ? page.perPage : undefined,
  });
  return (
    <AppPage
      v={v}
      title={v.t('orders.title')}
      actions={
        <div class="flex gap-2">
          {v.actor && canTransferOrders(v.actor) ? (
            <DataMenu
              v={v}
              importHref="/imports?entity=orders"
              exportHref={queryHref('/orders/export', q)}
              can="orders.transfer"
            />
          ) : null}
          {v.actor && canCreateOrder(v.actor) ? (
            <a
              href={queryHref('/orders/new', { contact_id: query.contact })}
              class="btn btn-primary btn-sm"
              data-new-order
              data-can="orders.create"
            >
              {v.t('orders.new')}
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
          placeholder={v.t('orders.search_hint')}
          class="input input-sm w-64"
          aria-label={v.t('common.search')}
        />
        <select name="status" class="select select-sm w-auto" aria-label={v.t('common.status')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('common.status'), value: v.t('common.all') })}
          </option>
          {ORDER_STATUSES.map((s) => (
            <option value={s} selected={s === query.status}>
              {v.t.dynamic(`orders.status.${s}`)}
            </option>
          ))}
        </select>
        {query.contact ? <input type="hidden" name="contact" value={query.contact} /> : null}
        {query.company ? <input type="hidden" name="company" value={query.company} /> : null}
        <DateRangeAndButtons v={v} from={query.from} to={query.to} resetHref="/orders" filtered={filtered} />
      </form>
      <div
        class="bg-base-100 rounded-box border border-base-300 overflow-x-auto"
        {...liveRegion(v, 'orders-list', 'orders.changed')}
      >
        {page.items.length === 0 ? (
          <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'orders.empty')} />
        ) : (
          <table class="table table-sm" data-orders-table>
            <thead>
              <tr>
                {sortLink('id', '#')}
                {sortLink('product', v.t('orders.product'))}
                <th>{v.t('orders.contact')}</th>
                {sortLink('quantity', v.t('orders.quantity'))}
                {sortLink('price', v.t('orders.price'))}
                {sortLink('total_price', v.t('orders.total'))}
                {sortLink('status', v.t('common.status'))}
                {sortLink('created_at', v.t('common.created_at'))}
                <th />
              </tr>
            </thead>
            <tbody>
              {page.items.map((o) => (
                <tr data-order={o.id}>
                  <td class="text-sm opacity-60">{o.id}</td>
                  <td>
                    <a href={`/orders/${o.id}`} class="link link-hover font-medium">
                      {o.product}
                    </a>
                  </td>
                  <td class="text-sm">
                    <a href={`/contacts/${o.contactId}`} class="link link-hover">
                      {fullName(o)}
                    </a>
                  </td>
                  <td class="text-right">{o.quantity}</td>
                  <td class="text-right tabular-nums text-sm">{v.t.money(o.unitPriceCents)}</td>
                  <td class="text-right tabular-nums text-sm font-medium">{v.t.money(o.totalCents)}</td>
                  <td>
                    <span class={`badge badge-sm ${BADGE[o.status]}`}>
                      {v.t.dynamic(`orders.status.${o.status}`)}
                    </span>
                  </td>
                  <td class="text-sm whitespace-nowrap">{v.t.dateTime(o.createdAt)}</td>
                  <td class="whitespace-nowrap text-right">
                    {o.status === 'Pending' && canEdit ? (
                      <form method="post" action={`/orders/${o.id}/status`} class="inline">
                        <Csrf v={v} />
                        <input type="hidden" name="back" value={here} />
                        <input type="hidden" name="status" value="Completed" />
                        <button
                          type="submit"
                          class="btn btn-xs btn-success btn-outline"
                          data-complete
                          data-can="orders.edit"
                        >
                          {v.t('orders.complete')}
                        </button>
                      </form>
                    ) : null}
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
        query={q}
        capped={page.capped}
      />
    </AppPage>
  );
}

type HistoryEntry = Awaited<ReturnType<typeof entityHistory>>[number];

/** The fields an order's change history names, with their labels. */
const FIELD_LABEL: Record<string, MessageKey> = {
  product: 'orders.product',
  quantity: 'orders.quantity',
  price: 'orders.price',
  status: 'common.status',
  description: 'orders.description',
  contact_id: 'orders.contact',
};

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

function OrderFormPage({
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

/** `back` when it is an order's or a contact's page, or the order list (with its query); else undefined. */
const safeBack = (back: unknown): string | undefined =>
  typeof back === 'string' && /^\/(?:(?:contacts|orders)\/\d+|orders(?:\?[^#\\\s]*)?)$/.test(back)
    ? back
    : undefined;

export function ordersPages(app: FastifyInstance, deps: Deps) {
  /** The list page's filters, as shown (`query`) and as the service takes them. */
  const listQuery = (q: Query, timeZone: string) => {
    const query: OrderListQuery = {
      q: queryString(q, 'q'),
      status: queryEnum(q, 'status', ORDER_STATUSES),
      contact: queryInt(q, 'contact'),
      company: queryInt(q, 'company'),
      from: queryString(q, 'from', 10),
      to: queryString(q, 'to', 10),
      sort: queryEnum(q, 'sort', ORDER_SORTS),
      dir: queryEnum(q, 'dir', ['asc', 'desc'] as const),
    };
    const service = {
      search: query.q,
      status: query.status,
      contactId: query.contact,
      companyId: query.company,
      createdFrom: queryDate(q, 'from', timeZone),
      createdTo: queryDate(q, 'to', timeZone, true),
      sort: (query.sort as (typeof ORDER_SORTS)[number] | undefined) ?? 'created_at',
      desc: (query.dir ?? 'desc') === 'desc',
    };
    return { query, service };
  };

  app.get('/orders', async (request, reply) => {
    const q = request.query as Query;
    const { query, service } = listQuery(q, request.t.timeZone);
    const page = await listOrders(request.ctx, service, pageRequest(q));
    return sendHtml(reply, <OrdersPage v={viewContext(request, reply)} page={page} query={query} />);
  });

  app.get('/orders/export', async (request, reply) => {
    const q = request.query as Query;
    const ctx = request.ctx;
    const format = queryEnum(q, 'format', ['csv', 'xlsx'] as const) ?? 'csv';
    const table = await exportOrders(ctx, listQuery(q, request.t.timeZone).service, format, request.t);
    return sendTable(reply, {
      format,
      name: 'orders',
      ...table,
      now: ctx.clock.now(),
      reader: tableReaderOf(request.t, deps.config.currency),
    });
  });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    orderId?: number,
    status = 200,
    /** The order, when the caller has read it already. */
    loaded?: OrderDetail,
  ) => {
    const ctx = request.ctx;
    const summary = orderId
      ? await Promise.all([loaded ?? getOrder(ctx, orderId), entityHistory(ctx, 'order', orderId, 50)]).then(
          ([o, history]) => ({ o, history }),
        )
      : undefined;
    // A posted form may name no contact, or junk: an order's own contact then, or none (the form says why).
    const contactId = idParam({ id: form.values.contact_id }) || summary?.o.contactId;
    const contact = contactId ? await getContact(ctx, contactId).catch(ignoreNotFound) : undefined;
    const shown = { ...form, values: { ...form.values, contact_id: contact?.id ?? '' } };
    const contactName = contact ? (orderId ? fullName(contact) : contactChoiceLabel(contact)) : '';
    const title = orderId ? `${request.t('orders.order')} #${orderId}` : request.t('orders.new');
    return sendHtml(
      reply,
      <OrderFormPage
        v={viewContext(request, reply)}
        form={shown}
        orderId={orderId}
        contactName={contactName}
        title={title}
        summary={summary}
      />,
      status,
    );
  };

  app.get('/orders/new', async (request, reply) => {
    const contactId = queryInt(request.query as Query, 'contact_id');
    if (!canCreateOrder(request.actor!)) throw forbidden();
    // From a contact's page the contact is chosen already; from the orders list it is picked on the form.
    return render(request, reply, emptyForm({ contact_id: contactId ?? '', quantity: 1, status: 'Pending' }));
  });

  app.post('/orders/new', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await submitForm(() => createOrder(request.ctx, body));
    if (!result.ok)
      return render(request, reply, { values: formValues(body), errors: result.errors }, undefined, 422);
    setFlash(reply, { kind: 'success', key: 'orders.created' });
    return redirect(request, reply, `/contacts/${Number(body.contact_id)}`);
  });

  app.get('/orders/:id', async (request, reply) => {
    const id = idParam(request.params);
    const o = await getOrder(request.ctx, id);
    return render(
      request,
      reply,
      emptyForm({
        contact_id: o.contactId,
        product: o.product,
        quantity: o.quantity,
        price: formatMoney(o.unitPriceCents),
        status: o.status,
        description: o.description,
        version: o.version,
      }),
      id,
      200,
      o,
    );
  });

  app.post('/orders/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    const ctx = request.ctx;
    const result = await submitForm(() => updateOrder(ctx, id, body, { expectedVersion: formVersion(body) }));
    if (!result.ok) {
      const record = { entityType: 'order', id, labels: FIELD_LABEL };
      return render(
        request,
        reply,
        await refusedForm(ctx, request.t, record, formValues(body), result),
        id,
        422,
      );
    }
    setFlash(reply, { kind: 'success', key: 'orders.updated' });
    return redirect(request, reply, '/orders');
  });

  app.post('/orders/:id/status', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    // The service checks the status as it checks any edit: a value that is not one is a 400, nothing written.
    await updateOrder(request.ctx, id, { status: body.status });
    setFlash(reply, { kind: 'success', key: 'orders.updated' });
    // Back to the page the button was on (the form says which: browsers send no Referer, see the
    // security headers), only ever one of this app's order or contact pages.
    return redirect(request, reply, safeBack(body.back) ?? '/orders');
  });

  app.post('/orders/:id/delete', async (request, reply) => {
    await deleteOrder(request.ctx, idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'orders.deleted' });
    return redirect(request, reply, '/orders');
  });
}
