/**
 * The call log: every call, whether made from a campaign's guided form (seed 004) or logged by hand (seed
 * 000's "touches"), with its recording. Everyone signed in reads the log; operators change and delete their
 * own calls, managers and admins every call.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { UploadKind } from '../../config.js';
import { type Ctx, inTransaction, nowIso, timeZoneOf } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { requireActor } from '../../platform/auth/roles.js';
import { formatIsoMinute, parseLocalDateTime } from '../../platform/dates.js';
import { foldForSearch, offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { changeDetails, lockVersioned, updateVersioned } from '../../platform/db/versioned.js';
import {
  type FieldErrors,
  forbidden,
  invalid,
  notFound,
  tooLarge,
  unsupported,
} from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import { audioDurationMs, finishWebm } from '../../platform/media/audio.js';
import { acceptedType, detectMime } from '../../platform/storage/inspect.js';
import type { ByteRange } from '../../platform/storage/storage.js';
import type { Cell, Column } from '../../platform/tabular/write.js';
import { checkInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { formatScore, getCompany } from '../companies/companies.service.js';
import { getContact } from '../contacts/contacts.service.js';
import {
  discardFile,
  type FileContent,
  findAttachedFile,
  openContentOf,
  uploadFile,
} from '../files/files.service.js';
import type { FileRow } from '../files/index.js';
import { formatMoney } from '../orders/orders.schema.js';
import { canEditCall } from './calls.policy.js';
import * as callsRepo from './calls.repo.js';
import { type CallLogBody, type CallWithNames, callLogBody, surveyStatus } from './calls.schema.js';
import type { CallRow, NewCallRow } from './calls.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** Calls were logged, changed or deleted (the log and dashboards refresh). */
    'calls.changed': { campaignId: number | null };
  }
}

export type { CallFilter } from './calls.repo.js';
export type { CallWithNames } from './calls.schema.js';

export const announceCallsChanged = (ctx: Ctx, campaignId: number | null = null) =>
  ctx.events.publish('calls.changed', { campaignId }, { all: true }).catch(() => {});

export const callSearchText = (c: {
  companyName: string;
  phone: string;
  personName: string;
  description: string;
  area?: string;
}) =>
  `${foldForSearch(`${c.companyName} ${c.personName} ${c.description.slice(0, 500)} ${c.area ?? ''}`)} ${c.phone} ${c.phone.replace(/\D/g, '')}`;

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

/**
 * Which calls were with these contacts (ids), in the caller's transaction: what deleting the contacts unlinks
 * (the calls stay in the log). The caller has checked who may delete them.
 */
export const callLinksOfContacts = (tx: Ctx, contactIds: number[]) =>
  callsRepo.findIdsOfContacts(tx.db, contactIds);

/** Links calls to their contact again (an undone deletion), in the caller's transaction. */
export async function relinkCalls(tx: Ctx, links: { id: number; contactId: number | null }[]) {
  const byContact = new Map<number, number[]>();
  for (const l of links)
    if (l.contactId !== null) byContact.set(l.contactId, [...(byContact.get(l.contactId) ?? []), l.id]);
  for (const [contactId, ids] of byContact) await callsRepo.relinkContact(tx.db, contactId, ids);
}

/** The latest calls of a company or a contact, for its timeline. */
export async function callsOf(ctx: Ctx, of: { companyId?: number; contactId?: number }, limit = 50) {
  requireActor(ctx.actor);
  return callsRepo.findMany(ctx.db, of, { offset: 0, limit });
}

export const listCallAreas = (ctx: Ctx) => callsRepo.distinctAreas(ctx.db);

function calledAtOf(ctx: Ctx, text: string | undefined): string {
  if (!text) return nowIso(ctx);
  const iso = parseLocalDateTime(text, timeZoneOf(ctx));
  if (!iso) throw invalid('validation', { called_at: { code: 'invalid_date' } });
  return iso;
}

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/**
 * A call's fields, parsed (`validation` with every field error at once): a call linked to neither a contact
 * nor a company needs a company name.
 */
function parseCallLog(schema: z.ZodType<CallLogBody>, input: unknown): CallLogBody {
  const raw = (input ?? {}) as Record<string, unknown>;
  const r = checkInput(schema, input);
  const fields: FieldErrors = r.ok ? {} : { ...r.fields };
  if (blank(raw.company_name) && blank(raw.contact_id) && blank(raw.company_id))
    fields.company_name ??= { code: 'required' };
  if (!r.ok || Object.keys(fields).length) throw invalid('validation', fields);
  return r.value;
}

/**
 * The call with its links checked and filled in: the contact and the company it names must exist (field errors
 * otherwise, not a foreign-key failure); a contact's company becomes the call's when it names none, and the
 * company's name its company name when that is empty. A call linked to nothing needs a company name.
 */
async function withLinks(ctx: Ctx, body: CallLogBody): Promise<CallLogBody> {
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

const logFields = (ctx: Ctx, body: CallLogBody) => ({
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

/** Logs a call by hand (seed 000); the actor is its operator. */
export async function createCall(ctx: Ctx, input: unknown): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'calls.create');
  const body = await withLinks(ctx, parseCallLog(callLogBody(ctx.config.defaultCountry), input));
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

async function editableCall(ctx: Ctx, id: number) {
  const actor = requireActor(ctx.actor);
  const call = await getCall(ctx, id);
  if (!canEditCall(actor, call)) throw forbidden('call.not_yours');
  return call;
}

/** A call's log fields as the form and the API name them. */
export const callLogValues = (c: CallRow) => ({
  company_name: c.companyName,
  phone: c.phone,
  person_name: c.personName,
  position: c.position,
  responsibility: c.responsibility,
  description: c.description,
  data_type: c.dataType,
  amount: c.amount,
  price_per_month: c.pricePerMonthCents === null ? '' : formatMoney(c.pricePerMonthCents),
  price_per_file: c.pricePerFileCents === null ? '' : formatMoney(c.pricePerFileCents),
  lead_result: c.leadResult,
  fail_reason: c.failReason,
  area: c.area,
  next_step: c.nextStep,
  called_at: c.calledAt,
  contact_id: c.contactId ?? '',
  company_id: c.companyId ?? '',
});

const moneyOrNone = (cents: number | null) => (cents === null ? null : formatMoney(cents));

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

/**
 * Changes a call's log fields (its operator, a manager or an admin; `call.not_yours` otherwise). Fields not sent
 * keep their values; only what changes is written, on the call as it is now (locked). `call.changed_meanwhile`
 * when `expectedVersion` is not the call's version.
 */
export async function updateCall(
  ctx: Ctx,
  id: number,
  input: unknown,
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
        const schema = callLogBody(tx.config.defaultCountry, call.phone);
        const body = await withLinks(
          tx,
          parseCallLog(schema, { ...callLogValues(call), ...(input as object) }),
        );
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

/* ---------- recordings ---------- */

export interface StoredRecording {
  file: FileRow;
  durationMs: number | null;
}

/** Reads a stream into memory up to `limit` bytes (`file.too_large` beyond). */
async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw tooLarge('file.too_large', { limit_mb: Math.round(limit / 1024 / 1024) });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Stores a call recording: checks its size and that it is audio a player can play, measures its real duration,
 * makes a browser WebM seekable, and keeps it as a file. Outside any transaction (storage is external I/O).
 * Throws `file.audio_unreadable` for content that starts like audio but holds none (a WAV header over
 * anything else), besides uploadFile's refusals.
 */
export async function storeRecording(
  ctx: Ctx,
  input: { stream: Readable; filename: string | undefined },
): Promise<StoredRecording> {
  const kind: UploadKind = 'audio';
  const limit = ctx.config.uploadLimits[kind];
  const raw = await readLimited(input.stream, limit);
  if (raw.length === 0) throw invalid('validation', { recording: { code: 'recording_empty' } });
  const webm = finishWebm(raw);
  // Types are told from the first bytes; only decoding shows whether anything playable follows them.
  const type = await detectMime(webm.data.subarray(0, 64 * 1024));
  const durationMs = webm.durationMs ?? (await audioDurationMs(webm.data, type));
  if (durationMs === null && acceptedType(kind, type)) throw unsupported('file.audio_unreadable', { type });
  const file = await uploadFile(ctx, { stream: Readable.from([webm.data]), filename: input.filename, kind });
  return { file, durationMs };
}

/** Attaches a stored recording to a call, in the caller's transaction. */
export const insertRecording = (tx: Ctx, callId: number, rec: StoredRecording) =>
  callsRepo.insertRecording(tx.db, {
    callId,
    fileId: rec.file.id,
    mimeType: rec.file.mimeType,
    durationMs: rec.durationMs,
    size: rec.file.size,
    createdAt: nowIso(tx),
  });

/** Inserts a call row in the caller's transaction (the campaign form's submission). */
export const insertCall = (tx: Ctx, row: NewCallRow) => callsRepo.insert(tx.db, row);

/** Deletes a stored recording that could not be attached (its call was refused). */
export async function discardRecording(ctx: Ctx, rec: StoredRecording) {
  await discardFile(ctx, rec.file).catch(() => {});
}

/** Adds or replaces a call's recording (the call's operator, a manager or an admin). */
export async function attachRecording(
  ctx: Ctx,
  callId: number,
  input: { stream: Readable; filename: string | undefined },
): Promise<void> {
  const call = await editableCall(ctx, callId);
  const rec = await storeRecording(ctx, input);
  const old = await callsRepo.findRecording(ctx.db, callId);
  await inTransaction(ctx, async (tx) => {
    await callsRepo.deleteRecording(tx.db, callId);
    await insertRecording(tx, callId, rec);
    await callsRepo.touch(tx.db, callId, nowIso(tx));
  });
  if (old) await discardFile(ctx, await findAttachedFile(ctx, old.fileId)).catch(() => {});
  await announceCallsChanged(ctx, call.campaignId);
}

/** The recording of a call the actor may see: its file record and a way to open (a range of) it. */
export async function recordingOf(
  ctx: Ctx,
  callId: number,
): Promise<{ file: FileRow; open: (range: ByteRange | null) => Promise<FileContent> }> {
  await getCall(ctx, callId);
  const rec = await callsRepo.findRecording(ctx.db, callId);
  if (!rec) throw notFound('recording', callId);
  const file = await findAttachedFile(ctx, rec.fileId);
  return { file, open: (range) => openContentOf(ctx, file, range) };
}

/* ---------- export (seed 004's consolidated file) ---------- */

/** Seed 004's file name: `PME_Transformation_consolidee_<YYYYMMDD>`, the reader's today. */
export const exportName = (now: Date, timeZone: string) =>
  `PME_Transformation_consolidee_${formatIsoMinute(now.toISOString(), timeZone).slice(0, 10).replaceAll('-', '')}`;

/**
 * The calls matching `filter` as seed 004's export (headers in the reader's language), read in keyset pages
 * so a large export streams in constant memory.
 */
export function exportCalls(
  ctx: Ctx,
  filter: callsRepo.CallFilter & { search?: string },
  t: Translate,
): { columns: Column[]; rows: AsyncIterable<Cell[]> } {
  requireActor(ctx.actor);
  const { search, ...rest } = filter;
  const f: callsRepo.CallFilter = { ...rest, terms: searchTerms(search, ctx.config.defaultCountry) };
  const columns: Column[] = [
    { title: t('calls.export.company') },
    { title: t('calls.export.phone') },
    { title: t('companies.product') },
    { title: t('companies.activity') },
    { title: t('companies.location') },
    { title: t('companies.legal_form') },
    { title: t('companies.niu') },
    { title: t('companies.validity_score'), kind: 'number' },
    { title: t('calls.number_status') },
    { title: t('calls.call_status') },
    { title: t('calls.presentation_level') },
    { title: t('calls.free_questions_level') },
    { title: t('calls.guided_questions_level') },
    { title: t('calls.survey_status') },
    // Seed 004's "YYYY-MM-DD HH:MM": a date cell so formatted in .xlsx, that text in CSV.
    { title: t('calls.export.date_time'), kind: 'datetime' },
    { title: t('calls.export.voice_recording') },
    { title: t('calls.operator') },
  ];
  const level = (l: string) => (l ? t.dynamic(`calls.level.${l}`) : '');
  // Batches are small and each row is let go once written: the file's reader sets the pace, and rows held
  // while the response waits for it would outlive young-generation collections and pile up in the old one (a
  // batch of 1,000 rows grew the heap by 100 MB over an export of 100,000 calls; 250 rows, by none).
  const BATCH = 250;
  type ExportRow = Awaited<ReturnType<typeof callsRepo.exportBatch>>[number];
  async function* rows(): AsyncGenerator<Cell[]> {
    let before: { calledAt: string; id: number } | null = null;
    for (;;) {
      const batch: Array<ExportRow | undefined> = await callsRepo.exportBatch(ctx.db, f, before, BATCH);
      const n = batch.length;
      const last = batch[n - 1];
      for (let i = 0; i < n; i++) {
        const c = batch[i]!;
        batch[i] = undefined;
        yield [
          c.coName ?? c.companyName,
          c.coPhone ?? c.phone,
          c.product ?? '',
          c.activity ?? '',
          c.location ?? '',
          c.legalForm ?? '',
          c.niu ?? '',
          c.validityScoreTenths === null ? '' : Number(formatScore(c.validityScoreTenths)),
          c.numberStatus ? t.dynamic(`calls.number_status.${c.numberStatus}`) : '',
          c.callStatus ? t.dynamic(`calls.call_status.${c.callStatus}`) : '',
          level(c.presentationLevel),
          level(c.freeQuestionsLevel),
          level(c.guidedQuestionsLevel),
          t.dynamic(`calls.survey.${surveyStatus(c)}`),
          c.calledAt,
          c.recordingId === null ? t('common.no') : t('common.yes'),
          c.operatorUsername === null
            ? ''
            : [c.operatorFirstName, c.operatorLastName].filter(Boolean).join(' ') || c.operatorUsername,
        ];
      }
      if (n < BATCH || !last) return;
      before = { calledAt: last.calledAt, id: last.id };
    }
  }
  return { columns, rows: rows() };
}

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

/** How many calls a campaign has (seeding is idempotent by it). */
export const countCallsOf = (ctx: Ctx, campaignId: number) => callsRepo.countOfCampaign(ctx.db, campaignId);
