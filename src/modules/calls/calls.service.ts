import { type Ctx, inTransaction, nowIso, timeZoneOf } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { requireActor } from '../../platform/auth/roles.js';
import { formatIsoMinute, parseLocalDateTime } from '../../platform/dates.js';
import { offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { changeDetails, lockVersioned, updateVersioned } from '../../platform/db/versioned.js';
import { type FieldErrors, forbidden, invalid, notFound } from '../../platform/errors.js';
import { recordActivity } from '../activity/activity.service.js';
import { getCompany } from '../companies/companies.service.js';
import { getContact } from '../contacts/contacts.service.js';
import { discardFile, findAttachedFile } from '../files/files.service.js';
import {
  type CallLogInput,
  type CallLogPatch,
  type CallWithNames,
  checkPhone,
  moneyOrNone,
} from './calls.contract.js';
import { canEditCall } from './calls.policy.js';
import * as callsRepo from './calls.repo.js';
import type { CallRow } from './calls.table.js';
import { announceCallsChanged, callSearchText } from './internal.js';

export type { CallWithNames } from './calls.contract.js';
export type { CallFilter } from './calls.repo.js';

/** A call the actor may see (everyone signed in reads the log). */
export async function getCall(ctx: Ctx, id: number): Promise<CallWithNames> {
  requireActor(ctx.actor);
  const call = await callsRepo.findById(ctx.db, id);
  if (!call) throw notFound('call', id);
  return call;
}

/** A page of the log; `mine` limits it to the actor's calls. */
export async function listCalls(
  ctx: Ctx,
  filter: callsRepo.CallFilter & { search?: string; mine?: boolean },
  page: PageRequest,
) {
  const actor = requireActor(ctx.actor);
  const { search, mine, ...rest } = filter;
  const f: callsRepo.CallFilter = { ...rest, terms: searchTerms(search, ctx.config.defaultCountry) };
  if (mine) f.userId = actor.id;
  const [items, total] = await Promise.all([
    callsRepo.findMany(ctx.db, f, { offset: offsetOf(page), limit: page.perPage }),
    callsRepo.count(ctx.db, f),
  ]);
  return pageOf(items, total, page);
}

/** The latest calls of a company or a contact, for its timeline. */
export async function callsOf(ctx: Ctx, of: { companyId?: number; contactId?: number }, limit = 50) {
  requireActor(ctx.actor);
  return callsRepo.findMany(ctx.db, of, { offset: 0, limit });
}

/** The areas calls were logged in (the log's filter). */
export async function listCallAreas(ctx: Ctx) {
  requireActor(ctx.actor);
  return callsRepo.distinctAreas(ctx.db);
}

function calledAtOf(ctx: Ctx, text: string | undefined): string {
  if (!text) return nowIso(ctx);
  const iso = parseLocalDateTime(text, timeZoneOf(ctx));
  if (!iso) throw invalid('validation', { called_at: { code: 'invalid_date' } });
  return iso;
}

/**
 * The call with its links checked and filled in: the contact and the company it names must exist (field errors
 * otherwise, not a foreign-key failure); a contact's company becomes the call's when it names none, and the
 * company's name its company name when that is empty. A call linked to nothing needs a company name.
 */
async function withLinks(ctx: Ctx, body: CallLogInput): Promise<CallLogInput> {
  const fields: FieldErrors = {};
  const contact =
    body.contact_id === undefined ? undefined : await getContact(ctx, body.contact_id).catch(() => undefined);
  if (body.contact_id !== undefined && !contact) fields.contact_id = { code: 'invalid_choice' };
  const companyId = body.company_id ?? contact?.companyId ?? undefined;
  const company =
    companyId === undefined ? undefined : await getCompany(ctx, companyId).catch(() => undefined);
  if (body.company_id !== undefined && !company) fields.company_id = { code: 'invalid_choice' };
  const companyName = body.company_name || company?.name || '';
  if (!companyName && !contact) fields.company_name = { code: 'required' };
  if (Object.keys(fields).length) throw invalid('validation', fields);
  return { ...body, company_name: companyName, company_id: company?.id };
}

const logFields = (ctx: Ctx, body: CallLogInput) => ({
  companyName: body.company_name,
  phone: body.phone,
  personName: body.person_name,
  position: body.position,
  responsibility: body.responsibility,
  description: body.description,
  dataType: body.data_type,
  amount: body.amount,
  pricePerMonthCents: body.price_per_month ?? null,
  pricePerFileCents: body.price_per_file ?? null,
  leadResult: body.lead_result,
  failReason: body.lead_result === 'fail' ? body.fail_reason : '',
  area: body.area,
  nextStep: body.next_step,
  calledAt: calledAtOf(ctx, body.called_at),
  contactId: body.contact_id ?? null,
  searchText: callSearchText({
    companyName: body.company_name,
    phone: body.phone,
    personName: body.person_name,
    description: body.description,
    area: body.area,
  }),
});

/**
 * Logs a call by hand (seed 000); the actor is its operator. `input` is parsed with the contract's
 * `callLogInput(country)` (phone checked, a company name or a link required).
 */
export async function createCall(ctx: Ctx, input: CallLogInput): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'calls.create');
  const body = await withLinks(ctx, input);
  const fields = logFields(ctx, body);
  const id = await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const callId = await callsRepo.insert(tx.db, {
      ...fields,
      userId: actor.id,
      source: 'manual',
      companyId: body.company_id ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await recordActivity(tx, 'call.created', {
      entityType: 'call',
      entityId: callId,
      summary: body.company_name || body.person_name,
    });
    return callId;
  });
  await announceCallsChanged(ctx);
  return id;
}

/** A call the actor may change (its operator, a manager or an admin; `call.not_yours` otherwise). */
export async function editableCall(ctx: Ctx, id: number) {
  const actor = requireActor(ctx.actor);
  const call = await getCall(ctx, id);
  if (!canEditCall(actor, call)) throw forbidden('call.not_yours');
  return call;
}

/** The call's columns as the log and clients name its fields. */
const LOGGED_FIELDS = {
  companyName: 'company_name',
  phone: 'phone',
  personName: 'person_name',
  position: 'position',
  responsibility: 'responsibility',
  description: 'description',
  dataType: 'data_type',
  amount: 'amount',
  pricePerMonthCents: ['price_per_month', moneyOrNone],
  pricePerFileCents: ['price_per_file', moneyOrNone],
  leadResult: 'lead_result',
  failReason: 'fail_reason',
  area: 'area',
  nextStep: 'next_step',
  calledAt: 'called_at',
  contactId: 'contact_id',
  companyId: 'company_id',
} as const;

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/**
 * The call's logged fields with `patch` over them (fields not sent keep their values): its phone checked (the
 * call's phone now is kept as it is), a company name required unless a contact or a company is linked.
 */
function patched(ctx: Ctx, call: CallRow, patch: CallLogPatch): CallLogInput {
  const merged: CallLogInput = {
    company_name: patch.company_name ?? call.companyName,
    phone: patch.phone ?? call.phone,
    person_name: patch.person_name ?? call.personName,
    position: patch.position ?? call.position,
    responsibility: patch.responsibility ?? call.responsibility,
    description: patch.description ?? call.description,
    data_type: patch.data_type ?? call.dataType,
    amount: patch.amount ?? call.amount,
    price_per_month:
      'price_per_month' in patch ? patch.price_per_month : (call.pricePerMonthCents ?? undefined),
    price_per_file: 'price_per_file' in patch ? patch.price_per_file : (call.pricePerFileCents ?? undefined),
    lead_result: patch.lead_result ?? call.leadResult,
    fail_reason: patch.fail_reason ?? call.failReason,
    area: patch.area ?? call.area,
    next_step: patch.next_step ?? call.nextStep,
    called_at: patch.called_at ?? call.calledAt,
    contact_id: 'contact_id' in patch ? patch.contact_id : (call.contactId ?? undefined),
    company_id: 'company_id' in patch ? patch.company_id : (call.companyId ?? undefined),
  };
  const fields: FieldErrors = {};
  const phone = checkPhone(merged.phone, ctx.config.defaultCountry, call.phone);
  if (phone === null) fields.phone = { code: 'invalid_phone' };
  if (blank(merged.company_name) && merged.contact_id === undefined && merged.company_id === undefined)
    fields.company_name = { code: 'required' };
  if (Object.keys(fields).length) throw invalid('validation', fields);
  return { ...merged, phone: phone ?? merged.phone };
}

/**
 * Changes a call's log fields (its operator, a manager or an admin; `call.not_yours` otherwise). Fields not sent
 * keep their values; only what changes is written, on the call as it is now (locked). `call.changed_meanwhile`
 * when `expectedVersion` is not the call's version.
 */
export async function updateCall(
  ctx: Ctx,
  id: number,
  patch: CallLogPatch,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { row } = await inTransaction(ctx, async (tx) => {
    let summary = '';
    const result = await updateVersioned(tx.db, {
      table: 'calls',
      entity: 'call',
      id,
      expectedVersion: opts.expectedVersion,
      stamp: { updatedAt: nowIso(tx) },
      change: async (call) => {
        if (!canEditCall(actor, call)) throw forbidden('call.not_yours');
        const body = await withLinks(tx, patched(tx, call, patch));
        summary = body.company_name || body.person_name;
        return { ...logFields(tx, body), companyId: body.company_id ?? call.companyId };
      },
    });
    if (Object.keys(result.changed).length > 0) {
      await recordActivity(tx, 'call.updated', {
        entityType: 'call',
        entityId: id,
        summary,
        details: changeDetails(result.row, result.changed, LOGGED_FIELDS),
        version: result.version,
      });
    }
    return result;
  });
  await announceCallsChanged(ctx, row.campaignId);
}

/**
 * Deletes a call and its recording (its operator, a manager or an admin). `call.changed_meanwhile` when
 * `expectedVersion` is not the call's version.
 */
export async function deleteCall(
  ctx: Ctx,
  id: number,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  const call = await editableCall(ctx, id);
  const recording = await callsRepo.findRecording(ctx.db, id);
  await inTransaction(ctx, async (tx) => {
    await lockVersioned(tx.db, 'calls', 'call', id, opts.expectedVersion);
    await callsRepo.deleteById(tx.db, id);
    await recordActivity(tx, 'call.deleted', {
      entityType: 'call',
      entityId: id,
      summary: call.companyName,
    });
  });
  if (recording) await discardFile(ctx, await findAttachedFile(ctx, recording.fileId)).catch(() => {});
  await announceCallsChanged(ctx, call.campaignId);
}

/* ---------- recordings (calls.recordings.ts) ---------- */

export {
  attachRecording,
  discardRecording,
  recordingOf,
  type StoredRecording,
  storeRecording,
} from './calls.recordings.js';

/* ---------- dashboard figures ---------- */

/** Calls by status, per operator with seed 004's points and ratio, and per hour of today. */
export async function callFigures(ctx: Ctx, filter: callsRepo.CallFilter) {
  requireActor(ctx.actor);
  const now = ctx.clock.now();
  // "Today" and its hours are the reader's.
  const zone = timeZoneOf(ctx);
  const dayStart = parseLocalDateTime(formatIsoMinute(now.toISOString(), zone).slice(0, 10), zone)!;
  const [byStatus, operators, today] = await Promise.all([
    callsRepo.countsByStatus(ctx.db, filter),
    callsRepo.operatorPoints(ctx.db, filter),
    callsRepo.calledAtSince(ctx.db, filter, dayStart),
  ]);
  const total = byStatus.reduce((s, r) => s + Number(r.n), 0);
  const byNumber: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  for (const r of byStatus) {
    if (r.numberStatus) byNumber[r.numberStatus] = (byNumber[r.numberStatus] ?? 0) + Number(r.n);
    if (r.callStatus) byOutcome[r.callStatus] = (byOutcome[r.callStatus] ?? 0) + Number(r.n);
  }
  const best = Math.max(0, ...operators.map((o) => Number(o.points)));
  const perHour = Array.from({ length: 24 }, () => 0);
  for (const r of today) perHour[Number(formatIsoMinute(r.calledAt, zone).slice(11, 13))]! += 1;
  return {
    total,
    answered: byNumber.answered ?? 0,
    byNumber,
    byOutcome,
    operators: operators
      .map((o) => ({
        userId: o.userId,
        name: o.username === null ? '—' : [o.firstName, o.lastName].filter(Boolean).join(' ') || o.username,
        calls: Number(o.calls),
        answered: Number(o.answered),
        points: Number(o.points),
        ratio: best > 0 ? Math.round((Number(o.points) / best) * 100) : 0,
      }))
      .sort((a, b) => b.points - a.points),
    perHour,
  };
}
