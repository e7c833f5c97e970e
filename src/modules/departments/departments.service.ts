/**
 * Departments group users into teams (seed 003), each with an optional manager. Admins manage them; names are
 * unique case-insensitively. Deleting a department leaves its members without one.
 */

import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { requireActor } from '../../platform/auth/roles.js';
import { isUniqueViolation } from '../../platform/db/sql.js';
import { changeDetails, lockVersioned, updateVersioned } from '../../platform/db/versioned.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { getUser } from '../users/users.service.js';
import { DepartmentBody } from './departments.contract.js';
import * as departmentsRepo from './departments.repo.js';

async function validate(ctx: Ctx, input: unknown, exceptId?: number) {
  const body = parseInput(DepartmentBody, input);
  const same = await departmentsRepo.findByName(ctx.db, body.name);
  if (same && same.id !== exceptId) throw conflict('department.name_taken', { name: { code: 'name_taken' } });
  if (body.manager_id !== null) {
    const manager = await getUser(ctx, body.manager_id).catch(() => undefined);
    if (!manager?.active) throw invalid('validation', { manager_id: { code: 'invalid_choice' } });
  }
  return body;
}

const nameGuard = (err: unknown) => {
  if (isUniqueViolation(err)) throw conflict('department.name_taken', { name: { code: 'name_taken' } });
  throw err;
};

/** Departments with their managers and member counts (admins: the departments page). */
export async function listDepartments(ctx: Ctx) {
  requireAllowed(ctx.actor, 'departments.manage');
  return departmentsRepo.findAllWithStats(ctx.db);
}

/** Every department's id and name, for a picker (any signed-in user). */
export async function listDepartmentNames(ctx: Ctx) {
  requireActor(ctx.actor);
  return departmentsRepo.listNames(ctx.db);
}

export async function getDepartment(ctx: Ctx, id: number) {
  requireAllowed(ctx.actor, 'departments.manage');
  const row = await departmentsRepo.findById(ctx.db, id);
  if (!row) throw notFound('department', id);
  return row;
}

/** Creates a department (admins; `department.name_taken`). */
export async function createDepartment(ctx: Ctx, input: unknown): Promise<number> {
  requireAllowed(ctx.actor, 'departments.manage');
  return inTransaction(ctx, async (tx) => {
    const body = await validate(tx, input);
    const now = nowIso(tx);
    const id = await departmentsRepo
      .insert(tx.db, {
        name: body.name,
        description: body.description,
        managerId: body.manager_id,
        createdAt: now,
        updatedAt: now,
      })
      .catch(nameGuard);
    await recordActivity(tx, 'department.created', {
      entityType: 'department',
      entityId: id,
      summary: body.name,
    });
    return id;
  });
}

/**
 * Edits a department (admins): fields not given keep their values; only what changes is written, on the
 * department as it is now (locked). `department.name_taken`, `department.changed_meanwhile` when
 * `expectedVersion` is not its version.
 */
export async function updateDepartment(
  ctx: Ctx,
  id: number,
  input: Record<string, unknown>,
  opts: { expectedVersion?: number } = {},
): Promise<void> {
  requireAllowed(ctx.actor, 'departments.manage');
  await inTransaction(ctx, async (tx) => {
    const { row, changed, version } = await updateVersioned(tx.db, {
      table: 'departments',
      entity: 'department',
      id,
      expectedVersion: opts.expectedVersion,
      stamp: { updatedAt: nowIso(tx) },
      change: async (current) => {
        const body = await validate(
          tx,
          { name: current.name, description: current.description, manager_id: current.managerId, ...input },
          id,
        );
        return { name: body.name, description: body.description, managerId: body.manager_id };
      },
    }).catch(nameGuard);
    if (Object.keys(changed).length === 0) return;
    await recordActivity(tx, 'department.updated', {
      entityType: 'department',
      entityId: id,
      summary: changed.name ?? row.name,
      details: changeDetails(row, changed, {
        name: 'name',
        description: 'description',
        managerId: 'manager_id',
      }),
      version,
    });
  });
}

/** How many users belong to a department (admins: what deleting it would leave without one). */
export async function countDepartmentMembers(ctx: Ctx, id: number): Promise<number> {
  requireAllowed(ctx.actor, 'departments.manage');
  return departmentsRepo.countMembers(ctx.db, id);
}

/** Deletes a department (admins); members keep their accounts without a department. */
export async function deleteDepartment(ctx: Ctx, id: number): Promise<void> {
  requireAllowed(ctx.actor, 'departments.manage');
  await inTransaction(ctx, async (tx) => {
    const before = await lockVersioned(tx.db, 'departments', 'department', id, undefined);
    await departmentsRepo.deleteById(tx.db, id);
    await recordActivity(tx, 'department.deleted', {
      entityType: 'department',
      entityId: id,
      summary: before.name,
    });
  });
}
