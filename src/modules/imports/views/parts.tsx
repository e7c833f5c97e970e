import type { FieldErrors } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { CANCELLED_ERROR } from '../../../platform/jobs/jobs.js';
import type { ViewContext } from '../../../platform/views/layout.js';
import { errorsOf, IMPORT_ENTITIES, IMPORTERS, importPercent } from '../imports.service.js';
import type { ImportRow } from '../imports.table.js';

export const DELIMITER_LABEL: Record<string, MessageKey> = {
  ',': 'imports.delimiter.comma',
  ';': 'imports.delimiter.semicolon',
  '\t': 'imports.delimiter.tab',
  '|': 'imports.delimiter.pipe',
};

export const fieldLabel = (v: ViewContext, entity: string, key: string) =>
  v.t.dynamic(`imports.field.${entity}.${key}`, {}, key);

export function StateBadge({ v, imp }: { v: ViewContext; imp: ImportRow }) {
  const cls =
    imp.state === 'done'
      ? imp.errorCount > 0
        ? 'badge-warning'
        : 'badge-success'
      : imp.state === 'failed'
        ? 'badge-error'
        : imp.state === 'draft'
          ? 'badge-ghost'
          : 'badge-info';
  return (
    <span class={`badge badge-sm ${cls}`} data-state={imp.state}>
      {v.t(`imports.state.${imp.state}`)}
    </span>
  );
}

export function UploadForm({
  v,
  entity,
  error,
  scope,
}: {
  v: ViewContext;
  entity: string;
  error?: string;
  /** The record a scoped import fills (a call campaign): the entity is then fixed. */
  scope?: number | null | undefined;
}) {
  const scoped = scope !== undefined && scope !== null;
  return (
    <form
      id="import-upload"
      hx-post="/imports"
      hx-encoding="multipart/form-data"
      hx-target="#import-upload"
      hx-swap="outerHTML"
      class="card bg-base-100 border border-base-300 mb-6"
      data-import-upload
    >
      <div class="card-body gap-3">
        <h2 class="card-title text-base">{v.t('imports.new')}</h2>
        <div class="flex flex-wrap gap-3 items-end">
          {scoped ? (
            <>
              <input type="hidden" name="entity" value={entity} />
              <input type="hidden" name="scope" value={String(scope)} />
            </>
          ) : (
            <label class="text-sm flex flex-col gap-1">
              {v.t('imports.entity')}
              <select name="entity" class="select select-sm w-auto">
                {IMPORT_ENTITIES.filter((e) => !IMPORTERS[e]!.checkScope).map((e) => (
                  <option value={e} selected={e === entity}>
                    {v.t.dynamic(`imports.entity.${e}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="text-sm flex flex-col gap-1">
            {v.t('imports.file')}
            <input
              type="file"
              name="file"
              required
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              class={`file-input file-input-sm ${error ? 'file-input-error' : ''}`}
            />
          </label>
          <button type="submit" class="btn btn-sm btn-primary">
            {v.t('imports.upload')}
          </button>
        </div>
        <progress class="progress progress-primary w-full" value="0" max="100" hidden data-upload-progress />
        {error ? (
          <p class="text-error text-sm" role="alert" data-error>
            {error}
          </p>
        ) : null}
        <p class="text-xs opacity-70">{v.t('imports.hint')}</p>
      </div>
    </form>
  );
}

/** The tint of a row with problems, opaque: the sticky line number hides the cells scrolled under it. */
export const ERROR_ROW_OPAQUE = 'bg-[color-mix(in_oklab,var(--color-error)_10%,var(--color-base-100))]';

/**
 * The problems of the previewed rows, one line per row, above the table: readable at any width (the table
 * scrolls sideways on a phone, this list wraps). Each links to its row; the row's faulty cells say it again.
 */
export function PreviewErrors({
  v,
  entity,
  rows,
}: {
  v: ViewContext;
  entity: string;
  rows: { line: number; errors: FieldErrors | null }[];
}) {
  const failing = rows.filter((r) => r.errors);
  if (failing.length === 0) return null;
  return (
    <section
      class="alert alert-error alert-soft flex flex-col items-start gap-1"
      role="alert"
      data-preview-errors
    >
      <h2 class="font-semibold">{v.t('imports.preview_errors_title')}</h2>
      <p class="text-sm">{v.t('imports.preview_errors_hint')}</p>
      <ul class="text-sm w-full flex flex-col gap-1">
        {failing.map((r) => (
          <li data-error-line={r.line} class="break-words">
            <a href={`#preview-line-${r.line}`} class="font-semibold link link-hover">
              {v.t('imports.line_n', { n: r.line })}
            </a>
            <ul class="list-disc ms-5">
              {Object.entries(r.errors ?? {}).map(([field, err]) => (
                <li data-error-field={field}>
                  <span class="font-medium">{fieldLabel(v, entity, field)}</span>
                  {' — '}
                  {v.t.error(err.code, err.params, err.code)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Progress({ v, imp }: { v: ViewContext; imp: ImportRow }) {
  const percent = importPercent(imp);
  return (
    <div class="flex flex-col gap-2" data-progress={percent}>
      <progress class="progress progress-primary w-full" value={percent} max="100" />
      <p class="text-sm opacity-80">{v.t('imports.progress', { rows: imp.processedRows, percent })}</p>
    </div>
  );
}

export function Outcome({ v, imp }: { v: ViewContext; imp: ImportRow }) {
  const stat = (key: 'rows' | 'created' | 'updated' | 'skipped' | 'errors', value: number, cls = '') => (
    <div class="stat" data-count={key}>
      <div class="stat-title">{v.t(`imports.count.${key}`)}</div>
      <div class={`stat-value text-2xl ${cls}`}>{value}</div>
    </div>
  );
  const errors = errorsOf(imp);
  return (
    <>
      <div class="stats stats-vertical md:stats-horizontal bg-base-100 border border-base-300 w-full">
        {stat('rows', imp.totalRows || imp.processedRows)}
        {stat('created', imp.createdCount, 'text-success')}
        {stat('updated', imp.updatedCount)}
        {stat('skipped', imp.skippedCount)}
        {stat('errors', imp.errorCount, imp.errorCount ? 'text-error' : '')}
      </div>
      {imp.failure ? (
        <div class="alert alert-error mt-4" role="alert">
          {imp.failure === CANCELLED_ERROR ? v.t('jobs.cancelled_error') : imp.failure}
        </div>
      ) : null}
      {errors.length > 0 ? (
        <section class="card bg-base-100 border border-base-300 mt-6">
          <div class="card-body">
            <div class="flex justify-between items-center">
              <h2 class="card-title text-base">{v.t('imports.errors_title')}</h2>
              <a href={`/imports/${imp.id}/errors.csv`} class="btn btn-sm" download>
                {v.t('imports.download_errors')}
              </a>
            </div>
            <table class="table table-sm" data-import-errors>
              <thead>
                <tr>
                  <th>{v.t('imports.line')}</th>
                  <th>{v.t('imports.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {errors.slice(0, 100).map((e) => (
                  <tr data-line={e.line}>
                    <td class="font-mono">{e.line}</td>
                    <td>
                      {Object.entries(e.fields).map(([field, err]) => (
                        <div>
                          <span class="font-medium">{fieldLabel(v, imp.entity, field)}</span>:{' '}
                          {v.t.error(err.code, err.params, err.code)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {imp.errorCount > 100 ? (
              <p class="text-sm opacity-70">{v.t('imports.more_errors', { n: imp.errorCount - 100 })}</p>
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}

export const listHref = (imp: { entity: string; scopeId: number | null }) =>
  imp.entity === 'orders'
    ? '/orders'
    : imp.entity === 'call_targets'
      ? `/call-campaigns/${imp.scopeId}`
      : '/contacts';
