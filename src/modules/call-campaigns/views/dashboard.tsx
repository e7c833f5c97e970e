/** Seed 004's dashboard: targets by state, calls, outcomes, operators' points, calls per hour. */
import { queryHref } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { Bars, CALL_STATUSES, HourChart, NUMBER_STATUSES } from '../../calls/internal.js';
import type { CampaignSummary } from '../call-campaigns.service.js';
import { TARGET_STATES } from '../call-campaigns.table.js';
import { ProgressBar } from './parts.js';

export function DashboardPage({
  v,
  data,
  campaigns,
  campaignId,
}: {
  v: ViewContext;
  data: {
    targets: CampaignSummary['counts'];
    calls: {
      total: number;
      answered: number;
      byNumber: Record<string, number>;
      byOutcome: Record<string, number>;
      operators: {
        userId: number | null;
        name: string;
        calls: number;
        answered: number;
        points: number;
        ratio: number;
      }[];
      perHour: number[];
    };
  };
  campaigns: { id: number; name: string }[];
  campaignId: number | undefined;
}) {
  const c = data.calls;
  const stat = (label: string, value: number, key: string) => (
    <div class="stat" data-stat={key}>
      <div class="stat-title">{label}</div>
      <div class="stat-value tabular-nums">{v.t.number(value)}</div>
    </div>
  );
  return (
    <AppPage v={v} title={v.t('dashboard.title')}>
      <form method="get" action="/call-campaigns/dashboard" class="mb-4">
        <select
          name="campaign"
          class="select select-sm w-auto"
          data-autosubmit
          aria-label={v.t('calls.campaign')}
        >
          <option value="">{v.t('dashboard.all_campaigns')}</option>
          {campaigns.map((x) => (
            <option value={String(x.id)} selected={x.id === campaignId}>
              {x.name}
            </option>
          ))}
        </select>
      </form>
      <div
        id="dashboard"
        hx-get={queryHref('/call-campaigns/dashboard', { campaign: campaignId })}
        hx-trigger="sse:call_targets.changed throttle:2s, sse:calls.changed throttle:2s"
        hx-select="#dashboard"
        hx-swap="outerHTML"
        class="flex flex-col gap-4"
      >
        <div class="stats stats-vertical sm:stats-horizontal border border-base-300 bg-base-100 w-full">
          {stat(v.t('dashboard.targets'), data.targets.total, 'targets')}
          {stat(v.t('dashboard.calls'), c.total, 'calls')}
          {stat(v.t('dashboard.answered'), c.answered, 'answered')}
          {stat(v.t('call_targets.state.done'), data.targets.done, 'done')}
        </div>
        <div class="grid gap-4 lg:grid-cols-2">
          <section class="card bg-base-100 border border-base-300">
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('dashboard.targets_by_state')}</h2>
              <ProgressBar v={v} counts={data.targets} />
              <Bars
                label={v.t('dashboard.targets_by_state')}
                items={TARGET_STATES.map((s) => ({
                  key: s,
                  label: v.t.dynamic(`call_targets.state.${s}`),
                  value: data.targets[s],
                }))}
              />
            </div>
          </section>
          <section class="card bg-base-100 border border-base-300">
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('dashboard.calls_per_hour')}</h2>
              <HourChart v={v} perHour={c.perHour} />
            </div>
          </section>
          <section class="card bg-base-100 border border-base-300">
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('calls.number_status')}</h2>
              <Bars
                label={v.t('calls.number_status')}
                tone="bg-secondary"
                items={NUMBER_STATUSES.map((s) => ({
                  key: s,
                  label: v.t.dynamic(`calls.number_status.${s}`),
                  value: c.byNumber[s] ?? 0,
                }))}
              />
              <h2 class="card-title text-base mt-3">{v.t('dashboard.outcomes')}</h2>
              <Bars
                label={v.t('dashboard.outcomes')}
                tone="bg-accent"
                items={CALL_STATUSES.map((s) => ({
                  key: s,
                  label: v.t.dynamic(`calls.call_status.${s}`),
                  value: c.byOutcome[s] ?? 0,
                }))}
              />
            </div>
          </section>
          <section class="card bg-base-100 border border-base-300">
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('dashboard.operators')}</h2>
              {c.operators.length === 0 ? (
                <p class="text-sm opacity-60">{v.t('calls.none_yet')}</p>
              ) : (
                <div class="overflow-x-auto">
                  <table class="table table-sm" data-operators>
                    <thead>
                      <tr>
                        <th>{v.t('calls.operator')}</th>
                        <th class="text-right">{v.t('dashboard.calls')}</th>
                        <th class="text-right">{v.t('dashboard.answered')}</th>
                        <th class="text-right">{v.t('dashboard.points')}</th>
                        <th>{v.t('dashboard.ratio')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.operators.map((o) => (
                        <tr data-operator={o.name} data-points={o.points} data-ratio={o.ratio}>
                          <td>{o.name}</td>
                          <td class="text-right tabular-nums">{o.calls}</td>
                          <td class="text-right tabular-nums">{o.answered}</td>
                          <td class="text-right tabular-nums">{o.points}</td>
                          <td>
                            <div class="flex items-center gap-2">
                              <progress class="progress progress-primary w-16" value={o.ratio} max="100" />
                              <span class="tabular-nums text-xs whitespace-nowrap">{o.ratio}%</span>
                            </div>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </section>
        </div>
      </div>
    </AppPage>
  );
}
