import { type Actor, hasRole } from '../../platform/auth/roles.js';
import type { ContactRow } from './contacts.table.js';

/** Everyone signed in sees contacts. Admins and managers edit any; others those assigned to them, created by
 * them, or not assigned to anyone yet. */
export const canEditContact = (actor: Actor, c: Pick<ContactRow, 'assignedUserId' | 'createdBy'>) =>
  hasRole(actor, 'admin', 'manager') ||
  c.assignedUserId === actor.id ||
  c.createdBy === actor.id ||
  c.assignedUserId === null;

/** Deleting (which takes the contact's orders and notes with it) is for admins and managers. */
export const canDeleteContact = (actor: Actor) => hasRole(actor, 'admin', 'manager');
