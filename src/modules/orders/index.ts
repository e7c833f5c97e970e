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
