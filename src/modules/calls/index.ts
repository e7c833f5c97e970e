/** The call log: every call with its form, recording and result. */
import { defineModule } from '../../platform/module.js';
import { callsPages } from './calls.pages.js';
import { callsRoutes } from './calls.routes.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'calls',
  api: callsRoutes,
  pages: callsPages,
  nav: [{ href: '/calls', label: 'nav.calls', icon: 'list', section: 'work' }],
  messages,
});

export type { CallWithNames } from './calls.contract.js';
export type { CallStatus, LeadResult, NumberStatus } from './calls.table.js';
