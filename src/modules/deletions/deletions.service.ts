/**
 * Deletions that can be undone for a while: a module that deletes many records at once (contacts with their
 * orders and notes) keeps what it removed (internal.ts `keepForUndo`, in its own transaction), and takes it back
 * here to restore it through its own service and rules. Only the user who deleted may undo (or an admin), only
 * until it expires, and once.
 */
import type { Ctx } from '../../deps.js';
import { nowIso } from '../../deps.js';
import { hasRole, requireActor } from '../../platform/auth/roles.js';
import { fromJson } from '../../platform/db/sql.js';
import { conflict, notFound } from '../../platform/errors.js';
import * as deletionsRepo from './deletions.repo.js';

/**
 * Takes a kept deletion back for restoring, in the caller's transaction (it is then marked undone): its payload
 * and counts. `deletion.not_found` (also for someone else's, unless an admin), `deletion.expired`,
 * `deletion.restored` (undone already).
 */
export async function takeForUndo<P>(
  tx: Ctx,
  entityType: string,
  id: number,
): Promise<{ payload: P; counts: Record<string, number> }> {
  const actor = requireActor(tx.actor);
  const row = await deletionsRepo.lockById(tx.db, id);
  if (!row || row.entityType !== entityType || (row.actorId !== actor.id && !hasRole(actor, 'admin')))
    throw notFound('deletion', id);
  if (row.restoredAt) throw conflict('deletion.restored');
  const now = nowIso(tx);
  if (row.expiresAt <= now) throw conflict('deletion.expired');
  await deletionsRepo.markRestored(tx.db, id, now);
  return { payload: fromJson<P>(row.payload, {} as P), counts: fromJson(row.counts, {}) };
}
