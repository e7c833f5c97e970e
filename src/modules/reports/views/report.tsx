/** One report: its window, figures, daily chart and downloads. */
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { reportFileName } from '../reports.contract.js';
import { reportDaily } from '../reports.service.js';
import type { ReportRow } from '../reports.table.js';
import { DailyChart, Figures } from './parts.js';

export function ReportPage({ v, r }: { v: ViewContext; r: ReportRow }) {
  return (
    <AppPage
      v={v}
      title={v.t('common.label_value', {
        label: v.t('reports.report'),
        value: v.t.dynamic(`reports.period.${r.period}`),
      })}
      actions={
        <div class="flex gap-2">
          {(
            [
              ['txt', 'reports.download_txt'],
              ['xlsx', 'reports.download_xlsx'],
              ['csv', 'reports.download_csv'],
              ['days_csv', 'reports.download_days_csv'],
              ['pdf', 'reports.download_pdf'],
            ] as const
          ).map(([format, label]) => (
            <a
              href={`/reports/${r.id}/${reportFileName(r.id, format)}`}
              class="btn btn-sm"
              data-download={format}
              download
            >
              {v.t(label)}
            </a>
          ))}
        </div>
      }
    >
      <p class="text-sm opacity-70 mb-4">
        {v.t('reports.window', { from: v.t.dateTime(r.windowStart), to: v.t.dateTime(r.windowEnd) })}
      </p>
      <Figures v={v} r={r} />
      <section class="card bg-base-100 border border-base-300 mt-6">
        <div class="card-body">
          <DailyChart v={v} daily={reportDaily(r)} />
        </div>
      </section>
    </AppPage>
  );
}
