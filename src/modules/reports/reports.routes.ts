/** The clean reports API: list, generate, read (with the daily series), download as text, CSV or PDF. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { API_SECURITY, IdParams, PageQuery, pageEnvelope, toEnvelope } from '../../platform/http/api.js';
import { sendWorkbook, tableReaderOf } from '../../platform/http/download.js';
import type { Translate } from '../../platform/i18n/index.js';
import {
  REPORT_FORMATS,
  type ReportFormat,
  ReportInput,
  ReportResponse,
  ReportSummary,
  reportFileName,
  toReportResponse,
  toSummary,
} from './reports.contract.js';
import {
  generateReport,
  getReport,
  listReports,
  reportPdf,
  reportTables,
  reportText,
} from './reports.service.js';
import type { ReportRow } from './reports.table.js';

/**
 * Sends a report file (shared by the API and the report page's download buttons) for the reader `t`: the text
 * file in the company's zone (`timeZone`, as the seed wrote it), the others in the reader's language and zone.
 */
export async function sendReportFile(
  reply: FastifyReply,
  r: ReportRow,
  format: ReportFormat,
  env: { t: Translate; timeZone: string; companyName: string; currency: string },
) {
  const fileName = reportFileName(r.id, format);
  if (format === 'csv' || format === 'days_csv' || format === 'xlsx') {
    const { figures, days } = reportTables(r, env.t);
    const sheets = format === 'xlsx' ? [figures, days] : format === 'csv' ? [figures] : [days];
    const tableFormat = format === 'xlsx' ? 'xlsx' : 'csv';
    return sendWorkbook(reply, {
      format: tableFormat,
      fileName,
      sheets,
      reader: tableReaderOf(env.t, env.currency),
    });
  }
  reply.header('content-disposition', `attachment; filename="${fileName}"`);
  if (format === 'txt') return reply.type('text/plain; charset=utf-8').send(reportText(r, env.timeZone));
  return reply.type('application/pdf').send(await reportPdf(r, env.t, env.companyName));
}

const tags = ['reports'];

export function reportsRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reports',
    {
      schema: {
        tags,
        operationId: 'reports.list',
        summary: 'Reports, newest first',
        querystring: PageQuery.omit({ order: true }),
        security: API_SECURITY,
        response: { 200: pageEnvelope(ReportSummary) },
      },
    },
    async (request) => {
      const page = await listReports(request.ctx, {
        page: request.query.page,
        perPage: request.query.per_page,
      });
      return toEnvelope(page, toSummary);
    },
  );

  api.post(
    '/api/v1/reports',
    {
      schema: {
        tags,
        operationId: 'reports.create',
        summary: 'Generate a report for the rolling window ending now (week 7 days, month 30, year 365)',
        body: ReportInput,
        security: API_SECURITY,
        response: { 201: ReportResponse },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const id = await generateReport(ctx, request.body);
      const r = await getReport(ctx, id);
      return reply.code(201).header('location', `/api/v1/reports/${id}`).send(toReportResponse(r));
    },
  );

  api.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags,
        operationId: 'reports.get',
        summary: 'One report with its daily series',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: ReportResponse },
      },
    },
    async (request) => toReportResponse(await getReport(request.ctx, request.params.id)),
  );

  api.get(
    '/api/v1/reports/:id/file',
    {
      schema: {
        tags,
        operationId: 'reports.file',
        summary:
          'Download a report: `txt` (the mobile app’s Russian text file), `csv` (its figures), `days_csv` (its days), ' +
          '`xlsx` (both, a sheet each) or `pdf`',
        params: IdParams,
        querystring: z.object({ format: z.enum(REPORT_FORMATS).default('pdf') }),
        security: API_SECURITY,
      },
    },
    async (request, reply) => {
      const r = await getReport(request.ctx, request.params.id);
      return sendReportFile(reply, r, request.query.format, {
        t: request.t,
        timeZone: deps.config.timeZone,
        companyName: deps.config.companyName,
        currency: deps.config.currency,
      });
    },
  );
}
