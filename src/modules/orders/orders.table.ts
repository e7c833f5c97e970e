import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ORDER_STATUSES = ['Pending', 'Completed', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrdersTable {
  id: Generated<number>;
  contactId: number;
  product: string;
  quantity: number;
  /** Money in minor units (kopecks/cents). */
  unitPriceCents: number;
  totalCents: number;
  description: string;
  status: OrderStatus;
  searchText: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the order's data (`platform/db/versioned.ts`). */
  version: Generated<number>;
  completedAt: string | null;
}
export type OrderRow = Selectable<OrdersTable>;
export type NewOrderRow = Insertable<OrdersTable>;
export type OrderRowUpdate = Updateable<OrdersTable>;

/** Orders per UTC day of creation, kept by database triggers (see migration 0005). */
export interface OrderDailyTable {
  day: string;
  orders: number;
  cents: number;
  completed: number;
}

declare module '../../database.js' {
  interface Database {
    orders: OrdersTable;
    orderDaily: OrderDailyTable;
  }
}
