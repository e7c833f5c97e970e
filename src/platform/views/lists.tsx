/**
 * List pieces: empty states, pagination, sortable headers, the filter bar (search, filters, date range), delete
 * buttons, the data menu, live regions.
 */
import type { ComponentChildren } from 'preact';
import type { Action } from '../auth/policy.js';
import { Csrf } from './form-state.js';
import type { ViewContext } from './layout.js';

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
  dirParam = 'dir',
}: {
  v: ViewContext;
  base: string;
  query: Record<string, string | number | undefined> & { sort?: string };
  field: string;
  label: string;
  defaultSort?: string;
  /** The parameter holding the direction: `dir` (older pages) or `order` (the API's name). */
  dirParam?: 'dir' | 'order';
}) {
  const active = (query.sort ?? defaultSort) === field;
  const desc = (query[dirParam] ?? 'desc') === 'desc';
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries({
    ...query,
    sort: field,
    [dirParam]: active && desc ? 'asc' : 'desc',
  }))
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
  names = ['from', 'to'],
}: {
  v: ViewContext;
  from: string | undefined;
  to: string | undefined;
  resetHref: string;
  filtered: boolean;
  /** The parameters of the two dates (`created_from`/`created_to` where the list speaks the API's names). */
  names?: readonly [string, string];
}) {
  return (
    <>
      <label class="text-sm flex items-center gap-1">
        {v.t('common.from')}
        <input type="date" name={names[0]} value={from ?? ''} class="input input-sm w-auto" />
      </label>
      <label class="text-sm flex items-center gap-1">
        {v.t('common.to')}
        <input type="date" name={names[1]} value={to ?? ''} class="input input-sm w-auto" />
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
 * A list's filter bar, a GET form: the search box, the list's own filters (`children`: `FilterSelect`s, hidden
 * fields, chips), the date range and Filter/Reset (Reset only once something is filtered).
 */
export function ListFilters({
  v,
  search,
  range,
  resetHref,
  filtered,
  children,
}: {
  v: ViewContext;
  search: { name: string; value: string | undefined; hint: string; class?: string };
  range: { from: string | undefined; to: string | undefined; names?: readonly [string, string] };
  resetHref: string;
  filtered: boolean;
  children?: ComponentChildren;
}) {
  return (
    <form method="get" class="flex flex-wrap gap-2 items-end mb-4" data-list-filters>
      <input
        type="search"
        name={search.name}
        value={search.value ?? ''}
        placeholder={search.hint}
        class={`input input-sm ${search.class ?? 'w-72'}`}
        aria-label={v.t('common.search')}
      />
      {children}
      <DateRangeAndButtons
        v={v}
        from={range.from}
        to={range.to}
        names={range.names}
        resetHref={resetHref}
        filtered={filtered}
      />
    </form>
  );
}

/** A filter of a list's bar: "Label: All" or one of `options`. */
export function FilterSelect<T extends string | number>({
  v,
  name,
  label,
  options,
  selected,
}: {
  v: ViewContext;
  name: string;
  label: string;
  options: readonly { value: T; label: string }[];
  selected: T | undefined;
}) {
  return (
    <select name={name} class="select select-sm w-auto" aria-label={label}>
      <option value="">{v.t('common.label_value', { label, value: v.t('common.all') })}</option>
      {options.map((o) => (
        <option value={o.value} selected={o.value === selected}>
          {o.label}
        </option>
      ))}
    </select>
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
