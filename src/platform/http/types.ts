import type { Actor } from '../auth/roles.js';
import type { Locale, Translate } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    t: Translate;
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (login, signup, health, docs, token endpoints). */
    public?: boolean;
    /** API token scope this route needs; defaults to read for safe methods and write otherwise. */
    scope?: 'read' | 'write' | 'leads';
  }
}
