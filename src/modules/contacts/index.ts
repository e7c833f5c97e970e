/**
 * Contacts: the people the company deals with — list, card with its timeline, notes, import and export. The
 * module other modules are modelled on; its files, each with one job:
 *
 * - `index.ts`              this manifest (routes, pages, importer, menu entry, strings) and the types other
 *                           modules may use (`export type` only)
 * - `internal.ts`           what other modules call WITHOUT an actor check, in their own transaction: resolving
 *                           imported references, bulk inserts, counts, "contacts changed"
 * - `contacts.service.ts`   the guarded operations (each takes a `Ctx` and checks the actor): create, update,
 *                           bulk edit, read, list, notes, import batches, export stream, deletion and its undo
 *                           (written in `contacts.deletion.ts`, re-exported)
 * - `contacts.contract.ts`  the input schema of each operation, the list query (API names; the pages' older
 *                           names as aliases), the response schemas and the one row→response mapper
 * - `contacts.policy.ts`    who may edit or delete which contact (pure booleans)
 * - `contacts.repo.ts`      the queries, plain Kysely
 * - `contacts.hot.ts`       the measured variants of the hottest queries under the repo's names (prepared
 *                           statements, PostgreSQL's banded search, a creation logged in one statement)
 * - `contacts.table.ts`     the tables' types
 * - `contacts.routes.ts`    `/api/v1/contacts`: schemas from the contract, a service call, a response
 * - `contacts.pages.tsx`    `/contacts` pages: handlers only; the pages' JSX is in `views/` — `list.tsx`,
 *                           `detail.tsx`, `form.tsx`, with what they share in `parts.tsx`
 * - `contacts.io.ts`        the spreadsheet importer and the export's columns
 * - `i18n/`                 the module's strings in English, Russian and French (error texts included)
 */
import { defineModule } from '../../platform/module.js';
import { contactsImporter } from './contacts.io.js';
import { contactsPages } from './contacts.pages.js';
import { contactsRoutes } from './contacts.routes.js';
import { messages } from './i18n/index.js';

export type { ContactInput, ContactListQuery } from './contacts.contract.js';
export type { ContactDeletionCounts } from './contacts.deletion.js';
export type { ContactQuery } from './contacts.service.js';
export type { ContactListRow, ContactRow, ContactStatus } from './contacts.table.js';

export const module = defineModule({
  name: 'contacts',
  api: contactsRoutes,
  pages: contactsPages,
  importers: [contactsImporter],
  nav: [{ href: '/contacts', label: 'nav.contacts', icon: 'users', section: 'work' }],
  messages,
});
