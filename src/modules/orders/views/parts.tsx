/** What the order pages share: status badges and the labels of the fields an order's history names. */
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { OrderStatus } from '../orders.table.js';

/** The badge of each status. */
export const BADGE: Record<OrderStatus, string> = {
  Pending: 'badge-warning',
  Completed: 'badge-success',
  Cancelled: 'badge-ghost',
};

/** The fields an order's change history names, with their labels. */
export const FIELD_LABEL: Record<string, MessageKey> = {
  product: 'orders.product',
  quantity: 'orders.quantity',
  price: 'orders.price',
  status: 'common.status',
  description: 'orders.description',
  contact_id: 'orders.contact',
};
