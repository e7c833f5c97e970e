/** Pieces the call campaigns' pages share: state badges, the progress bar, a call's page around its company. */
import type { ComponentChildren } from 'preact';
import { type FormState, fieldMessage } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { formatScore } from '../../companies/internal.js';
import type { CampaignSummary, TargetView } from '../call-campaigns.service.js';
import type { TargetState } from '../call-campaigns.table.js';

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

/** Seed 004's status of a company: its latest campaign target's state (never called: not called yet). */
export function CompanyStateBadge({ v, state }: { v: ViewContext; state: TargetState }) {
  return (
    <span class={`badge badge-sm ${STATE_BADGE[state]}`} data-company-state={state}>
      {v.t.dynamic(`call_targets.state.${state}`)}
    </span>
  );
}

export function RadioGroup({
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
export interface CallPageProps {
  v: ViewContext;
  target: TargetView & { version: number };
  campaign: { id: number; name: string };
}

/**
 * A call's page: the company on the left — its phone (a tel: link) and what the list says about it — and
 * `children` (the form, or the button that takes the call) beside it.
 */
export function CallShell({
  v,
  target,
  campaign,
  children,
}: CallPageProps & { children: ComponentChildren }) {
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
