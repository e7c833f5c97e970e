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
import { announceOrdersChanged } from './internal.js';
import { centsOf, formatMoney, OrderInput, type OrderQuery } from './orders.contract.js';
import * as ordersHot from './orders.hot.js';
import { canCreateOrder, canDeleteOrder, canEditOrder } from './orders.policy.js';
import * as ordersRepo from './orders.repo.js';
import type { NewOrderRow } from './orders.table.js';

/** A transaction that changes orders; open lists hear of it once it has committed. */
async function changingOrders<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  const result = await inTransaction(ctx, work);
  await announceOrdersChanged(ctx);
  return result;
}

export type { OrderQuery } from './orders.contract.js';
export { canCreateOrder, canDeleteOrder, canEditOrder, canTransferOrders } from './orders.policy.js';
export type { OrderSort } from './orders.repo.js';
export { ORDER_SORTS } from './orders.repo.js';
/** An order as lists, exports and APIs show it, with its contact's names and addresses. */
export type OrderWithContact = Awaited<ReturnType<typeof ordersHot.findMany>>[number];
/** One order read by id: the list's columns, and who created it and when it last changed. */
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof ordersRepo.findById>>>;

const searchTextOf = (product: string, description: string) => foldForSearch(`${product} ${description}`);

/**
 * An order's stored fields from its input, the one place of its rules: the total is quantity × unit price; an
 * order completed has `completedAt` — the time it first became Completed (`completedBefore`), else `now` — and
 * any other status has none.
 */
function fieldsOf(body: OrderInput, completedBefore: string | null, now: string) {
  const unitPriceCents = centsOf(body.price);
  return {
    contactId: body.contact_id,
    product: body.product,
    quantity: body.quantity,
    unitPriceCents,
    totalCents: body.quantity * unitPriceCents,
    description: body.description,
    status: body.status,
    searchText: searchTextOf(body.product, body.description),
    completedAt: body.status === 'Completed' ? (completedBefore ?? now) : null,
  };
}

/** A new order's row, created by `createdBy` at `createdAt` (an import's may be in the past). */
const rowOf = (body: OrderInput, createdBy: number | null, createdAt: string, now: string): NewOrderRow => ({
  ...fieldsOf(body, null, createdAt),
  createdBy,
  createdAt,
  updatedAt: now,
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
  const body = parseInput(OrderInput, input);
  return changingOrders(ctx, async (tx) => {
    const contact = await requireContact(tx, body.contact_id);
    const now = nowIso(tx);
    const id = await ordersRepo.insert(tx.db, rowOf(body, actor.id, now, now));
    await recordActivity(tx, 'order.created', {
      entityType: 'order',
      entityId: id,
      summary: `${body.product} × ${body.quantity} — ${contact.lastName} ${contact.firstName}`,
      details: { total: formatMoney(body.quantity * centsOf(body.price)) },
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
        const body = parseInput(OrderInput, {
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
        return fieldsOf(body, o.completedAt, now);
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
  return ordersHot.findMany(
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
    ordersHot.findMany(
      ctx.db,
      filter,
      { field: q.sort ?? 'created_at', desc: q.desc ?? true },
      { offset: offsetOf(page), limit: page.perPage },
    ),
    ordersHot.count(ctx.db, filter),
  ]);
  return pageOf(items, total, page);
}

/**
 * Writes validated orders in the caller's transaction, with their own creation times (`createdAt`, or now):
 * imports and demo data (the system, acting for nobody). A user needs the right to create orders.
 */
export async function insertOrdersBulk(ctx: Ctx, rows: { body: OrderInput; createdAt: string | null }[]) {
  if (ctx.actor && !canCreateOrder(ctx.actor)) throw forbidden();
  const now = nowIso(ctx);
  await ordersRepo.insertMany(
    ctx.db,
    rows.map(({ body, createdAt }) => rowOf(body, ctx.actor?.id ?? null, createdAt ?? now, now)),
  );
  return rows.length;
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
