/**
 * The call campaigns API, so a dialer or another front end can drive campaigns through the same services as
 * the pages: campaigns, their queue, the target lock (lock, heartbeat, release, next) and submitting a call
 * with its recording.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import {
  API_SECURITY,
  IdParams,
  ifMatchVersion,
  pageEnvelope,
  ROW_VERSION,
  toEnvelope,
  withEtag,
} from '../../platform/http/api.js';
import { multipartOrJson, withFieldsThenFile } from '../../platform/http/multipart.js';
import { formVersion } from '../../platform/http/render.js';
import { getCall } from '../calls/calls.service.js';
import { CallResponse, CampaignCallInput, toCallResponse } from '../calls/internal.js';
import { submitTargetCall } from './call-campaigns.call-form.js';
import {
  CampaignInput,
  CampaignListQuery,
  CampaignPatch,
  CampaignResponse,
  LockResponse,
  TargetListQuery,
  TargetResponse,
  toCampaignResponse,
  toLockResponse,
  toTargetResponse,
} from './call-campaigns.contract.js';
import {
  campaignDashboard,
  campaignSummary,
  createCampaign,
  getTarget,
  heartbeatTarget,
  listCampaigns,
  listTargets,
  lockTarget,
  nextTarget,
  releaseTarget,
  updateCampaign,
} from './call-campaigns.service.js';

/**
 * The call form's `version` (what the call is based on) as a form-encoded body sends it: the body's schema does
 * not name it, so it is read before validation.
 */
const sentVersion = new WeakMap<object, number | undefined>();

const tags = ['call-campaigns'];

export function callCampaignsRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const lockReply = (l: Parameters<typeof toLockResponse>[0]) =>
    toLockResponse(l, deps.config.callLockSeconds);

  api.get(
    '/api/v1/call-campaigns',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.list',
        summary: 'Campaigns with their targets counted by state',
        querystring: CampaignListQuery,
        security: API_SECURITY,
        response: { 200: z.object({ items: z.array(CampaignResponse) }) },
      },
    },
    async (request) => ({
      items: (await listCampaigns(request.ctx, request.query.archived)).map(toCampaignResponse),
    }),
  );

  api.post(
    '/api/v1/call-campaigns',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.create',
        summary: 'Create a campaign (managers, admins)',
        body: CampaignInput,
        security: API_SECURITY,
        response: { 201: CampaignResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const id = await createCampaign(ctx, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/call-campaigns/${id}`)
        .send(toCampaignResponse(withEtag(reply, await campaignSummary(ctx, id))));
    },
  );

  api.get(
    '/api/v1/call-campaigns/:id',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.get',
        summary: 'One campaign',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: CampaignResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) =>
      toCampaignResponse(withEtag(reply, await campaignSummary(request.ctx, request.params.id))),
  );

  api.patch(
    '/api/v1/call-campaigns/:id',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.update',
        summary: 'Rename, describe, archive or restore a campaign (managers, admins)',
        params: IdParams,
        body: CampaignPatch,
        security: API_SECURITY,
        response: { 200: CampaignResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      await updateCampaign(ctx, request.params.id, request.body, {
        expectedVersion: ifMatchVersion(request),
      });
      return toCampaignResponse(withEtag(reply, await campaignSummary(ctx, request.params.id)));
    },
  );

  api.get(
    '/api/v1/call-campaigns/:id/targets',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.targets',
        summary: 'The campaign’s queue: targets with their state and who holds them',
        params: IdParams,
        querystring: TargetListQuery,
        security: API_SECURITY,
        response: { 200: pageEnvelope(TargetResponse) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listTargets(
        request.ctx,
        request.params.id,
        { state: q.state, search: q.search },
        { page: q.page, perPage: q.per_page },
      );
      return toEnvelope(page, toTargetResponse);
    },
  );

  api.post(
    '/api/v1/call-campaigns/:id/next',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.next',
        summary:
          'Lock and return the next target to call: the caller’s held target, a due callback, else the next pending one',
        description: '204 when nothing is left to call. Concurrent requests never receive the same target.',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: LockResponse },
      },
    },
    async (request, reply) => {
      const next = await nextTarget(request.ctx, request.params.id);
      if (!next) return reply.code(204 as 200).send(null as never);
      return lockReply(next);
    },
  );

  api.get(
    '/api/v1/call-campaigns/:id/dashboard',
    {
      schema: {
        tags,
        operationId: 'call_campaigns.dashboard',
        summary: 'Targets by state, calls by status, operators’ points and ratio, calls per hour today',
        params: IdParams,
        security: API_SECURITY,
      },
    },
    async (request) => {
      const d = await campaignDashboard(request.ctx, request.params.id);
      return { targets: d.targets, calls: d.calls };
    },
  );

  api.get(
    '/api/v1/call-targets/:id',
    {
      schema: {
        tags,
        operationId: 'call_targets.get',
        summary: 'One target',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: TargetResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) =>
      toTargetResponse(withEtag(reply, await getTarget(request.ctx, request.params.id))),
  );

  api.post(
    '/api/v1/call-targets/:id/lock',
    {
      schema: {
        tags,
        operationId: 'call_targets.lock',
        summary: 'Take the target to call it (409 `call_target.locked` / `call_target.done`)',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: LockResponse },
      },
    },
    async (request) => lockReply(await lockTarget(request.ctx, request.params.id)),
  );

  api.post(
    '/api/v1/call-targets/:id/heartbeat',
    {
      schema: {
        tags,
        operationId: 'call_targets.heartbeat',
        summary: 'Keep the lock while the call goes on (409 `call_target.lock_lost` when another took it)',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: z.object({ lock_expires_at: z.string() }) },
      },
    },
    async (request) => ({
      lock_expires_at: await heartbeatTarget(request.ctx, request.params.id),
    }),
  );

  api.post(
    '/api/v1/call-targets/:id/release',
    {
      schema: {
        tags,
        operationId: 'call_targets.release',
        summary: 'Give the target back without a call (a lock held by someone else is left alone)',
        params: IdParams,
        security: API_SECURITY,
      },
    },
    async (request, reply) => {
      await releaseTarget(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/call-targets/:id/calls',
    {
      preValidation: async (request, reply) => {
        const body: unknown = request.body;
        if (!request.isMultipart() && body !== null && typeof body === 'object' && 'version' in body)
          sentVersion.set(request, formVersion({ version: body.version }));
        await multipartOrJson.preValidation.call(app, request, reply);
      },
      schema: {
        tags,
        operationId: 'call_targets.submit_call',
        summary:
          'Save the call made to this target (JSON, or multipart with the fields then a `recording` file)',
        description:
          'The guided call form’s rules: `recording` is `mic` (a recording file follows) or `none`; `number_status` is required; ' +
          'answered needs `call_status`; callback needs `callback_at`. The target becomes `callback` or `done` and ' +
          'is released. 409 when another operator holds it or it is done; 413/415 for a recording too large or not audio.',
        params: IdParams,
        body: CampaignCallInput,
        security: API_SECURITY,
        response: { 201: CallResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      // The version the call is based on: If-Match, or the call form's `version` field (the page's script).
      const basedOn = (version: number | undefined) => ({
        expectedVersion: ifMatchVersion(request) ?? version,
      });
      const id = request.isMultipart()
        ? await withFieldsThenFile(request, deps.config.uploadLimits.audio, (fields, file) =>
            submitTargetCall(ctx, request.params.id, fields, file, basedOn(formVersion(fields))),
          )
        : await submitTargetCall(
            ctx,
            request.params.id,
            request.body,
            undefined,
            basedOn(sentVersion.get(request)),
          );
      return reply
        .code(201)
        .header('location', `/api/v1/calls/${id}`)
        .send(toCallResponse(await getCall(ctx, id)));
    },
  );
}
