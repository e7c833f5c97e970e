/** One call: its fields, outcome, recording and the actions on it. */
import { DeleteButton } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { type CallWithNames, operatorName } from '../calls.contract.js';
import { anyCall, CallOutcome, LeadBadge, RecordingPlayer } from './parts.js';

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
