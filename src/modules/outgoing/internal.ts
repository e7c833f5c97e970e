/** What the maintenance job uses of outgoing requests WITHOUT an actor: upkeep of the attempts log (system context). */
import type { Ctx } from '../../deps.js';
import * as outgoingRepo from './outgoing.repo.js';

/** Drops attempts older than 30 days (the nightly maintenance job). */
export async function purgeOldAttempts(ctx: Ctx): Promise<void> {
  await outgoingRepo.deleteOlderThan(
    ctx.db,
    new Date(ctx.clock.now().getTime() - 30 * 86400_000).toISOString(),
  );
}
