/** The call log: all calls or the reader's, with filters, export and paging. */
import { can } from '../../../platform/auth/policy.js';
import type { Page } from '../../../platform/db/sql.js';
import {
  DataMenu,
  DateRangeAndButtons,
  EmptyState,
  liveRegion,
  Pagination,
  queryHref,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { type CallWithNames, operatorName } from '../calls.contract.js';
import { LEAD_RESULTS } from '../calls.table.js';
import { anyCall, CallOutcome, LeadBadge, RecordingPlayer } from './parts.js';

export interface CallListQuery {
  mine?: '1' | undefined;
  user?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  lead?: string | undefined;
  campaign?: number | undefined;
  area?: string | undefined;
  q?: string | undefined;
}

export function CallsPage({
  v,
  page,
  query,
  people,
  campaigns,
  areas,
  canEdit,
}: {
  v: ViewContext;
  page: Page<CallWithNames>;
  query: CallListQuery;
  people: { id: number; name: string }[];
  campaigns: { id: number; name: string }[];
  areas: string[];
  canEdit: (c: CallWithNames) => boolean;
}) {
  const base = '/calls';
  const filtered = !!(
    query.user ||
    query.from ||
    query.to ||
    query.lead ||
    query.campaign ||
    query.area ||
    query.q
  );
  const listQuery = { ...query } as Record<string, string | number | undefined>;
  return (
    <AppPage
      v={v}
      title={v.t(query.mine ? 'calls.mine' : 'calls.all')}
      actions={
        <>
          <DataMenu v={v} exportHref={queryHref('/calls/export', listQuery)} />
          {can(v.actor, 'calls.create') ? (
            <a href="/calls/new" class="btn btn-sm btn-primary" data-new-call data-can="calls.create">
              {v.t('calls.new')}
            </a>
          ) : null}
        </>
      }
    >
      <div role="tablist" class="tabs tabs-box mb-4 w-fit">
        <a
          role="tab"
          href={queryHref(base, { ...listQuery, mine: undefined })}
          class={`tab ${query.mine ? '' : 'tab-active'}`}
        >
          {v.t('calls.all')}
        </a>
        <a
          role="tab"
          href={queryHref(base, { ...listQuery, mine: '1', user: undefined })}
          class={`tab ${query.mine ? 'tab-active' : ''}`}
          data-tab-mine
        >
          {v.t('calls.mine')}
        </a>
      </div>
      <form method="get" action={base} class="flex flex-wrap gap-2 items-end mb-4" data-call-filters>
        {query.mine ? <input type="hidden" name="mine" value="1" /> : null}
        <input
          type="search"
          name="q"
          value={query.q ?? ''}
          placeholder={v.t('common.search')}
          class="input input-sm w-48"
          aria-label={v.t('common.search')}
        />
        {query.mine ? null : (
          <select name="user" class="select select-sm w-auto" aria-label={v.t('calls.operator')}>
            <option value="">{v.t('calls.any_operator')}</option>
            {people.map((p) => (
              <option value={String(p.id)} selected={p.id === query.user}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        <select name="lead" class="select select-sm w-auto" aria-label={v.t('calls.lead_result')}>
          <option value="">{v.t('calls.any_result')}</option>
          {LEAD_RESULTS.map((r) => (
            <option value={r} selected={r === query.lead}>
              {v.t.dynamic(`calls.lead.${r}`)}
            </option>
          ))}
        </select>
        <select name="campaign" class="select select-sm w-auto" aria-label={v.t('calls.campaign')}>
          <option value="">{v.t('calls.any_campaign')}</option>
          {campaigns.map((c) => (
            <option value={String(c.id)} selected={c.id === query.campaign}>
              {c.name}
            </option>
          ))}
        </select>
        {areas.length ? (
          <select name="area" class="select select-sm w-auto" aria-label={v.t('calls.area')}>
            <option value="">{v.t('calls.any_area')}</option>
            {areas.map((a) => (
              <option value={a} selected={a === query.area}>
                {a}
              </option>
            ))}
          </select>
        ) : null}
        <DateRangeAndButtons
          v={v}
          from={query.from}
          to={query.to}
          resetHref={query.mine ? '/calls?mine=1' : base}
          filtered={filtered}
        />
      </form>
      <div {...liveRegion(v, 'calls-list', 'calls.changed')}>
        {page.items.length === 0 ? (
          <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'calls.empty')} />
        ) : (
          <div class="overflow-x-auto">
            <table class="table table-sm" data-calls-table>
              <thead>
                <tr>
                  <th>{v.t('calls.called_at')}</th>
                  <th>{v.t('calls.operator')}</th>
                  <th>{v.t('calls.company_name')}</th>
                  <th>{v.t('calls.person_name')}</th>
                  <th>{v.t('calls.phone')}</th>
                  <th>{v.t('calls.outcome')}</th>
                  <th>{v.t('calls.lead_result')}</th>
                  <th>{v.t('calls.recording')}</th>
                  <th>
                    <span class="sr-only">{v.t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr data-call-row={c.id}>
                    <td class="whitespace-nowrap">
                      <a href={`/calls/${c.id}`} class="link">
                        {v.t.dateTime(c.calledAt)}
                      </a>
                    </td>
                    <td>{operatorName(c) ?? '—'}</td>
                    <td>
                      {c.companyId ? (
                        <a href={`/companies/${c.companyId}`} class="link">
                          {c.companyName}
                        </a>
                      ) : (
                        c.companyName
                      )}
                    </td>
                    <td>{c.personName || '—'}</td>
                    <td class="whitespace-nowrap">{c.phone || '—'}</td>
                    <td>
                      <CallOutcome v={v} c={c} />
                    </td>
                    <td>
                      <LeadBadge v={v} result={c.leadResult} />
                    </td>
                    <td>
                      {c.recordingId !== null ? (
                        <RecordingPlayer v={v} callId={c.id} durationMs={c.recordingDurationMs} />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td class="whitespace-nowrap">
                      {canEdit(c) ? (
                        <a href={`/calls/${c.id}/edit`} class="btn btn-xs btn-ghost" data-can={anyCall(v, c)}>
                          {v.t('common.edit')}
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          v={v}
          page={page.page}
          pages={page.pages}
          total={page.total}
          perPage={page.perPage}
          query={listQuery}
          capped={page.capped}
        />
      </div>
    </AppPage>
  );
}
