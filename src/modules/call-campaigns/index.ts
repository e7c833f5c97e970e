/** Outbound call campaigns: targets imported from files, the call queue with its lock, the dashboard. */
import { defineModule } from '../../platform/module.js';
import { targetsImporter } from './call-campaigns.io.js';
import { callCampaignsPages } from './call-campaigns.pages.js';
import { callCampaignsRoutes } from './call-campaigns.routes.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'call-campaigns',
  api: callCampaignsRoutes,
  pages: callCampaignsPages,
  importers: [targetsImporter],
  nav: [
    {
      href: '/call-campaigns',
      label: 'nav.call_campaigns',
      icon: 'phone',
      section: 'work',
      action: 'call_campaigns.view',
    },
  ],
  messages,
});

export type { TargetView } from './call-campaigns.contract.js';
export type { CampaignSummary } from './call-campaigns.service.js';
export type { TargetState } from './call-campaigns.table.js';
