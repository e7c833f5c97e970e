/**
 * Orders: what a contact bought — product, quantity, unit price, total (always quantity × price, recomputed on
 * every change), status Pending → Completed or Cancelled. Money is kept in minor units.
 */
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { type Actor, requireActor } from '../../platform/auth/roles.js';
import { foldForSearch, offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { changeDetails, lockVersioned, updateVersioned } from '../../platform/db/versioned.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { getContact } from '../contacts/contacts.service.js';
import { canCreateOrder, canDeleteOrder, canEditOrder } from './orders.policy.js';
import * as ordersRepo from './orders.repo.js';
import { formatMoney, OrderBody } from './orders.schema.js';
import type { NewOrderRow, OrderStatus } from './orders.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** Orders were added, changed or deleted (lists refresh). */
    'orders.changed': Record<string, never>;
  }
}

/** Tells open order lists to refresh (after the change is committed). */
export const announceOrdersChanged = (ctx: Ctx) =>
  ctx.events.publish('orders.changed', {}, { all: true }).catch(() => {});

/** A transaction that changes orders; open lists hear of it once it has committed. */
async function changingOrders<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  const result = await inTransaction(ctx, work);
  await announceOrdersChanged(ctx);
  return result;
}

export { canCreateOrder, canDeleteOrder, canEditOrder, canTransferOrders } from './orders.policy.js';
export type { OrderSort } from './orders.repo.js';
export { ORDER_SORTS } from './orders.repo.js';
/** An order as lists, exports and APIs show it, with its contact's names and addresses. */
export type OrderWithContact = Awaited<ReturnType<typeof ordersRepo.findMany>>[number];
/** One order read by id: the list's columns, and who created it and when it last changed. */
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof ordersRepo.findById>>>;

const searchTextOf = (product: string, description: string) => foldForSearch(`${product} ${description}`);

const rowOf = (body: OrderBody, createdBy: number | null, createdAt: string, now: string): NewOrderRow => ({
  contactId: body.contact_id,
  product: body.product,
  quantity: body.quantity,
  unitPriceCents: body.price,
  totalCents: body.quantity * body.price,
  description: body.description,
  status: body.status,
  searchText: searchTextOf(body.product, body.description),
  createdBy,
  createdAt,
  updatedAt: now,
  completedAt: body.status === 'Completed' ? createdAt : null,
});

async function requireContact(ctx: Ctx, contactId: number) {
  try {
    return await getContact(ctx, contactId);
  } catch {
    throw invalid('validation', { contact_id: { code: 'invalid_choice' } });
  }
}

/** The signed-in actor if `may` allows them (`auth.required` / `auth.forbidden` otherwise). */
function requireAllowed(ctx: Ctx, may: (actor: Actor) => boolean): Actor {
  const actor = requireActor(ctx.actor);
  if (!may(actor)) throw forbidden();
  return actor;
}

/**
 * Creates an order for an existing contact (operators, managers, admins: `auth.forbidden`; `validation` with
 * field errors).
 */
export async function createOrder(ctx: Ctx, input: unknown): Promise<number> {
  const actor = requireAllowed(ctx, canCreateOrder);
  const body = parseInput(OrderBody, input);
  return changingOrders(ctx, async (tx) => {
    const contact = await requireContact(tx, body.contact_id);
    const now = nowIso(tx);
    const id = await ordersRepo.insert(tx.db, rowOf(body, actor.id, now, now));
    await recordActivity(tx, 'order.created', {
      entityType: 'order',
      entityId: id,
      summary: `${body.product} × ${body.quantity} — ${contact.lastName} ${contact.firstName}`,
      details: { total: formatMoney(body.quantity * body.price) },
    });
    return id;
  });
}

/**
 * Updates an order (operators, managers, admins: `auth.forbidden`); missing fields keep their values; the total
 * is recomputed. Only what changes is written, on the order as it is now (locked); `order.changed_meanwhile`
 * when `expectedVersion` is not its version.
 */
export async function updateOrder(
  ctx: Ctx,
  id: number,
  input: Record<string, unknown>,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  requireAllowed(ctx, canEditOrder);
  await changingOrders(ctx, async (tx) => {
    const now = nowIso(tx);
    let product = '';
    const { row, changed, version } = await updateVersioned(tx.db, {
      table: 'orders',
      entity: 'order',
      id,
      expectedVersion: opts.expectedVersion,
      stamp: { updatedAt: now },
      change: async (o) => {
        const body = parseInput(OrderBody, {
          contact_id: o.contactId,
          product: o.product,
          quantity: o.quantity,
          price: formatMoney(o.unitPriceCents),
          description: o.description,
          status: o.status,
          ...input,
        });
        if (body.contact_id !== o.contactId) await requireContact(tx, body.contact_id);
        product = body.product;
        const { createdBy: _, createdAt: __, updatedAt: ___, ...set } = rowOf(body, null, now, now);
        return { ...set, completedAt: body.status === 'Completed' ? (o.completedAt ?? now) : null };
      },
    });
    if (Object.keys(changed).length === 0) return;
    await recordActivity(tx, 'order.updated', {
      entityType: 'order',
      entityId: id,
      summary: product,
      details: changeDetails(row, changed, {
        contactId: 'contact_id',
        product: 'product',
        quantity: 'quantity',
        unitPriceCents: ['price', formatMoney],
        description: 'description',
        status: 'status',
      }),
      version,
    });
  });
}

/**
 * Deletes an order (managers and admins: `auth.forbidden`; `order.not_found`); `order.changed_meanwhile` when
 * `expectedVersion` is not its version.
 */
export async function deleteOrder(
  ctx: Ctx,
  id: number,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  requireAllowed(ctx, canDeleteOrder);
  await changingOrders(ctx, async (tx) => {
    await lockVersioned(tx.db, 'orders', 'order', id, opts.expectedVersion);
    const o = await ordersRepo.findById(tx.db, id);
    if (!o) throw notFound('order', id);
    await ordersRepo.deleteById(tx.db, id);
    await recordActivity(tx, 'order.deleted', {
      entityType: 'order',
      entityId: id,
      summary: `${o.product} — ${o.lastName} ${o.firstName}`,
      details: { total: formatMoney(o.totalCents) },
    });
  });
}

export async function getOrder(ctx: Ctx, id: number): Promise<OrderDetail> {
  requireActor(ctx.actor);
  const o = await ordersRepo.findById(ctx.db, id);
  if (!o) throw notFound('order', id);
  return o;
}

/** A contact's orders in figures (count, pending, completed sum, latest), for its page. */
export async function orderTotalsOfContact(ctx: Ctx, contactId: number) {
  requireActor(ctx.actor);
  return ordersRepo.totalsForContact(ctx.db, contactId);
}

export interface OrderQuery {
  search?: string;
  status?: OrderStatus;
  contactId?: number;
  companyId?: number;
  createdFrom?: string;
  createdTo?: string;
  sort?: ordersRepo.OrderSort;
  desc?: boolean;
}

const toFilter = (q: OrderQuery): ordersRepo.OrderFilter => ({
  terms: searchTerms(q.search),
  status: q.status,
  contactId: q.contactId,
  companyId: q.companyId,
  createdFrom: q.createdFrom,
  createdTo: q.createdTo,
});

export async function listOrderWindow(ctx: Ctx, q: OrderQuery, offset: number, limit: number) {
  requireActor(ctx.actor);
  return ordersRepo.findMany(
    ctx.db,
    toFilter(q),
    { field: q.sort ?? 'id', desc: q.desc ?? false },
    { offset, limit },
  );
}

export async function listOrders(ctx: Ctx, q: OrderQuery, page: PageRequest) {
  requireActor(ctx.actor);
  const filter = toFilter(q);
  const [items, total] = await Promise.all([
    ordersRepo.findMany(
      ctx.db,
      filter,
      { field: q.sort ?? 'created_at', desc: q.desc ?? true },
      { offset: offsetOf(page), limit: page.perPage },
    ),
    ordersRepo.count(ctx.db, filter),
  ]);
  return pageOf(items, total, page);
}

/**
 * Figures for reports over orders created in [from, to]: whole days come from the daily rollup, the two partial
 * days at the edges from the orders themselves — exact, and independent of how many orders there are.
 */
export async function orderTotalsBetween(ctx: Ctx, from: string, to: string) {
  const fromDay = from.slice(0, 10);
  const toDay = to.slice(0, 10);
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();
  const parts =
    fromDay === toDay
      ? [ordersRepo.dailyFromOrders(ctx.db, from, to)]
      : [
          ordersRepo.dailyFromOrders(ctx.db, from, new Date(Date.parse(nextDay(fromDay)) - 1).toISOString()),
          ordersRepo.dailyFromRollup(ctx.db, fromDay, toDay),
          ordersRepo.dailyFromOrders(ctx.db, `${toDay}T00:00:00.000Z`, to),
        ];
  const daily = (await Promise.all(parts))
    .flat()
    .map((d) => ({
      day: d.day,
      orders: Number(d.orders),
      cents: Number(d.cents ?? 0),
      completed: Number(d.completed ?? 0),
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
  return {
    orders: daily.reduce((n, d) => n + d.orders, 0),
    cents: daily.reduce((n, d) => n + d.cents, 0),
    completed: daily.reduce((n, d) => n + d.completed, 0),
    daily: daily.map(({ day, orders, cents }) => ({ day, orders, cents })),
  };
}

/**
 * Writes validated orders in the caller's transaction, with their own creation times (`createdAt`, or now):
 * imports and demo data (the system, acting for nobody). A user needs the right to create orders.
 */
export async function insertOrdersBulk(ctx: Ctx, rows: { body: OrderBody; createdAt: string | null }[]) {
  if (ctx.actor && !canCreateOrder(ctx.actor)) throw forbidden();
  const now = nowIso(ctx);
  await ordersRepo.insertMany(
    ctx.db,
    rows.map(({ body, createdAt }) => rowOf(body, ctx.actor?.id ?? null, createdAt ?? now, now)),
  );
  return rows.length;
}

/**
 * The orders of these contacts, every column, in the caller's transaction: what deleting the contacts takes
 * with it (kept so the deletion can be undone). The caller has checked who may delete them.
 */
export const ordersOfContacts = (tx: Ctx, contactIds: number[]) =>
  ordersRepo.findAllOfContacts(tx.db, contactIds);

/** Writes orders back exactly as `ordersOfContacts` read them, in the caller's transaction (an undone deletion). */
export async function restoreOrders(tx: Ctx, rows: Awaited<ReturnType<typeof ordersOfContacts>>) {
  await ordersRepo.insertExact(tx.db, rows);
}

/** Orders matching a list query, in id order, a batch at a time: for exports of any size. */
export async function* streamOrders(
  ctx: Ctx,
  q: OrderQuery,
  batch = 1000,
): AsyncGenerator<OrderWithContact[]> {
  requireActor(ctx.actor);
  const filter = toFilter(q);
  let after = 0;
  for (;;) {
    const rows = await ordersRepo.findBatchAfter(ctx.db, filter, after, batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}
