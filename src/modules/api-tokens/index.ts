/** Integration and personal API tokens. */
import { defineModule } from '../../platform/module.js';
import { apiTokensPages } from './api-tokens.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'api-tokens',
  pages: apiTokensPages,
  nav: [
    {
      href: '/admin/tokens',
      label: 'nav.tokens',
      icon: 'key',
      section: 'admin',
      action: 'tokens.integration',
    },
  ],
  messages,
});

export type { TokenListItem } from './views/tokens-panel.js';
