import { type Actor, hasRole } from '../../platform/auth/roles.js';
import type { CallRow } from './calls.table.js';

/** Operators change their own calls; managers and admins every call (seed 000 left these pages open). */
export const canEditCall = (actor: Actor, call: Pick<CallRow, 'userId'>) =>
  hasRole(actor, 'admin', 'manager') || call.userId === actor.id;
