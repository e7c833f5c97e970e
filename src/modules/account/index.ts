/** A user's own account: profile, language, time zone, password. */
import { defineModule } from '../../platform/module.js';
import { accountPages } from './account.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'account',
  pages: accountPages,
  messages,
});
