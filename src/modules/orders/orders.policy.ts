import { can } from '../../platform/auth/policy.js';
import type { Actor } from '../../platform/auth/roles.js';

/**
 * Who works with orders (the rules are in platform/auth/policy.ts). Everyone signed in reads them (marketers
 * measure sales, reports count them). Operators and managers take orders and move them along — create, edit,
 * complete, cancel — whoever's they are, since the colleague who answers the customer's next call finishes the
 * order. Deleting erases a sale from the figures, so it is for admins and managers, like deleting a contact; a
 * mistaken order is otherwise cancelled.
 */
export const canCreateOrder = (actor: Actor) => can(actor, 'orders.create');

export const canEditOrder = (actor: Actor) => can(actor, 'orders.edit');

export const canDeleteOrder = (actor: Actor) => can(actor, 'orders.delete');

/** Spreadsheet imports and exports of orders, the whole book at once: admins and managers. */
export const canTransferOrders = (actor: Actor) => can(actor, 'orders.transfer');
