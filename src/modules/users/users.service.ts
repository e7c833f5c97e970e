/**
 * Users are the people who sign in to Sova. An account has roles (admin, manager, marketer, operator — several
 * allowed), may belong to a department, and is inactive until an admin activates it when sign-up needs approval.
 * Invariants: usernames (case-insensitive) and emails are unique; at least one active admin always remains.
 */

import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { hashPassword, verifyPassword } from '../../platform/auth/crypto.js';
import { can, requireAllowed } from '../../platform/auth/policy.js';
import { displayName, requireActor } from '../../platform/auth/roles.js';
import { type PageRequest, pageOf } from '../../platform/db/sql.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { revokeUserSessions } from '../auth/internal.js';
// Departments name their manager through this module too: the two services import each other, functions only.
import { getDepartment } from '../departments/departments.service.js';
import { forgetUser } from './actor-cache.js';
import {
  PasswordChangeBody,
  PasswordResetBody,
  ProfileBody,
  SignupBody,
  UserCreateBody,
  UserUpdateBody,
} from './users.contract.js';
import * as usersRepo from './users.repo.js';
import { assertUnique, insertUser, lockAdmins, writeUserChange } from './users.writes.js';

export type { UserFilter } from './users.repo.js';

/**
 * Creates the first account, an active admin. Only while no user exists (`setup.done` otherwise), so the
 * setup page cannot be replayed to take over an installation.
 */
export async function createFirstAdmin(ctx: Ctx, input: unknown): Promise<number> {
  const body = parseInput(SignupBody, input);
  const passwordHash = await hashPassword(body.password);
  return inTransaction(ctx, async (tx) => {
    if ((await usersRepo.count(tx.db)) > 0) throw conflict('setup.done');
    const now = nowIso(tx);
    const id = await usersRepo.insert(tx.db, {
      username: body.username,
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
      position: body.position,
      passwordHash,
      active: 1,
      locale: null,
      departmentId: null,
      telegramId: null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await usersRepo.replaceRoles(tx.db, id, ['admin']);
    await recordActivity(tx, 'user.created', {
      actorId: id,
      entityType: 'user',
      entityId: id,
      summary: body.username,
      details: { first_admin: true },
    });
    return id;
  });
}

/**
 * Self-service sign-up with seed 000's fields. With SIGNUP=approval the account stays inactive until an admin
 * activates it; SIGNUP=closed refuses (`auth.signup_closed`).
 */
export async function signUp(ctx: Ctx, input: unknown): Promise<{ id: number; active: boolean }> {
  if (ctx.config.signup === 'closed') throw forbidden('auth.signup_closed');
  const body = parseInput(SignupBody, input);
  const active = ctx.config.signup === 'open';
  const id = await insertUser(ctx, { ...body, active, roles: [] });
  await recordActivity(ctx, 'user.signed_up', {
    actorId: id,
    entityType: 'user',
    entityId: id,
    summary: body.username,
    details: { active },
  });
  return { id, active };
}

/** The department an account is put in must exist (`department_id` field error otherwise). */
async function checkDepartment(ctx: Ctx, id: number | null) {
  if (id !== null && !(await getDepartment(ctx, id).catch(() => undefined)))
    throw invalid('validation', { department_id: { code: 'invalid_choice' } });
}

/** Admin creates an account with roles and department. */
export async function createUser(ctx: Ctx, input: unknown): Promise<number> {
  requireAllowed(ctx.actor, 'users.manage');
  const body = parseInput(UserCreateBody, input);
  await checkDepartment(ctx, body.department_id);
  const id = await insertUser(ctx, { ...body, active: body.active });
  await recordActivity(ctx, 'user.created', {
    entityType: 'user',
    entityId: id,
    summary: body.username,
    details: { roles: body.roles, active: body.active },
  });
  return id;
}

/**
 * Admin edits an account: fields, roles, department, active flag (the whole form). Only what changes is written;
 * `user.changed_meanwhile` when `expectedVersion` is not the account's version.
 */
export async function updateUser(
  ctx: Ctx,
  id: number,
  input: unknown,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  const actor = requireAllowed(ctx.actor, 'users.manage');
  const body = parseInput(UserUpdateBody, input);
  await checkDepartment(ctx, body.department_id);
  await inTransaction(ctx, async (tx) => {
    const assertAdminRemains = await lockAdmins(tx, !(body.active && body.roles.includes('admin')));
    await writeUserChange(tx, id, opts.expectedVersion, async (user) => {
      if (id === actor.id && !body.active) throw conflict('users.self_deactivate');
      assertAdminRemains(user);
      await assertUnique(tx, body, id);
      return {
        set: {
          username: body.username,
          email: body.email,
          firstName: body.first_name,
          lastName: body.last_name,
          position: body.position,
          departmentId: body.department_id,
          active: body.active ? 1 : 0,
          locale: body.locale,
        },
        roles: body.roles,
      };
    });
  });
  forgetUser(id);
}

/** Activates or deactivates an account; deactivation signs it out everywhere. */
export async function setUserActive(ctx: Ctx, id: number, active: boolean): Promise<void> {
  const actor = requireAllowed(ctx.actor, 'users.manage');
  await inTransaction(ctx, async (tx) => {
    const assertAdminRemains = await lockAdmins(tx, !active);
    await writeUserChange(tx, id, undefined, async (user) => {
      if (!active && id === actor.id) throw conflict('users.self_deactivate');
      assertAdminRemains(user);
      return { set: { active: active ? 1 : 0 } };
    });
  });
  forgetUser(id);
}

/** Admin sets a new password for someone; their sessions and refresh tokens end. */
export async function resetUserPassword(ctx: Ctx, id: number, input: unknown): Promise<void> {
  requireAllowed(ctx.actor, 'users.manage');
  const body = parseInput(PasswordResetBody, input);
  const passwordHash = await hashPassword(body.password);
  await inTransaction(ctx, async (tx) => {
    const user = await usersRepo.findById(tx.db, id);
    if (!user) throw notFound('user', id);
    await usersRepo.updateById(tx.db, id, { passwordHash, updatedAt: nowIso(tx) });
    await revokeUserSessions(tx, id);
    await recordActivity(tx, 'user.password_reset', {
      entityType: 'user',
      entityId: id,
      summary: user.username,
    });
  });
  forgetUser(id);
}

/** The signed-in user changes their password; their other sessions end (`current_password_wrong`). */
export async function changeOwnPassword(ctx: Ctx, input: unknown): Promise<void> {
  const actor = requireActor(ctx.actor);
  const body = parseInput(PasswordChangeBody, input);
  const user = await usersRepo.findById(ctx.db, actor.id);
  if (!user) throw notFound('user', actor.id);
  if (!(await verifyPassword(user.passwordHash, body.current_password))) {
    throw invalid('validation', { current_password: { code: 'current_password_wrong' } });
  }
  const passwordHash = await hashPassword(body.password);
  await inTransaction(ctx, async (tx) => {
    await usersRepo.updateById(tx.db, actor.id, { passwordHash, updatedAt: nowIso(tx) });
    await revokeUserSessions(tx, actor.id, actor.sessionId);
    await recordActivity(tx, 'user.password_changed', { entityType: 'user', entityId: actor.id });
  });
  forgetUser(actor.id);
}

/**
 * The signed-in user edits their own profile and language: fields not given keep their values; only what
 * changes is written (`user.changed_meanwhile` when `expectedVersion` is not the account's version).
 */
export async function updateOwnProfile(
  ctx: Ctx,
  input: Record<string, unknown>,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  const actor = requireActor(ctx.actor);
  await inTransaction(ctx, (tx) =>
    writeUserChange(tx, actor.id, opts.expectedVersion, async (user) => {
      const body = parseInput(ProfileBody, {
        first_name: user.firstName,
        last_name: user.lastName,
        email: user.email,
        position: user.position,
        locale: user.locale,
        time_zone: user.timeZone,
        ...input,
      });
      await assertUnique(tx, { email: body.email }, actor.id);
      return {
        set: {
          firstName: body.first_name,
          lastName: body.last_name,
          email: body.email,
          position: body.position,
          locale: body.locale,
          timeZone: body.time_zone,
        },
      };
    }),
  );
  forgetUser(actor.id);
}

/** Sets only the language (the language switcher). */
export async function setOwnLocale(ctx: Ctx, locale: string | null): Promise<void> {
  const actor = requireActor(ctx.actor);
  await inTransaction(ctx, (tx) =>
    writeUserChange(tx, actor.id, undefined, async () => ({ set: { locale } })),
  );
  forgetUser(actor.id);
}

/** Lists users for the admin pages. */
export async function listUsers(ctx: Ctx, filter: usersRepo.UserFilter, page: PageRequest) {
  requireAllowed(ctx.actor, 'users.manage');
  const [rows, total] = await Promise.all([
    usersRepo.findMany(ctx.db, filter, page),
    usersRepo.countMatching(ctx.db, filter),
  ]);
  const roles = await usersRepo.rolesOfMany(
    ctx.db,
    rows.map((r) => r.id),
  );
  return pageOf(
    rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })),
    total,
    page,
  );
}

/** One user with roles; admins see anyone, others only themselves. */
export async function getUser(ctx: Ctx, id: number) {
  const actor = requireActor(ctx.actor);
  if (actor.id !== id && !can(actor, 'users.manage')) throw forbidden();
  const user = await usersRepo.findById(ctx.db, id);
  if (!user) throw notFound('user', id);
  return { ...user, roles: await usersRepo.rolesOf(ctx.db, id) };
}

export const listUsersForPicker = (ctx: Ctx) => usersRepo.listForPicker(ctx.db);

/** For another module's files: the name shown for each of these users (their names, else their username). */
export async function userNamesOf(ctx: Ctx, ids: Iterable<number>): Promise<Map<number, string>> {
  const rows = await usersRepo.findNamesByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((u) => [u.id, displayName(u)]));
}

/** For another module's reference to a user (an assignee): whether the account exists, active or not. */
export const userExists = async (ctx: Ctx, id: number) =>
  (await usersRepo.findById(ctx.db, id)) !== undefined;

/**
 * `sova createsuperuser`: an active admin created from the command line. Whoever can run the CLI already
 * controls the server, so no actor is needed; the activity log records it as the system.
 */
export async function createSuperuser(ctx: Ctx, input: unknown): Promise<number> {
  const body = parseInput(SignupBody, input);
  const id = await insertUser(ctx, { ...body, active: true, roles: ['admin'] });
  await recordActivity(ctx, 'user.created', {
    actorId: null,
    entityType: 'user',
    entityId: id,
    summary: body.username,
    details: { via: 'cli', roles: ['admin'] },
  });
  return id;
}
