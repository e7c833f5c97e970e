/**
 * What other modules (and this module's importer) may use of call campaigns WITHOUT an actor check: each function
 * takes the caller's transaction `Db` (the caller has checked who may do what it is part of) or, for the seeding
 * tools, a system context. Guarded operations are in call-campaigns.service.ts.
 */
import type { Db } from '../../database.js';
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { type CompanyFields, newCompanyRow } from '../companies/internal.js';
import * as campaignsHot from './call-campaigns.hot.js';
import * as campaignsRepo from './call-campaigns.repo.js';
import type { NewCampaignTargetRow, StoredTargetState } from './call-campaigns.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** A target was taken, released or called: queues update the row, dashboards their figures. */
    'call_targets.changed': { campaignId: number; targetId: number | null };
  }
}

/** Tells queues and dashboards that a campaign's targets changed (after the transaction that changed them). */
export const announceTargets = (
  ctx: Pick<Ctx, 'events'>,
  campaignId: number,
  targetId: number | null = null,
) => ctx.events.publish('call_targets.changed', { campaignId, targetId }, { all: true }).catch(() => {});

/* ---------- an import into a campaign (the importer checks who may import) ---------- */

/** Removes the campaign's never-called pending targets (the "replace" import), in the caller's transaction. */
export async function clearUncalledTargets(tx: Db, campaignId: number, now: string): Promise<number> {
  const r = await campaignsRepo.deleteUncalledPending(tx, campaignId, now);
  return Number(r.numDeletedRows);
}

/** Companies known by these phone keys, with their target in this campaign (`targetId`) if any. */
export const knownByPhone = (tx: Db, campaignId: number, keys: string[]) =>
  campaignsHot.findKnownByPhoneKeys(tx, campaignId, keys);

/** Targets of companies Sova knows, in the caller's transaction. */
export const insertTargets = (tx: Db, rows: NewCampaignTargetRow[]) => campaignsRepo.insertTargets(tx, rows);

/** Companies new to Sova with their targets in this campaign (an import), in the caller's transaction. */
export const insertCompaniesAsTargets = (
  tx: Db,
  campaignId: number,
  rows: Parameters<typeof campaignsHot.insertCompaniesAsTargets>[2],
  now: string,
) => campaignsHot.insertCompaniesAsTargets(tx, campaignId, rows, now);

/* ---------- demo and benchmark data ---------- */

/**
 * For `sova seed-demo` (a system context): the campaign named `name` with `companies` as targets (created once;
 * an existing campaign of that name gets only the targets it lacks, counted by position).
 */
export async function seedCampaign(
  ctx: Ctx,
  name: string,
  description: string,
  companies: { fields: CompanyFields; state: StoredTargetState }[],
  progress?: (done: number, total: number) => void,
): Promise<{ campaignId: number; added: number }> {
  const now = nowIso(ctx);
  const existing = await campaignsRepo.findCampaignIdByName(ctx.db, name);
  const campaignId =
    existing?.id ??
    (await campaignsRepo.insertCampaign(ctx.db, {
      name,
      description,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    }));
  const have = (await campaignsHot.storedCounts(ctx.db, [campaignId])).reduce((s, r) => s + Number(r.n), 0);
  for (let start = have; start < companies.length; start += 1000) {
    const batch = companies.slice(start, start + 1000);
    await inTransaction(ctx, (tx) =>
      campaignsHot.insertCompaniesAsTargets(
        tx.db,
        campaignId,
        batch.map((c) => ({ company: newCompanyRow(c.fields, null, now), state: c.state })),
        now,
      ),
    );
    progress?.(Math.min(companies.length, start + 1000), companies.length);
  }
  return { campaignId, added: Math.max(0, companies.length - have) };
}

/** The campaign's targets in list order (demo seeding attaches calls to them). */
export const targetsForSeeding = (db: Db, campaignId: number, now: string, limit: number) =>
  campaignsHot.findTargets(db, { campaignId, now }, { offset: 0, limit });

/** Records that a target was called (seeding: the demo's calls), in the caller's transaction. */
export const markCalled = (tx: Db, targetId: number, state: 'callback' | 'done', at: string) =>
  campaignsRepo.updateTarget(tx, targetId, { state, callsCount: 1, lastCallAt: at, updatedAt: at });

/* ---------- what other modules show of campaigns ---------- */

export type { TargetState } from './call-campaigns.table.js';
export { CompanyStateBadge } from './views/parts.js';
