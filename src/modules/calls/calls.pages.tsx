/** Call log pages (seed 000's "touches", with seed 004's campaign calls): all calls / my calls, one call, log, edit, delete, export. */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Deps, nowIso } from '../../deps.js';
import { displayName } from '../../platform/auth/roles.js';
import { ignoreNotFound } from '../../platform/errors.js';
import { sendTable, tableReaderOf } from '../../platform/http/download.js';
import { setFlash } from '../../platform/http/flash.js';
import {
  idParam,
  pageRequest,
  type Query,
  queryDate,
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
import type { MessageKey } from '../../platform/i18n/index.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { refusedForm } from '../activity/internal.js';
import { listCampaignNames } from '../call-campaigns/call-campaigns.service.js';
import { getCompany } from '../companies/companies.service.js';
import { fullName } from '../contacts/contacts.schema.js';
import { getContact } from '../contacts/contacts.service.js';
import { listUsersForPicker } from '../users/users.service.js';
import { canEditCall } from './calls.policy.js';
import {
  callLogValues,
  createCall,
  deleteCall,
  exportCalls,
  exportName,
  getCall,
  listCallAreas,
  listCalls,
  updateCall,
} from './calls.service.js';
import { LEAD_RESULTS } from './calls.table.js';
import { CallFormPage, type CallListQuery, CallPage, CallsPage, DeleteCallPage } from './calls.views.js';

type Body = Record<string, unknown>;

/** The form's fields as a "changed meanwhile" notice names them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  company_name: 'calls.company_name',
  phone: 'calls.phone',
  person_name: 'calls.person_name',
  position: 'calls.position',
  responsibility: 'calls.responsibility',
  area: 'calls.area',
  data_type: 'calls.data_type',
  amount: 'calls.amount',
  price_per_month: 'calls.price_per_month',
  price_per_file: 'calls.price_per_file',
  lead_result: 'calls.lead_result',
  fail_reason: 'calls.fail_reason',
  called_at: 'calls.called_at',
  next_step: 'calls.next_step',
  description: 'calls.description',
};

/** The call log's filters as shown and as the service takes them. */
export function callListQuery(q: Query, timeZone: string) {
  const query: CallListQuery = {
    mine: q.mine === '1' ? '1' : undefined,
    user: queryInt(q, 'user'),
    from: queryString(q, 'from', 10),
    to: queryString(q, 'to', 10),
    lead: queryEnum(q, 'lead', LEAD_RESULTS),
    campaign: queryInt(q, 'campaign'),
    area: queryString(q, 'area'),
    q: queryString(q, 'q'),
  };
  const service = {
    mine: query.mine === '1',
    userId: query.mine ? undefined : query.user,
    from: queryDate(q, 'from', timeZone),
    to: queryDate(q, 'to', timeZone, true),
    leadResult: queryEnum(q, 'lead', LEAD_RESULTS),
    campaignId: query.campaign,
    area: query.area,
    search: query.q,
  };
  return { query, service };
}

export function callsPages(app: FastifyInstance, deps: Deps) {
  app.get('/calls', async (request, reply) => {
    const q = request.query as Query;
    const ctx = request.ctx;
    const { query, service } = callListQuery(q, request.t.timeZone);
    const [page, people, campaigns, areas] = await Promise.all([
      listCalls(ctx, service, pageRequest(q, 25)),
      listUsersForPicker(ctx),
      listCampaignNames(ctx),
      listCallAreas(ctx),
    ]);
    const actor = request.actor!;
    return sendHtml(
      reply,
      <CallsPage
        v={viewContext(request, reply)}
        page={page}
        query={query}
        people={people.map((p) => ({ id: p.id, name: displayName(p) }))}
        campaigns={campaigns.map((c) => ({ id: c.id, name: c.name }))}
        areas={areas}
        canEdit={(c) => canEditCall(actor, c)}
      />,
    );
  });

  app.get('/calls/export', async (request, reply) => {
    const q = request.query as Query;
    const ctx = request.ctx;
    const format = queryEnum(q, 'format', ['csv', 'xlsx'] as const) ?? 'xlsx';
    const { service } = callListQuery(q, request.t.timeZone);
    const table = exportCalls(
      ctx,
      { ...service, userId: service.mine ? ctx.actor!.id : service.userId },
      request.t,
    );
    const now = ctx.clock.now();
    return sendTable(reply, {
      format,
      name: 'calls',
      fileName: exportName(now, request.t.timeZone),
      ...table,
      now,
      reader: tableReaderOf(request.t, deps.config.currency),
    });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    id?: number,
    status = 200,
  ) => {
    // The contact the call is with, named on the form (its id travels in a hidden field).
    const contactId = idParam({ id: form.values.contact_id });
    const contact = contactId ? await getContact(request.ctx, contactId).catch(ignoreNotFound) : undefined;
    return sendHtml(
      reply,
      <CallFormPage
        v={viewContext(request, reply)}
        form={form}
        title={request.t(id ? 'calls.edit' : 'calls.new')}
        action={id ? `/calls/${id}/edit` : '/calls/new'}
        contact={contact ? { id: contact.id, name: fullName(contact) } : undefined}
      />,
      status,
    );
  };

  app.get('/calls/new', async (request, reply) => {
    const q = request.query as Query;
    const ctx = request.ctx;
    // From a contact's page: the person, their phone and their company are filled in.
    const contactId = queryInt(q, 'contact');
    const contact = contactId ? await getContact(ctx, contactId).catch(ignoreNotFound) : undefined;
    const companyId = queryInt(q, 'company_id') ?? contact?.companyId ?? undefined;
    const company = companyId ? await getCompany(ctx, companyId).catch(ignoreNotFound) : undefined;
    return renderForm(
      request,
      reply,
      emptyForm({
        lead_result: 'none',
        called_at: request.t.dateTimeInput(nowIso(ctx)),
        contact_id: contact?.id ?? '',
        company_id: company?.id ?? '',
        company_name: queryString(q, 'company') ?? company?.name ?? '',
        person_name: contact ? fullName(contact) : '',
        phone: queryString(q, 'phone', 40) ?? (contact?.mobilePhone || company?.phone || ''),
      }),
    );
  });

  app.post('/calls/new', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await submitForm(() => createCall(request.ctx, body));
    if (!result.ok)
      return renderForm(request, reply, { values: formValues(body), errors: result.errors }, undefined, 422);
    setFlash(reply, { kind: 'success', key: 'calls.created' });
    return redirect(request, reply, `/calls/${result.value}`);
  });

  app.get('/calls/:id', async (request, reply) => {
    const ctx = request.ctx;
    const call = await getCall(ctx, idParam(request.params));
    return sendHtml(
      reply,
      <CallPage v={viewContext(request, reply)} call={call} canEdit={canEditCall(request.actor!, call)} />,
    );
  });

  app.get('/calls/:id/edit', async (request, reply) => {
    const ctx = request.ctx;
    const id = idParam(request.params);
    const call = await getCall(ctx, id);
    if (!canEditCall(request.actor!, call)) return reply.code(303).redirect(`/calls/${id}`);
    const values = callLogValues(call);
    return renderForm(
      request,
      reply,
      emptyForm({
        ...values,
        called_at: request.t.dateTimeInput(call.calledAt),
        version: call.version,
      }),
      id,
    );
  });

  app.post('/calls/:id/edit', async (request, reply) => {
    const id = idParam(request.params);
    const body = (request.body ?? {}) as Body;
    const ctx = request.ctx;
    const result = await submitForm(() => updateCall(ctx, id, body, { expectedVersion: formVersion(body) }));
    if (!result.ok) {
      const record = { entityType: 'call', id, labels: FIELD_LABELS };
      const form = await refusedForm(ctx, request.t, record, formValues(body), result);
      return renderForm(request, reply, form, id, 422);
    }
    setFlash(reply, { kind: 'success', key: 'calls.updated' });
    return redirect(request, reply, `/calls/${id}`);
  });

  app.get('/calls/:id/delete', async (request, reply) => {
    const ctx = request.ctx;
    const call = await getCall(ctx, idParam(request.params));
    if (!canEditCall(request.actor!, call)) return reply.code(303).redirect(`/calls/${call.id}`);
    return sendHtml(reply, <DeleteCallPage v={viewContext(request, reply)} call={call} />);
  });

  app.post('/calls/:id/delete', async (request, reply) => {
    await deleteCall(request.ctx, idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'calls.deleted' });
    return redirect(request, reply, '/calls');
  });
}
