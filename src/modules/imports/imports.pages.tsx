/**
 * Import pages: the list of imports with an upload form (progress while the file goes up), the draft page
 * (settings, column mapping and a checked preview), live progress while it runs, and the outcome with every
 * row that failed (downloadable as CSV).
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { AppError, invalid } from '../../platform/errors.js';
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
import { tableStream } from '../../platform/tabular/write.js';
import {
  configureImport,
  createImport,
  errorsOf,
  getImport,
  IMPORT_ENTITIES,
  listImports,
  previewImport,
  startImport,
} from './imports.service.js';
import { ImportDraftPage } from './views/import-draft.js';
import { ImportStatusPage } from './views/import-status.js';
import { ImportsListPage } from './views/imports-list.js';
import { fieldLabel, UploadForm } from './views/parts.js';

export function importsPages(app: FastifyInstance, deps: Deps) {
  app.get('/imports', async (request, reply) => {
    const q = formValues(request.query);
    const page = await listImports(request.ctx, pageRequest(q, 25));
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <ImportsListPage v={v} page={page} entity={queryEnum(q, 'entity', IMPORT_ENTITIES) ?? 'contacts'} />,
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
        <ImportStatusPage v={v} imp={imp} title={title} self={self} running={running} />,
      );
    }
    const p = await previewImport(ctx, imp.id);
    const entity = imp.entity;
    return sendHtml(
      reply,
      <ImportDraftPage v={v} imp={imp} p={p} entity={entity} title={title} self={self} />,
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
