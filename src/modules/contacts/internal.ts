/**
 * What other modules may call on contacts WITHOUT an actor check. Each function works in the caller's
 * transaction (`Ctx` whose `db` the caller opened, with the caller's actor already checked) or reads nothing but
 * its arguments; none takes a request's word for who may do what. Guarded operations are in contacts.service.ts.
 */
import type { Ctx } from '../../deps.js';
import { foldForSearch } from '../../platform/db/sql.js';
import { type ContactInput, contactInput } from './contacts.contract.js';
import * as contactsRepo from './contacts.repo.js';
import type { NewContactRow } from './contacts.table.js';

export type { ContactInput } from './contacts.contract.js';
export { contactChoiceLabel, contactInput, fullName } from './contacts.contract.js';
export { CONTACT_STATUSES, type ContactRow, type ContactStatus } from './contacts.table.js';
/** The names the demo data knows the input schema by. */
export { type ContactInput as ContactBody, contactInput as contactBody };

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** Contacts were added, changed or deleted (lists refresh). */
    'contacts.changed': Record<string, never>;
  }
}

/** Tells open contact lists to refresh (after the change is committed). */
export const announceContactsChanged = (ctx: Ctx) =>
  ctx.events.publish('contacts.changed', {}, { all: true }).catch(() => {});

/** What a search matches a contact by: its names and email folded (case, diacritics), its phone with and without +. */
const searchTextOf = (b: ContactInput) =>
  `${foldForSearch(`${b.last_name} ${b.first_name} ${b.middle_name} ${b.email}`)} ${b.mobile_phone} ${b.mobile_phone.replace('+', '')}`;

/** The row a contact's input is stored as (every writer of contacts goes through here). */
export const contactRowOf = (body: ContactInput, createdBy: number | null, now: string): NewContactRow => ({
  firstName: body.first_name,
  lastName: body.last_name,
  middleName: body.middle_name,
  mobilePhone: body.mobile_phone,
  email: body.email,
  status: body.status,
  assignedUserId: body.assigned_user_id,
  nextInteractionOn: body.next_interaction_on,
  companyId: body.company_id,
  searchText: searchTextOf(body),
  createdBy,
  createdAt: now,
  updatedAt: now,
});

/**
 * Ids of the contacts with these emails (any case) and of those among `ids` that exist: how imports link rows,
 * in the importer's transaction.
 */
export async function resolveContacts(tx: Ctx, emails: string[], ids: number[]) {
  const [byEmail, byId] = await Promise.all([
    contactsRepo.findByEmails(tx.db, [...new Set(emails.map((e) => e.toLowerCase()))]),
    contactsRepo.findByIds(tx.db, [...new Set(ids)]),
  ]);
  return {
    byEmail: new Map(byEmail.map((c) => [c.email.toLowerCase(), c.id])),
    ids: new Set(byId.map((c) => c.id)),
  };
}

/** How many contacts were created between two instants (a report's figure; the report checks its reader). */
export const countContactsCreatedBetween = (ctx: Ctx, from: string, to: string) =>
  contactsRepo.countCreatedBetween(ctx.db, from, to);

/**
 * Inserts validated contacts as they are, in the caller's transaction, with their own creation times (demo data,
 * migrations of old systems). The caller has checked who may do this. Returns the new ids in order.
 */
export function insertContactsBulk(
  tx: Ctx,
  rows: { body: ContactInput; createdAt: string }[],
): Promise<number[]> {
  return contactsRepo.insertMany(
    tx.db,
    rows.map(({ body, createdAt }) => ({
      ...contactRowOf(body, tx.actor?.id ?? 0, createdAt),
      createdBy: tx.actor?.id ?? null,
    })),
  );
}
