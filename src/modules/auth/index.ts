/** Sign-in, sign-out, sign-up, tokens for the mobile app, and who is signed in. */
import { defineModule } from '../../platform/module.js';
import { authPages } from './auth.pages.js';
import { meRoutes, seedTokenRoutes } from './auth.routes.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'auth',
  pages: authPages,
  api: (app) => {
    seedTokenRoutes(app);
    meRoutes(app);
  },
  messages,
});

/** Who is asking: installed by the app before any module's routes (sessions, bearer tokens, CSRF). */
export { installAuth } from './auth.hooks.js';
