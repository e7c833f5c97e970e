/**
 * The activity log: who did what, when and from where. Every module records its events here through
 * `recordActivity`, inside the same transaction as the change it describes.
 */

import { type Ctx, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { displayName } from '../../platform/auth/roles.js';
import { fromJson, type PageRequest, pageOf, toJson } from '../../platform/db/sql.js';
import { forbidden } from '../../platform/errors.js';
import * as activityRepo from './activity.repo.js';
import type { ActivityEntry } from './activity.table.js';

export type { ActivityEntry } from './activity.table.js';

/** A log entry as the log page lists it (with its actor's names). */
export type ActivityListItem = Awaited<ReturnType<typeof activityRepo.findMany>>[number];

/** Actions shown in the log's filter; modules add theirs here as they land. */
export const ACTIVITY_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.account_locked',
  'auth.token_issued',
  'user.created',
  'user.signed_up',
  'user.updated',
  'user.roles_changed',
  'user.activated',
  'user.deactivated',
  'user.password_reset',
  'user.password_changed',
  'department.created',
  'department.updated',
  'department.deleted',
  'token.created',
  'token.revoked',
  'file.uploaded',
  'file.deleted',
  'job.retried',
  'job.discarded',
  'announcement.sent',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.note_added',
  'contact.note_edited',
  'order.created',
  'order.updated',
  'order.deleted',
  'report.generated',
  'import.completed',
  'export.downloaded',
  'call.created',
  'call.updated',
  'call.deleted',
  'call_campaign.created',
  'call_campaign.updated',
  'call_campaign.archived',
  'call_campaign.restored',
] as const;

export interface ActivityInput {
  entityType?: string;
  entityId?: number;
  summary?: string;
  details?: Record<string, unknown>;
  /** Defaults to ctx.actor; set for events such as a failed login where nobody is signed in. */
  actorId?: number | null;
  /** The entity's version after this change (versioned rows): `changesSince` finds the entry by it. */
  version?: number;
}

/** The log entry `recordActivity` writes, for a repo that writes it together with its own row. */
export const activityEntry = (ctx: Ctx, action: string, input: ActivityInput = {}): ActivityEntry => ({
  actorId: input.actorId === undefined ? (ctx.actor?.id ?? null) : input.actorId,
  action,
  entityType: input.entityType ?? null,
  entityId: input.entityId ?? null,
  summary: (input.summary ?? '').slice(0, 500),
  details: input.details ? toJson(input.details) : null,
  ip: ctx.ip,
  userAgent: ctx.userAgent?.slice(0, 500) ?? null,
  createdAt: nowIso(ctx),
  entityVersion: input.version ?? null,
});

export async function recordActivity(ctx: Ctx, action: string, input: ActivityInput = {}): Promise<void> {
  await activityRepo.insert(ctx.db, activityEntry(ctx, action, input));
}

/** Lists log entries, newest first. Admins and managers only (`auth.forbidden`). */
export async function listActivity(ctx: Ctx, filter: activityRepo.ActivityFilter, page: PageRequest) {
  requireAllowed(ctx.actor, 'activity.view');
  const [items, total] = await Promise.all([
    activityRepo.findMany(ctx.db, filter, page),
    activityRepo.count(ctx.db, filter),
  ]);
  return pageOf(items, total, page);
}

/**
 * The change history of one record (for its timeline), newest first. The caller's service has already checked
 * that the actor may see the record.
 */
export async function entityHistory(ctx: Ctx, entityType: string, entityId: number, limit = 100) {
  if (!ctx.actor) throw forbidden();
  return activityRepo.findMany(ctx.db, { entityType, entityId }, { page: 1, perPage: limit });
}

/** What happened to a versioned row after the version a writer read: who changed it and each field's value now. */
export interface ChangesSince {
  by: string[];
  /** Field (as clients name it) → its latest value, in the order the fields were first changed. */
  fields: Record<string, unknown>;
}

/**
 * The logged changes of a row past version `since` (for a form that is refused because the row changed
 * meanwhile). The caller's service has already checked that the actor may see the record.
 */
export async function changesSince(
  ctx: Ctx,
  entityType: string,
  entityId: number,
  since: number,
): Promise<ChangesSince> {
  if (!ctx.actor) throw forbidden();
  const entries = await activityRepo.findChangesSince(ctx.db, entityType, entityId, since);
  const by = new Set<string>();
  const fields: Record<string, unknown> = {};
  for (const e of entries) {
    by.add(
      e.username === null
        ? ''
        : displayName({ firstName: e.firstName ?? '', lastName: e.lastName ?? '', username: e.username }),
    );
    const details = fromJson<Record<string, { to?: unknown }>>(e.details, {});
    for (const [field, change] of Object.entries(details)) {
      if (change && typeof change === 'object' && 'to' in change) fields[field] = change.to;
    }
  }
  return { by: [...by], fields };
}
