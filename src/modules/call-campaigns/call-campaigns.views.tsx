/** Call campaign views: the campaigns, a campaign's live queue, the guided call form, the dashboard. */
import type { ComponentChildren } from 'preact';
import type { Page } from '../../platform/db/sql.js';
import {
  Csrf,
  confirmAttrs,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  fieldMessage,
  liveRegion,
  Pagination,
  queryHref,
  VersionField,
} from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { CALL_STATUSES, LEVELS, NUMBER_STATUSES } from '../calls/calls.table.js';
import { Bars, HourChart, RecordingPlayer } from '../calls/calls.views.js';
import { formatScore } from '../companies/companies.service.js';
import { UploadForm } from '../imports/internal.js';
import type { CampaignSummary, TargetView } from './call-campaigns.service.js';
import { TARGET_STATES, type TargetState } from './call-campaigns.table.js';

const STATE_BADGE: Record<TargetState, string> = {
  pending: 'badge-ghost',
  in_progress: 'badge-warning',
  callback: 'badge-info',
  done: 'badge-success',
};

export function StateBadge({ v, t }: { v: ViewContext; t: Pick<TargetView, 'state' | 'holder'> }) {
  return (
    <span class={`badge badge-sm ${STATE_BADGE[t.state]} whitespace-nowrap`} data-state={t.state}>
      {t.state === 'in_progress' && t.holder
        ? v.t('call_targets.held_by', { name: t.holder })
        : v.t.dynamic(`call_targets.state.${t.state}`)}
    </span>
  );
}

/** A campaign's progress as one stacked bar: done, callback, in progress, pending. */
export function ProgressBar({ v, counts }: { v: ViewContext; counts: CampaignSummary['counts'] }) {
  const total = Math.max(1, counts.total);
  const parts: [TargetState, string][] = [
    ['done', 'bg-success'],
    ['callback', 'bg-info'],
    ['in_progress', 'bg-warning'],
    ['pending', 'bg-base-300'],
  ];
  return (
    <div class="flex flex-col gap-1" data-campaign-progress>
      <div
        class="flex h-3 w-full rounded overflow-hidden bg-base-200"
        role="img"
        aria-label={v.t('call_campaigns.progress')}
      >
        {parts.map(([s, cls]) =>
          counts[s] > 0 ? (
            <span
              class={cls}
              style={`width:${((counts[s] / total) * 100).toFixed(2)}%`}
              title={v.t('common.label_value', {
                label: v.t.dynamic(`call_targets.state.${s}`),
                value: v.t.number(counts[s]),
              })}
            />
          ) : null,
        )}
      </div>
      <div class="flex flex-wrap gap-3 text-xs opacity-80">
        {parts.map(([s, cls]) => (
          <span class="flex items-center gap-1" data-count={s}>
            <span class={`inline-block size-2 rounded-full ${cls}`} />
            {v.t('common.label', { label: v.t.dynamic(`call_targets.state.${s}`) })}{' '}
            <span class="tabular-nums">{v.t.number(counts[s])}</span>
          </span>
        ))}
      </div>
    </div>
  );
}

export function CampaignsPage({
  v,
  campaigns,
  archived,
  canOrganise,
  form,
}: {
  v: ViewContext;
  campaigns: CampaignSummary[];
  archived: boolean;
  canOrganise: boolean;
  form: FormState;
}) {
  return (
    <AppPage
      v={v}
      title={v.t('call_campaigns.title')}
      actions={
        <>
          <a href="/call-campaigns/dashboard" class="btn btn-sm">
            {v.t('nav.dashboard')}
          </a>
          <a href={archived ? '/call-campaigns' : '/call-campaigns?archived=1'} class="btn btn-sm btn-ghost">
            {v.t(archived ? 'call_campaigns.active' : 'call_campaigns.archived')}
          </a>
        </>
      }
    >
      <div class="grid gap-4 lg:grid-cols-3">
        <div
          class="lg:col-span-2 flex flex-col gap-3"
          {...liveRegion(v, 'campaigns-list', 'call_targets.changed')}
        >
          {campaigns.length === 0 ? (
            <EmptyState title={v.t('call_campaigns.empty')} />
          ) : (
            campaigns.map((c) => (
              <a
                href={`/call-campaigns/${c.id}`}
                class="card bg-base-100 border border-base-300 hover:border-primary"
                data-campaign={c.id}
              >
                <div class="card-body gap-2 py-4">
                  <div class="flex justify-between gap-2">
                    <h2 class="card-title text-base">{c.name}</h2>
                    <span class="text-sm opacity-70 tabular-nums">
                      {v.t('call_campaigns.targets_n', { n: c.counts.total })}
                    </span>
                  </div>
                  {c.description ? <p class="text-sm opacity-70">{c.description}</p> : null}
                  <ProgressBar v={v} counts={c.counts} />
                </div>
              </a>
            ))
          )}
        </div>
        {canOrganise && !archived ? (
          <form
            method="post"
            action="/call-campaigns"
            class="card bg-base-100 border border-base-300 h-fit"
            data-new-campaign
            data-can="call_campaigns.organise"
          >
            <div class="card-body">
              <h2 class="card-title text-base">{v.t('call_campaigns.new')}</h2>
              <Csrf v={v} />
              <FormErrorSummary v={v} form={form} />
              <Field
                v={v}
                form={form}
                name="name"
                label={v.t('call_campaigns.name')}
                required
                maxLength={200}
              />
              <Field
                v={v}
                form={form}
                name="description"
                label={v.t('call_campaigns.description')}
                maxLength={2000}
              />
              <button type="submit" class="btn btn-primary btn-sm mt-2">
                {v.t('common.create')}
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </AppPage>
  );
}

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

/** The refusal shown instead of the form when a target is taken or done (409). */
export function TargetRefusedPage({
  v,
  message,
  campaignId,
}: {
  v: ViewContext;
  message: string;
  campaignId: number;
}) {
  return (
    <AppPage v={v} title={v.t('call_targets.unavailable')}>
      <div role="alert" class="alert alert-warning mb-4" data-refused>
        {message}
      </div>
      <a href={`/call-campaigns/${campaignId}`} class="btn btn-sm">
        {v.t('call_targets.back_to_queue')}
      </a>
    </AppPage>
  );
}

function RadioGroup({
  v,
  form,
  name,
  legend,
  options,
}: {
  v: ViewContext;
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
}) {
  const error = fieldMessage(v.t, form.errors, name);
  return (
    <fieldset class="fieldset" data-group={name}>
      <legend class="fieldset-legend">{legend}</legend>
      <div class="flex flex-wrap gap-2">
        {options.map((o) => (
          <label class="btn btn-sm btn-outline has-checked:bg-primary has-checked:text-primary-content has-checked:border-primary has-disabled:opacity-50 has-focus-visible:outline-2">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={form.values[name] === o.value || undefined}
              class="sr-only"
              data-status-input
            />
            {o.label}
          </label>
        ))}
      </div>
      <p class="label text-error whitespace-normal" data-field-error={name} hidden={!error || undefined}>
        {error ?? ''}
      </p>
    </fieldset>
  );
}

/** What a call's page shows: the target, in its campaign. */
interface CallPageProps {
  v: ViewContext;
  target: TargetView & { version: number };
  campaign: { id: number; name: string };
}

/**
 * A call's page: the company on the left — its phone (a tel: link) and what the list says about it — and
 * `children` (the form, or the button that takes the call) beside it.
 */
function CallShell({ v, target, campaign, children }: CallPageProps & { children: ComponentChildren }) {
  return (
    <AppPage v={v} title={`${v.t('call_targets.call')} · ${target.name}`}>
      <div class="grid gap-4 lg:grid-cols-3">
        <section class="card bg-base-100 border border-base-300 h-fit" data-company-card>
          <div class="card-body gap-1 text-sm">
            <h2 class="card-title text-base">{target.name}</h2>
            <a
              href={`tel:${target.phone.replace(/[^\d+]/g, '')}`}
              class="link text-lg font-semibold"
              data-phone
            >
              {target.phone}
            </a>
            {[
              ['companies.product', target.product],
              ['companies.activity', target.activity],
              ['companies.location', target.location],
              ['companies.legal_form', target.legalForm],
              ['companies.niu', target.niu],
              ['companies.validity_score', formatScore(target.validityScoreTenths)],
            ].map(([k, val]) =>
              val ? (
                <div class="flex justify-between gap-2">
                  <span class="opacity-70">{v.t.dynamic(k!)}</span>
                  <span>{val}</span>
                </div>
              ) : null,
            )}
            <div class="text-xs opacity-60 mt-2">
              {campaign.name} · {v.t('call_targets.calls_so_far', { n: target.callsCount })}
            </div>
          </div>
        </section>
        {children}
      </div>
    </AppPage>
  );
}

/**
 * A target the viewer does not hold yet: the company and a button that takes it (a POST, so following a link
 * never locks a target), after which the call form opens.
 */
export function TakeCallPage({ v, target, campaign }: CallPageProps) {
  return (
    <CallShell v={v} target={target} campaign={campaign}>
      <form
        method="post"
        action={`/call-targets/${target.id}/start`}
        class="card bg-base-100 border border-base-300 lg:col-span-2 h-fit"
        data-take-call
      >
        <div class="card-body gap-3">
          <Csrf v={v} />
          <p>{v.t('call_targets.take_hint')}</p>
          <div class="flex flex-wrap gap-2">
            <button type="submit" class="btn btn-primary" data-take-call-button>
              {v.t('call_targets.take')}
            </button>
            <a href={`/call-campaigns/${campaign.id}`} class="btn btn-ghost">
              {v.t('call_targets.back_to_queue')}
            </a>
          </div>
        </div>
      </form>
    </CallShell>
  );
}

/** Seed 004's guided call form, with the in-browser recorder (progressively enhanced by the client script). */
export function CallFormPage({
  v,
  target,
  campaign,
  form,
  heartbeatSeconds,
}: CallPageProps & {
  form: FormState;
  heartbeatSeconds: number;
}) {
  const levelOptions = ['', ...LEVELS];
  const ns = String(form.values.number_status ?? '');
  const cs = String(form.values.call_status ?? '');
  return (
    <CallShell v={v} target={target} campaign={campaign}>
      <form
        method="post"
        action={`/call-targets/${target.id}/call`}
        class="card bg-base-100 border border-base-300 lg:col-span-2"
        data-call-form
        data-target={target.id}
        data-campaign={campaign.id}
        data-heartbeat={heartbeatSeconds}
        data-msg-lock-lost={v.t('error.call_target.lock_lost')}
        data-msg-mic-denied={v.t('call_form.mic_denied')}
        data-msg-saving={v.t('call_form.saving')}
        data-msg-failed={v.t('call_form.failed')}
      >
        <div class="card-body gap-3">
          <Csrf v={v} />
          {/* The target as the form was opened: a call saved by someone else meanwhile refuses this one. */}
          <VersionField form={{ ...form, values: { version: target.version, ...form.values } }} />
          <FormErrorSummary v={v} form={form} />
          <div role="alert" class="alert alert-error alert-soft" data-form-alert hidden />
          <fieldset class="fieldset border border-base-300 rounded-box p-3" data-recorder>
            <legend class="fieldset-legend">{v.t('call_form.recording')}</legend>
            <div class="flex flex-wrap items-center gap-2">
              <button type="button" class="btn btn-sm btn-error" data-mic-start hidden>
                ● {v.t('call_form.mic_start')}
              </button>
              <button type="button" class="btn btn-sm" data-mic-stop hidden>
                ■ {v.t('call_form.mic_stop')}
              </button>
              <span class="text-sm tabular-nums" data-mic-status aria-live="polite" />
              <label class="label cursor-pointer gap-2 text-sm">
                <input
                  type="checkbox"
                  name="recording"
                  value="none"
                  class="checkbox checkbox-sm"
                  checked={form.values.recording === 'none' || undefined}
                  data-no-recording
                />
                {v.t('call_form.no_recording')}
              </label>
            </div>
            {/* biome-ignore lint/a11y/useMediaCaption: a phone call's recording has no transcript to caption */}
            <audio controls class="w-full mt-2" data-preview hidden />
            <p
              class="label text-error whitespace-normal"
              data-field-error="recording"
              hidden={!form.errors.recording || undefined}
            >
              {fieldMessage(v.t, form.errors, 'recording') ?? ''}
            </p>
          </fieldset>
          <RadioGroup
            v={v}
            form={form}
            name="number_status"
            legend={v.t('calls.number_status')}
            options={NUMBER_STATUSES.map((s) => ({
              value: s,
              label: v.t.dynamic(`calls.number_status.${s}`),
            }))}
          />
          <div data-when-answered hidden={ns !== 'answered' || undefined}>
            <RadioGroup
              v={v}
              form={form}
              name="call_status"
              legend={v.t('calls.call_status')}
              options={CALL_STATUSES.map((s) => ({
                value: s,
                label: v.t.dynamic(`calls.call_status.${s}`),
              }))}
            />
          </div>
          <div data-when-callback hidden={cs !== 'callback' || undefined}>
            <Field
              v={v}
              form={form}
              name="callback_at"
              label={v.t('calls.callback_at')}
              type="datetime-local"
            />
          </div>
          <div data-when-accepted hidden={cs !== 'accepted' || undefined} class="grid gap-3 md:grid-cols-3">
            {(['presentation_level', 'free_questions_level', 'guided_questions_level'] as const).map(
              (name) => (
                <fieldset class="fieldset">
                  <label class="fieldset-legend" for={`f-${name}`}>
                    {v.t.dynamic(`calls.${name}`)}
                  </label>
                  <select id={`f-${name}`} name={name} class="select select-sm w-full" data-status-input>
                    {levelOptions.map((l) => (
                      <option value={l} selected={String(form.values[name] ?? '') === l || undefined}>
                        {l ? v.t.dynamic(`calls.level.${l}`) : '—'}
                      </option>
                    ))}
                  </select>
                </fieldset>
              ),
            )}
          </div>
          <div class="grid gap-3 md:grid-cols-2">
            <Field v={v} form={form} name="person_name" label={v.t('calls.person_name')} maxLength={200} />
          </div>
          <fieldset class="fieldset">
            <label class="fieldset-legend" for="f-description">
              {v.t('calls.description')}
            </label>
            <textarea id="f-description" name="description" maxLength={5000} class="textarea w-full">
              {String(form.values.description ?? '')}
            </textarea>
          </fieldset>
          <input
            type="hidden"
            name="status_marked_at"
            value={String(form.values.status_marked_at ?? '')}
            data-stamp="status"
          />
          <input type="hidden" name="recording_started_at" value="" data-stamp="rec-start" />
          <input type="hidden" name="recording_stopped_at" value="" data-stamp="rec-stop" />
          <div class="flex flex-wrap gap-2 mt-2">
            <button type="submit" class="btn btn-primary" data-submit-call>
              {v.t('call_form.submit')}
            </button>
            <button
              type="submit"
              formaction={`/call-targets/${target.id}/cancel`}
              formnovalidate
              class="btn btn-ghost"
              data-cancel-call
              {...confirmAttrs(v, {
                question: v.t('call_form.cancel_confirm'),
                ok: v.t('call_form.cancel'),
              })}
            >
              {v.t('call_form.cancel')}
            </button>
          </div>
        </div>
      </form>
    </CallShell>
  );
}

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
