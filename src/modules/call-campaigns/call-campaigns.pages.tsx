/** Call campaign pages: campaigns, a campaign's queue, starting/resuming/cancelling a call, the guided form, the dashboard. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { AppError } from '../../platform/errors.js';
import { setFlash } from '../../platform/http/flash.js';
import {
  idParam,
  pageRequest,
  type Query,
  queryEnum,
  queryInt,
  queryString,
} from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { refusedForm } from '../activity/internal.js';
import {
  campaignDashboard,
  campaignSummary,
  canOrganiseCampaigns,
  createCampaign,
  getCampaign,
  getTarget,
  listCampaigns,
  listTargets,
  lockTarget,
  nextTarget,
  openTarget,
  releaseTarget,
  setCampaignArchived,
  submitTargetCall,
  type TargetView,
  updateCampaign,
} from './call-campaigns.service.js';
import { TARGET_STATES } from './call-campaigns.table.js';
import {
  CallFormPage,
  CampaignsPage,
  DashboardPage,
  QueuePage,
  TakeCallPage,
  TargetRefusedPage,
} from './call-campaigns.views.js';

type Body = Record<string, unknown>;

/** A 409 from the lock, in the reader's words ("Alice is calling this company"). */
const refusalText = (request: FastifyRequest, err: AppError) => {
  const general = err.fields._;
  return general
    ? request.t.error(general.code, general.params, request.t.error(err.code))
    : request.t.error(err.code, {}, err.code);
};

export function callCampaignsPages(app: FastifyInstance, deps: Deps) {
  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form = emptyForm(),
    status = 200,
  ) => {
    const ctx = request.ctx;
    const archived = (request.query as Query).archived === '1';
    return sendHtml(
      reply,
      <CampaignsPage
        v={viewContext(request, reply)}
        campaigns={await listCampaigns(ctx, archived)}
        archived={archived}
        canOrganise={canOrganiseCampaigns(request.actor!)}
        form={form}
      />,
      status,
    );
  };

  app.get('/call-campaigns', async (request, reply) => renderList(request, reply));

  app.post('/call-campaigns', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await submitForm(() => createCampaign(request.ctx, body));
    if (!result.ok)
      return renderList(request, reply, { values: formValues(body), errors: result.errors }, 422);
    setFlash(reply, { kind: 'success', key: 'call_campaigns.created' });
    return redirect(request, reply, `/call-campaigns/${result.value}`);
  });

  app.get('/call-campaigns/dashboard', async (request, reply) => {
    const ctx = request.ctx;
    const campaignId = queryInt(request.query as Query, 'campaign');
    const [data, campaigns] = await Promise.all([campaignDashboard(ctx, campaignId), listCampaigns(ctx)]);
    return sendHtml(
      reply,
      <DashboardPage
        v={viewContext(request, reply)}
        data={data}
        campaigns={campaigns.map((c) => ({ id: c.id, name: c.name }))}
        campaignId={campaignId}
      />,
    );
  });

  const renderQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    renameForm = emptyForm(),
    status = 200,
  ) => {
    const ctx = request.ctx;
    const id = idParam(request.params);
    const q = request.query as Query;
    const query = { state: queryEnum(q, 'state', TARGET_STATES), q: queryString(q, 'q') };
    const campaign = await campaignSummary(ctx, id);
    const page = await listTargets(
      ctx,
      id,
      { state: query.state, search: query.q },
      pageRequest(q, 50),
      campaign.counts,
    );
    return sendHtml(
      reply,
      <QueuePage
        v={viewContext(request, reply)}
        campaign={campaign}
        page={page}
        query={query}
        canOrganise={canOrganiseCampaigns(request.actor!)}
        renameForm={renameForm}
      />,
      status,
    );
  };

  app.get('/call-campaigns/:id', async (request, reply) => renderQueue(request, reply));

  app.post('/call-campaigns/:id', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    const ctx = request.ctx;
    const result = await submitForm(() =>
      updateCampaign(ctx, id, body, { expectedVersion: formVersion(body) }),
    );
    if (!result.ok) {
      const labels = { name: 'call_campaigns.name', description: 'call_campaigns.description' } as const;
      const record = { entityType: 'call_campaign', id, labels };
      return renderQueue(
        request,
        reply,
        await refusedForm(ctx, request.t, record, formValues(body), result),
        422,
      );
    }
    setFlash(reply, { kind: 'success', key: 'call_campaigns.updated' });
    return redirect(request, reply, `/call-campaigns/${id}`);
  });

  app.post('/call-campaigns/:id/archive', async (request, reply) => {
    const id = idParam(request.params);
    const archived = (request.body as Body | undefined)?.archived === '1';
    await setCampaignArchived(request.ctx, id, archived);
    setFlash(reply, {
      kind: 'success',
      key: archived ? 'call_campaigns.archived_done' : 'call_campaigns.restored',
    });
    return redirect(request, reply, archived ? '/call-campaigns' : `/call-campaigns/${id}`);
  });

  app.post('/call-campaigns/:id/next', async (request, reply) => {
    const id = idParam(request.params);
    const next = await nextTarget(request.ctx, id);
    if (!next) {
      setFlash(reply, { kind: 'info', key: 'call_campaigns.nothing_left' });
      return redirect(request, reply, `/call-campaigns/${id}`);
    }
    return redirect(request, reply, `/call-targets/${next.target.id}/call`);
  });

  app.post('/call-targets/:id/start', async (request, reply) => {
    const id = idParam(request.params);
    const ctx = request.ctx;
    try {
      await lockTarget(ctx, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== 'conflict') throw err;
      const target = await getTarget(ctx, id);
      setFlash(reply, {
        kind: 'warning',
        key: `error.${err.fields._?.code ?? err.code}`,
        ...(err.fields._?.params ? { params: err.fields._.params } : {}),
      });
      return redirect(request, reply, `/call-campaigns/${target.campaignId}`);
    }
    return redirect(request, reply, `/call-targets/${id}/call`);
  });

  /**
   * The call form of a target. A GET only shows it (`take` false): to a caller who does not hold the target yet,
   * a "Take this call" button that posts the lock; the form's own POST (`take` true) may take it again.
   */
  const renderCallForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
    take = false,
  ) => {
    const ctx = request.ctx;
    const id = idParam(request.params);
    const v = viewContext(request, reply);
    let opened: { target: TargetView & { version: number }; mine: boolean };
    try {
      opened = take ? { target: (await lockTarget(ctx, id)).target, mine: true } : await openTarget(ctx, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== 'conflict') throw err;
      const target = await getTarget(ctx, id);
      return sendHtml(
        reply,
        <TargetRefusedPage v={v} message={refusalText(request, err)} campaignId={target.campaignId} />,
        409,
      );
    }
    const { target, mine } = opened;
    const campaign = await getCampaign(ctx, target.campaignId);
    if (!mine) return sendHtml(reply, <TakeCallPage v={v} target={target} campaign={campaign} />, status);
    return sendHtml(
      reply,
      <CallFormPage
        v={v}
        target={target}
        campaign={campaign}
        form={form}
        heartbeatSeconds={Math.max(5, Math.floor(deps.config.callLockSeconds / 3))}
      />,
      status,
    );
  };

  app.get('/call-targets/:id/call', async (request, reply) => renderCallForm(request, reply, emptyForm()));

  /** The form without JavaScript (no recording): the same service and rules as the API the script uses. */
  app.post('/call-targets/:id/call', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    const ctx = request.ctx;
    const result = await submitForm(() =>
      submitTargetCall(ctx, id, body, undefined, { expectedVersion: formVersion(body) }),
    );
    if (!result.ok) {
      const record = { entityType: 'call_target', id, labels: {} };
      return renderCallForm(
        request,
        reply,
        await refusedForm(ctx, request.t, record, formValues(body), result),
        422,
        true,
      );
    }
    const target = await getTarget(ctx, id);
    setFlash(reply, { kind: 'success', key: 'call_form.saved' });
    return redirect(request, reply, `/call-campaigns/${target.campaignId}`);
  });

  app.post('/call-targets/:id/cancel', async (request, reply) => {
    const id = idParam(request.params);
    const ctx = request.ctx;
    await releaseTarget(ctx, id);
    const target = await getTarget(ctx, id);
    return redirect(request, reply, `/call-campaigns/${target.campaignId}`);
  });
}
