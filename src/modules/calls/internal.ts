/**
 * What other modules may use of the call log WITHOUT an actor check: each function takes a transaction's `Db`
 * (the caller has checked who may do what it is part of) or no database at all. Guarded operations are in
 * calls.service.ts.
 */
import type { Db } from '../../database.js';
import type { Ctx } from '../../deps.js';
import { foldForSearch } from '../../platform/db/sql.js';
import * as callsRepo from './calls.repo.js';
import type { NewCallRow } from './calls.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** Calls were logged, changed or deleted (the log and dashboards refresh). */
    'calls.changed': { campaignId: number | null };
  }
}

/** Tells the log and the dashboards that calls changed (after the transaction that changed them). */
export const announceCallsChanged = (ctx: Pick<Ctx, 'events'>, campaignId: number | null = null) =>
  ctx.events.publish('calls.changed', { campaignId }, { all: true }).catch(() => {});

/** What a call's search matches: its folded words, and its phone as typed and as digits. */
export const callSearchText = (c: {
  companyName: string;
  phone: string;
  personName: string;
  description: string;
  area?: string;
}) =>
  `${foldForSearch(`${c.companyName} ${c.personName} ${c.description.slice(0, 500)} ${c.area ?? ''}`)} ${c.phone} ${c.phone.replace(/\D/g, '')}`;

/** Inserts a call row (the campaign form's submission, demo seeding), in the caller's transaction. */
export const insertCall = (tx: Db, row: NewCallRow) => callsRepo.insert(tx, row);

/** Attaches a stored recording (a file already kept) to a call, in the caller's transaction. */
export const insertRecording = (
  tx: Db,
  callId: number,
  rec: { file: { id: number; mimeType: string; size: number }; durationMs: number | null },
  now: string,
) =>
  callsRepo.insertRecording(tx, {
    callId,
    fileId: rec.file.id,
    mimeType: rec.file.mimeType,
    durationMs: rec.durationMs,
    size: rec.file.size,
    createdAt: now,
  });

/** How many calls a campaign has (seeding is idempotent by it). */
export const countCallsOf = (db: Db, campaignId: number) => callsRepo.countOfCampaign(db, campaignId);

/**
 * Which calls were with these contacts (ids), in the caller's transaction: what deleting the contacts unlinks
 * (the calls stay in the log). The caller has checked who may delete them.
 */
export const callLinksOfContacts = (tx: Db, contactIds: number[]) =>
  callsRepo.findIdsOfContacts(tx, contactIds);

/** Links calls to their contact again (an undone deletion), in the caller's transaction. */
export async function relinkCalls(tx: Db, links: { id: number; contactId: number | null }[]) {
  const byContact = new Map<number, number[]>();
  for (const l of links)
    if (l.contactId !== null) byContact.set(l.contactId, [...(byContact.get(l.contactId) ?? []), l.id]);
  for (const [contactId, ids] of byContact) await callsRepo.relinkContact(tx, contactId, ids);
}

/* ---------- what other modules' pages and API show of calls ---------- */

export {
  CallResponse,
  type CallWithNames,
  CampaignCallInput,
  operatorName,
  toCallResponse,
} from './calls.contract.js';
export { CALL_STATUSES, LEVELS, NUMBER_STATUSES } from './calls.table.js';
export { Bars, CallOutcome, CallTimeline, HourChart, LeadBadge, RecordingPlayer } from './views/parts.js';
