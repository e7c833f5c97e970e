/** Who may do what with campaigns, and when a target refuses a caller: shared by the campaigns' services. */
import type { Ctx } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import type { Actor } from '../../platform/auth/roles.js';
import { conflict } from '../../platform/errors.js';
import type { TargetView } from './call-campaigns.contract.js';

/** Who works campaigns: operators call; managers and admins also set campaigns up. */
export const requireViewer = (ctx: Ctx) => requireAllowed(ctx.actor, 'call_campaigns.view');
export const requireCaller = (ctx: Ctx) => requireAllowed(ctx.actor, 'call_campaigns.call');
export const requireOrganiser = (ctx: Ctx) => requireAllowed(ctx.actor, 'call_campaigns.organise');

/** When a lock taken now expires. */
export const lockUntil = (ctx: Ctx) =>
  new Date(ctx.clock.now().getTime() + ctx.config.callLockSeconds * 1000).toISOString();

/** Why `actor` may not call target `t` now (done, or held by someone else), or null. */
export const refuse = (t: TargetView, actor: Actor) => {
  if (t.state === 'done') return conflict('call_target.done');
  if (t.state === 'in_progress' && t.lockUserId !== actor.id)
    return conflict('call_target.locked', {
      _: { code: 'call_target.locked', params: { name: t.holder ?? '' } },
    });
  return null;
};
