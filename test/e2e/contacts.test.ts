/** Seed 001's main flow in a real browser: contact → two orders → complete one → weekly report → text file. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, REQUIRE_ALL, setupAdmin, useSovaAndBrowser } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('contacts, orders and reports in a real browser', () => {
  const env = useSovaAndBrowser();

  it('contact → two orders → complete one → weekly report with figures, chart and text file', {
    timeout: 90_000,
  }, async () => {
    mkdirSync('test-results', { recursive: true });
    const ctx = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
    const page = await ctx.newPage();
    await setupAdmin(page, env.url, {
      username: 'root',
      firstName: 'Ольга',
      lastName: 'Смирнова',
      email: 'olga@example.test',
      password: 'olga password 1',
    });

    await page.goto(`${env.url}/contacts/new`);
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
    await page.goto(`${env.url}/contacts?q=${encodeURIComponent('иван петров')}`);
    expect(await page.locator('[data-contacts-table] tbody tr').count()).toBe(1);

    await page.goto(`${env.url}/orders`);
    const laptop = page.locator('[data-orders-table] tr', { hasText: 'Ноутбук' });
    await Promise.all([page.waitForURL('**/orders'), laptop.locator('[data-complete]').click()]);
    expect(await page.locator('[data-orders-table] tr', { hasText: 'Ноутбук' }).textContent()).toContain(
      'Выполнен',
    );

    await page.goto(`${env.url}/reports`);
    await page.selectOption('[data-report-form] select[name=period]', 'week');
    await Promise.all([
      page.waitForURL(/\/reports\/\d+$/),
      page.click('[data-report-form] button[type=submit]'),
    ]);
    // Figures as Russian writes numbers (a space between thousands, a comma before the kopecks).
    const figure = async (k: string) =>
      (await page.textContent(`[data-figure="${k}"] .stat-value`))?.trim().replace(/\s/g, ' ');
    expect(await figure('new_orders')).toBe('2');
    expect(await figure('new_clients')).toBe('1');
    expect(await figure('orders_sum')).toBe('3 250,50 ₽');
    expect(await figure('avg_order')).toBe('1 625,25 ₽');
    expect(await figure('completed')).toBe('1');
    const bars = page.locator('[data-chart] rect[data-orders="2"]');
    expect(await bars.count()).toBe(1);
    // The scales' top values, written short: 2 orders, 3,250.50 roubles.
    expect(await page.textContent('[data-chart] [data-scale="left"]')).toBe('2');
    expect(await page.textContent('[data-chart] [data-scale="right"]')).toMatch(/^3,3\sтыс\.$/);
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
    // The list shows the report with the same figures and its orders per day drawn in its row.
    await page.goto(`${env.url}/reports`);
    const row = page.locator('[data-reports-table] tbody tr').first();
    expect((await row.textContent())?.replace(/\s/g, ' ')).toContain('3 250,50');
    expect(await row.locator('[data-sparkline] polyline').count()).toBe(1);
    await page.goto(`${env.url}/contacts`);
    await page.screenshot({ path: 'test-results/contacts-ru.png', fullPage: true });
  });

  it('imports a CSV through the page (upload, preview, start, live progress) while another screen sees the list grow', {
    timeout: 120_000,
  }, async () => {
    const ctx = await env.browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${env.url}/login`);
    await page.fill('input[name=login]', 'root');
    await page.fill('input[name=password]', 'olga password 1');
    await Promise.all([page.waitForURL('**/welcome'), page.click('button[type=submit]')]);

    // A second screen watching the contacts list.
    const watcher = await ctx.newPage();
    await watcher.goto(`${env.url}/contacts`);
    await watcher.waitForSelector('[data-live-state="open"]');
    const before = await watcher.locator('[data-contacts-table] tbody tr').count();

    const lines = ['Nom;Prénom;Courriel;Téléphone;Statut'];
    for (let i = 0; i < 30; i++) {
      lines.push(
        `Martin${i};Léa;lea.martin${i}@example.fr;+33 6 12 34 ${String(i).padStart(2, '0')} 00;Actif`,
      );
      if (i === 0) lines.push('Sans;Email;pas-un-email;;');
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/import.csv', `${lines.join('\r\n')}\r\n`);

    await page.goto(`${env.url}/imports?entity=contacts`);
    await page.setInputFiles('[data-import-upload] input[type=file]', 'test-results/import.csv');
    await Promise.all([
      page.waitForURL(/\/imports\/\d+$/),
      page.click('[data-import-upload] button[type=submit]'),
    ]);
    // Detected separator, mapped columns from French headers, the bad row marked in the preview.
    expect(await page.locator('select[name=delimiter]').inputValue()).toBe(';');
    expect(await page.locator('select[name=map_0]').inputValue()).toBe('last_name');
    expect(await page.locator('select[name=map_2]').inputValue()).toBe('email');
    expect(await page.locator('tr[data-preview-line="3"][data-ok="false"]').count()).toBe(1);
    expect(await page.locator('tr[data-ok="true"]').count()).toBe(19);
    // Statuses may be written in the user's language ("Actif"); drop the status column anyway and the page
    // re-renders with the new mapping.
    await Promise.all([page.waitForLoadState('load'), page.selectOption('select[name=map_4]', '')]);
    await page.waitForFunction(
      () => (document.querySelector('select[name=map_4]') as HTMLSelectElement)?.value === '',
    );
    await page.screenshot({ path: 'test-results/import-preview-fr.png', fullPage: true });

    await page.click('[data-import-start] button[type=submit]');
    await page.waitForSelector('[data-count="created"]', { timeout: 30_000 });
    expect((await page.textContent('[data-count="created"] .stat-value'))?.trim()).toBe('30');
    expect((await page.textContent('[data-count="errors"] .stat-value'))?.trim()).toBe('1');
    expect(await page.locator('[data-import-errors] tr[data-line="3"]').count()).toBe(1);
    await page.screenshot({ path: 'test-results/import-done-fr.png', fullPage: true });

    // The other screen's list refreshed by itself.
    await watcher.waitForFunction(
      (n) => document.querySelectorAll('[data-contacts-table] tbody tr').length > n,
      before,
      { timeout: 15_000 },
    );
    expect(await watcher.textContent('[data-contacts-table]')).toContain('Martin');

    // Export what the list shows.
    await page.goto(`${env.url}/contacts?q=martin`);
    await page.click('[data-data-menu] summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(31);
    expect(csv).toContain('lea.martin29@example.fr');
  });
});
