/**
 * The whole schema as Kysely sees it. Each table is declared by the module that owns it, in its `.table.ts`
 * (`declare module '../../database.js' { interface Database { contacts: ContactsTable } }`), and merged here by
 * the type checker; the platform's own tables are listed below.
 */
import type { Kysely, Transaction } from 'kysely';
import type { JobsTable } from './platform/jobs/jobs.table.js';

export interface Database {
  jobs: JobsTable;
}

export type Db = Kysely<Database> | Transaction<Database>;
