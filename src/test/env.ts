/**
 * Test environments on real databases. `describeEachDialect` runs a suite on SQLite always and on PostgreSQL
 * when TEST_DATABASE_URL is set; each suite gets its own fresh database (a temp file, or a new PostgreSQL
 * database dropped afterwards). With REQUIRE_ALL_SUITES=1 a suite that cannot run fails instead of skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type BuildOptions, buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { type Ctx, type Deps, systemCtx } from '../deps.js';
import type { Dialect } from '../platform/db/db.js';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const REQUIRE_ALL = process.env.REQUIRE_ALL_SUITES === '1';

export interface TestEnv {
  readonly app: FastifyInstance;
  readonly deps: Deps;
  readonly config: Config;
  readonly dialect: Dialect;
  /** A context acting as nobody (system), for arranging data through services. */
  ctx(): Ctx;
}

export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sova_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Sets up a migrated database and a built app for the enclosing describe block. */
export type TestBuildOptions = Omit<BuildOptions, 'config'>;

export function useTestEnv(
  dialect: Dialect,
  env: Record<string, string> = {},
  build: TestBuildOptions = {},
): TestEnv {
  let app: FastifyInstance | undefined;
  let deps: Deps | undefined;
  let config: Config | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sova-test-'));
    let dropDb: (() => Promise<void>) | undefined;
    const vars: Record<string, string> = {
      SOVA_DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...env,
    };
    if (dialect === 'postgres') {
      const created = await createPgDatabase();
      vars.DATABASE_URL = created.url;
      dropDb = created.drop;
    }
    config = loadConfig(vars);
    const built = await buildApp({
      config,
      logger: false,
      pgBoss: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
      ...build,
    });
    app = built.app;
    deps = built.deps;
    await app.ready();
    cleanup = async () => {
      await app?.close();
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });
  afterAll(async () => {
    await cleanup?.();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('test environment not ready');
    return v;
  };
  return {
    get app() {
      return need(app);
    },
    get deps() {
      return need(deps);
    },
    get config() {
      return need(config);
    },
    dialect,
    ctx: () => systemCtx(need(deps)),
  };
}

/** Runs `fn` once per available dialect, each in its own database. */
export function describeEachDialect(
  name: string,
  fn: (env: TestEnv) => void,
  env: Record<string, string> = {},
  build: TestBuildOptions = {},
) {
  describe(`${name} [sqlite]`, () => fn(useTestEnv('sqlite', env, build)));
  describePostgres(name, fn, env, build);
}

/** A suite about PostgreSQL only (its driver, say): runs when TEST_DATABASE_URL is set, fails under REQUIRE_ALL. */
export function describePostgres(
  name: string,
  fn: (env: TestEnv) => void,
  env: Record<string, string> = {},
  build: TestBuildOptions = {},
) {
  if (PG_URL) {
    describe(`${name} [postgres]`, () => fn(useTestEnv('postgres', env, build)));
  } else if (REQUIRE_ALL) {
    describe(`${name} [postgres]`, () => {
      it('needs PostgreSQL (REQUIRE_ALL_SUITES=1 but TEST_DATABASE_URL is not set)', () => {
        throw new Error('TEST_DATABASE_URL is not set');
      });
    });
  }
}
