/**
 * Periodic reports (seed 001): for a rolling window ending now (week = 7 days, month = 30, year = 365) — new
 * orders, new clients, sum and average of the new orders, how many of them are completed — stored with the daily
 * series for the chart, and printable as the seed's Russian text file.
 */
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { requireActor } from '../../platform/auth/roles.js';
import { formatRussianLong } from '../../platform/dates.js';
import { fromJson, type PageRequest, pageOf, toJson } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import { barLineChart, createPdf, keyValueTable, type PdfDoc } from '../../platform/pdf/pdf.js';
import type { Cell, TableSheet } from '../../platform/tabular/write.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { countContactsCreatedBetween } from '../contacts/internal.js';
import { formatMoney, orderTotalsBetween } from '../orders/internal.js';
import { ReportInput } from './reports.contract.js';
import * as reportsRepo from './reports.repo.js';
import type { ReportPeriod, ReportRow } from './reports.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** A report was generated (by someone or by the schedule): report lists refresh. */
    'reports.changed': { id: number };
  }
}

export const PERIOD_DAYS: Record<ReportPeriod, number> = { week: 7, month: 30, year: 365 };
const PERIOD_RU: Record<ReportPeriod, string> = { week: 'Неделя', month: 'Месяц', year: 'Год' };

export interface DailyPoint {
  day: string;
  orders: number;
  cents: number;
}

/** Computes and stores a report for the window ending now. Throws `validation` for an unknown period. */
export async function generateReport(ctx: Ctx, input: unknown): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'reports.create');
  const { period } = parseInput(ReportInput, input);
  return storeReport(ctx, period, actor.id);
}

/** The scheduled generation (`REPORT_SCHEDULE`): the same report, made by the system. */
export const generateScheduledReport = (ctx: Ctx, period: ReportPeriod) => storeReport(ctx, period, null);

async function storeReport(ctx: Ctx, period: ReportPeriod, createdBy: number | null): Promise<number> {
  const end = ctx.clock.now();
  const start = new Date(end.getTime() - PERIOD_DAYS[period] * 86400_000);
  const from = start.toISOString();
  const to = end.toISOString();
  const [orders, clients] = await Promise.all([
    orderTotalsBetween(ctx.db, from, to),
    countContactsCreatedBetween(ctx, from, to),
  ]);
  // Every day of the window, zero where nothing happened, so the chart's axis is continuous.
  const byDay = new Map(orders.daily.map((d) => [d.day, d]));
  const daily: DailyPoint[] = [];
  for (let t = Date.parse(`${from.slice(0, 10)}T00:00:00Z`); t <= end.getTime(); t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    daily.push(byDay.get(day) ?? { day, orders: 0, cents: 0 });
  }
  const id = await inTransaction(ctx, async (tx) => {
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
      createdBy,
      createdAt: nowIso(tx),
    });
    await recordActivity(tx, 'report.generated', { entityType: 'report', entityId: id, summary: period });
    return id;
  });
  await ctx.events.publish('reports.changed', { id }, { all: true });
  return id;
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

async function* rowsOf(rows: Cell[][]): AsyncGenerator<Cell[]> {
  yield* rows;
}

/**
 * The report as two tables in the reader's language: its figures (one row) and its days (one row per day). A
 * spreadsheet gets each as a sheet of its own, a CSV file holds one of them.
 */
export function reportTables(r: ReportRow, t: Translate): { figures: TableSheet; days: TableSheet } {
  return {
    figures: {
      name: t('reports.sheet.figures'),
      columns: [
        { title: t('reports.period') },
        { title: t('common.from'), kind: 'datetime' },
        { title: t('common.to'), kind: 'datetime' },
        { title: t('reports.new_orders'), kind: 'number' },
        { title: t('reports.new_clients'), kind: 'number' },
        { title: t('reports.orders_sum'), kind: 'money' },
        { title: t('reports.avg_order'), kind: 'money' },
        { title: t('reports.completed'), kind: 'number' },
        { title: t('reports.created'), kind: 'datetime' },
      ],
      rows: rowsOf([
        [
          t.dynamic(`reports.period.${r.period}`),
          r.windowStart,
          r.windowEnd,
          r.newOrdersCount,
          r.newClientsCount,
          r.totalOrdersCents,
          r.avgOrderCents,
          r.completedOrdersCount,
          r.createdAt,
        ],
      ]),
    },
    days: {
      name: t('reports.sheet.days'),
      columns: [
        { title: t('reports.day'), kind: 'date' },
        { title: t('reports.orders'), kind: 'number' },
        { title: t('reports.revenue'), kind: 'money' },
      ],
      rows: rowsOf(reportDaily(r).map((d) => [d.day, d.orders, d.cents])),
    },
  };
}

/** The report as a PDF in the reader's language: title, window, the five figures and the daily chart. */
export async function reportPdf(r: ReportRow, t: Translate, companyName: string): Promise<PdfDoc> {
  const title = `${t('reports.report')}: ${t.dynamic(`reports.period.${r.period}`)}`;
  const doc = await createPdf({ title, author: companyName });
  doc.font('bold').fontSize(18).text(title);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#555')
    .text(
      `${companyName} · ${t('reports.window', { from: t.dateTime(r.windowStart), to: t.dateTime(r.windowEnd) })}`,
    )
    .text(`${t('reports.created')}: ${t.dateTime(r.createdAt)}`)
    .fillColor('#000')
    .moveDown();
  keyValueTable(doc, [
    [t('reports.new_orders'), t.number(r.newOrdersCount)],
    [t('reports.new_clients'), t.number(r.newClientsCount)],
    [t('reports.orders_sum'), t.money(r.totalOrdersCents)],
    [t('reports.avg_order'), t.money(r.avgOrderCents)],
    [t('reports.completed'), t.number(r.completedOrdersCount)],
  ]);
  doc.moveDown().font('bold').fontSize(12).text(t('reports.chart_label')).font('regular');
  barLineChart(
    doc,
    reportDaily(r).map((d) => ({ label: t.dayMonth(d.day), bar: d.orders, line: d.cents })),
    {
      barLabel: t('reports.orders_per_day'),
      lineLabel: t('reports.revenue_per_day'),
      formatBar: t.compact,
      formatLine: (cents) => t.compact(cents / 100),
    },
  );
  doc.end();
  return doc;
}

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
