/**
 * Periodic reports (seed 001): for a rolling window ending now (week = 7 days, month = 30, year = 365) — new
 * orders, new clients, sum and average of the new orders, how many of them are completed — stored with the daily
 * series for the chart, and printable as the seed's Russian text file.
 */
import { z } from 'zod';
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { formatRussianLong } from '../../platform/dates.js';
import { fromJson, type PageRequest, pageOf, toJson } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { countContactsCreatedBetween } from '../contacts/contacts.service.js';
import { formatMoney } from '../orders/orders.schema.js';
import { orderTotalsBetween } from '../orders/orders.service.js';
import * as reportsRepo from './reports.repo.js';
import { REPORT_PERIODS, type ReportPeriod, type ReportRow } from './reports.table.js';

export const PERIOD_DAYS: Record<ReportPeriod, number> = { week: 7, month: 30, year: 365 };
const PERIOD_RU: Record<ReportPeriod, string> = { week: 'Неделя', month: 'Месяц', year: 'Год' };

export const ReportBody = z.object({ period: z.enum(REPORT_PERIODS) });

export interface DailyPoint {
  day: string;
  orders: number;
  cents: number;
}

/** Computes and stores a report for the window ending now. Throws `validation` for an unknown period. */
export async function generateReport(ctx: Ctx, input: unknown): Promise<number> {
  const actor = requireActor(ctx.actor);
  const { period } = parseInput(ReportBody, input);
  const end = ctx.clock.now();
  const start = new Date(end.getTime() - PERIOD_DAYS[period] * 86400_000);
  const from = start.toISOString();
  const to = end.toISOString();
  const [orders, clients] = await Promise.all([
    orderTotalsBetween(ctx, from, to),
    countContactsCreatedBetween(ctx, from, to),
  ]);
  // Every day of the window, zero where nothing happened, so the chart's axis is continuous.
  const byDay = new Map(orders.daily.map((d) => [d.day, d]));
  const daily: DailyPoint[] = [];
  for (let t = Date.parse(`${from.slice(0, 10)}T00:00:00Z`); t <= end.getTime(); t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    daily.push(byDay.get(day) ?? { day, orders: 0, cents: 0 });
  }
  return inTransaction(ctx, async (tx) => {
    const id = await reportsRepo.insert(tx.db, {
      period,
      windowStart: from,
      windowEnd: to,
      newOrdersCount: orders.orders,
      newClientsCount: clients,
      totalOrdersCents: orders.cents,
      avgOrderCents: orders.orders ? Math.round(orders.cents / orders.orders) : 0,
      completedOrdersCount: orders.completed,
      daily: toJson(daily),
      createdBy: actor.id,
      createdAt: nowIso(tx),
    });
    await recordActivity(tx, 'report.generated', { entityType: 'report', entityId: id, summary: period });
    return id;
  });
}

export async function getReport(ctx: Ctx, id: number): Promise<ReportRow> {
  requireActor(ctx.actor);
  const r = await reportsRepo.findById(ctx.db, id);
  if (!r) throw notFound('report', id);
  return r;
}

export async function listAllReports(ctx: Ctx) {
  requireActor(ctx.actor);
  return reportsRepo.findAll(ctx.db);
}

export async function listReports(ctx: Ctx, page: PageRequest) {
  requireActor(ctx.actor);
  const [items, total] = await Promise.all([reportsRepo.findPage(ctx.db, page), reportsRepo.count(ctx.db)]);
  return pageOf(items, total, page);
}

export const reportDaily = (r: ReportRow) => fromJson<DailyPoint[]>(r.daily, []);

/** The seed's text file, line for line (UTF-8, Russian labels). */
export function reportText(r: ReportRow, timeZone: string): string {
  return [
    `Отчет за период: ${PERIOD_RU[r.period]}`,
    `Дата создания: ${formatRussianLong(r.createdAt, timeZone)}`,
    `Кол-во новых заказов: ${r.newOrdersCount}`,
    `Кол-во новых клиентов: ${r.newClientsCount}`,
    `Сумма новых заказов: ${formatMoney(r.totalOrdersCents)}`,
    `Средняя сумма заказов: ${formatMoney(r.avgOrderCents)}`,
    `Кол-во выполненных заказов: ${r.completedOrdersCount}`,
    '',
  ].join('\n');
}
