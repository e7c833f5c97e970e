/** The clean orders API: list with filters/sort/pages, create, read, partial update (incl. status), delete. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import {
  API_SECURITY,
  IdParams,
  ifMatchVersion,
  pageEnvelope,
  ROW_VERSION,
  toEnvelope,
  withEtag,
} from '../../platform/http/api.js';
import { EXPORT_DESCRIPTION, sendTable, tableReaderOf } from '../../platform/http/download.js';
import {
  OrderChange,
  OrderInput,
  OrderListQuery,
  OrderResponse,
  orderQueryOf,
  toOrderResponse,
} from './orders.contract.js';
import { exportOrders } from './orders.io.js';
import { createOrder, deleteOrder, getOrder, listOrders, updateOrder } from './orders.service.js';

const tags = ['orders'];

export function ordersRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/orders',
    {
      schema: {
        tags,
        operationId: 'orders.list',
        summary: 'Orders, filtered, sorted and paged',
        querystring: OrderListQuery,
        security: API_SECURITY,
        response: { 200: pageEnvelope(OrderResponse) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listOrders(request.ctx, orderQueryOf(q), {
        page: q.page,
        perPage: q.per_page,
      });
      return toEnvelope(page, toOrderResponse);
    },
  );

  api.get(
    '/api/v1/orders/export',
    {
      schema: {
        tags,
        operationId: 'orders.export',
        summary: 'The filtered list as a CSV or Excel file (streamed; admins and managers)',
        description: EXPORT_DESCRIPTION,
        querystring: OrderListQuery.omit({ page: true, per_page: true }).extend({
          format: z.enum(['csv', 'xlsx']).default('csv'),
        }),
        security: API_SECURITY,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const table = await exportOrders(ctx, orderQueryOf(request.query), request.query.format, request.t);
      return sendTable(reply, {
        format: request.query.format,
        name: 'orders',
        ...table,
        now: ctx.clock.now(),
        reader: tableReaderOf(request.t, deps.config.currency),
      });
    },
  );

  api.post(
    '/api/v1/orders',
    {
      schema: {
        tags,
        operationId: 'orders.create',
        summary: 'Create an order for a contact; the total is quantity × price',
        body: OrderInput,
        security: API_SECURITY,
        response: { 201: OrderResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const id = await createOrder(ctx, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/orders/${id}`)
        .send(toOrderResponse(withEtag(reply, await getOrder(ctx, id))));
    },
  );

  api.get(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        operationId: 'orders.get',
        summary: 'One order with its contact',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: OrderResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) =>
      toOrderResponse(withEtag(reply, await getOrder(request.ctx, request.params.id))),
  );

  api.patch(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        operationId: 'orders.update',
        summary: 'Change some fields of an order, e.g. `{"status": "Completed"}`',
        params: IdParams,
        body: OrderChange,
        security: API_SECURITY,
        response: { 200: OrderResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      await updateOrder(ctx, request.params.id, request.body, {
        expectedVersion: ifMatchVersion(request),
      });
      return toOrderResponse(withEtag(reply, await getOrder(ctx, request.params.id)));
    },
  );

  api.delete(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        operationId: 'orders.delete',
        summary: 'Delete an order',
        params: IdParams,
        security: API_SECURITY,
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      await deleteOrder(request.ctx, request.params.id, {
        expectedVersion: ifMatchVersion(request),
      });
      return reply.code(204).send();
    },
  );
}
