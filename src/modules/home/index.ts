/** The home page: what a signed-in user can do here. */
import { defineModule } from '../../platform/module.js';
import { homePages } from './home.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'home',
  pages: homePages,
  messages,
});
