/** Pieces of the call log's pages that other pages show too: badges, the recording player, timelines, charts. */
import type { ViewContext } from '../../../platform/views/layout.js';
import { type CallWithNames, operatorName, recordingUrl, surveyStatus } from '../calls.contract.js';

/** A button on someone else's call is there by the "any call" rule (on one's own, by ownership). */
export const anyCall = (v: ViewContext, c: { userId: number | null }) =>
  c.userId === v.actor?.id ? undefined : ('calls.edit_any' as const);

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
