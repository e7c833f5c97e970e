/** A campaign's live queue: its targets by state, search, paging, and the campaign's settings and import. */
import type { Page } from '../../../platform/db/sql.js';
import {
  Csrf,
  confirmAttrs,
  EmptyState,
  FormErrorSummary,
  type FormState,
  liveRegion,
  Pagination,
  VersionField,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { RecordingPlayer } from '../../calls/internal.js';
import { formatScore } from '../../companies/internal.js';
import { UploadForm } from '../../imports/internal.js';
import type { CampaignSummary, TargetView } from '../call-campaigns.service.js';
import { TARGET_STATES, type TargetState } from '../call-campaigns.table.js';
import { ProgressBar, StateBadge } from './parts.js';

export interface QueueQuery {
  state?: TargetState | undefined;
  q?: string | undefined;
}

export function QueuePage({
  v,
  campaign,
  page,
  query,
  canOrganise,
  renameForm,
}: {
  v: ViewContext;
  campaign: CampaignSummary;
  page: Page<TargetView & { recordingCallId: number | null }>;
  query: QueueQuery;
  canOrganise: boolean;
  renameForm: FormState;
}) {
  const base = `/call-campaigns/${campaign.id}`;
  const me = v.actor?.id;
  const archived = campaign.archivedAt !== null;
  return (
    <AppPage
      v={v}
      title={campaign.name}
      actions={
        <>
          <a href={`/call-campaigns/dashboard?campaign=${campaign.id}`} class="btn btn-sm">
            {v.t('nav.dashboard')}
          </a>
          <details class="dropdown dropdown-end" data-data-menu>
            <summary class="btn btn-sm">{v.t('common.data')}</summary>
            <ul class="menu dropdown-content bg-base-100 rounded-box border border-base-300 z-10 w-56 p-2 shadow">
              <li>
                <a href={`/calls/export?campaign=${campaign.id}&format=xlsx`} data-export="xlsx" download>
                  {v.t('call_campaigns.export_xlsx')}
                </a>
              </li>
              <li>
                <a href={`/calls/export?campaign=${campaign.id}&format=csv`} data-export="csv" download>
                  {v.t('call_campaigns.export_csv')}
                </a>
              </li>
              <li>
                <a href={`/calls?campaign=${campaign.id}`}>{v.t('call_campaigns.calls')}</a>
              </li>
            </ul>
          </details>
          {archived ? null : (
            <form method="post" action={`${base}/next`}>
              <Csrf v={v} />
              <button
                type="submit"
                class="btn btn-sm btn-primary"
                data-next-call
                data-can="call_campaigns.call"
              >
                {v.t('call_campaigns.next_call')}
              </button>
            </form>
          )}
        </>
      }
    >
      {archived ? (
        <div role="status" class="alert alert-warning alert-soft mb-4">
          {v.t('call_campaigns.is_archived')}
        </div>
      ) : null}
      <div {...liveRegion(v, 'campaign-head', 'call_targets.changed')} class="mb-4">
        <ProgressBar v={v} counts={campaign.counts} />
      </div>
      {canOrganise ? (
        <details
          class="collapse collapse-arrow bg-base-100 border border-base-300 mb-4"
          open={campaign.counts.total === 0 || undefined}
          data-campaign-setup
        >
          <summary class="collapse-title font-medium">{v.t('call_campaigns.setup')}</summary>
          <div class="collapse-content flex flex-col gap-4">
            {archived ? null : (
              <div>
                <p class="text-sm opacity-80 mb-2">{v.t('call_campaigns.import_hint')}</p>
                <UploadForm v={v} entity="call_targets" scope={campaign.id} />
              </div>
            )}
            <form
              method="post"
              action={base}
              class="flex flex-wrap gap-2 items-end"
              data-rename-campaign
              data-can="call_campaigns.organise"
            >
              <Csrf v={v} />
              <VersionField
                form={{ ...renameForm, values: { version: campaign.version, ...renameForm.values } }}
              />
              <FormErrorSummary v={v} form={renameForm} />
              <label class="text-sm flex flex-col gap-1">
                {v.t('call_campaigns.name')}
                <input
                  name="name"
                  value={String(renameForm.values.name ?? campaign.name)}
                  required
                  maxLength={200}
                  class="input input-sm"
                />
              </label>
              <label class="text-sm flex flex-col gap-1 grow">
                {v.t('call_campaigns.description')}
                <input
                  name="description"
                  value={String(renameForm.values.description ?? campaign.description)}
                  maxLength={2000}
                  class="input input-sm w-full"
                />
              </label>
              <button type="submit" class="btn btn-sm">
                {v.t('common.save')}
              </button>
            </form>
            <form
              method="post"
              action={`${base}/archive`}
              data-can="call_campaigns.organise"
              {...confirmAttrs(v, {
                question: v.t(archived ? 'call_campaigns.restore_confirm' : 'call_campaigns.archive_confirm'),
                ok: v.t(archived ? 'call_campaigns.restore' : 'call_campaigns.archive'),
              })}
            >
              <Csrf v={v} />
              <input type="hidden" name="archived" value={archived ? '0' : '1'} />
              <button type="submit" class="btn btn-sm btn-ghost">
                {v.t(archived ? 'call_campaigns.restore' : 'call_campaigns.archive')}
              </button>
            </form>
          </div>
        </details>
      ) : null}
      <form method="get" action={base} class="flex flex-wrap gap-2 items-end mb-4" data-queue-filters>
        <input
          type="search"
          name="q"
          value={query.q ?? ''}
          placeholder={v.t('common.search')}
          class="input input-sm w-56"
          aria-label={v.t('common.search')}
        />
        <select
          name="state"
          class="select select-sm w-auto"
          aria-label={v.t('common.status')}
          data-autosubmit
        >
          <option value="">{v.t('call_targets.any_state')}</option>
          {TARGET_STATES.map((s) => (
            <option value={s} selected={s === query.state}>
              {v.t.dynamic(`call_targets.state.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" class="btn btn-sm">
          {v.t('common.filter')}
        </button>
        {query.q || query.state ? (
          <a href={base} class="btn btn-sm btn-ghost">
            {v.t('common.reset')}
          </a>
        ) : null}
      </form>
      <div {...liveRegion(v, 'targets', 'call_targets.changed')}>
        {page.items.length === 0 ? (
          <EmptyState title={v.t(query.q || query.state ? 'common.empty_filtered' : 'call_targets.empty')} />
        ) : (
          <div class="overflow-x-auto">
            {/* One form for every row's "Start call" (each button names its target): 50 fewer forms and tokens.
                Its own action, never used by those buttons, is the harmless "next call". */}
            <form id="start-call" method="post" action={`${base}/next`}>
              <Csrf v={v} />
            </form>
            <table class="table table-sm" data-queue>
              <thead>
                <tr>
                  <th>{v.t('companies.name')}</th>
                  <th>{v.t('companies.phone')}</th>
                  <th>{v.t('companies.product')}</th>
                  <th>{v.t('companies.location')}</th>
                  <th class="text-right">{v.t('companies.validity_score')}</th>
                  <th>{v.t('common.status')}</th>
                  <th>{v.t('call_targets.last_call')}</th>
                  <th>{v.t('calls.recording')}</th>
                  <th>
                    <span class="sr-only">{v.t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((t) => {
                  const mine = t.state === 'in_progress' && t.lockUserId === me;
                  const blocked = t.state === 'done' || (t.state === 'in_progress' && !mine) || archived;
                  return (
                    <tr data-target={t.id} data-target-state={t.state}>
                      <td>
                        <a href={`/companies/${t.companyId}`} class="link font-medium">
                          {t.name}
                        </a>
                        {t.activity ? <div class="text-xs opacity-60">{t.activity}</div> : null}
                      </td>
                      <td class="whitespace-nowrap">{t.phone}</td>
                      <td>{t.product}</td>
                      <td>{t.location}</td>
                      <td class="text-right tabular-nums">{formatScore(t.validityScoreTenths)}</td>
                      <td>
                        <StateBadge v={v} t={t} />
                        {t.state === 'callback' && t.callbackAt ? (
                          <div class="text-xs opacity-70">{v.t.dateTime(t.callbackAt)}</div>
                        ) : null}
                      </td>
                      <td class="text-xs whitespace-nowrap">
                        {t.lastCallAt ? v.t.dateTime(t.lastCallAt) : '—'}
                      </td>
                      <td>
                        {t.recordingCallId !== null ? (
                          <RecordingPlayer v={v} callId={t.recordingCallId} />
                        ) : null}
                      </td>
                      <td>
                        <button
                          type="submit"
                          form="start-call"
                          formaction={`/call-targets/${t.id}/start`}
                          class={`btn btn-xs ${mine ? 'btn-warning' : 'btn-primary'}`}
                          disabled={blocked || undefined}
                          data-start-call={t.id}
                          data-can="call_campaigns.call"
                        >
                          {v.t(mine ? 'call_targets.resume' : 'call_targets.start')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
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
          query={{ ...query }}
          capped={page.capped}
        />
      </div>
    </AppPage>
  );
}
