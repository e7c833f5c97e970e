/** The background jobs page: counts per state, the jobs of one state, retry, cancel, discard. */
import { CANCELLED_ERROR, JOB_STATES, type JobState } from '../../../platform/jobs/jobs.js';
import { Csrf, confirmAttrs, EmptyState, Pagination } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { jobOverview } from '../jobs.service.js';

type Overview = Awaited<ReturnType<typeof jobOverview>>;

export const STATE_CLASS: Record<JobState, string> = {
  queued: 'badge-info',
  running: 'badge-warning',
  failed: 'badge-error',
  done: 'badge-success',
};

export const BAR_CLASS: Record<JobState, string> = {
  queued: 'bg-info',
  running: 'bg-warning',
  failed: 'bg-error',
  done: 'bg-success',
};

export const STAT_CLASS: Record<JobState, string> = {
  queued: 'text-info',
  running: 'text-warning',
  failed: 'text-error',
  done: 'text-success',
};

/** A button that posts one admin action on a job (`data-cancel`, `data-retry`, `data-discard`). */
export function JobAction(props: {
  v: ViewContext;
  id: string;
  action: 'cancel' | 'retry' | 'discard';
  class: string;
  confirm?: boolean;
}) {
  const { v, id, action } = props;
  return (
    <form
      method="post"
      action={`/admin/jobs/${id}/${action}`}
      class="inline ml-1"
      {...(props.confirm
        ? confirmAttrs(v, {
            question: v.t(`jobs.${action as 'cancel' | 'discard'}_confirm`),
            ok: v.t(`jobs.${action}`),
          })
        : {})}
    >
      <Csrf v={v} />
      <button
        type="submit"
        class={`btn btn-xs ${props.class}`}
        {...{ [`data-${action}`]: true }}
        data-can="jobs.manage"
      >
        {v.t(`jobs.${action}`)}
      </button>
    </form>
  );
}

export function JobsPage({
  v,
  counts,
  jobs,
  driver,
  state,
  total,
  self,
}: {
  v: ViewContext;
  counts: Overview['counts'];
  jobs: Overview['jobs'];
  driver: Overview['driver'];
  state: JobState | undefined;
  total: number;
  self: string;
}) {
  return (
    <AppPage
      v={v}
      title={v.t('jobs.title')}
      actions={
        <span class="badge badge-ghost" data-jobs-driver={driver}>
          {v.t(driver === 'embedded' ? 'jobs.driver.embedded' : 'jobs.driver.pg_boss')}
        </span>
      }
    >
      <div
        id="job-overview"
        hx-get={self}
        hx-trigger="sse:jobs.changed"
        hx-select="#job-overview"
        hx-swap="outerHTML"
      >
        <div class="stats stats-vertical sm:stats-horizontal bg-base-100 border border-base-300 w-full mb-2">
          {JOB_STATES.map((s) => (
            <a
              href={`/admin/jobs?state=${s}`}
              class={`stat ${state === s ? 'bg-base-200' : ''}`}
              data-count={s}
            >
              <div class="stat-title">{v.t(`jobs.state.${s}`)}</div>
              <div class={`stat-value ${STAT_CLASS[s]}`}>{v.t.number(counts[s])}</div>
            </a>
          ))}
        </div>
        {total > 0 ? (
          <div class="flex h-2 rounded-full overflow-hidden mb-6 bg-base-300" aria-hidden="true">
            {JOB_STATES.map((s) => (
              <div class={BAR_CLASS[s]} style={{ width: `${(counts[s] / total) * 100}%` }} />
            ))}
          </div>
        ) : (
          <div class="mb-6" />
        )}
        <div class="tabs tabs-box mb-3 w-fit">
          <a href="/admin/jobs" class={`tab ${state ? '' : 'tab-active'}`}>
            {v.t('common.all')}
          </a>
          {JOB_STATES.map((s) => (
            <a href={`/admin/jobs?state=${s}`} class={`tab ${state === s ? 'tab-active' : ''}`}>
              {v.t(`jobs.state.${s}`)}
            </a>
          ))}
        </div>
        <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
          {jobs.items.length === 0 ? (
            <EmptyState title={v.t('jobs.empty')} />
          ) : (
            <table class="table table-sm" data-jobs-table>
              <thead>
                <tr>
                  <th>{v.t('jobs.name')}</th>
                  <th>{v.t('jobs.state')}</th>
                  <th>{v.t('jobs.attempts')}</th>
                  <th>{v.t('jobs.when')}</th>
                  <th>{v.t('jobs.error')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {jobs.items.map((j) => (
                  <tr data-job={j.id} data-state={j.state}>
                    <td>
                      <code class="text-sm">{j.name}</code>
                      <details class="text-xs opacity-70">
                        <summary class="cursor-pointer">{v.t('jobs.payload')}</summary>
                        <pre class="whitespace-pre-wrap max-w-md">{JSON.stringify(j.payload, null, 1)}</pre>
                      </details>
                    </td>
                    <td>
                      <span class={`badge badge-sm ${STATE_CLASS[j.state]}`}>
                        {v.t(`jobs.state.${j.state}`)}
                      </span>
                      {j.stuck ? (
                        <span
                          class="badge badge-sm badge-error ml-1"
                          data-stuck
                          title={v.t('jobs.stuck_hint')}
                        >
                          {v.t('jobs.stuck')}
                        </span>
                      ) : null}
                    </td>
                    <td class="text-sm whitespace-nowrap">
                      {j.attempts} / {j.maxAttempts}
                    </td>
                    <td class="text-sm whitespace-nowrap">
                      {v.t.dateTime(j.finishedAt ?? (j.state === 'queued' ? j.runAt : j.createdAt))}
                    </td>
                    <td class="text-sm max-w-md">
                      {j.error ? (
                        <span class="text-error break-words" data-job-error>
                          {j.error === CANCELLED_ERROR ? v.t('jobs.cancelled_error') : j.error}
                        </span>
                      ) : null}
                    </td>
                    <td class="whitespace-nowrap text-right">
                      {j.state === 'running' ? (
                        <JobAction v={v} id={j.id} action="cancel" class="btn-warning" confirm />
                      ) : null}
                      {j.state === 'failed' || j.stuck ? (
                        <JobAction v={v} id={j.id} action="retry" class="btn-primary" />
                      ) : null}
                      {j.state === 'failed' || j.state === 'queued' || j.stuck ? (
                        <JobAction v={v} id={j.id} action="discard" class="btn-ghost" confirm />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <Pagination
          v={v}
          page={jobs.page}
          pages={jobs.pages}
          total={jobs.total}
          perPage={jobs.perPage}
          query={{ state }}
        />
      </div>
    </AppPage>
  );
}
