import { can } from '../../platform/auth/policy.js';
import type { Actor } from '../../platform/auth/roles.js';
import type { ContactRow } from './contacts.table.js';

/** Everyone signed in sees contacts. Admins and managers edit any; others those assigned to them, created by
 * them, or not assigned to anyone yet. */
export const canEditContact = (actor: Actor, c: Pick<ContactRow, 'assignedUserId' | 'createdBy'>) =>
  can(actor, 'contacts.edit_any') || isOwnContact(actor, c);

/** The contacts anyone may edit: assigned to them, created by them, or nobody's yet. */
export const isOwnContact = (actor: Pick<Actor, 'id'>, c: Pick<ContactRow, 'assignedUserId' | 'createdBy'>) =>
  c.assignedUserId === actor.id || c.createdBy === actor.id || c.assignedUserId === null;

/** Deleting (which takes the contact's orders and notes with it) is for admins and managers. */
export const canDeleteContact = (actor: Actor) => can(actor, 'contacts.delete');
