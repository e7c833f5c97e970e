/** Call log views: the list with filters, one call, the hand-logged call form, a recording player, timelines, charts. */
import { can } from '../../platform/auth/policy.js';
import type { Page } from '../../platform/db/sql.js';
import {
  Csrf,
  DataMenu,
  DateRangeAndButtons,
  DeleteButton,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  liveRegion,
  Pagination,
  queryHref,
  Select,
  SubmitRow,
  TextArea,
  VersionField,
} from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { type CallWithNames, operatorName, recordingUrl, surveyStatus } from './calls.schema.js';
import { LEAD_RESULTS } from './calls.table.js';

/** A button on someone else's call is there by the "any call" rule (on one's own, by ownership). */
const anyCall = (v: ViewContext, c: { userId: number | null }) =>
  c.userId === v.actor?.id ? undefined : ('calls.edit_any' as const);

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

const LEAD_BADGE: Record<string, string> = {
  success: 'badge-success',
  fail: 'badge-error',
  hesitant: 'badge-warning',
  none: 'badge-ghost',
};

export function LeadBadge({ v, result }: { v: ViewContext; result: string }) {
  return (
    <span class={`badge badge-sm ${LEAD_BADGE[result] ?? 'badge-ghost'}`} data-lead={result}>
      {v.t.dynamic(`calls.lead.${result}`)}
    </span>
  );
}

/** The audio of a recording, seekable (the server honours Range); loads only when played. */
export function RecordingPlayer({
  v,
  callId,
  durationMs,
}: {
  v: ViewContext;
  callId: number;
  durationMs?: number | null;
}) {
  return (
    <span class="inline-flex items-center gap-2">
      {/* biome-ignore lint/a11y/useMediaCaption: a phone call's recording has no transcript to caption */}
      <audio
        controls
        preload="none"
        src={recordingUrl(callId)}
        class="h-8 max-w-56"
        data-recording={callId}
        aria-label={v.t('calls.recording')}
      />
      {durationMs ? <span class="text-xs opacity-60">{formatDuration(durationMs)}</span> : null}
    </span>
  );
}

export const formatDuration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** What happened on a call, in words: number status, outcome, survey. */
export function CallOutcome({ v, c }: { v: ViewContext; c: CallWithNames }) {
  if (!c.numberStatus) return <span class="opacity-60">{v.t('calls.source.manual')}</span>;
  return (
    <span class="flex flex-wrap gap-1 items-center">
      <span class="badge badge-sm badge-outline">{v.t.dynamic(`calls.number_status.${c.numberStatus}`)}</span>
      {c.callStatus ? (
        <span class="badge badge-sm">{v.t.dynamic(`calls.call_status.${c.callStatus}`)}</span>
      ) : null}
      {c.callStatus === 'accepted' ? (
        <span class="badge badge-sm badge-info" data-survey={surveyStatus(c)}>
          {v.t.dynamic(`calls.survey.${surveyStatus(c)}`)}
        </span>
      ) : null}
    </span>
  );
}

/** Calls of a company or contact, newest first, with their recordings. */
export function CallTimeline({ v, calls }: { v: ViewContext; calls: CallWithNames[] }) {
  if (calls.length === 0) return <p class="text-sm opacity-60">{v.t('calls.none_yet')}</p>;
  return (
    <ul class="timeline timeline-vertical timeline-compact" data-call-timeline>
      {calls.map((c) => (
        <li>
          <div class="timeline-start text-xs opacity-70">{v.t.dateTime(c.calledAt)}</div>
          <div class="timeline-middle">
            <span class="inline-block size-2 rounded-full bg-primary" />
          </div>
          <div class="timeline-end timeline-box flex flex-col gap-1" data-call={c.id}>
            <div class="flex flex-wrap gap-2 items-center">
              <a href={`/calls/${c.id}`} class="link font-medium">
                {operatorName(c) ?? '—'}
              </a>
              <CallOutcome v={v} c={c} />
              <LeadBadge v={v} result={c.leadResult} />
            </div>
            {c.description ? <p class="text-sm whitespace-pre-line">{c.description}</p> : null}
            {c.recordingId !== null ? (
              <RecordingPlayer v={v} callId={c.id} durationMs={c.recordingDurationMs} />
            ) : null}
          </div>
          <hr />
        </li>
      ))}
    </ul>
  );
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

export function CallPage({ v, call, canEdit }: { v: ViewContext; call: CallWithNames; canEdit: boolean }) {
  const row = (label: string, value: unknown) =>
    value === '' || value === null || value === undefined ? null : (
      <div class="grid grid-cols-3 gap-2 py-1 border-b border-base-200">
        <dt class="opacity-70">{label}</dt>
        <dd class="col-span-2 whitespace-pre-line">{String(value)}</dd>
      </div>
    );
  return (
    <AppPage
      v={v}
      title={`${v.t('calls.call')} · ${call.companyName || call.personName || '—'}`}
      actions={
        canEdit ? (
          <>
            <a href={`/calls/${call.id}/edit`} class="btn btn-sm" data-can={anyCall(v, call)}>
              {v.t('common.edit')}
            </a>
            <DeleteButton
              v={v}
              action={`/calls/${call.id}/delete`}
              confirm={v.t('calls.delete_confirm', {
                company: call.companyName || call.personName || '—',
                date: v.t.dateTime(call.calledAt),
              })}
              outline
              can={anyCall(v, call)}
            />
          </>
        ) : null
      }
    >
      <div class="grid gap-4 lg:grid-cols-3">
        <section class="card bg-base-100 border border-base-300 lg:col-span-2">
          <div class="card-body">
            <div class="flex flex-wrap gap-2 items-center">
              <CallOutcome v={v} c={call} />
              <LeadBadge v={v} result={call.leadResult} />
            </div>
            <dl class="text-sm mt-2" data-call-fields>
              {row(v.t('calls.called_at'), v.t.dateTime(call.calledAt))}
              {row(v.t('calls.operator'), operatorName(call))}
              {row(v.t('calls.company_name'), call.companyName)}
              {row(v.t('calls.phone'), call.phone)}
              {row(v.t('calls.person_name'), call.personName)}
              {row(v.t('calls.position'), call.position)}
              {row(v.t('calls.responsibility'), call.responsibility)}
              {row(v.t('calls.description'), call.description)}
              {row(v.t('calls.data_type'), call.dataType)}
              {row(v.t('calls.amount'), call.amount)}
              {row(v.t('calls.fail_reason'), call.failReason)}
              {row(v.t('calls.area'), call.area)}
              {row(v.t('calls.next_step'), call.nextStep)}
              {call.callbackAt ? row(v.t('calls.callback_at'), v.t.dateTime(call.callbackAt)) : null}
              {call.callStatus === 'accepted'
                ? [
                    row(
                      v.t('calls.presentation_level'),
                      call.presentationLevel ? v.t.dynamic(`calls.level.${call.presentationLevel}`) : '—',
                    ),
                    row(
                      v.t('calls.free_questions_level'),
                      call.freeQuestionsLevel ? v.t.dynamic(`calls.level.${call.freeQuestionsLevel}`) : '—',
                    ),
                    row(
                      v.t('calls.guided_questions_level'),
                      call.guidedQuestionsLevel
                        ? v.t.dynamic(`calls.level.${call.guidedQuestionsLevel}`)
                        : '—',
                    ),
                  ]
                : null}
              {row(
                v.t('calls.status_marked_at'),
                call.statusMarkedAt ? v.t.dateTime(call.statusMarkedAt) : '',
              )}
              {row(
                v.t('calls.recording_started_at'),
                call.recordingStartedAt ? v.t.dateTime(call.recordingStartedAt) : '',
              )}
              {row(
                v.t('calls.recording_stopped_at'),
                call.recordingStoppedAt ? v.t.dateTime(call.recordingStoppedAt) : '',
              )}
            </dl>
          </div>
        </section>
        <section class="card bg-base-100 border border-base-300">
          <div class="card-body gap-2">
            <h2 class="card-title text-base">{v.t('calls.recording')}</h2>
            {call.recordingId !== null ? (
              <RecordingPlayer v={v} callId={call.id} durationMs={call.recordingDurationMs} />
            ) : (
              <p class="text-sm opacity-60">{v.t('calls.no_recording')}</p>
            )}
            {call.companyId ? (
              <a href={`/companies/${call.companyId}`} class="link text-sm">
                {v.t('companies.open')}
              </a>
            ) : null}
            {call.contactId ? (
              <a href={`/contacts/${call.contactId}`} class="link text-sm">
                {v.t('calls.open_contact')}
              </a>
            ) : null}
          </div>
        </section>
      </div>
    </AppPage>
  );
}

export function CallFormPage({
  v,
  form,
  title,
  action,
  contact,
}: {
  v: ViewContext;
  form: FormState;
  title: string;
  action: string;
  /** The contact the call is with (then no company name is needed). */
  contact?: { id: number; name: string } | undefined;
}) {
  return (
    <AppPage v={v} title={title}>
      <form
        method="post"
        action={action}
        class="card bg-base-100 border border-base-300 max-w-3xl"
        data-call-log-form
      >
        <div class="card-body">
          <Csrf v={v} />
          <VersionField form={form} />
          <FormErrorSummary v={v} form={form} />
          {contact ? (
            <p class="text-sm" data-call-contact={contact.id}>
              <span class="opacity-60">{v.t('calls.contact')}: </span>
              <a href={`/contacts/${contact.id}`} class="link font-medium">
                {contact.name}
              </a>
            </p>
          ) : null}
          <div class="grid gap-x-4 md:grid-cols-2">
            <Field
              v={v}
              form={form}
              name="company_name"
              label={v.t('calls.company_name')}
              required={!contact && !form.values.company_id}
              maxLength={200}
            />
            <Field v={v} form={form} name="phone" label={v.t('calls.phone')} type="tel" maxLength={40} />
            <Field v={v} form={form} name="person_name" label={v.t('calls.person_name')} maxLength={200} />
            <Field v={v} form={form} name="position" label={v.t('calls.position')} maxLength={200} />
            <Field
              v={v}
              form={form}
              name="responsibility"
              label={v.t('calls.responsibility')}
              maxLength={200}
            />
            <Field v={v} form={form} name="area" label={v.t('calls.area')} maxLength={200} />
            <Field v={v} form={form} name="data_type" label={v.t('calls.data_type')} maxLength={200} />
            <Field v={v} form={form} name="amount" label={v.t('calls.amount')} maxLength={100} />
            <Field v={v} form={form} name="price_per_month" label={v.t('calls.price_per_month')} />
            <Field v={v} form={form} name="price_per_file" label={v.t('calls.price_per_file')} />
            <Select
              v={v}
              form={form}
              name="lead_result"
              label={v.t('calls.lead_result')}
              options={LEAD_RESULTS.map((r) => ({ value: r, label: v.t.dynamic(`calls.lead.${r}`) }))}
            />
            <Field v={v} form={form} name="fail_reason" label={v.t('calls.fail_reason')} maxLength={500} />
            <Field v={v} form={form} name="called_at" label={v.t('calls.called_at')} type="datetime-local" />
            <Field v={v} form={form} name="next_step" label={v.t('calls.next_step')} maxLength={1000} />
          </div>
          <TextArea v={v} form={form} name="description" label={v.t('calls.description')} maxLength={5000} />
          <input type="hidden" name="contact_id" value={String(form.values.contact_id ?? '')} />
          <input type="hidden" name="company_id" value={String(form.values.company_id ?? '')} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('common.save')}
            </button>
            <a href="/calls" class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </div>
      </form>
    </AppPage>
  );
}

export function DeleteCallPage({ v, call }: { v: ViewContext; call: CallWithNames }) {
  return (
    <AppPage v={v} title={v.t('calls.delete_title')}>
      <form
        method="post"
        action={`/calls/${call.id}/delete`}
        class="card bg-base-100 border border-base-300 max-w-xl"
        data-delete-call
      >
        <div class="card-body">
          <Csrf v={v} />
          <p>
            {v.t('calls.delete_confirm', {
              company: call.companyName || '—',
              date: v.t.dateTime(call.calledAt),
            })}
          </p>
          <SubmitRow>
            <button type="submit" class="btn btn-error">
              {v.t('common.delete')}
            </button>
            <a href={`/calls/${call.id}`} class="btn btn-ghost">
              {v.t('common.cancel')}
            </a>
          </SubmitRow>
        </div>
      </form>
    </AppPage>
  );
}

/* ---------- charts ---------- */

/** Horizontal bars with labels and counts (a chart that also reads as a table). */
export function Bars({
  items,
  label,
  tone = 'bg-primary',
}: {
  items: { key: string; label: string; value: number; suffix?: string }[];
  label: string;
  tone?: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul class="flex flex-col gap-2" aria-label={label} data-bars={label}>
      {items.map((i) => (
        <li
          class="grid grid-cols-[minmax(6rem,10rem)_1fr_auto] items-center gap-2 text-sm"
          data-bar={i.key}
          data-value={i.value}
        >
          <span class="truncate">{i.label}</span>
          <span class="h-3 rounded bg-base-200 overflow-hidden">
            <span class={`block h-full ${tone}`} style={`width:${((i.value / max) * 100).toFixed(1)}%`} />
          </span>
          <span class="tabular-nums text-right">
            {i.value}
            {i.suffix ?? ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** 24 columns: calls per hour of the day. */
export function HourChart({ v, perHour }: { v: ViewContext; perHour: number[] }) {
  const w = 480;
  const h = 140;
  const max = Math.max(1, ...perHour);
  const step = w / 24;
  return (
    <figure data-hour-chart>
      <svg
        viewBox={`0 0 ${w} ${h + 16}`}
        class="block w-full"
        role="img"
        aria-label={v.t('dashboard.calls_per_hour')}
      >
        {perHour.map((n, i) => (
          <rect
            x={i * step + 2}
            y={h - (n / max) * h}
            width={step - 4}
            height={(n / max) * h}
            class="fill-primary"
            opacity="0.8"
            data-hour={i}
            data-calls={n}
          >
            <title>{`${String(i).padStart(2, '0')}:00 — ${n}`}</title>
          </rect>
        ))}
        {[0, 6, 12, 18, 23].map((i) => (
          <text
            x={i * step + step / 2}
            y={h + 12}
            text-anchor="middle"
            font-size="10"
            fill="currentColor"
            opacity="0.6"
          >
            {String(i).padStart(2, '0')}
          </text>
        ))}
      </svg>
    </figure>
  );
}
