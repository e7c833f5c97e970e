/** Form fields with their labels and error messages: text, text area, select, search select, checkboxes, toggles. */
import type { ComponentChildren } from 'preact';
import { type FormState, fieldMessage } from './form-state.js';
import type { ViewContext } from './layout.js';

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
