/** The reports list: generate one, the schedule, each report's figures and its orders per day. */
import type { Page } from '../../../platform/db/sql.js';
import { Csrf, EmptyState, Pagination } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { reportDaily } from '../reports.service.js';
import { REPORT_PERIODS, type ReportPeriod, type ReportRow } from '../reports.table.js';
import { Sparkline } from './parts.js';

export function ReportsPage({
  v,
  page,
  url,
  schedule,
}: {
  v: ViewContext;
  page: Page<ReportRow>;
  /** This page's address, which live updates re-read. */
  url: string;
  /** The periods generated on schedule. */
  schedule: readonly ReportPeriod[];
}) {
  return (
    <AppPage v={v} title={v.t('reports.title')}>
      <form
        method="post"
        action="/reports"
        class="flex flex-wrap gap-2 items-end mb-6"
        data-report-form
        data-can="reports.create"
      >
        <Csrf v={v} />
        <label class="text-sm flex flex-col gap-1">
          {v.t('reports.period')}
          <select name="period" class="select select-sm w-auto">
            {REPORT_PERIODS.map((p) => (
              <option value={p}>{v.t.dynamic(`reports.period.${p}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn btn-sm btn-primary">
          {v.t('reports.generate')}
        </button>
      </form>
      {schedule.length > 0 && (
        <p class="text-sm opacity-70 -mt-4 mb-4" data-report-schedule>
          {v.t('reports.schedule', {
            periods: schedule.map((p) => v.t.dynamic(`reports.schedule.${p}`)).join(', '),
          })}
        </p>
      )}
      <div
        id="reports-list"
        class="bg-base-100 rounded-box border border-base-300 overflow-x-auto"
        hx-get={url}
        hx-trigger="sse:reports.changed"
        hx-select="#reports-list"
        hx-swap="outerHTML"
      >
        {page.items.length === 0 ? (
          <EmptyState title={v.t('reports.empty')} />
        ) : (
          <table class="table table-sm" data-reports-table>
            <thead>
              <tr>
                <th>{v.t('reports.created')}</th>
                <th>{v.t('reports.period')}</th>
                <th class="text-right">{v.t('reports.new_orders')}</th>
                <th class="text-right">{v.t('reports.new_clients')}</th>
                <th class="text-right">{v.t('reports.orders_sum')}</th>
                <th class="text-right">{v.t('reports.avg_order')}</th>
                <th class="text-right">{v.t('reports.completed')}</th>
                <th>{v.t('reports.orders_per_day')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr data-report={r.id}>
                  <td>
                    <a href={`/reports/${r.id}`} class="link link-hover">
                      {v.t.dateTime(r.createdAt)}
                    </a>
                  </td>
                  <td>{v.t.dynamic(`reports.period.${r.period}`)}</td>
                  <td class="text-right tabular-nums">{v.t.number(r.newOrdersCount)}</td>
                  <td class="text-right tabular-nums">{v.t.number(r.newClientsCount)}</td>
                  <td class="text-right tabular-nums">{v.t.money(r.totalOrdersCents)}</td>
                  <td class="text-right tabular-nums">{v.t.money(r.avgOrderCents)}</td>
                  <td class="text-right tabular-nums">{v.t.number(r.completedOrdersCount)}</td>
                  <td>
                    <a href={`/reports/${r.id}`} tabindex={-1}>
                      <Sparkline v={v} daily={reportDaily(r)} />
                    </a>
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
        query={{}}
      />
    </AppPage>
  );
}
