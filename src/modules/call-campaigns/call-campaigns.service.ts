/**
 * Call campaigns (seed 004): a named list of companies to call. Each target is pending, in progress (while an
 * operator holds its lock), waiting for a callback, or done. The lock lives in the database — one holder,
 * taken by a conditional UPDATE, kept alive by the open form's heartbeat and expiring on its own — so the
 * server, not the browser, decides who may call a target. Re-importing a list never deletes a call.
 */

import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { displayName, requireActor } from '../../platform/auth/roles.js';
import { isUniqueViolation, offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import { changeDetails, updateVersioned } from '../../platform/db/versioned.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { recordActivity } from '../activity/activity.service.js';
import { callFigures } from '../calls/calls.service.js';
import type { CampaignInput, CampaignPatch, TargetView } from './call-campaigns.contract.js';
import * as campaignsHot from './call-campaigns.hot.js';
import * as campaignsRepo from './call-campaigns.repo.js';
import { lockUntil, refuse, requireCaller, requireOrganiser, requireViewer } from './call-campaigns.rules.js';
import type { CallCampaignRow, TargetState } from './call-campaigns.table.js';
import { announceTargets } from './internal.js';

export type { TargetView } from './call-campaigns.contract.js';

/* ---------- campaigns ---------- */

export interface CampaignSummary extends CallCampaignRow {
  counts: Record<TargetState, number> & { total: number };
}

const nameTaken = () => conflict('call_campaign.name_taken', { name: { code: 'call_campaign_name_taken' } });

/** Creates a campaign (managers and admins; `call_campaign.name_taken` for a name in use). */
export async function createCampaign(ctx: Ctx, body: CampaignInput): Promise<number> {
  const actor = requireOrganiser(ctx);
  if (await campaignsRepo.findCampaignIdByName(ctx.db, body.name)) throw nameTaken();
  try {
    return await inTransaction(ctx, async (tx) => {
      const now = nowIso(tx);
      const id = await campaignsRepo.insertCampaign(tx.db, {
        name: body.name,
        description: body.description,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await recordActivity(tx, 'call_campaign.created', {
        entityType: 'call_campaign',
        entityId: id,
        summary: body.name,
      });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/**
 * Renames a campaign, changes its description, archives it (out of the operators' list; its calls stay) or
 * brings it back: fields not given keep their values; only what changes is written, on the campaign as it is
 * now (locked). `call_campaign.name_taken`, `call_campaign.changed_meanwhile` when `expectedVersion` is not its
 * version.
 */
export async function updateCampaign(
  ctx: Ctx,
  id: number,
  patch: CampaignPatch,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  requireOrganiser(ctx);
  const { archived, ...fields } = patch;
  try {
    await inTransaction(ctx, async (tx) => {
      const now = nowIso(tx);
      const { row, changed, version } = await updateVersioned(tx.db, {
        table: 'callCampaigns',
        entity: 'call_campaign',
        id,
        expectedVersion: opts.expectedVersion,
        stamp: { updatedAt: now },
        change: async (current) => {
          const body = {
            name: fields.name ?? current.name,
            description: fields.description ?? current.description,
          };
          if (body.name !== current.name) {
            const same = await campaignsRepo.findCampaignIdByName(tx.db, body.name);
            if (same && same.id !== id) throw nameTaken();
          }
          const archivedAt =
            typeof archived === 'boolean' && archived !== (current.archivedAt !== null)
              ? archived
                ? now
                : null
              : undefined;
          return { name: body.name, description: body.description, archivedAt };
        },
      });
      const details = changeDetails(row, changed, { name: 'name', description: 'description' });
      if (Object.keys(details).length > 0) {
        await recordActivity(tx, 'call_campaign.updated', {
          entityType: 'call_campaign',
          entityId: id,
          summary: changed.name ?? row.name,
          details,
          version,
        });
      }
      if (changed.archivedAt !== undefined) {
        await recordActivity(tx, changed.archivedAt ? 'call_campaign.archived' : 'call_campaign.restored', {
          entityType: 'call_campaign',
          entityId: id,
          summary: changed.name ?? row.name,
          version,
        });
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  await announceTargets(ctx, id);
}

/** Archives a campaign (out of the operators' list; its calls stay) or brings it back. */
export const setCampaignArchived = (ctx: Ctx, id: number, archived: boolean) =>
  updateCampaign(ctx, id, { archived });

export async function getCampaign(ctx: Ctx, id: number): Promise<CallCampaignRow> {
  requireViewer(ctx);
  const campaign = await campaignsHot.findCampaign(ctx.db, id);
  if (!campaign) throw notFound('call_campaign', id);
  return campaign;
}

/**
 * Targets by shown state: the stored counts (kept by triggers) with the targets locked right now moved from
 * their stored state to in progress.
 */
async function countsOf(ctx: Ctx, ids: number[]): Promise<Map<number, CampaignSummary['counts']>> {
  const [stored, locked] = await Promise.all([
    campaignsHot.storedCounts(ctx.db, ids),
    campaignsHot.lockedCounts(ctx.db, ids, nowIso(ctx)),
  ]);
  const byId = new Map(ids.map((id) => [id, { pending: 0, in_progress: 0, callback: 0, done: 0, total: 0 }]));
  for (const r of stored) {
    const counts = byId.get(r.campaignId)!;
    counts[r.state] += Number(r.n);
    counts.total += Number(r.n);
  }
  for (const r of locked) {
    if (r.state === 'done') continue;
    const counts = byId.get(r.campaignId)!;
    counts[r.state] -= Number(r.n);
    counts.in_progress += Number(r.n);
  }
  return byId;
}

async function withCounts(ctx: Ctx, campaigns: CallCampaignRow[]): Promise<CampaignSummary[]> {
  const counts = await countsOf(
    ctx,
    campaigns.map((c) => c.id),
  );
  return campaigns.map((c) => ({ ...c, counts: counts.get(c.id)! }));
}

/** Active (or archived) campaigns with their targets counted by state. */
export async function listCampaigns(ctx: Ctx, archived = false): Promise<CampaignSummary[]> {
  requireViewer(ctx);
  return withCounts(ctx, await campaignsRepo.findCampaigns(ctx.db, archived));
}

export async function campaignSummary(ctx: Ctx, id: number): Promise<CampaignSummary> {
  return (await withCounts(ctx, [await getCampaign(ctx, id)]))[0]!;
}

/* ---------- targets and the lock ---------- */

type TargetRow = Awaited<ReturnType<typeof campaignsHot.findTargets>>[number];

/**
 * A target as shown: locked ones are in progress, by their holder. The row just read becomes its view in place,
 * with `extra` fields added: copying its 22 fields for each of a page's 50 rows cost more than the rest of the
 * service.
 */
const viewOf = <E extends object = object>(t: TargetRow, now: string, extra?: E): TargetView & E => {
  const locked = t.state !== 'done' && t.lockUserId !== null && !!t.lockExpiresAt && t.lockExpiresAt > now;
  const view = (extra ? Object.assign(t, extra) : t) as Omit<TargetRow, 'state'> &
    E & { state: TargetView['state']; holder: string | null };
  view.state = locked ? 'in_progress' : t.state;
  view.holder =
    locked && t.holderUsername !== null
      ? displayName({
          firstName: t.holderFirstName ?? '',
          lastName: t.holderLastName ?? '',
          username: t.holderUsername,
        })
      : null;
  return view;
};

/** The campaign's queue: 50 targets a page by default, filtered by state and company search. */
export async function listTargets(
  ctx: Ctx,
  campaignId: number,
  filter: { state?: TargetState; search?: string },
  page: PageRequest,
  /** The campaign's counts when the caller has them already (the queue page shows them too). */
  known?: CampaignSummary['counts'],
) {
  requireViewer(ctx);
  const now = nowIso(ctx);
  const f = {
    campaignId,
    state: filter.state,
    terms: searchTerms(filter.search, ctx.config.defaultCountry),
    now,
  };
  // Without a search the total comes from the kept counts; a search counts its matches.
  const counted = async () => {
    if (f.terms.length > 0) return campaignsRepo.countTargets(ctx.db, f);
    const counts = known ?? (await countsOf(ctx, [campaignId])).get(campaignId)!;
    return filter.state ? counts[filter.state] : counts.total;
  };
  const [rows, total] = await Promise.all([
    campaignsHot.findTargets(ctx.db, f, { offset: offsetOf(page), limit: page.perPage }),
    counted(),
  ]);
  const recorded = await campaignsHot.latestRecordedCalls(
    ctx.db,
    rows.map((r) => r.id),
  );
  const recordingCall = new Map(recorded.map((r) => [r.targetId, Number(r.callId)]));
  return pageOf(
    rows.map((r) => viewOf(r, now, { recordingCallId: recordingCall.get(r.id) ?? null })),
    total,
    page,
  );
}

/** One target as shown, with its version (which its call form carries). */
export async function getTarget(ctx: Ctx, id: number): Promise<TargetView & { version: number }> {
  requireCaller(ctx);
  const t = await campaignsRepo.findTarget(ctx.db, id);
  if (!t) throw notFound('call_target', id);
  return viewOf(t, nowIso(ctx), { version: t.version });
}

/**
 * A target as its call form shows it, without taking it (a GET never writes): whether the actor holds it now.
 * `call_target.locked` (with the holder's name) or `call_target.done` where lockTarget would refuse.
 */
export async function openTarget(
  ctx: Ctx,
  id: number,
): Promise<{ target: TargetView & { version: number }; mine: boolean }> {
  const actor = requireCaller(ctx);
  const target = await getTarget(ctx, id);
  const refused = refuse(target, actor);
  if (refused) throw refused;
  return { target, mine: target.state === 'in_progress' && target.lockUserId === actor.id };
}

/**
 * Takes (or keeps) the lock on a target for the actor. `call_target.locked` (with the holder's name) when
 * another operator holds it, `call_target.done` when it has been called.
 */
export async function lockTarget(
  ctx: Ctx,
  id: number,
): Promise<{ target: TargetView & { version: number }; expiresAt: string }> {
  const actor = requireCaller(ctx);
  const before = await getTarget(ctx, id);
  const refused = refuse(before, actor);
  if (refused) throw refused;
  const expiresAt = lockUntil(ctx);
  const ok = await campaignsRepo.tryLock(ctx.db, id, actor.id, nowIso(ctx), expiresAt);
  const target = await getTarget(ctx, id);
  if (!ok) throw refuse(target, actor) ?? conflict('call_target.locked');
  if (before.state !== 'in_progress') await announceTargets(ctx, target.campaignId, id);
  return { target, expiresAt };
}

/** Keeps the actor's lock alive (`call_target.lock_lost` when it expired and someone else may have it). */
export async function heartbeatTarget(ctx: Ctx, id: number): Promise<string> {
  const actor = requireCaller(ctx);
  const expiresAt = lockUntil(ctx);
  if (await campaignsRepo.extendLock(ctx.db, id, actor.id, nowIso(ctx), expiresAt)) return expiresAt;
  // Expired but nobody took it: take it again rather than lose the call in progress.
  const { expiresAt: again } = await lockTarget(ctx, id).catch(() => {
    throw conflict('call_target.lock_lost');
  });
  return again;
}

/** Gives the target back (cancel, tab closed). A lock the actor does not hold is left alone. */
export async function releaseTarget(ctx: Ctx, id: number): Promise<void> {
  const actor = requireCaller(ctx);
  const target = await getTarget(ctx, id);
  if (await campaignsRepo.releaseLock(ctx.db, id, actor.id))
    await announceTargets(ctx, target.campaignId, id);
}

/**
 * Locks the next target to call for the actor and returns it (null when none is left): the earliest due
 * callback, else the first pending target. Concurrent requests — from one operator or many — never get the same
 * target: each candidate is taken with the same atomic conditional UPDATE. (A target the operator already holds
 * shows as "Resume call" in the queue.)
 */
export async function nextTarget(
  ctx: Ctx,
  campaignId: number,
): Promise<{ target: TargetView; expiresAt: string } | null> {
  const actor = requireCaller(ctx);
  const campaign = await getCampaign(ctx, campaignId);
  if (campaign.archivedAt) throw conflict('call_campaign.archived');
  const taken = await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const expiresAt = lockUntil(tx);
    for (let attempt = 0; attempt < 5; attempt++) {
      // One row at a time: on PostgreSQL each candidate is row-locked (SKIP LOCKED) until this transaction ends,
      // so taking several would hide free targets from concurrent requests.
      const candidates = await campaignsHot.nextCandidates(tx.db, campaignId, now, 1);
      if (candidates.length === 0) return null;
      for (const id of candidates) {
        if (await campaignsRepo.tryLock(tx.db, id, actor.id, now, expiresAt)) return { id, expiresAt };
      }
    }
    return null;
  });
  if (!taken) return null;
  await announceTargets(ctx, campaignId, taken.id);
  return { target: await getTarget(ctx, taken.id), expiresAt: taken.expiresAt };
}

/* ---------- dashboard ---------- */

/** Seed 004's dashboard: targets by state, calls, answered, outcomes, operators' points and ratio, calls per hour today. */
export async function campaignDashboard(ctx: Ctx, campaignId?: number) {
  requireViewer(ctx);
  const campaigns =
    campaignId === undefined ? await listCampaigns(ctx) : [await campaignSummary(ctx, campaignId)];
  const targets = { pending: 0, in_progress: 0, callback: 0, done: 0, total: 0 };
  for (const c of campaigns)
    for (const k of Object.keys(targets) as (keyof typeof targets)[]) targets[k] += c.counts[k];
  const calls = await callFigures(ctx, campaignId === undefined ? {} : { campaignId });
  return { targets, calls, campaigns };
}

/** The import of a list into a campaign: managers and admins, into a campaign that is not archived. */
export async function checkImportInto(ctx: Ctx, campaignId: number | null): Promise<void> {
  requireOrganiser(ctx);
  if (campaignId === null) throw invalid('validation', { scope: { code: 'required' } });
  const campaign = await getCampaign(ctx, campaignId);
  if (campaign.archivedAt) throw conflict('call_campaign.archived');
}

/**
 * Each company's status as seed 004 showed it: the state of its latest campaign target (`in_progress` while an
 * operator holds it); companies no campaign took are missing from the map.
 */
export async function companyStates(ctx: Ctx, companyIds: number[]): Promise<Map<number, TargetState>> {
  requireActor(ctx.actor);
  const now = nowIso(ctx);
  const rows = await campaignsRepo.latestTargetsOfCompanies(ctx.db, companyIds);
  return new Map(
    rows.map((t) => [
      t.companyId,
      t.state !== 'done' && t.lockUserId !== null && t.lockExpiresAt && t.lockExpiresAt > now
        ? 'in_progress'
        : t.state,
    ]),
  );
}

/** Active campaigns' ids and names (filters and pickers; no counts). */
export async function listCampaignNames(ctx: Ctx) {
  requireActor(ctx.actor);
  return campaignsRepo.findCampaignNames(ctx.db);
}
