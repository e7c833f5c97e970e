import {
  Csrf,
  confirmAttrs,
  Field,
  FormErrorSummary,
  type FormState,
  fieldMessage,
  VersionField,
} from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { CALL_STATUSES, LEVELS, NUMBER_STATUSES } from '../../calls/internal.js';
import { type CallPageProps, CallShell, RadioGroup } from './parts.js';

/**
 * Seed 004's guided call form, with the in-browser recorder (progressively enhanced by the client script): the
 * recorder, the call's outcome, notes, and save / cancel.
 */
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
          <Recorder v={v} form={form} />
          <Outcome v={v} form={form} />
          <Notes v={v} form={form} />
          <Actions v={v} targetId={target.id} />
        </div>
      </form>
    </CallShell>
  );
}

type SectionProps = { v: ViewContext; form: FormState };

/** Starting and stopping the microphone, or going on without a recording (the form needs one or the other). */
function Recorder({ v, form }: SectionProps) {
  return (
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
  );
}

/**
 * The number's status, then (answered) the call's, then (callback) when to call again or (accepted) the three
 * questionnaire levels: the script shows each part once its condition holds.
 */
function Outcome({ v, form }: SectionProps) {
  const levelOptions = ['', ...LEVELS];
  const ns = String(form.values.number_status ?? '');
  const cs = String(form.values.call_status ?? '');
  return (
    <>
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
        <Field v={v} form={form} name="callback_at" label={v.t('calls.callback_at')} type="datetime-local" />
      </div>
      <div data-when-accepted hidden={cs !== 'accepted' || undefined} class="grid gap-3 md:grid-cols-3">
        {(['presentation_level', 'free_questions_level', 'guided_questions_level'] as const).map((name) => (
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
        ))}
      </div>
    </>
  );
}

/** Who was spoken to and what was said, and the moments the script stamps (status marked, recording). */
function Notes({ v, form }: SectionProps) {
  return (
    <>
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
    </>
  );
}

/** Saving the call, or cancelling it (which gives the target back). */
function Actions({ v, targetId }: { v: ViewContext; targetId: number }) {
  return (
    <div class="flex flex-wrap gap-2 mt-2">
      <button type="submit" class="btn btn-primary" data-submit-call>
        {v.t('call_form.submit')}
      </button>
      <button
        type="submit"
        formaction={`/call-targets/${targetId}/cancel`}
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
  );
}
