import { type Actor, hasRole } from '../../platform/auth/roles.js';

/**
 * Who works with orders. Everyone signed in reads them (marketers measure sales, reports count them). Operators
 * and managers take orders and move them along — create, edit, complete, cancel — whoever's they are, since the
 * colleague who answers the customer's next call finishes the order. Deleting erases a sale from the figures, so
 * it is for admins and managers, like deleting a contact; a mistaken order is otherwise cancelled.
 */
export const canCreateOrder = (actor: Actor) => hasRole(actor, 'admin', 'manager', 'operator');

export const canEditOrder = (actor: Actor) => hasRole(actor, 'admin', 'manager', 'operator');

export const canDeleteOrder = (actor: Actor) => hasRole(actor, 'admin', 'manager');

/** Spreadsheet imports and exports of orders, the whole book at once: admins and managers. */
export const canTransferOrders = (actor: Actor) => hasRole(actor, 'admin', 'manager');
