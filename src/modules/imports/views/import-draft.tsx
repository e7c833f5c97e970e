import { DELIMITERS, ENCODINGS } from '../../../platform/tabular/read.js';
import { Csrf, confirmAttrs } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { previewImport } from '../imports.service.js';
import type { ImportRow } from '../imports.table.js';
import { DELIMITER_LABEL, ERROR_ROW_OPAQUE, fieldLabel, PreviewErrors } from './parts.js';

export function ImportDraftPage({
  v,
  imp,
  p,
  entity,
  title,
  self,
}: {
  v: ViewContext;
  imp: ImportRow;
  p: Awaited<ReturnType<typeof previewImport>>;
  entity: string;
  title: string;
  self: string;
}) {
  return (
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
                          <div class="text-error text-xs whitespace-normal min-w-32" data-cell-error={field}>
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
    </AppPage>
  );
}
