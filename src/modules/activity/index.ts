/** The activity log: who did what, when and from where. */
import { defineModule } from '../../platform/module.js';
import { activityPages } from './activity.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'activity',
  pages: activityPages,
  nav: [
    {
      href: '/admin/activity',
      label: 'nav.activity',
      icon: 'list',
      section: 'admin',
      action: 'activity.view',
    },
  ],
  messages,
});

export type { ActivityEntry, ActivityInput } from './activity.service.js';
