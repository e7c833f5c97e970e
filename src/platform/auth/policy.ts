/**
 * Who may do what: one rule per action, read by the menu (its entries), the pages (the buttons they show) and the
 * services (which refuse the rest), so the three cannot disagree. A rule that also depends on the record (an
 * operator edits the contacts assigned to them) lives in its module's `.policy.ts`, built on the action here
 * for its "any record" part. `anyone` is every signed-in user, an account without roles included.
 */
import { forbidden } from '../errors.js';
import { type Actor, hasRole, type Role, requireActor } from './roles.js';

const anyone = 'anyone';

export const POLICY = {
  'contacts.create': anyone,
  /** Edit any contact (others edit theirs: contacts.policy.ts). */
  'contacts.edit_any': ['admin', 'manager'],
  /** Delete contacts, one or many, with their orders and notes; undo such a deletion. */
  'contacts.delete': ['admin', 'manager'],
  /** Set the status or the assignee of many contacts at once. */
  'contacts.bulk_edit': ['admin', 'manager'],
  /** Import and export contacts as spreadsheets. */
  'contacts.transfer': ['admin', 'manager'],
  'orders.create': ['admin', 'manager', 'operator'],
  /** Edit any order, its status included. */
  'orders.edit': ['admin', 'manager', 'operator'],
  'orders.delete': ['admin', 'manager'],
  'orders.transfer': ['admin', 'manager'],
  'reports.create': anyone,
  'calls.create': anyone,
  /** Edit and delete any call (operators theirs: calls.policy.ts). */
  'calls.edit_any': ['admin', 'manager'],
  /** The campaigns, their queues and the dashboard. */
  'call_campaigns.view': ['admin', 'manager', 'operator'],
  /** Take a campaign's target and call it. */
  'call_campaigns.call': ['admin', 'manager', 'operator'],
  /** Create, rename, archive campaigns and import their lists. */
  'call_campaigns.organise': ['admin', 'manager'],
  /** The imports page: spreadsheets going in (each importer has its own rule too). */
  'imports.view': ['admin', 'manager'],
  'users.manage': ['admin'],
  'departments.manage': ['admin'],
  'activity.view': ['admin', 'manager'],
  'announcements.send': ['admin', 'manager'],
  'tokens.integration': ['admin'],
  /** Background jobs: watch, retry, cancel, discard. */
  'jobs.manage': ['admin'],
  'outgoing.view': ['admin'],
} as const satisfies Record<string, readonly Role[] | typeof anyone>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** Whether `actor` may do `action` (never when nobody is signed in). */
export function can(actor: Pick<Actor, 'roles'> | null | undefined, action: Action): boolean {
  const rule: readonly Role[] | typeof anyone = POLICY[action];
  return !!actor && (rule === anyone || hasRole(actor, ...rule));
}

/** The signed-in actor if they may do `action`; `auth.required` or `auth.forbidden` otherwise. */
export function requireAllowed(actor: Actor | null | undefined, action: Action): Actor {
  const a = requireActor(actor);
  if (!can(a, action)) throw forbidden();
  return a;
}
