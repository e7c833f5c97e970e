/**
 * Deleting contacts, and undoing it: a contact goes with its orders and notes, and its calls stay in the log
 * without it. What goes is named before (`previewContactDeletion`, for the confirmation), logged with the
 * contact, and kept for `UNDO_MINUTES` so the user who deleted it can put everything back exactly as it was. Apart
 * from contacts.service.ts (which re-exports these operations) because it works with orders and calls, whose
 * services read contacts themselves.
 */
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { changedMeanwhile, conflict, notFound } from '../../platform/errors.js';
import { formatCents } from '../../platform/money.js';
import { recordActivity } from '../activity/activity.service.js';
import { callLinksOfContacts, relinkCalls } from '../calls/internal.js';
import { resolveCompanies } from '../companies/companies.service.js';
import { takeForUndo } from '../deletions/deletions.service.js';
import { keepForUndo } from '../deletions/internal.js';
import { announceOrdersChanged, ordersOfContacts, restoreOrders } from '../orders/internal.js';
import * as contactsRepo from './contacts.repo.js';
import type { ContactNoteRow, ContactRow } from './contacts.table.js';
import { announceContactsChanged } from './internal.js';

/** How many of each kind a deletion of contacts removes (calls are kept, only unlinked). */
export interface ContactDeletionCounts {
  contacts: number;
  orders: number;
  notes: number;
  calls: number;
}

/** What a deletion of contacts keeps for its undo. */
interface Removed {
  contacts: ContactRow[];
  notes: ContactNoteRow[];
  orders: Awaited<ReturnType<typeof ordersOfContacts>>;
  calls: { id: number; contactId: number | null }[];
}

/** The most contacts one deletion takes (a page of the list at most). */
export const MAX_DELETED = 500;

/**
 * What deleting these contacts would remove, counted (`contacts.delete`: admins and managers; ids that are no
 * contact are not counted).
 */
export async function previewContactDeletion(ctx: Ctx, ids: number[]): Promise<ContactDeletionCounts> {
  requireAllowed(ctx.actor, 'contacts.delete');
  const existing = await contactsRepo.findByIds(ctx.db, ids.slice(0, MAX_DELETED));
  const children = await contactsRepo.countChildrenOf(
    ctx.db,
    existing.map((c) => c.id),
  );
  return { contacts: existing.length, ...children };
}

/**
 * Deletes contacts with their orders and notes (`contacts.delete`; `auth.forbidden`, `contact.not_found`), each
 * logged with what went with it. With `expectedVersion` (one contact), `contact.changed_meanwhile` when the
 * contact is at another version. Returns what went and the id that undoes it (`restoreContacts`).
 */
export async function deleteContacts(
  ctx: Ctx,
  ids: number[],
  opts: { expectedVersion?: number } = {},
): Promise<{ counts: ContactDeletionCounts; undoId: number }> {
  requireAllowed(ctx.actor, 'contacts.delete');
  if (ids.length === 0) throw notFound('contact');
  const result = await inTransaction(ctx, async (tx) => {
    const contacts = await contactsRepo.lockByIds(tx.db, ids.slice(0, MAX_DELETED));
    if (contacts.length === 0) throw notFound('contact', ids[0]!);
    const expected = opts.expectedVersion;
    if (expected !== undefined && contacts.some((c) => c.version !== expected))
      throw changedMeanwhile('contact', contacts[0]!.version, expected);
    const contactIds = contacts.map((c) => c.id);
    const [notes, orders, calls] = await Promise.all([
      contactsRepo.findAllNotesOf(tx.db, contactIds),
      ordersOfContacts(tx, contactIds),
      callLinksOfContacts(tx.db, contactIds),
    ]);
    const counts = {
      contacts: contacts.length,
      orders: orders.length,
      notes: notes.length,
      calls: calls.length,
    };
    const undoId = await keepForUndo(tx, 'contacts', { ...counts }, {
      contacts,
      notes,
      orders,
      calls,
    } satisfies Removed);
    await contactsRepo.deleteByIds(tx.db, contactIds);
    for (const c of contacts) {
      const own = <T extends { contactId: number | null }>(rows: T[]) =>
        rows.filter((r) => r.contactId === c.id);
      await recordActivity(tx, 'contact.deleted', {
        entityType: 'contact',
        entityId: c.id,
        summary: `${c.lastName} ${c.firstName} <${c.email}>`,
        details: {
          orders: own(orders).map((o) => ({
            id: o.id,
            product: o.product,
            total: formatCents(o.totalCents),
          })),
          notes: own(notes).length,
          calls_unlinked: own(calls).map((l) => l.id),
          undo: undoId,
        },
      });
    }
    return { counts, undoId };
  });
  await Promise.all([announceContactsChanged(ctx), announceOrdersChanged(ctx)]);
  return result;
}

export const deleteContact = (ctx: Ctx, id: number, opts: { expectedVersion?: number } = {}) =>
  deleteContacts(ctx, [id], opts);

/**
 * Undoes a deletion of contacts: the contacts, their notes and orders come back exactly as they were (ids,
 * versions, dates), their calls are linked to them again. Only the user who deleted them (or an admin), within
 * `UNDO_MINUTES`, once: `deletion.not_found`, `deletion.expired`, `deletion.restored`; `deletion.email_taken` when
 * a contact created meanwhile has one of their emails (nothing is restored then).
 */
export async function restoreContacts(ctx: Ctx, undoId: number): Promise<ContactDeletionCounts> {
  requireAllowed(ctx.actor, 'contacts.delete');
  const counts = await inTransaction(ctx, async (tx) => {
    const { payload, counts } = await takeForUndo<Removed>(tx, 'contacts', undoId);
    const { contacts, notes, orders, calls } = payload;
    const taken = await contactsRepo.findByEmails(
      tx.db,
      contacts.map((c) => c.email.toLowerCase()),
    );
    if (taken.length > 0) {
      throw conflict('deletion.email_taken', {
        _: { code: 'deletion.email_taken', params: { email: taken[0]!.email } },
      });
    }
    // A company removed meanwhile is no longer theirs.
    const companies = await resolveCompanies(
      tx,
      [],
      contacts.flatMap((c) => (c.companyId === null ? [] : [c.companyId])),
    );
    await contactsRepo.insertExact(
      tx.db,
      contacts.map((c) =>
        c.companyId === null || companies.ids.has(c.companyId) ? c : { ...c, companyId: null },
      ),
    );
    await contactsRepo.insertNotesExact(tx.db, notes);
    await restoreOrders(tx, orders);
    await relinkCalls(tx.db, calls);
    for (const c of contacts) {
      await recordActivity(tx, 'contact.restored', {
        entityType: 'contact',
        entityId: c.id,
        summary: `${c.lastName} ${c.firstName} <${c.email}>`,
        details: {
          orders: orders.filter((o) => o.contactId === c.id).length,
          notes: notes.filter((n) => n.contactId === c.id).length,
          at: nowIso(tx),
        },
      });
    }
    return {
      contacts: counts.contacts ?? contacts.length,
      orders: counts.orders ?? orders.length,
      notes: counts.notes ?? notes.length,
      calls: counts.calls ?? calls.length,
    };
  });
  await Promise.all([announceContactsChanged(ctx), announceOrdersChanged(ctx)]);
  return counts;
}
