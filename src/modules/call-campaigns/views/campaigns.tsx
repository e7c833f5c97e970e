/** The campaigns: active or archived, with their progress, and the form that creates one. */
import {
  Csrf,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  liveRegion,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { CampaignSummary } from '../call-campaigns.service.js';
import { ProgressBar } from './parts.js';

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
