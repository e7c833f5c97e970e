/** Confirming a call's deletion. */
import { Csrf, SubmitRow } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { CallWithNames } from '../calls.contract.js';

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
