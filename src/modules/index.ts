/**
 * Every feature module of the product, listed once. The app registers their routes and menu entries, the
 * runtime their jobs and schedules, the imports module their importers, and the translators their strings,
 * all in this order (the menu shows its entries as they come here).
 */
import { addMessages } from '../platform/i18n/index.js';
import type { ModuleDefinition } from '../platform/module.js';
import { module as account } from './account/index.js';
import { module as activity } from './activity/index.js';
import { module as announcements } from './announcements/index.js';
import { module as apiTokens } from './api-tokens/index.js';
import { module as auth } from './auth/index.js';
import { module as callCampaigns } from './call-campaigns/index.js';
import { module as calls } from './calls/index.js';
import { module as companies } from './companies/index.js';
import { module as compat } from './compat/index.js';
import { module as contacts } from './contacts/index.js';
import { module as deletions } from './deletions/index.js';
import { module as departments } from './departments/index.js';
import { module as files } from './files/index.js';
import { module as home } from './home/index.js';
import { module as imports } from './imports/index.js';
import { useImporters } from './imports/internal.js';
import { module as jobs } from './jobs/index.js';
import { module as maintenance } from './maintenance/index.js';
import { module as orders } from './orders/index.js';
import { module as outgoing } from './outgoing/index.js';
import { module as reports } from './reports/index.js';
import { module as users } from './users/index.js';

export const MODULES: readonly ModuleDefinition[] = [
  auth,
  compat,
  home,
  contacts,
  orders,
  reports,
  callCampaigns,
  calls,
  companies,
  imports,
  account,
  users,
  departments,
  activity,
  apiTokens,
  announcements,
  jobs,
  outgoing,
  files,
  maintenance,
  deletions,
];

for (const m of MODULES) if (m.messages) addMessages(m.name, m.messages);
useImporters(MODULES.flatMap((m) => m.importers ?? []));
