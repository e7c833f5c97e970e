import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const CONTACT_STATUSES = ['lead', 'active', 'inactive', 'closed'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface ContactsTable {
  id: Generated<number>;
  firstName: string;
  lastName: string;
  middleName: string;
  /** `+` and digits, or '' when unknown. */
  mobilePhone: string;
  email: string;
  status: ContactStatus;
  assignedUserId: number | null;
  /** Date (YYYY-MM-DD) of the next planned interaction. */
  nextInteractionOn: string | null;
  /** The company the contact works for (migration 0015). */
  companyId: number | null;
  searchText: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the contact's data (migration 0010; `platform/db/versioned.ts`). */
  version: Generated<number>;
}
export type ContactRow = Selectable<ContactsTable>;
/** A contact as lists read it (everything but the search text). */
export type ContactListRow = Omit<ContactRow, 'searchText' | 'version'>;
export type NewContactRow = Insertable<ContactsTable>;
export type ContactRowUpdate = Updateable<ContactsTable>;

export interface ContactNotesTable {
  id: Generated<number>;
  contactId: number;
  authorId: number | null;
  body: string;
  createdAt: string;
  updatedAt: string;
}
export type ContactNoteRow = Selectable<ContactNotesTable>;

declare module '../../database.js' {
  interface Database {
    contacts: ContactsTable;
    contactNotes: ContactNotesTable;
  }
}
