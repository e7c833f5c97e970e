/** Deletions that can be undone for a while. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'deletions',
  messages,
});
