import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, REQUIRE_ALL, startSova } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;
if (chromiumMissing)
  process.stderr.write(`browser suite: ${chromiumMissing}${REQUIRE_ALL ? '' : ' — skipped'}\n`);

describe.skipIf(skip)('foundation in a real browser', () => {
  let sova: Awaited<ReturnType<typeof startSova>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${chromiumMissing} (REQUIRE_ALL_SUITES=1)`);
    sova = await startSova({ SIGNUP: 'approval' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sova?.stop();
  });

  it('first run → admin → Russian → logout → sign-up waits for activation', { timeout: 90_000 }, async () => {
    mkdirSync('test-results', { recursive: true });
    // The browser's clock becomes the account's at its first sign-in (the page's script sends it).
    const admin = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Vladivostok' });
    const page = await admin.newPage();

    await page.goto(`${sova.url}/`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await page.fill('#f-username', 'root');
    await page.fill('#f-first_name', 'Alice');
    await page.fill('#f-last_name', 'Martin');
    await page.fill('#f-email', 'alice@example.test');
    await page.fill('#f-password', 'alice password 1');
    await page.fill('#f-password2', 'alice password 1');
    await Promise.all([page.waitForURL('**/welcome'), page.click('[data-setup-form] button[type=submit]')]);
    expect(await page.textContent('[data-greeting]')).toBe('Hello, Alice Martin!');
    await page.screenshot({ path: 'test-results/welcome-en.png', fullPage: true });
    await page.goto(`${sova.url}/account`);
    expect(await page.inputValue('#f-time_zone')).toBe('Asia/Vladivostok');
    await page.goto(`${sova.url}/welcome`);

    await Promise.all([page.waitForURL('**/welcome'), page.selectOption('#lang-select', 'ru')]);
    await page.waitForSelector('text=Здравствуйте, Alice Martin!');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await page.screenshot({ path: 'test-results/welcome-ru.png', fullPage: true });

    await page.click('[data-user-menu]');
    await Promise.all([page.waitForURL('**/login'), page.click('[data-logout]')]);
    expect(await page.textContent('h1')).toBe('Вход');

    const visitor = await browser.newContext({ locale: 'fr-FR' });
    const v = await visitor.newPage();
    await v.goto(`${sova.url}/signup`);
    expect(await v.textContent('h1')).toBe('Créer un compte');
    await v.fill('#f-username', 'bob');
    await v.fill('#f-first_name', 'Bob');
    await v.fill('#f-last_name', 'Petit');
    await v.fill('#f-email', 'bob@example.test');
    await v.fill('#f-position', 'Opérateur');
    await v.fill('#f-password', 'bob password 12');
    await v.fill('#f-password2', 'bob password 12');
    await Promise.all([v.waitForURL('**/signup/pending'), v.click('[data-signup-form] button[type=submit]')]);
    await v.goto(`${sova.url}/login`);
    await v.fill('#f-login', 'bob');
    await v.fill('#f-password', 'bob password 12');
    await v.click('[data-login-form] button[type=submit]');
    await v.waitForSelector('[data-form-errors]');
    expect(await v.textContent('[data-form-errors]')).toContain('attend son activation');

    await page.fill('#f-login', 'root');
    await page.fill('#f-password', 'alice password 1');
    await Promise.all([page.waitForURL('**/welcome'), page.click('[data-login-form] button[type=submit]')]);
    await page.goto(`${sova.url}/admin/users?status=pending`);
    await Promise.all([page.waitForURL('**/admin/users'), page.click('[data-toggle-active="bob"]')]);
    expect(await page.textContent('[data-flash]')).toContain('Пользователь активирован');
    await page.screenshot({ path: 'test-results/users-ru.png', fullPage: true });

    await v.fill('#f-login', 'bob');
    await v.fill('#f-password', 'bob password 12');
    await Promise.all([v.waitForURL('**/welcome'), v.click('[data-login-form] button[type=submit]')]);
    expect(await v.textContent('[data-greeting]')).toBe('Bonjour, Bob Petit\u202f!');
    await v.screenshot({ path: 'test-results/welcome-fr.png', fullPage: true });
  });
});
