/**
 * What other modules may use of orders without an actor check: each function here works in the caller's
 * transaction (or on a database handle) for a caller that has already checked who acts — deleting contacts takes
 * their orders along, reports read the figures. Guarded operations are in orders.service.ts.
 */

import type { Db } from '../../database.js';
import type { Ctx } from '../../deps.js';
import * as ordersRepo from './orders.repo.js';

export { formatMoney, MAX_TOTAL_CENTS, money, OrderInput } from './orders.contract.js';
export { ORDER_STATUSES } from './orders.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** Orders were added, changed or deleted (lists refresh). */
    'orders.changed': Record<string, never>;
  }
}

/** Tells open order lists to refresh (after the change is committed). */
export const announceOrdersChanged = (ctx: Ctx) =>
  ctx.events.publish('orders.changed', {}, { all: true }).catch(() => {});

/**
 * Figures for reports over orders created in [from, to]: whole days come from the daily rollup, the two partial
 * days at the edges from the orders themselves — exact, and independent of how many orders there are.
 */
export async function orderTotalsBetween(db: Db, from: string, to: string) {
  const fromDay = from.slice(0, 10);
  const toDay = to.slice(0, 10);
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();
  const parts =
    fromDay === toDay
      ? [ordersRepo.dailyFromOrders(db, from, to)]
      : [
          ordersRepo.dailyFromOrders(db, from, new Date(Date.parse(nextDay(fromDay)) - 1).toISOString()),
          ordersRepo.dailyFromRollup(db, fromDay, toDay),
          ordersRepo.dailyFromOrders(db, `${toDay}T00:00:00.000Z`, to),
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
 * The orders of these contacts, every column, in the caller's transaction: what deleting the contacts takes
 * with it (kept so the deletion can be undone). The caller has checked who may delete them.
 */
export const ordersOfContacts = (tx: Ctx, contactIds: number[]) =>
  ordersRepo.findAllOfContacts(tx.db, contactIds);

/** Writes orders back exactly as `ordersOfContacts` read them, in the caller's transaction (an undone deletion). */
export async function restoreOrders(tx: Ctx, rows: Awaited<ReturnType<typeof ordersOfContacts>>) {
  await ordersRepo.insertExact(tx.db, rows);
}
