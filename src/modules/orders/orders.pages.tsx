/** Order pages: list with filters/sorting, create (from a contact), edit, one-click status, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { hasRole } from '../../platform/auth/roles.js';
import type { Page } from '../../platform/db/sql.js';
import { sendTable } from '../../platform/http/download.js';
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
import { formValues, redirect, sendHtml, submitForm, viewContext } from '../../platform/http/render.js';
import {
  Csrf,
  DataMenu,
  DateRangeAndButtons,
  EmptyState,
  emptyForm,
  Field,
  FormErrorSummary,
  type FormState,
  liveRegion,
  Pagination,
  queryHref,
  Select,
  SortHeader,
  SubmitRow,
  TextArea,
} from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { requestCtx } from '../auth/auth.pages.js';
import { fullName } from '../contacts/contacts.schema.js';
import { getContact } from '../contacts/contacts.service.js';
import { exportOrders } from './orders.io.js';
import { formatMoney } from './orders.schema.js';
import {
  createOrder,
  deleteOrder,
  getOrder,
  listOrders,
  ORDER_SORTS,
  type OrderWithContact,
  setOrderStatus,
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
  const filtered = !!(query.q || query.status || query.contact || query.from || query.to);
  const q = { ...query } as Record<string, string | number | undefined> & OrderListQuery;
  const sortLink = (field: string, label: string) => (
    <SortHeader v={v} base="/orders" query={q} field={field} label={label} />
  );
  return (
    <AppPage
      v={v}
      title={v.t('orders.title')}
      actions={
        hasRole(v.actor, 'admin', 'manager') ? (
          <DataMenu v={v} importHref="/imports?entity=orders" exportHref={queryHref('/orders/export', q)} />
        ) : undefined
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
          <option value="">{`${v.t('common.status')}: ${v.t('common.all')}`}</option>
          {ORDER_STATUSES.map((s) => (
            <option value={s} selected={s === query.status}>
              {v.t.dynamic(`orders.status.${s}`)}
            </option>
          ))}
        </select>
        {query.contact ? <input type="hidden" name="contact" value={query.contact} /> : null}
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
                    {o.status === 'Pending' ? (
                      <form method="post" action={`/orders/${o.id}/status`} class="inline">
                        <Csrf v={v} />
                        <input type="hidden" name="status" value="Completed" />
                        <button type="submit" class="btn btn-xs btn-success btn-outline" data-complete>
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

function OrderFormPage({
  v,
  form,
  orderId,
  contactName,
  title,
}: {
  v: ViewContext;
  form: FormState;
  orderId?: number;
  contactName: string;
  title: string;
}) {
  return (
    <AppPage v={v} title={title}>
      <div class="card bg-base-100 border border-base-300 max-w-2xl">
        <form
          method="post"
          action={orderId ? `/orders/${orderId}` : '/orders/new'}
          class="card-body"
          data-order-form
        >
          <Csrf v={v} />
          <FormErrorSummary v={v} form={form} />
          <input type="hidden" name="contact_id" value={String(form.values.contact_id ?? '')} />
          <p class="text-sm">
            <span class="opacity-60">{v.t('orders.contact')}: </span>
            <a href={`/contacts/${String(form.values.contact_id ?? '')}`} class="link">
              {contactName}
            </a>
          </p>
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
            <Field v={v} form={form} name="quantity" type="number" label={v.t('orders.quantity')} required />
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
              options={ORDER_STATUSES.map((s) => ({ value: s, label: v.t.dynamic(`orders.status.${s}`) }))}
            />
          </div>
          <TextArea v={v} form={form} name="description" label={v.t('orders.description')} maxLength={5000} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('common.save')}
            </button>
            <a
              href={orderId ? '/orders' : `/contacts/${String(form.values.contact_id ?? '')}`}
              class="btn btn-ghost"
            >
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </form>
        {orderId ? (
          <form
            method="post"
            action={`/orders/${orderId}/delete`}
            class="px-8 pb-6"
            data-confirm={v.t('common.confirm_delete')}
          >
            <Csrf v={v} />
            <button type="submit" class="btn btn-sm btn-ghost text-error">
              {v.t('common.delete')}
            </button>
          </form>
        ) : null}
      </div>
    </AppPage>
  );
}

export function ordersPages(app: FastifyInstance, deps: Deps) {
  /** The list page's filters, as shown (`query`) and as the service takes them. */
  const listQuery = (q: Query) => {
    const query: OrderListQuery = {
      q: queryString(q, 'q'),
      status: queryEnum(q, 'status', ORDER_STATUSES),
      contact: queryInt(q, 'contact'),
      from: queryString(q, 'from', 10),
      to: queryString(q, 'to', 10),
      sort: queryEnum(q, 'sort', ORDER_SORTS),
      dir: queryEnum(q, 'dir', ['asc', 'desc'] as const),
    };
    const service = {
      search: query.q,
      status: query.status,
      contactId: query.contact,
      createdFrom: queryDate(q, 'from'),
      createdTo: queryDate(q, 'to', true),
      sort: (query.sort as (typeof ORDER_SORTS)[number] | undefined) ?? 'created_at',
      desc: (query.dir ?? 'desc') === 'desc',
    };
    return { query, service };
  };

  app.get('/orders', async (request, reply) => {
    const q = request.query as Query;
    const { query, service } = listQuery(q);
    const page = await listOrders(requestCtx(deps, request), service, pageRequest(q));
    return sendHtml(reply, <OrdersPage v={viewContext(request, reply)} page={page} query={query} />);
  });

  app.get('/orders/export', async (request, reply) => {
    const q = request.query as Query;
    const ctx = requestCtx(deps, request);
    const format = queryEnum(q, 'format', ['csv', 'xlsx'] as const) ?? 'csv';
    const table = await exportOrders(ctx, listQuery(q).service, format);
    return sendTable(reply, { format, name: 'orders', ...table, now: ctx.clock.now() });
  });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    orderId?: number,
    status = 200,
  ) => {
    const contactId = Number(form.values.contact_id);
    const contact = await getContact(requestCtx(deps, request), contactId);
    const title = orderId ? `${request.t('orders.order')} #${orderId}` : request.t('orders.new');
    return sendHtml(
      reply,
      <OrderFormPage
        v={viewContext(request, reply)}
        form={form}
        orderId={orderId}
        contactName={fullName(contact)}
        title={title}
      />,
      status,
    );
  };

  app.get('/orders/new', async (request, reply) => {
    const contactId = queryInt(request.query as Query, 'contact_id');
    if (!contactId) return redirect(request, reply, '/contacts');
    return render(request, reply, emptyForm({ contact_id: contactId, quantity: 1, status: 'Pending' }));
  });

  app.post('/orders/new', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await submitForm(() => createOrder(requestCtx(deps, request), body));
    if (!result.ok)
      return render(request, reply, { values: formValues(body), errors: result.errors }, undefined, 422);
    setFlash(reply, { kind: 'success', key: 'orders.created' });
    return redirect(request, reply, `/contacts/${Number(body.contact_id)}`);
  });

  app.get('/orders/:id', async (request, reply) => {
    const id = idParam(request.params);
    const o = await getOrder(requestCtx(deps, request), id);
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
      }),
      id,
    );
  });

  app.post('/orders/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    const result = await submitForm(() => updateOrder(requestCtx(deps, request), id, body));
    if (!result.ok)
      return render(request, reply, { values: formValues(body), errors: result.errors }, id, 422);
    setFlash(reply, { kind: 'success', key: 'orders.updated' });
    return redirect(request, reply, '/orders');
  });

  app.post('/orders/:id/status', async (request, reply) => {
    const id = idParam(request.params);
    const status = ORDER_STATUSES.find((s) => s === (request.body as Body | undefined)?.status);
    if (status) await setOrderStatus(requestCtx(deps, request), id, status);
    setFlash(reply, { kind: 'success', key: 'orders.updated' });
    // Back to the contact page when the button was pressed there, else to the list.
    const from = request.headers.referer ? new URL(request.headers.referer, 'http://local').pathname : '';
    const back = /^\/contacts\/\d+$/.test(from) ? from : '/orders';
    return redirect(request, reply, back);
  });

  app.post('/orders/:id/delete', async (request, reply) => {
    await deleteOrder(requestCtx(deps, request), idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'orders.deleted' });
    return redirect(request, reply, '/orders');
  });
}
