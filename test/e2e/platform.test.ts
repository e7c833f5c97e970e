/** Live updates in a real browser: announcements pop up on other screens; job counts refresh by themselves. */
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, REQUIRE_ALL, setupAdmin, useSovaAndBrowser } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('live updates in a real browser', () => {
  const env = useSovaAndBrowser();

  it('an announcement appears on another screen; /admin/jobs counts update live', {
    timeout: 90_000,
  }, async () => {
    mkdirSync('test-results', { recursive: true });
    const adminCtx = await env.browser.newContext({ locale: 'en-US' });
    const admin = await adminCtx.newPage();
    await setupAdmin(admin, env.url, {
      username: 'root',
      firstName: 'Alice',
      lastName: 'Martin',
      email: 'alice@example.test',
      password: 'alice password 1',
    });

    // A second screen (another browser profile, Russian) signs in and just waits on the home page.
    const otherCtx = await env.browser.newContext({ locale: 'ru-RU' });
    const other = await otherCtx.newPage();
    await other.goto(`${env.url}/login`);
    await other.fill('#f-login', 'root');
    await other.fill('#f-password', 'alice password 1');
    await Promise.all([
      other.waitForURL('**/welcome'),
      other.click('form[action="/login"] button[type=submit]'),
    ]);
    await other.waitForSelector('[data-live][data-live-state="open"]', {
      state: 'attached',
      timeout: 10_000,
    });

    await admin.goto(`${env.url}/admin/announcements`);
    await admin.fill('#f-text', 'Сервер перезапустится в 18:00');
    await Promise.all([
      admin.waitForURL('**/admin/announcements'),
      admin.click('[data-announcement-form] button[type=submit]'),
    ]);
    const toast = await other.waitForSelector('[data-announcement]', { timeout: 5000 });
    expect(await toast.textContent()).toContain('Сервер перезапустится в 18:00');
    expect(await toast.textContent()).toContain('Alice Martin');
    await other.waitForTimeout(400);
    await other.screenshot({ path: 'test-results/announcement-ru.png' });

    // The jobs page refreshes its counts when work is queued elsewhere (here: an upload's storage job).
    await admin.goto(`${env.url}/admin/jobs`);
    expect(await admin.textContent('[data-count="queued"] .stat-value')).toBe('0');
    await admin.waitForTimeout(300);
    const upload = await other.request.post(`${env.url}/api/v1/files?kind=document`, {
      multipart: { file: { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
      headers: {
        'x-csrf-token': (await otherCtx.cookies()).find((c) => c.name === 'sova_csrf')?.value ?? '',
      },
    });
    expect(upload.status()).toBe(201);
    await admin.waitForFunction(
      () => document.querySelector('[data-count="queued"] .stat-value')?.textContent === '1',
      undefined,
      { timeout: 5000 },
    );
    await admin.screenshot({ path: 'test-results/jobs-en.png', fullPage: true });
  });
});
