/** Order pages: list with filters/sorting, create (from a contact), edit, one-click status, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { forbidden, ignoreNotFound } from '../../platform/errors.js';
import { QueryId } from '../../platform/http/api.js';
import { sendTable, tableReaderOf } from '../../platform/http/download.js';
import { setFlash } from '../../platform/http/flash.js';
import { idParam } from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { entityHistory } from '../activity/activity.service.js';
import { refusedForm } from '../activity/internal.js';
import { getContact } from '../contacts/contacts.service.js';
import { contactChoiceLabel, fullName } from '../contacts/internal.js';
import { formatMoney, OrderPageQuery, orderQueryOf } from './orders.contract.js';
import { exportOrders } from './orders.io.js';
import { canCreateOrder } from './orders.policy.js';
import {
  createOrder,
  deleteOrder,
  getOrder,
  listOrders,
  type OrderDetail,
  updateOrder,
} from './orders.service.js';
import { OrdersPage } from './views/list.js';
import { OrderFormPage } from './views/order.js';
import { FIELD_LABEL } from './views/parts.js';

/** `back` when it is an order's or a contact's page, or the order list (with its query); else undefined. */
const safeBack = (back: unknown): string | undefined =>
  typeof back === 'string' && /^\/(?:(?:contacts|orders)\/\d+|orders(?:\?[^#\\\s]*)?)$/.test(back)
    ? back
    : undefined;

/** A posted form's fields (a body that is no form reads as an empty one). */
const formOf = (request: FastifyRequest) => formValues(request.body);

const NewOrderQuery = z.object({ contact_id: QueryId.optional().catch(undefined) });

export function ordersPages(app: FastifyInstance, deps: Deps) {
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/orders', { schema: { querystring: OrderPageQuery } }, async (request, reply) => {
    const q = request.query;
    const page = await listOrders(request.ctx, orderQueryOf(q, request.t.timeZone), {
      page: q.page,
      perPage: q.per_page,
    });
    return sendHtml(reply, <OrdersPage v={viewContext(request, reply)} page={page} query={q} />);
  });

  pages.get('/orders/export', { schema: { querystring: OrderPageQuery } }, async (request, reply) => {
    const q = request.query;
    const ctx = request.ctx;
    const table = await exportOrders(ctx, orderQueryOf(q, request.t.timeZone), q.format, request.t);
    return sendTable(reply, {
      format: q.format,
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

  pages.get('/orders/new', { schema: { querystring: NewOrderQuery } }, async (request, reply) => {
    const contactId = request.query.contact_id;
    if (!canCreateOrder(request.actor!)) throw forbidden();
    // From a contact's page the contact is chosen already; from the orders list it is picked on the form.
    return render(request, reply, emptyForm({ contact_id: contactId ?? '', quantity: 1, status: 'Pending' }));
  });

  app.post('/orders/new', async (request, reply) => {
    const body = formOf(request);
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
    const body = formOf(request);
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
    const body = formOf(request);
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
