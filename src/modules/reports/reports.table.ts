import type { Generated, Insertable, Selectable } from 'kysely';

export const REPORT_PERIODS = ['week', 'month', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface ReportsTable {
  id: Generated<number>;
  period: ReportPeriod;
  windowStart: string;
  windowEnd: string;
  newOrdersCount: number;
  newClientsCount: number;
  totalOrdersCents: number;
  avgOrderCents: number;
  completedOrdersCount: number;
  /** JSON: [{ day: 'YYYY-MM-DD', orders: n, cents: n }] over the window. */
  daily: string;
  createdBy: number | null;
  createdAt: string;
}
export type ReportRow = Selectable<ReportsTable>;
export type NewReportRow = Insertable<ReportsTable>;

declare module '../../database.js' {
  interface Database {
    reports: ReportsTable;
  }
}
