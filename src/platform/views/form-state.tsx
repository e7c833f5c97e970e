import type { FieldErrors } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { ViewContext } from './layout.js';

export type FormValues = Record<string, unknown>;

export interface FormState {
  values: FormValues;
  errors: FieldErrors;
  /** Set when the form was refused because its record changed meanwhile: by whom, and the values now. */
  stale?: StaleNotice;
}

export interface StaleNotice {
  /** The record's version now: the form carries it, so saving again is a deliberate overwrite. */
  version: number;
  by: string[];
  fields: { label: string; value: string }[];
}
export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: {} });

export const fieldMessage = (t: Translate, errors: FieldErrors, name: string) => {
  const e = errors[name];
  return e ? t.error(e.code, e.params, t('error.invalid')) : undefined;
};

export const Csrf = ({ v }: { v: ViewContext }) => <input type="hidden" name="_csrf" value={v.csrf} />;

/**
 * The browser's time zone, filled in by the page's script (empty without it): a sign-in form sends it, and a
 * user's first sign-in makes it their account's clock.
 */
export const BrowserTimeZone = () => <input type="hidden" name="time_zone" value="" data-browser-time-zone />;

export function FormErrorSummary({ v, form }: { v: ViewContext; form: FormState }) {
  if (form.stale) return <StaleSummary v={v} stale={form.stale} />;
  if (Object.keys(form.errors).length === 0) return null;
  const general = form.errors._;
  return (
    <div role="alert" class="alert alert-error alert-soft mb-2" data-form-errors>
      <span>
        {general
          ? v.t.error(general.code, general.params, v.t('common.form_errors'))
          : v.t('common.form_errors')}
      </span>
    </div>
  );
}

/** "Changed by someone else meanwhile": who, which fields with their values now, and that the input is kept. */
function StaleSummary({ v, stale }: { v: ViewContext; stale: StaleNotice }) {
  return (
    <div role="alert" class="alert alert-warning mb-2 flex-col items-start gap-1" data-stale>
      <strong>
        {v.t('common.changed_meanwhile', { who: stale.by.join(', ') || v.t('common.someone_else') })}
      </strong>
      {stale.fields.length > 0 ? (
        <div>
          {v.t('common.changed_meanwhile_now')}
          <ul class="list-disc ms-5">
            {stale.fields.map((f) => (
              <li data-stale-field>
                {f.label}: {f.value}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <span>{v.t('common.changed_meanwhile_keep')}</span>
    </div>
  );
}

/**
 * The version of the record an edit form was read at (after a refusal: the version now). A form without it
 * (an old page) still saves, over whatever is there.
 */
export const VersionField = ({ form }: { form: FormState }) => {
  const version = form.stale?.version ?? form.values.version;
  return version === undefined || version === '' ? null : (
    <input type="hidden" name="version" value={String(version)} />
  );
};
