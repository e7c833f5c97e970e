/**
 * What other modules may call on deletions without an actor check: keeping a deletion for its undo (in the
 * deleting module's transaction, whose service has checked the actor) and the nightly purge (a system job).
 * Taking a deletion back, which checks who asks, is in deletions.service.ts.
 */
import type { Ctx } from '../../deps.js';
import { nowIso } from '../../deps.js';
import { toJson } from '../../platform/db/sql.js';
import * as deletionsRepo from './deletions.repo.js';

/** How long a deletion can be undone. */
export const UNDO_MINUTES = 10;

/** Keeps what a deletion removed, in the caller's transaction; returns its id (what an undo names). */
export async function keepForUndo(
  tx: Ctx,
  entityType: string,
  counts: Record<string, number>,
  payload: unknown,
): Promise<number> {
  const now = tx.clock.now();
  return deletionsRepo.insert(tx.db, {
    entityType,
    actorId: tx.actor?.id ?? null,
    counts: toJson(counts),
    payload: toJson(payload),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + UNDO_MINUTES * 60_000).toISOString(),
    restoredAt: null,
  });
}

/** Drops the deletions that can no longer be undone (the nightly cleanup). */
export const purgeExpiredDeletions = (ctx: Ctx) => deletionsRepo.deleteExpired(ctx.db, nowIso(ctx));
