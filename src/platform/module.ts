/**
 * What a feature module offers the product, in one manifest (`src/modules/<m>/index.ts`). The module list
 * (`src/modules/index.ts`) names every manifest once; the app and the runtime loop over it, so adding a module
 * touches its folder, that list and a migration.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import type { Catalogs } from './i18n/index.js';
import type { AnyJobDefinition, Schedule } from './jobs/jobs.js';
import type { SpoolTiming } from './storage/spool.js';
import type { Importer } from './tabular/importer.js';
import type { NavItem } from './views/layout.js';

/** Registers routes on a Fastify scope of their own (a plugin per module). */
export type RouteSet = (app: FastifyInstance, deps: Deps) => void | Promise<void>;

/** What a process start gives a module's background work (tests shorten timings). */
export interface StartOptions {
  spool?: SpoolTiming;
}

export interface ModuleDefinition {
  /** The folder's name. */
  name: string;
  /** JSON routes under `/api/` (errors answered as problem+json). */
  api?: RouteSet;
  /** HTML pages and form posts (errors answered as pages). */
  pages?: RouteSet;
  /** Background jobs the module's services enqueue. */
  jobs?: AnyJobDefinition[];
  /** Recurring jobs (cron, UTC); some depend on the settings. */
  schedules?: (config: Config) => Schedule[];
  /** Entities a user may import from CSV/XLSX, by entity name. */
  importers?: Importer[];
  /** Entries of the main menu, in the order shown. */
  nav?: NavItem[];
  /** The module's strings in every UI language. */
  messages?: Catalogs;
  /** Work that runs beside the job queue in every process; returns how to stop it. */
  start?: (deps: Deps, options: StartOptions) => () => Promise<void>;
}

/** A manifest, checked against the shape above. */
export const defineModule = <M extends ModuleDefinition>(module: M): M => module;
