/** Shared view pieces: form fields with errors, pagination, empty states, badges. */
import type { ComponentChildren } from 'preact';
import type { Action } from '../auth/policy.js';
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

/** A field's label, with a red star when the field is required. */
const FieldLabel = ({
  id,
  label,
  required,
}: {
  id: string;
  label: string;
  required?: boolean | undefined;
}) => (
  <label class="fieldset-legend" for={id}>
    {label}
    {required ? (
      <span class="text-error" aria-hidden="true">
        *
      </span>
    ) : null}
  </label>
);

/** A field's error message under it (nothing when it has none). */
const FieldErrorLine = ({ name, error }: { name: string; error: string | undefined }) =>
  error ? (
    <p class="label text-error whitespace-normal" data-field-error={name}>
      {error}
    </p>
  ) : null;

interface FieldProps {
  v: ViewContext;
  form: FormState;
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxLength?: number;
  autofocus?: boolean;
  /** The id of a `<datalist>` offering values (a searchable list the field still accepts typing into). */
  list?: string;
  placeholder?: string;
}

export function Field({
  v,
  form,
  name,
  label,
  type = 'text',
  required,
  autocomplete,
  hint,
  maxLength,
  autofocus,
  list,
  placeholder,
}: FieldProps) {
  const error = fieldMessage(v.t, form.errors, name);
  const id = `f-${name}`;
  const value = type === 'password' ? '' : String(form.values[name] ?? '');
  return (
    <fieldset class="fieldset">
      <FieldLabel id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        required={required}
        autocomplete={autocomplete}
        maxLength={maxLength}
        autofocus={autofocus}
        list={list}
        placeholder={placeholder}
        class={`input w-full ${error ? 'input-error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} class="label text-error whitespace-normal" data-field-error={name}>
          {error}
        </p>
      ) : hint ? (
        <p class="label whitespace-normal">{hint}</p>
      ) : null}
    </fieldset>
  );
}

export function TextArea({ v, form, name, label, maxLength }: Omit<FieldProps, 'type'>) {
  const error = fieldMessage(v.t, form.errors, name);
  const id = `f-${name}`;
  return (
    <fieldset class="fieldset">
      <label class="fieldset-legend" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        maxLength={maxLength}
        class={`textarea w-full ${error ? 'textarea-error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
      >
        {String(form.values[name] ?? '')}
      </textarea>
      <FieldErrorLine name={name} error={error} />
    </fieldset>
  );
}

export function Select({
  v,
  form,
  name,
  label,
  options,
  empty,
}: {
  v: ViewContext;
  form: FormState;
  name: string;
  label: string;
  options: { value: string | number; label: string }[];
  empty?: string;
}) {
  const error = fieldMessage(v.t, form.errors, name);
  const current = String(form.values[name] ?? '');
  return (
    <fieldset class="fieldset">
      <label class="fieldset-legend" for={`f-${name}`}>
        {label}
      </label>
      <select id={`f-${name}`} name={name} class={`select w-full ${error ? 'select-error' : ''}`}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === current}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrorLine name={name} error={error} />
    </fieldset>
  );
}

/**
 * A choice among more records than a list can hold (companies, contacts): a select holding the current choice,
 * and a search box above it that, as the user types, fills the select with the matches from `choicesUrl`
 * (`?search=…`, answered with `<option>`s; the first match is picked). Without JavaScript the current choice
 * (or none) stays selectable.
 */
export function SearchSelect({
  v,
  form,
  name,
  label,
  choicesUrl,
  current,
  searchLabel,
  empty,
  required,
}: {
  v: ViewContext;
  form: FormState;
  name: string;
  label: string;
  choicesUrl: string;
  /** The chosen record's label (its id is `form.values[name]`). */
  current: string | undefined;
  searchLabel: string;
  /** The "none" option's label; absent when a choice is required. */
  empty?: string;
  required?: boolean;
}) {
  const error = fieldMessage(v.t, form.errors, name);
  const id = `f-${name}`;
  const value = String(form.values[name] ?? '');
  return (
    <fieldset class="fieldset" data-search-select={name}>
      <FieldLabel id={id} label={label} required={required} />
      <input
        type="search"
        name="search"
        class="input input-sm w-full"
        placeholder={searchLabel}
        aria-label={searchLabel}
        aria-controls={id}
        autocomplete="off"
        maxLength={100}
        hx-get={`${choicesUrl}${empty === undefined ? '?required=1' : ''}`}
        hx-trigger="input changed delay:300ms, search"
        hx-target={`#${id}`}
        hx-swap="innerHTML"
        data-search-for={name}
      />
      <select
        id={id}
        name={name}
        required={required}
        class={`select w-full ${error ? 'select-error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {value && current !== undefined ? (
          <option value={value} selected>
            {current}
          </option>
        ) : null}
      </select>
      <FieldErrorLine name={name} error={error} />
    </fieldset>
  );
}

/** The `<option>`s a SearchSelect's search fills its select with: "none" first unless required, the first match picked. */
export function ChoiceOptions({
  choices,
  empty,
}: {
  choices: { value: number; label: string }[];
  empty?: string | undefined;
}) {
  return (
    <>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {choices.map((c, i) => (
        <option value={String(c.value)} selected={i === 0}>
          {c.label}
        </option>
      ))}
    </>
  );
}

export function Checkboxes({
  v,
  form,
  name,
  label,
  options,
}: {
  v: ViewContext;
  form: FormState;
  name: string;
  label: string;
  /** With a `hint`, each choice is described under its name (one per line). */
  options: { value: string; label: string; hint?: string }[];
}) {
  const raw = form.values[name];
  const selected = new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).map(String));
  const error = fieldMessage(v.t, form.errors, name);
  const described = options.some((o) => o.hint);
  return (
    <fieldset class="fieldset">
      <legend class="fieldset-legend">{label}</legend>
      <div class={described ? 'flex flex-col gap-3' : 'flex flex-wrap gap-4'}>
        {options.map((o) => (
          <label class={`label cursor-pointer gap-2 ${described ? 'items-start whitespace-normal' : ''}`}>
            <input
              type="checkbox"
              class="checkbox checkbox-sm"
              name={name}
              value={o.value}
              checked={selected.has(o.value)}
              aria-describedby={o.hint ? `${name}-${o.value}-hint` : undefined}
            />
            {o.hint ? (
              <span class="flex flex-col">
                <span class="font-medium text-base-content">{o.label}</span>
                <span id={`${name}-${o.value}-hint`} class="text-xs" data-hint={o.value}>
                  {o.hint}
                </span>
              </span>
            ) : (
              o.label
            )}
          </label>
        ))}
      </div>
      {error ? <p class="label text-error whitespace-normal">{error}</p> : null}
    </fieldset>
  );
}

export function Toggle({
  v,
  form,
  name,
  label,
}: {
  v: ViewContext;
  form: FormState;
  name: string;
  label: string;
}) {
  const on = form.values[name] === true || form.values[name] === 'on' || form.values[name] === 1;
  return (
    <label class="label cursor-pointer gap-3 mt-2">
      <input type="checkbox" class="toggle toggle-primary" name={name} checked={on} />
      {label}
      {fieldMessage(v.t, form.errors, name) ? (
        <span class="text-error">{fieldMessage(v.t, form.errors, name)}</span>
      ) : null}
    </label>
  );
}

export function SubmitRow({ children }: { children: ComponentChildren }) {
  return <div class="flex flex-wrap gap-2 pt-4">{children}</div>;
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="text-center py-16 px-4 opacity-80" data-empty>
      <svg
        class="mx-auto size-12 opacity-40 mb-3"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        aria-hidden="true"
      >
        <path d="M3 13h5l1.5 3h5l1.5-3h5M5 5h14l2 8v6H3v-6l2-8Z" />
      </svg>
      <p class="font-medium">{title}</p>
      {children ? <div class="mt-4">{children}</div> : null}
    </div>
  );
}

/** Page links that keep the current filters; with a page-size choice. */
export function Pagination({
  v,
  page,
  pages,
  total,
  perPage,
  query,
  capped = false,
}: {
  v: ViewContext;
  page: number;
  pages: number;
  total: number;
  perPage: number;
  query: Record<string, string | number | undefined>;
  /** `total` is a lower bound ("10,000+"). */
  capped?: boolean | undefined;
}) {
  const href = (p: number, size = perPage) => {
    const params = new URLSearchParams();
    for (const [k, val] of Object.entries(query))
      if (val !== undefined && val !== '') params.set(k, String(val));
    params.set('page', String(p));
    params.set('per_page', String(size));
    return `?${params.toString()}`;
  };
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <nav class="flex flex-wrap items-center justify-between gap-3 mt-4" aria-label="pagination">
      <span class="text-sm opacity-70">
        {v.t('common.showing', {
          from: v.t.number(from),
          to: v.t.number(to),
          total: capped ? `${v.t.number(total)}+` : v.t.number(total),
        })}
      </span>
      <div class="join">
        <a
          class={`join-item btn btn-sm ${page <= 1 ? 'btn-disabled' : ''}`}
          href={page > 1 ? href(page - 1) : undefined}
          rel="prev"
        >
          «<span class="sr-only">{v.t('common.prev')}</span>
        </a>
        <span class="join-item btn btn-sm pointer-events-none">
          {v.t('common.page_of', { page: v.t.number(page), pages: v.t.number(pages) })}
        </span>
        <a
          class={`join-item btn btn-sm ${page >= pages ? 'btn-disabled' : ''}`}
          href={page < pages ? href(page + 1) : undefined}
          rel="next"
        >
          »<span class="sr-only">{v.t('common.next')}</span>
        </a>
      </div>
      <div class="flex items-center gap-2 text-sm">
        <span class="opacity-70">{v.t('common.per_page')}</span>
        <div class="join">
          {[10, 25, 50, 100].map((n) => (
            <a class={`join-item btn btn-xs ${n === perPage ? 'btn-active' : ''}`} href={href(1, n)}>
              {n}
            </a>
          ))}
        </div>
      </div>
    </nav>
  );
}

export function Card({ children, title }: { children: ComponentChildren; title?: string }) {
  return (
    <section class="card bg-base-100 shadow-sm border border-base-300">
      <div class="card-body">
        {title ? <h2 class="card-title">{title}</h2> : null}
        {children}
      </div>
    </section>
  );
}

/** A sortable column header: links to the same list sorted by `field`, toggling the direction. */
export function SortHeader({
  v,
  base,
  query,
  field,
  label,
  defaultSort = 'created_at',
}: {
  v: ViewContext;
  base: string;
  query: Record<string, string | number | undefined> & { sort?: string; dir?: 'asc' | 'desc' };
  field: string;
  label: string;
  defaultSort?: string;
}) {
  const active = (query.sort ?? defaultSort) === field;
  const desc = (query.dir ?? 'desc') === 'desc';
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries({ ...query, sort: field, dir: active && desc ? 'asc' : 'desc' }))
    if (val !== undefined && val !== '') params.set(k, String(val));
  return (
    <th aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
      <a href={`${base}?${params}`} class="link link-hover inline-flex items-center gap-1">
        {label}
        {active ? <span aria-hidden="true">{desc ? '↓' : '↑'}</span> : null}
      </a>
      {active ? <span class="sr-only">{v.t(desc ? 'common.sorted_desc' : 'common.sorted_asc')}</span> : null}
    </th>
  );
}

/** The from/to date inputs and Filter/Reset buttons that end every list's filter bar. */
export function DateRangeAndButtons({
  v,
  from,
  to,
  resetHref,
  filtered,
}: {
  v: ViewContext;
  from: string | undefined;
  to: string | undefined;
  resetHref: string;
  filtered: boolean;
}) {
  return (
    <>
      <label class="text-sm flex items-center gap-1">
        {v.t('common.from')}
        <input type="date" name="from" value={from ?? ''} class="input input-sm w-auto" />
      </label>
      <label class="text-sm flex items-center gap-1">
        {v.t('common.to')}
        <input type="date" name="to" value={to ?? ''} class="input input-sm w-auto" />
      </label>
      <button type="submit" class="btn btn-sm">
        {v.t('common.filter')}
      </button>
      {filtered ? (
        <a href={resetHref} class="btn btn-sm btn-ghost">
          {v.t('common.reset')}
        </a>
      ) : null}
    </>
  );
}

/**
 * The attributes that make a form (or one of its submit buttons) ask first, in a dialog (src/client/confirm.ts):
 * the `question`, the body the server writes at `preview` (what goes with it, counted) with the form's `fields`
 * added to its query, and the labels of the buttons. Without JavaScript the form posts at once.
 */
export const confirmAttrs = (
  v: ViewContext,
  c: { question: string; preview?: string | undefined; fields?: string; ok?: string },
) => ({
  'data-confirm': c.question,
  'data-confirm-preview': c.preview,
  'data-confirm-fields': c.fields,
  'data-confirm-ok': c.ok ?? v.t('common.confirm'),
  'data-confirm-cancel': v.t('common.cancel'),
});

/** A delete button: a form posting to `action`, asking `confirm` first in a dialog (with `preview`'s counts). */
export function DeleteButton({
  v,
  action,
  confirm,
  preview,
  class: formClass,
  outline = false,
  can,
}: {
  v: ViewContext;
  action: string;
  confirm: string;
  /** Where the server says what goes with it (see confirmAttrs). */
  preview?: string;
  class?: string;
  /** An outlined red button (forms' foot) rather than red text (toolbars). */
  outline?: boolean;
  /** The policy action it performs (the page shows it only to those it allows). */
  can?: Action;
}) {
  return (
    <form
      method="post"
      action={action}
      class={formClass}
      data-can={can}
      {...confirmAttrs(v, { question: confirm, preview, ok: v.t('common.delete') })}
    >
      <Csrf v={v} />
      <button
        type="submit"
        class={`btn btn-sm ${outline ? 'btn-error btn-outline' : 'btn-ghost text-error'}`}
      >
        {v.t('common.delete')}
      </button>
    </form>
  );
}

/** `?a=1&b=2` of the non-empty values (a list's filters, to carry into its export or pages). */
export const queryHref = (base: string, query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries(query))
    if (val !== undefined && val !== '') params.set(k, String(val));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
};

/** The "Data" menu of a list: import a spreadsheet, export what the list shows as CSV or Excel. */
export function DataMenu({
  v,
  importHref,
  exportHref,
  can,
}: {
  v: ViewContext;
  importHref?: string;
  exportHref: string;
  /** The policy action the menu's import and export are (shown only to those it allows). */
  can?: Action;
}) {
  const sep = exportHref.includes('?') ? '&' : '?';
  return (
    <details class="dropdown dropdown-end" data-data-menu data-can={can}>
      <summary class="btn btn-sm">{v.t('common.data')}</summary>
      <ul class="menu dropdown-content bg-base-100 rounded-box border border-base-300 z-10 w-52 p-2 shadow">
        {importHref ? (
          <li>
            <a href={importHref} data-import-link>
              {v.t('common.import')}
            </a>
          </li>
        ) : null}
        <li>
          <a href={`${exportHref}${sep}format=csv`} data-export="csv" download>
            {v.t('common.export_csv')}
          </a>
        </li>
        <li>
          <a href={`${exportHref}${sep}format=xlsx`} data-export="xlsx" download>
            {v.t('common.export_xlsx')}
          </a>
        </li>
      </ul>
    </details>
  );
}

/**
 * A region that reloads itself (the same URL, only this element swapped) when the live stream announces `event`
 * — at most every 2 s, and never while the user has rows ticked in it: the client script holds such a reload
 * back (`data-live-region`) and makes it once the last box is unticked. No filter expression in the trigger:
 * the page's policy forbids eval, which htmx needs for one.
 */
export const liveRegion = (v: ViewContext, id: string, event: string) => ({
  id,
  'hx-get': v.url,
  'hx-trigger': `sse:${event} throttle:2s`,
  'hx-select': `#${id}`,
  'hx-swap': 'outerHTML',
  'data-live-region': '',
});
