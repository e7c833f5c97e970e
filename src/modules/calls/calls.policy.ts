import { can } from '../../platform/auth/policy.js';
import type { Actor } from '../../platform/auth/roles.js';
import type { CallRow } from './calls.table.js';

/** Operators change their own calls; managers and admins every call (seed 000 left these pages open). */
export const canEditCall = (actor: Actor, call: Pick<CallRow, 'userId'>) =>
  can(actor, 'calls.edit_any') || call.userId === actor.id;
