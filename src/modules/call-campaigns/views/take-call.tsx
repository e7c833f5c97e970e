/** A target's page before its call: taking it, or why it cannot be taken. */
import { Csrf } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { type CallPageProps, CallShell } from './parts.js';

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
