/**
 * Import pages: the list of imports with an upload form (progress while the file goes up), the draft page
 * (settings, column mapping and a checked preview), live progress while it runs, and the outcome with every
 * row that failed (downloadable as CSV).
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { AppError, type FieldErrors, invalid } from '../../platform/errors.js';
import { setFlash } from '../../platform/http/flash.js';
import { idParam, pageRequest, queryEnum } from '../../platform/http/query.js';
import {
  formValues,
  isHtmx,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { CANCELLED_ERROR } from '../../platform/jobs/jobs.js';
import { DELIMITERS, ENCODINGS } from '../../platform/tabular/read.js';
import { tableStream } from '../../platform/tabular/write.js';
import { Csrf, confirmAttrs, EmptyState, Pagination } from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import {
  configureImport,
  createImport,
  errorsOf,
  getImport,
  IMPORT_ENTITIES,
  IMPORTERS,
  importPercent,
  listImports,
  previewImport,
  startImport,
} from './imports.service.js';
import type { ImportRow } from './imports.table.js';

const DELIMITER_LABEL: Record<string, MessageKey> = {
  ',': 'imports.delimiter.comma',
  ';': 'imports.delimiter.semicolon',
  '\t': 'imports.delimiter.tab',
  '|': 'imports.delimiter.pipe',
};

const fieldLabel = (v: ViewContext, entity: string, key: string) =>
  v.t.dynamic(`imports.field.${entity}.${key}`, {}, key);

function StateBadge({ v, imp }: { v: ViewContext; imp: ImportRow }) {
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
const ERROR_ROW_OPAQUE = 'bg-[color-mix(in_oklab,var(--color-error)_10%,var(--color-base-100))]';

/**
 * The problems of the previewed rows, one line per row, above the table: readable at any width (the table
 * scrolls sideways on a phone, this list wraps). Each links to its row; the row's faulty cells say it again.
 */
function PreviewErrors({
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

function Progress({ v, imp }: { v: ViewContext; imp: ImportRow }) {
  const percent = importPercent(imp);
  return (
    <div class="flex flex-col gap-2" data-progress={percent}>
      <progress class="progress progress-primary w-full" value={percent} max="100" />
      <p class="text-sm opacity-80">{v.t('imports.progress', { rows: imp.processedRows, percent })}</p>
    </div>
  );
}

function Outcome({ v, imp }: { v: ViewContext; imp: ImportRow }) {
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

const listHref = (imp: { entity: string; scopeId: number | null }) =>
  imp.entity === 'orders'
    ? '/orders'
    : imp.entity === 'call_targets'
      ? `/call-campaigns/${imp.scopeId}`
      : '/contacts';

export function importsPages(app: FastifyInstance, deps: Deps) {
  app.get('/imports', async (request, reply) => {
    const q = formValues(request.query);
    const page = await listImports(request.ctx, pageRequest(q, 25));
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <AppPage v={v} title={v.t('imports.title')}>
        <UploadForm v={v} entity={queryEnum(q, 'entity', IMPORT_ENTITIES) ?? 'contacts'} />
        <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
          {page.items.length === 0 ? (
            <EmptyState title={v.t('imports.empty')} />
          ) : (
            <table class="table table-sm" data-imports-table>
              <thead>
                <tr>
                  <th>{v.t('imports.created')}</th>
                  <th>{v.t('imports.entity')}</th>
                  <th>{v.t('imports.file')}</th>
                  <th>{v.t('imports.state')}</th>
                  <th class="text-right">{v.t('imports.count.created')}</th>
                  <th class="text-right">{v.t('imports.count.updated')}</th>
                  <th class="text-right">{v.t('imports.count.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((imp) => (
                  <tr data-import={imp.id}>
                    <td>
                      <a href={`/imports/${imp.id}`} class="link link-hover">
                        {v.t.dateTime(imp.createdAt)}
                      </a>
                    </td>
                    <td>{v.t.dynamic(`imports.entity.${imp.entity}`)}</td>
                    <td class="max-w-xs truncate">{imp.fileName}</td>
                    <td>
                      <StateBadge v={v} imp={imp} />
                    </td>
                    <td class="text-right">{imp.createdCount}</td>
                    <td class="text-right">{imp.updatedCount}</td>
                    <td class="text-right">{imp.errorCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <Pagination
          v={v}
          page={page.page}
          pages={page.pages}
          total={page.total}
          perPage={page.perPage}
          query={{}}
        />
      </AppPage>,
    );
  });

  app.post('/imports', async (request, reply) => {
    const v = viewContext(request, reply);
    const ctx = request.ctx;
    let entity = 'contacts';
    let scope: number | null = null;
    const upload = async () => {
      if (!request.isMultipart()) throw invalid('validation', { file: { code: 'required' } });
      let id: number | undefined;
      const limit = deps.config.uploadLimits.import + 1;
      for await (const part of request.parts({ limits: { fileSize: limit, files: 1 } })) {
        if (part.type === 'field' && part.fieldname === 'entity') entity = String(part.value);
        else if (part.type === 'field' && part.fieldname === 'scope')
          scope = /^\d{1,9}$/.test(String(part.value)) ? Number(part.value) : null;
        else if (part.type === 'file') {
          id = await createImport(ctx, {
            entity,
            stream: part.file,
            filename: part.filename,
            scopeId: scope,
          });
        }
      }
      if (id === undefined) throw invalid('validation', { file: { code: 'required' } });
      return id;
    };
    let error: string | undefined;
    let id = 0;
    try {
      id = await upload();
    } catch (err) {
      // Every refusal (bad type, too large, unreadable, empty) is shown on the form itself.
      if (!(err instanceof AppError) || err.kind === 'forbidden' || err.kind === 'unauthenticated') throw err;
      const first = Object.values(err.fields)[0];
      error = first
        ? v.t.error(first.code, first.params, first.code)
        : v.t.error(err.code, err.params, err.code);
    }
    if (error !== undefined) {
      return sendHtml(
        reply,
        <UploadForm v={v} entity={entity} error={error} scope={scope} />,
        isHtmx(request) ? 200 : 400,
      );
    }
    return redirect(request, reply, `/imports/${id}`);
  });

  app.get('/imports/:id', async (request, reply) => {
    const ctx = request.ctx;
    const imp = await getImport(ctx, idParam(request.params));
    const v = viewContext(request, reply);
    const title = v.t('common.label_value', {
      label: v.t('imports.import'),
      value: v.t.dynamic(`imports.entity.${imp.entity}`),
    });
    const self = `/imports/${imp.id}`;
    // While it runs the page follows the live stream, and polls as well in case it connected after an update.
    const running = imp.state === 'queued' || imp.state === 'running';
    if (imp.state !== 'draft') {
      return sendHtml(
        reply,
        <AppPage
          v={v}
          title={title}
          actions={
            <a href={listHref(imp)} class="btn btn-sm">
              {v.t.dynamic(`imports.open.${imp.entity}`)}
            </a>
          }
        >
          <div
            id="import-status"
            hx-get={self}
            hx-trigger={running ? 'sse:imports.progress, every 2s' : 'sse:imports.progress'}
            hx-select="#import-status"
            hx-swap="outerHTML"
          >
            <p class="text-sm opacity-70 mb-4">
              {imp.fileName} · <StateBadge v={v} imp={imp} />
            </p>
            {running ? <Progress v={v} imp={imp} /> : <Outcome v={v} imp={imp} />}
          </div>
        </AppPage>,
      );
    }
    const p = await previewImport(ctx, imp.id);
    const entity = imp.entity;
    return sendHtml(
      reply,
      <AppPage v={v} title={title}>
        <p class="text-sm opacity-70 mb-4">{imp.fileName}</p>
        <form method="post" action={self} class="flex flex-col gap-4" data-import-settings>
          <Csrf v={v} />
          <div class="flex flex-wrap gap-3 items-end">
            {p.options.format === 'csv' ? (
              <>
                <label class="text-sm flex flex-col gap-1">
                  {v.t('imports.encoding')}
                  <select name="encoding" class="select select-sm w-auto" data-autosubmit>
                    {ENCODINGS.map((e) => (
                      <option value={e} selected={e === p.options.encoding}>
                        {e}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="text-sm flex flex-col gap-1">
                  {v.t('imports.delimiter')}
                  <select name="delimiter" class="select select-sm w-auto" data-autosubmit>
                    {DELIMITERS.map((d) => (
                      <option value={d} selected={d === p.options.delimiter}>
                        {DELIMITER_LABEL[d] ? v.t(DELIMITER_LABEL[d]) : d}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            ) : (
              <>
                <input type="hidden" name="encoding" value={p.options.encoding} />
                <input type="hidden" name="delimiter" value={p.options.delimiter} />
                <span class="badge badge-outline">XLSX</span>
              </>
            )}
            <label class="text-sm flex flex-col gap-1">
              {v.t('imports.first_row')}
              <select name="header" class="select select-sm w-auto" data-autosubmit data-header-choice>
                <option value="yes" selected={p.options.header !== false}>
                  {v.t('imports.first_row.header')}
                </option>
                <option value="no" selected={p.options.header === false}>
                  {v.t('imports.first_row.data')}
                </option>
              </select>
            </label>
            <label class="text-sm flex flex-col gap-1">
              {v.t('imports.mode')}
              <select name="mode" class="select select-sm w-auto" data-autosubmit>
                {p.importer.modes.map((m) => (
                  <option value={m} selected={m === imp.mode}>
                    {v.t.dynamic(`imports.mode.${entity}.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <PreviewErrors v={v} entity={entity} rows={p.rows} />
          {/* A spreadsheet's preview stays a grid on a phone too: its columns are what the mapping above them
              names, so it scrolls sideways inside its own frame (the problems are listed above it). */}
          <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
            <table class="table table-xs" data-import-preview data-keep-table>
              <thead>
                <tr>
                  <th class="sticky left-0 z-10 bg-base-100">{v.t('imports.line')}</th>
                  {p.header.map((h, i) => (
                    <th class="align-top">
                      <div class="font-normal opacity-70 mb-1 truncate max-w-40" title={h}>
                        {h || '—'}
                      </div>
                      {/* As wide as its longest choice: a field's name is never cut off. */}
                      <select name={`map_${i}`} class="select select-xs w-max" data-autosubmit data-map={i}>
                        <option value="">{v.t('imports.skip_column')}</option>
                        {p.importer.fields.map((f) => (
                          <option value={f.key} selected={p.mapping[i] === f.key}>
                            {fieldLabel(v, entity, f.key)}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr
                    class={r.errors ? 'bg-error/10' : ''}
                    data-preview-line={r.line}
                    data-ok={r.errors ? 'false' : 'true'}
                  >
                    <td
                      id={`preview-line-${r.line}`}
                      class={`sticky left-0 font-mono whitespace-nowrap ${r.errors ? ERROR_ROW_OPAQUE : 'bg-base-100'}`}
                    >
                      <span class="opacity-60">{r.line}</span>{' '}
                      {r.errors ? (
                        <span class="text-error font-bold" title={v.t('imports.row_has_errors')}>
                          ✗
                        </span>
                      ) : (
                        <span class="text-success" title={v.t('imports.row_ok')}>
                          ✓
                        </span>
                      )}
                    </td>
                    {p.header.map((_, i) => {
                      const field = p.mapping[i];
                      const err = r.errors && field ? r.errors[field] : undefined;
                      return (
                        <td class="max-w-48 align-top">
                          <div class={`truncate ${err ? 'text-error font-medium' : ''}`}>
                            {r.cells[i] ?? ''}
                          </div>
                          {err ? (
                            <div
                              class="text-error text-xs whitespace-normal min-w-32"
                              data-cell-error={field}
                            >
                              {v.t.error(err.code, err.params, err.code)}
                            </div>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <noscript>
            <button type="submit" class="btn btn-sm">
              {v.t('imports.apply')}
            </button>
          </noscript>
        </form>
        <form
          method="post"
          action={`${self}/start`}
          class="flex flex-wrap gap-3 items-center mt-4"
          data-import-start
          {...(imp.mode === 'replace'
            ? confirmAttrs(v, { question: v.t('imports.replace_confirm'), ok: v.t('imports.start') })
            : {})}
        >
          <Csrf v={v} />
          {p.missing.length > 0 ? (
            <p class="text-warning text-sm" data-missing>
              {v.t('imports.map_first', {
                fields: p.missing.map((f) => fieldLabel(v, entity, f)).join(', '),
              })}
            </p>
          ) : null}
          <button type="submit" class="btn btn-primary" disabled={p.missing.length > 0}>
            {v.t('imports.start')}
          </button>
          <span class="text-sm opacity-70">{v.t('imports.preview_note', { n: p.rows.length })}</span>
        </form>
      </AppPage>,
    );
  });

  app.post('/imports/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = formValues(request.body);
    const mapping: string[] = [];
    for (const [k, val] of Object.entries(body)) {
      const m = /^map_(\d{1,3})$/.exec(k);
      if (m) mapping[Number(m[1])] = String(val);
    }
    const result = await submitForm(() =>
      configureImport(request.ctx, id, {
        encoding: body.encoding,
        delimiter: body.delimiter,
        mode: body.mode,
        mapping: Array.from(mapping, (x) => x ?? ''),
      }),
    );
    if (!result.ok) setFlash(reply, { kind: 'error', key: 'imports.settings_invalid' });
    return redirect(request, reply, `/imports/${id}`);
  });

  app.post('/imports/:id/start', async (request, reply) => {
    const id = idParam(request.params);
    const result = await submitForm(() => startImport(request.ctx, id));
    if (!result.ok) setFlash(reply, { kind: 'error', key: 'imports.cannot_start' });
    return redirect(request, reply, `/imports/${id}`);
  });

  app.get('/imports/:id/errors.csv', async (request, reply) => {
    const imp = await getImport(request.ctx, idParam(request.params));
    const v = viewContext(request, reply);
    async function* rows() {
      for (const e of errorsOf(imp)) {
        for (const [field, err] of Object.entries(e.fields)) {
          yield [e.line, fieldLabel(v, imp.entity, field), v.t.error(err.code, err.params, err.code)];
        }
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${imp.id}-errors.csv"`)
      .send(
        tableStream(
          'csv',
          'errors',
          [v.t('imports.line'), v.t('imports.field'), v.t('imports.problem')],
          rows(),
        ),
      );
  });
}
