/** Orders of the contacts, their totals and statuses. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { ordersImporter } from './orders.io.js';
import { ordersPages } from './orders.pages.js';
import { ordersRoutes } from './orders.routes.js';

export const module = defineModule({
  name: 'orders',
  api: ordersRoutes,
  pages: ordersPages,
  importers: [ordersImporter],
  nav: [{ href: '/orders', label: 'nav.orders', icon: 'list', section: 'work' }],
  messages,
});

export type { OrderInput, OrderQuery, OrderResponse } from './orders.contract.js';
export type { OrderSort } from './orders.repo.js';
export type { OrderDetail, OrderWithContact } from './orders.service.js';
export type { OrderStatus } from './orders.table.js';
