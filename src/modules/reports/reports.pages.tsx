/** Report pages: generate, list with figures, detail with a chart, downloads (the seed's text file, CSV). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { setFlash } from '../../platform/http/flash.js';
import { idParam } from '../../platform/http/query.js';
import { redirect, sendHtml, submitForm, viewContext } from '../../platform/http/render.js';
import { REPORT_FORMATS, ReportPageQuery, reportFileName } from './reports.contract.js';
import { sendReportFile } from './reports.routes.js';
import { generateReport, getReport, listReports } from './reports.service.js';
import { ReportsPage } from './views/list.js';
import { ReportPage } from './views/report.js';

export function reportsPages(app: FastifyInstance, deps: Deps) {
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/reports', { schema: { querystring: ReportPageQuery } }, async (request, reply) => {
    const q = request.query;
    const page = await listReports(request.ctx, { page: q.page, perPage: q.per_page });
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <ReportsPage v={v} page={page} url={request.url} schedule={deps.config.reportSchedule} />,
    );
  });

  app.post('/reports', async (request, reply) => {
    const result = await submitForm(() => generateReport(request.ctx, request.body ?? {}));
    if (!result.ok) {
      setFlash(reply, { kind: 'error', key: 'common.form_errors' });
      return redirect(request, reply, '/reports');
    }
    setFlash(reply, { kind: 'success', key: 'reports.generated' });
    return redirect(request, reply, `/reports/${result.value}`);
  });

  app.get('/reports/:id', async (request, reply) => {
    const r = await getReport(request.ctx, idParam(request.params));
    const v = viewContext(request, reply);
    return sendHtml(reply, <ReportPage v={v} r={r} />);
  });

  const FileParams = z.object({ id: z.string(), file: z.string() });
  pages.get('/reports/:id/:file', { schema: { params: FileParams } }, async (request, reply) => {
    const r = await getReport(request.ctx, idParam(request.params));
    const file = request.params.file;
    const format = REPORT_FORMATS.find((f) => reportFileName(r.id, f) === file);
    if (!format) return reply.callNotFound();
    return sendReportFile(reply, r, format, {
      t: request.t,
      timeZone: deps.config.timeZone,
      companyName: deps.config.companyName,
      currency: deps.config.currency,
    });
  });
}
