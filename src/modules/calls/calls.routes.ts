/** The call log API: list with filters, log a call by hand, read, change, delete, its recording, export. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx, Deps } from '../../deps.js';
import { unsupported } from '../../platform/errors.js';
import {
  API_SECURITY,
  IdParams,
  ifMatchVersion,
  PageQuery,
  pageEnvelope,
  ROW_VERSION,
  toEnvelope,
  withEtag,
} from '../../platform/http/api.js';
import { EXPORT_DESCRIPTION, sendTable, tableReaderOf } from '../../platform/http/download.js';
import { withFieldsThenFile } from '../../platform/http/multipart.js';
import { sendFileContent } from '../files/internal.js';
import {
  CallListFilters,
  CallLogPatch,
  CallResponse,
  callFilterOf,
  callLogInput,
  toCallResponse,
} from './calls.contract.js';
import { exportCalls, exportName } from './calls.io.js';
import {
  attachRecording,
  createCall,
  deleteCall,
  getCall,
  listCalls,
  recordingOf,
  updateCall,
} from './calls.service.js';

const CallListQuery = PageQuery.omit({ order: true }).extend(CallListFilters.shape);

const tags = ['calls'];

/** Streams a call's recording, honouring Range so players can seek. */
export async function sendRecording(
  ctx: Ctx,
  request: Parameters<typeof sendFileContent>[0],
  reply: Parameters<typeof sendFileContent>[1],
  callId: number,
) {
  const { file, open } = await recordingOf(ctx, callId);
  return sendFileContent(request, reply, file, open);
}

export function callsRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** One call as the API shows it, its version as the answer's ETag. */
  const one = async (ctx: Ctx, reply: FastifyReply, id: number) =>
    toCallResponse(withEtag(reply, await getCall(ctx, id)));

  api.get(
    '/api/v1/calls',
    {
      schema: {
        tags,
        operationId: 'calls.list',
        summary: 'The call log (campaign calls and calls logged by hand), newest first',
        querystring: CallListQuery,
        security: API_SECURITY,
        response: { 200: pageEnvelope(CallResponse) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listCalls(request.ctx, callFilterOf(q, 'UTC'), {
        page: q.page,
        perPage: q.per_page,
      });
      return toEnvelope(page, toCallResponse);
    },
  );

  api.get(
    '/api/v1/calls/export',
    {
      schema: {
        tags,
        operationId: 'calls.export',
        summary: 'The consolidated call export (the call-campaign file), CSV or Excel (streamed)',
        description: EXPORT_DESCRIPTION,
        querystring: CallListQuery.omit({ page: true, per_page: true }).extend({
          format: z.enum(['csv', 'xlsx']).default('csv'),
        }),
        security: API_SECURITY,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const { format, ...q } = request.query;
      const table = exportCalls(ctx, callFilterOf(q, 'UTC'), request.t);
      return sendTable(reply, {
        format,
        name: 'calls',
        fileName: exportName(ctx.clock.now(), request.t.timeZone),
        ...table,
        now: ctx.clock.now(),
        reader: tableReaderOf(request.t, deps.config.currency),
      });
    },
  );

  api.post(
    '/api/v1/calls',
    {
      schema: {
        tags,
        operationId: 'calls.create',
        summary: 'Log a call (a “touch”) by hand; the caller is its operator',
        body: callLogInput(deps.config.defaultCountry),
        security: API_SECURITY,
        response: { 201: CallResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const id = await createCall(ctx, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/calls/${id}`)
        .send(await one(ctx, reply, id));
    },
  );

  api.get(
    '/api/v1/calls/:id',
    {
      schema: {
        tags,
        operationId: 'calls.get',
        summary: 'One call',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: CallResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => one(request.ctx, reply, request.params.id),
  );

  api.patch(
    '/api/v1/calls/:id',
    {
      schema: {
        tags,
        operationId: 'calls.update',
        summary:
          'Change a call’s log fields (its operator, managers, admins); fields not sent keep their values',
        params: IdParams,
        body: CallLogPatch,
        security: API_SECURITY,
        response: { 200: CallResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      await updateCall(ctx, request.params.id, request.body, {
        expectedVersion: ifMatchVersion(request),
      });
      return one(ctx, reply, request.params.id);
    },
  );

  api.delete(
    '/api/v1/calls/:id',
    {
      schema: {
        tags,
        operationId: 'calls.delete',
        summary: 'Delete a call and its recording (its operator, managers, admins)',
        params: IdParams,
        security: API_SECURITY,
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      await deleteCall(request.ctx, request.params.id, {
        expectedVersion: ifMatchVersion(request),
      });
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/calls/:id/recording',
    {
      schema: {
        tags,
        operationId: 'calls.recording',
        summary: 'The call’s recording; honours a single Range (206) so players can seek',
        params: IdParams,
        security: API_SECURITY,
      },
    },
    async (request, reply) => sendRecording(request.ctx, request, reply, request.params.id),
  );

  api.put(
    '/api/v1/calls/:id/recording',
    {
      schema: {
        tags,
        operationId: 'calls.attach_recording',
        summary:
          'Add or replace the call’s recording (multipart field `recording`; audio only, size-limited)',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: CallResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw unsupported('file.multipart_required');
      const ctx = request.ctx;
      await withFieldsThenFile(request, deps.config.uploadLimits.audio, async (_fields, file) => {
        if (!file) throw unsupported('file.multipart_required');
        await attachRecording(ctx, request.params.id, file);
      });
      return one(ctx, reply, request.params.id);
    },
  );
}
