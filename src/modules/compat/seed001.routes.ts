/**
 * Seed 001's API for its mobile app, kept exactly as its README documents it (paths with trailing slashes,
 * methods, field names, response keys, money as "1500.00", dates as "dd.mm.yyyy hh:mm"). A thin adapter: every
 * call goes to the same services as the rest of Sova. What the seed got wrong is fixed here: errors are JSON with
 * a proper status (400 bad input, 404 unknown id, 405 wrong method, 401 bad token) instead of HTML pages or 500s,
 * and bodies may be JSON, form-urlencoded or multipart.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Deps } from '../../deps.js';
import { formatDotted, formatRussianLong } from '../../platform/dates.js';
import { readFields } from '../../platform/http/body.js';
import { classify } from '../../platform/http/error-handler.js';
import { idParam } from '../../platform/http/query.js';
import {
  CONTACT_SORTS,
  type ContactSort,
  createContact,
  deleteContact,
  getContact,
  listContactWindow,
  updateContact,
} from '../contacts/contacts.service.js';
import { CONTACT_STATUSES, type ContactRow, fullName } from '../contacts/internal.js';
import { formatMoney, ORDER_STATUSES } from '../orders/internal.js';
import {
  createOrder,
  deleteOrder,
  getOrder,
  listOrderWindow,
  ORDER_SORTS,
  type OrderSort,
  type OrderWithContact,
  updateOrder,
} from '../orders/orders.service.js';
import { generateReport, getReport, listAllReports, reportText } from '../reports/reports.service.js';

const WINDOW = 50;
const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A 400 in the adapter's own shape (thrown, answered by the scope's error handler). */
class BadRequest extends Error {
  constructor(
    message: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

const toClient = (
  c: Pick<ContactRow, 'id' | 'firstName' | 'lastName' | 'middleName' | 'mobilePhone' | 'email'>,
) => ({
  id: c.id,
  first_name: c.firstName,
  last_name: c.lastName,
  middle_name: c.middleName,
  mobile_phone: c.mobilePhone,
  email: c.email,
});

function toOrder(o: OrderWithContact, timeZone: string) {
  return {
    client: {
      id: o.contactId,
      full_name: fullName(o),
      email: o.email,
      mobile_phone: o.mobilePhone,
    },
    product: o.product,
    quantity: o.quantity,
    price: formatMoney(o.unitPriceCents),
    total_price: formatMoney(o.totalCents),
    description: o.description,
    status: o.status,
    created_at: formatDotted(o.createdAt, timeZone),
  };
}

/** `start_id` (offset), `order_by` (whitelisted, `-` for descending) and the shared list filters. */
function listParams<S extends string>(fields: Record<string, unknown>, sorts: readonly S[]) {
  const startRaw = fields.start_id ?? 0;
  const start =
    typeof startRaw === 'number' ? startRaw : /^\s*\d+\s*$/.test(String(startRaw)) ? Number(startRaw) : NaN;
  if (!Number.isInteger(start) || start < 0) {
    throw new BadRequest('start_id must be a whole number ≥ 0', {
      start_id: ['A valid integer is required.'],
    });
  }
  // Past 2^53 a number is no longer exact, and past 2^63 no database takes it as an offset (1e21 was a 500).
  if (start > Number.MAX_SAFE_INTEGER) {
    throw new BadRequest('start_id must be a whole number ≥ 0', {
      start_id: [`Ensure this value is less than or equal to ${Number.MAX_SAFE_INTEGER}.`],
    });
  }
  const orderBy = fields.order_by === undefined || fields.order_by === '' ? 'id' : String(fields.order_by);
  const desc = orderBy.startsWith('-');
  const field = (desc ? orderBy.slice(1) : orderBy) as S;
  if (!sorts.includes(field)) {
    throw new BadRequest(`order_by must be one of: ${sorts.join(', ')} (prefix - for descending)`, {
      order_by: [`Unknown field "${field}".`],
    });
  }
  const search = fields.search === undefined ? undefined : String(fields.search).slice(0, 200);
  return { start, sort: field, desc, search };
}

function intField(fields: Record<string, unknown>, name: string): number | undefined {
  const v = fields[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  throw new BadRequest(`${name} must be an integer`, { [name]: ['A valid integer is required.'] });
}

/** A list's parameters: the query string of a GET, the body's fields otherwise. */
async function listFields(request: FastifyRequest): Promise<Record<string, unknown>> {
  if (request.method !== 'GET') return readFields(request);
  const query: unknown = request.query;
  return typeof query === 'object' && query !== null ? { ...query } : {};
}

/** Seed field names → service field names (the only renames: `client` → `contact_id`). */
function orderInput(fields: Record<string, unknown>) {
  const { client, client_id, ...rest } = fields;
  const contact = client ?? client_id;
  return contact === undefined ? rest : { ...rest, contact_id: contact };
}

export function seed001Routes(app: FastifyInstance, deps: Deps) {
  app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError | Error, request, reply) => {
      if (err instanceof BadRequest) {
        return reply
          .code(400)
          .send({ success: false, error: err.message, ...(err.errors ? { errors: err.errors } : {}) });
      }
      const c = classify(err);
      if (!c.expected) request.log.error({ err }, 'request failed');
      const errors = c.fields
        ? Object.fromEntries(
            Object.entries(c.fields).map(([f, e]) => [
              f === 'contact_id' ? 'client' : f,
              [request.t.error(e.code, e.params ?? {}, e.code)],
            ]),
          )
        : undefined;
      const message =
        c.status === 404
          ? request.t('error.not_found.title')
          : c.status >= 500
            ? request.t('error.server.title')
            : c.code === 'validation' || c.code === 'request.bad'
              ? request.t('error.bad_request')
              : request.t.error(c.code, c.params ?? {}, request.t(c.title));
      return reply.code(c.status).send({
        success: false,
        error: message,
        ...(errors && Object.keys(errors).length ? { errors } : {}),
      });
    });

    /** Registers the documented methods; any other method on the path is a 405 naming the allowed ones. */
    const route = (
      url: string,
      methods: HTTPMethods[],
      handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
    ) => {
      scope.route({ method: methods, url, handler });
      const others = ALL_METHODS.filter(
        (m) => !methods.includes(m) && !(m === 'GET' && methods.includes('HEAD' as HTTPMethods)),
      );
      scope.route({
        method: others,
        url,
        handler: async (_request, reply) =>
          reply
            .code(405)
            .header('allow', methods.join(', '))
            .send({ success: false, error: `Method not allowed; use ${methods.join(' or ')}.` }),
      });
    };

    // Clients
    route('/api/clients/add/', ['POST'], async (request) => {
      const fields = await readFields(request);
      // The seed never refused a shared phone number; only the email must be unique.
      const id = await createContact(request.ctx, { status: 'active', ...fields }, { allowSamePhone: true });
      return { success: true, id };
    });
    route('/api/clients/get/', ['POST', 'GET'], async (request) => {
      const fields = await listFields(request);
      const p = listParams<ContactSort>(fields, CONTACT_SORTS);
      const status = fields.status === undefined || fields.status === '' ? undefined : String(fields.status);
      if (status !== undefined && !(CONTACT_STATUSES as readonly string[]).includes(status)) {
        throw new BadRequest(`status must be one of: ${CONTACT_STATUSES.join(', ')}`, {
          status: ['Unknown status.'],
        });
      }
      const rows = await listContactWindow(
        request.ctx,
        { search: p.search, status: status as ContactRow['status'] | undefined, sort: p.sort, desc: p.desc },
        p.start,
        WINDOW,
      );
      return { clients: rows.map(toClient) };
    });
    route('/api/clients/get/:id/', ['POST', 'GET'], async (request) => ({
      client: toClient(await getContact(request.ctx, idParam(request.params))),
    }));
    route('/api/clients/edit/:id/', ['POST', 'PUT', 'PATCH'], async (request) => {
      const id = idParam(request.params);
      const fields = await readFields(request);
      await updateContact(request.ctx, id, fields, { allowSamePhone: true });
      return { success: true, id };
    });
    route('/api/clients/delete/:id/', ['DELETE'], async (request) => {
      await deleteContact(request.ctx, idParam(request.params));
      return { success: true };
    });

    // Orders
    route('/api/orders/add/', ['POST'], async (request) => {
      const fields = await readFields(request);
      const id = await createOrder(request.ctx, orderInput(fields));
      return { success: true, id };
    });
    route('/api/orders/get/', ['POST', 'GET'], async (request) => {
      const fields = await listFields(request);
      const p = listParams<OrderSort>(fields, ORDER_SORTS);
      // As in the seed, the list shows Pending orders unless a status is asked for.
      const status = fields.status === undefined || fields.status === '' ? 'Pending' : String(fields.status);
      if (!(ORDER_STATUSES as readonly string[]).includes(status)) {
        throw new BadRequest(`status must be one of: ${ORDER_STATUSES.join(', ')}`, {
          status: ['Unknown status.'],
        });
      }
      const contactId = intField(fields, 'client_id');
      const rows = await listOrderWindow(
        request.ctx,
        {
          search: p.search,
          status: status as (typeof ORDER_STATUSES)[number],
          contactId,
          sort: p.sort,
          desc: p.desc,
        },
        p.start,
        WINDOW,
      );
      return { orders: rows.map((o) => ({ id: o.id, ...toOrder(o, deps.config.timeZone) })) };
    });
    route('/api/orders/get/:id/', ['POST', 'GET'], async (request) =>
      toOrder(await getOrder(request.ctx, idParam(request.params)), deps.config.timeZone),
    );
    route('/api/orders/edit/:id/', ['POST', 'PUT', 'PATCH'], async (request) => {
      const id = idParam(request.params);
      const fields = await readFields(request);
      await updateOrder(request.ctx, id, orderInput(fields));
      return { success: true, id };
    });
    route('/api/orders/delete/:id/', ['DELETE'], async (request) => {
      await deleteOrder(request.ctx, idParam(request.params));
      return { success: true };
    });

    // Reports
    route('/api/reports/new/', ['POST'], async (request) => {
      const fields = await readFields(request);
      // The original made a month's report when no period was sent.
      const period = fields.period === undefined || fields.period === '' ? 'month' : fields.period;
      const id = await generateReport(request.ctx, { ...fields, period });
      return { success: true, id };
    });
    route('/api/reports/get/', ['GET', 'POST'], async (request) => {
      const rows = await listAllReports(request.ctx);
      return {
        reports: rows.map((r) => ({
          id: r.id,
          period: r.period,
          new_orders_count: r.newOrdersCount,
          new_clients_count: r.newClientsCount,
          total_orders_sum: formatMoney(r.totalOrdersCents),
          avg_order_sum: formatMoney(r.avgOrderCents),
          completed_orders_count: r.completedOrdersCount,
          date_created: formatRussianLong(r.createdAt, deps.config.timeZone),
        })),
      };
    });
    route('/api/reports/get/:id/', ['GET', 'POST'], async (request, reply) => {
      const r = await getReport(request.ctx, idParam(request.params));
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="report_${r.id}.txt"`)
        .send(reportText(r, deps.config.timeZone));
    });
  });
}
