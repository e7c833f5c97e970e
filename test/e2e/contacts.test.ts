/** Seed 001's main flow in a real browser: contact → two orders → complete one → weekly report → text file. */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, REQUIRE_ALL, setupAdmin, startSova } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('contacts, orders and reports in a real browser', () => {
  let sova: Awaited<ReturnType<typeof startSova>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${chromiumMissing} (REQUIRE_ALL_SUITES=1)`);
    sova = await startSova();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sova?.stop();
  });

  it('contact → two orders → complete one → weekly report with figures, chart and text file', {
    timeout: 90_000,
  }, async () => {
    mkdirSync('test-results', { recursive: true });
    const ctx = await browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
    const page = await ctx.newPage();
    await setupAdmin(page, sova.url, {
      username: 'root',
      firstName: 'Ольга',
      lastName: 'Смирнова',
      email: 'olga@example.test',
      password: 'olga password 1',
    });

    await page.goto(`${sova.url}/contacts/new`);
    await page.fill('#f-last_name', 'Петров');
    await page.fill('#f-first_name', 'Иван');
    await page.fill('#f-email', 'ivan.petrov@example.test');
    await page.fill('#f-mobile_phone', '+7 900 123-45-67');
    await Promise.all([
      page.waitForURL(/\/contacts\/\d+$/),
      page.click('[data-contact-form] button[type=submit]'),
    ]);
    expect(await page.textContent('h1')).toBe('Петров Иван');
    expect(await page.textContent('[data-contact-card]')).toContain('+79001234567');

    for (const [product, qty, price] of [
      ['Ноутбук', '2', '1500.00'],
      ['Мышь', '1', '250.50'],
    ]) {
      await Promise.all([page.waitForURL('**/orders/new?contact_id=*'), page.click('[data-add-order]')]);
      await page.fill('#f-product', product!);
      await page.fill('#f-quantity', qty!);
      await page.fill('#f-price', price!);
      await Promise.all([
        page.waitForURL(/\/contacts\/\d+$/),
        page.click('[data-order-form] button[type=submit]'),
      ]);
    }
    expect(await page.locator('[data-timeline] li[data-kind="order"]').count()).toBe(2);

    // The search finds him with the name in either order.
    await page.goto(`${sova.url}/contacts?q=${encodeURIComponent('иван петров')}`);
    expect(await page.locator('[data-contacts-table] tbody tr').count()).toBe(1);

    await page.goto(`${sova.url}/orders`);
    const laptop = page.locator('[data-orders-table] tr', { hasText: 'Ноутбук' });
    await Promise.all([page.waitForURL('**/orders'), laptop.locator('[data-complete]').click()]);
    expect(await page.locator('[data-orders-table] tr', { hasText: 'Ноутбук' }).textContent()).toContain(
      'Выполнен',
    );

    await page.goto(`${sova.url}/reports`);
    await page.selectOption('[data-report-form] select[name=period]', 'week');
    await Promise.all([
      page.waitForURL(/\/reports\/\d+$/),
      page.click('[data-report-form] button[type=submit]'),
    ]);
    const figure = async (k: string) => (await page.textContent(`[data-figure="${k}"] .stat-value`))?.trim();
    expect(await figure('new_orders')).toBe('2');
    expect(await figure('new_clients')).toBe('1');
    expect(await figure('orders_sum')).toBe('3250.50');
    expect(await figure('avg_order')).toBe('1625.25');
    expect(await figure('completed')).toBe('1');
    const bars = page.locator('[data-chart] rect[data-orders="2"]');
    expect(await bars.count()).toBe(1);
    await page.screenshot({ path: 'test-results/report-ru.png', fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-download="txt"]'),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('Отчет за период: Неделя');
    expect(text).toContain('Кол-во новых заказов: 2');
    expect(text).toContain('Кол-во новых клиентов: 1');
    expect(text).toContain('Сумма новых заказов: 3250.50');
    expect(text).toContain('Средняя сумма заказов: 1625.25');
    expect(text).toContain('Кол-во выполненных заказов: 1');
    await page.goto(`${sova.url}/contacts`);
    await page.screenshot({ path: 'test-results/contacts-ru.png', fullPage: true });
  });
});
