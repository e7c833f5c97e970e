/**
 * Contacts: the people the company sells to and talks with — the core record every module hangs off (orders now;
 * calls, messages and contracts later). Emails are unique (case-insensitively); phones are normalised to
 * `+digits` and a second contact with the same phone needs an explicit confirmation.
 */

import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { can, requireAllowed } from '../../platform/auth/policy.js';
import { requireActor } from '../../platform/auth/roles.js';
import { isUniqueViolation, offsetOf, type PageRequest, pageOf, searchTerms } from '../../platform/db/sql.js';
import {
  changeDetails,
  changedColumns,
  updateVersioned,
  writeVersioned,
} from '../../platform/db/versioned.js';
import { conflict, forbidden, ignoreNotFound, invalid, notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { getCompany } from '../companies/companies.service.js';
import { userExists } from '../users/users.service.js';
import { type ContactInput, contactInput, NoteInput, toContactInput } from './contacts.contract.js';
import * as contactsHot from './contacts.hot.js';
import { canEditContact } from './contacts.policy.js';
import * as contactsRepo from './contacts.repo.js';
import type { ContactRow, ContactStatus, NewContactRow } from './contacts.table.js';
import { announceContactsChanged, contactRowOf } from './internal.js';

/** A transaction that changes contacts; open lists hear of it once it has committed. */
async function changingContacts<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  const result = await inTransaction(ctx, work);
  await announceContactsChanged(ctx);
  return result;
}

export {
  type ContactDeletionCounts,
  deleteContact,
  deleteContacts,
  MAX_DELETED,
  previewContactDeletion,
  restoreContacts,
} from './contacts.deletion.js';
export type { ContactFilter, ContactSort } from './contacts.repo.js';
export { CONTACT_SORTS } from './contacts.repo.js';

const emailTaken = (id: number) =>
  conflict('contact.email_taken', { email: { code: 'contact_email_taken', params: { id } } });

async function checkDuplicates(
  ctx: Ctx,
  body: ContactInput,
  exceptId: number | undefined,
  allowSamePhone: boolean,
) {
  const sameEmail = await contactsHot.findIdByEmail(ctx.db, body.email);
  if (sameEmail && sameEmail.id !== exceptId) throw emailTaken(sameEmail.id);
  if (body.mobile_phone && !allowSamePhone) {
    const samePhone = await contactsRepo.findIdByPhone(ctx.db, body.mobile_phone);
    if (samePhone && samePhone.id !== exceptId) {
      throw conflict('contact.phone_exists', {
        mobile_phone: { code: 'phone_exists', params: { id: samePhone.id } },
      });
    }
  }
}

/** A company must exist: `company_id` field error otherwise (checked only when it changes). */
async function checkCompany(ctx: Ctx, id: number | null | undefined, current?: number | null) {
  if (id === null || id === undefined || id === current) return;
  if (!(await getCompany(ctx, id).catch(ignoreNotFound)))
    throw invalid('validation', { company_id: { code: 'invalid_choice' } });
}

/** An assignee must be an account: `assigned_user_id` field error otherwise (checked only when it changes). */
async function checkAssignee(ctx: Ctx, id: number | null | undefined, current?: number | null) {
  if (id === null || id === undefined || id === current) return;
  if (!(await userExists(ctx, id)))
    throw invalid('validation', { assigned_user_id: { code: 'invalid_choice' } });
}

/**
 * Creates a contact. Throws `validation` (field errors), `contact.email_taken` (with the existing id) or
 * `contact.phone_exists` unless `allowSamePhone`.
 */
export async function createContact(
  ctx: Ctx,
  input: unknown,
  opts: { allowSamePhone?: boolean } = {},
): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'contacts.create');
  const body = parseInput(contactInput(ctx.config.defaultCountry), input);
  await checkAssignee(ctx, body.assigned_user_id);
  await checkCompany(ctx, body.company_id);
  const id = await contactsHot.inCreationTransaction(ctx, async (tx) => {
    // The form checks the email before the phone, so a contact duplicating both is told about its email first.
    // Where a shared phone is fine (the seed API), the unique index alone answers for the email: one statement
    // fewer on the hot path.
    if (!opts.allowSamePhone) await checkDuplicates(tx, body, undefined, false);
    const id = await contactsHot.insertLoggedUnlessEmailTaken(tx, contactRowOf(body, actor.id, nowIso(tx)), {
      entityType: 'contact',
      summary: `${body.last_name} ${body.first_name}`,
    });
    if (id === undefined) throw emailTaken((await contactsHot.findIdByEmail(tx.db, body.email))?.id ?? 0);
    return id;
  });
  await announceContactsChanged(ctx);
  return id;
}

/** The contact's columns as the log and clients name its fields. */
const LOGGED_FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  mobilePhone: 'mobile_phone',
  email: 'email',
  status: 'status',
  assignedUserId: 'assigned_user_id',
  nextInteractionOn: 'next_interaction_on',
  companyId: 'company_id',
} as const;

/**
 * Updates a contact; fields missing from `input` keep their values (so partial edits work). Only the fields
 * that change are written, on the contact as it is now (locked), so concurrent edits of other fields all stay.
 * `contact.changed_meanwhile` when `expectedVersion` is not the contact's version.
 */
export async function updateContact(
  ctx: Ctx,
  id: number,
  input: Record<string, unknown>,
  opts: { allowSamePhone?: boolean; expectedVersion?: number } = {},
): Promise<void> {
  const actor = requireActor(ctx.actor);
  await changingContacts(ctx, async (tx) => {
    let body: ContactInput | undefined;
    const { row, changed, version } = await updateVersioned(tx.db, {
      table: 'contacts',
      entity: 'contact',
      id,
      expectedVersion: opts.expectedVersion,
      stamp: { updatedAt: nowIso(tx) },
      change: async (current) => {
        if (!canEditContact(actor, current)) throw forbidden();
        const schema = contactInput(tx.config.defaultCountry, current.mobilePhone);
        const next = parseInput(schema, { ...toContactInput(current), ...input });
        body = next;
        await checkAssignee(tx, next.assigned_user_id, current.assignedUserId);
        await checkCompany(tx, next.company_id, current.companyId);
        await checkDuplicates(tx, next, id, opts.allowSamePhone ?? current.mobilePhone === next.mobile_phone);
        const { createdBy: _, createdAt: __, updatedAt: ___, ...set } = contactRowOf(next, actor.id, '');
        return set;
      },
    }).catch(async (err) => {
      if (body && isUniqueViolation(err))
        throw emailTaken((await contactsRepo.findIdByEmail(tx.db, body.email))?.id ?? 0);
      throw err;
    });
    if (Object.keys(changed).length === 0 || !body) return;
    await recordActivity(tx, 'contact.updated', {
      entityType: 'contact',
      entityId: id,
      summary: `${body.last_name} ${body.first_name}`,
      details: changeDetails(row, changed, LOGGED_FIELDS),
      version,
    });
  });
}

/**
 * Sets status or assignee on many contacts at once (`contacts.bulk_edit`: admins and managers, `auth.forbidden`
 * otherwise). Contacts that already have these values are left alone; each changed one is logged with what
 * changed.
 */
export async function bulkUpdateContacts(
  ctx: Ctx,
  ids: number[],
  change: { status?: ContactStatus; assignedUserId?: number | null },
): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'contacts.bulk_edit');
  if (ids.length === 0) throw invalid('contact.none_selected');
  await checkAssignee(ctx, change.assignedUserId);
  return changingContacts(ctx, async (tx) => {
    const rows = await contactsRepo.lockByIds(tx.db, ids);
    if (rows.length === 0) throw notFound('contact', ids[0]);
    if (rows.some((c) => !canEditContact(actor, c))) throw forbidden();
    const touched = rows
      .map((row) => ({ row, changed: changedColumns(row, change) }))
      .filter((r) => Object.keys(r.changed).length > 0);
    if (touched.length === 0) return rows.length;
    await contactsRepo.updateVersionsByIds(
      tx.db,
      touched.map((r) => r.row.id),
      { ...change, updatedAt: nowIso(tx) },
    );
    for (const { row, changed } of touched) {
      await recordActivity(tx, 'contact.updated', {
        entityType: 'contact',
        entityId: row.id,
        summary: `${row.lastName} ${row.firstName}`,
        details: changeDetails(row, changed, LOGGED_FIELDS),
        version: row.version + 1,
      });
    }
    return rows.length;
  });
}

export async function getContact(ctx: Ctx, id: number): Promise<ContactRow> {
  requireActor(ctx.actor);
  const c = await contactsRepo.findById(ctx.db, id);
  if (!c) throw notFound('contact', id);
  return c;
}

export interface ContactQuery {
  search?: string;
  status?: ContactStatus;
  assignedUserId?: number;
  companyId?: number;
  createdFrom?: string;
  createdTo?: string;
  sort?: contactsRepo.ContactSort;
  desc?: boolean;
}

const toFilter = (ctx: Ctx, q: ContactQuery): contactsRepo.ContactFilter => ({
  terms: searchTerms(q.search, ctx.config.defaultCountry),
  status: q.status,
  assignedUserId: q.assignedUserId,
  companyId: q.companyId,
  createdFrom: q.createdFrom,
  createdTo: q.createdTo,
});

/** A window of contact cards (id, names, phone, email; `offset`, up to `limit`) — seed 001's `start_id` lists. */
export async function listContactWindow(ctx: Ctx, q: ContactQuery, offset: number, limit: number) {
  requireActor(ctx.actor);
  return contactsHot.findCards(
    ctx.db,
    toFilter(ctx, q),
    { field: q.sort ?? 'id', desc: q.desc ?? false },
    { offset, limit },
  );
}

/** A page of contacts with the total, for list pages. */
export async function listContacts(ctx: Ctx, q: ContactQuery, page: PageRequest) {
  requireActor(ctx.actor);
  const filter = toFilter(ctx, q);
  const [items, total] = await Promise.all([
    contactsHot.findMany(
      ctx.db,
      filter,
      { field: q.sort ?? 'created_at', desc: q.desc ?? true },
      { offset: offsetOf(page), limit: page.perPage },
    ),
    contactsRepo.count(ctx.db, filter),
  ]);
  return pageOf(items, total, page);
}

/** Adds a note to a contact's timeline (anyone who may see the contact). */
export async function addNote(ctx: Ctx, contactId: number, input: unknown): Promise<number> {
  const actor = requireActor(ctx.actor);
  const { body } = parseInput(NoteInput, input);
  return inTransaction(ctx, async (tx) => {
    if (!(await contactsRepo.findById(tx.db, contactId))) throw notFound('contact', contactId);
    const id = await contactsRepo.insertNote(tx.db, {
      contactId,
      authorId: actor.id,
      body,
      createdAt: nowIso(tx),
    });
    await recordActivity(tx, 'contact.note_added', {
      entityType: 'contact',
      entityId: contactId,
      summary: body.slice(0, 100),
    });
    return id;
  });
}

/** Edits a note (its author, admins and managers). */
export async function updateNote(ctx: Ctx, noteId: number, input: unknown): Promise<number> {
  const actor = requireActor(ctx.actor);
  const { body } = parseInput(NoteInput, input);
  return inTransaction(ctx, async (tx) => {
    const note = await contactsRepo.findNote(tx.db, noteId);
    if (!note) throw notFound('note', noteId);
    if (note.authorId !== actor.id && !can(actor, 'contacts.edit_any')) throw forbidden();
    await contactsRepo.updateNote(tx.db, noteId, body, nowIso(tx));
    await recordActivity(tx, 'contact.note_edited', {
      entityType: 'contact',
      entityId: note.contactId,
      details: { from: note.body, to: body },
    });
    return note.contactId;
  });
}

export const listNotes = (ctx: Ctx, contactId: number) => {
  requireActor(ctx.actor);
  return contactsRepo.findNotes(ctx.db, contactId);
};

/**
 * Writes a batch of already-validated contacts from an import, in the caller's transaction. A contact whose email
 * exists is updated (`upsert`, fields left empty in the file keep their values) or skipped (`create`); an email
 * seen earlier in the same file is an error. One activity entry per batch, not per row.
 */
export async function importContacts(
  ctx: Ctx,
  rows: { line: number; body: ContactInput; given: Set<string> }[],
  mode: 'create' | 'upsert',
  seen: Set<string>,
): Promise<{ created: number; updated: number; skipped: number; duplicates: number[] }> {
  const actor = requireActor(ctx.actor);
  const existing = new Map(
    (await contactsRepo.lockByEmails(ctx.db, [...new Set(rows.map((r) => r.body.email))])).map((c) => [
      c.email.toLowerCase(),
      c,
    ]),
  );
  const now = nowIso(ctx);
  const fresh: NewContactRow[] = [];
  const duplicates: number[] = [];
  let updated = 0;
  let skipped = 0;
  for (const { line, body, given } of rows) {
    if (seen.has(body.email)) {
      duplicates.push(line);
      continue;
    }
    seen.add(body.email);
    const current = existing.get(body.email);
    if (!current) {
      fresh.push(contactRowOf(body, actor.id, now));
      continue;
    }
    if (mode === 'create' || !canEditContact(actor, current)) {
      skipped++;
      continue;
    }
    const before = toContactInput(current);
    const merged = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, given.has(k) ? v : before[k as keyof ContactInput]]),
    ) as ContactInput;
    const { createdBy: _, createdAt: __, updatedAt: ___, ...set } = contactRowOf(merged, actor.id, now);
    const changed = changedColumns(current, set);
    // Guarded by the version read (locked above): an edit made meanwhile is never written over.
    if (Object.keys(changed).length > 0)
      await writeVersioned(ctx.db, 'contacts', 'contact', current, { ...changed, updatedAt: now });
    updated++;
  }
  await contactsRepo.insertMany(ctx.db, fresh);
  return { created: fresh.length, updated, skipped, duplicates };
}

/** Contacts matching a list query, in id order, a batch at a time: for exports of any size. */
export async function* streamContacts(ctx: Ctx, q: ContactQuery, batch = 1000): AsyncGenerator<ContactRow[]> {
  requireActor(ctx.actor);
  const filter = toFilter(ctx, q);
  let after = 0;
  for (;;) {
    const rows = await contactsRepo.findBatchAfter(ctx.db, filter, after, batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}
