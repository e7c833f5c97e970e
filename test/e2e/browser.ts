/** Browser-test helpers (playwright gives each launch a fresh profile directory): the system Chromium through playwright-core, and a real Sova listening on loopback. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PG_URL, REQUIRE_ALL } from '../../src/test/env.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM}`;
export { PG_URL, REQUIRE_ALL };

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Starts Sova on 127.0.0.1 with a fresh SQLite data directory; returns its URL and a stop function. */
export async function startSova(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sova-e2e-'));
  const config = loadConfig({ SOVA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const { app } = await buildApp({ config, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates the first administrator through /setup as a user would; leaves the page on /welcome. */
export async function setupAdmin(
  page: import('playwright-core').Page,
  url: string,
  who: { username: string; firstName: string; lastName: string; email: string; password: string },
) {
  await page.goto(`${url}/setup`);
  await page.fill('#f-username', who.username);
  await page.fill('#f-first_name', who.firstName);
  await page.fill('#f-last_name', who.lastName);
  await page.fill('#f-email', who.email);
  await page.fill('#f-password', who.password);
  await page.fill('#f-password2', who.password);
  await Promise.all([page.waitForURL('**/welcome'), page.click('[data-setup-form] button[type=submit]')]);
}

/**
 * For a browser suite: a Sova and a Chromium started before its tests and stopped after them (a suite that
 * cannot run them fails under REQUIRE_ALL_SUITES, else is skipped by the caller: `describe.skipIf(skip)`).
 */
export function useSovaAndBrowser(env: Record<string, string> = {}) {
  let sova: Awaited<ReturnType<typeof startSova>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${chromiumMissing} (REQUIRE_ALL_SUITES=1)`);
    sova = await startSova(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sova?.stop();
  });
  return {
    get url() {
      return sova!.url;
    },
    get browser() {
      return browser!;
    },
  };
}
