/**
 * The import preview a user reads before importing, in a real browser at 1366 and 390 px: every row's problems
 * are listed where they can be read without scrolling sideways, and the column mapping shows whole field names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, REQUIRE_ALL, setupAdmin, useSovaAndBrowser } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('import preview in a real browser', () => {
  const env = useSovaAndBrowser();

  it('shows each row’s problems readable at 1366 and 390 px, and the mapping’s field names whole', {
    timeout: 60_000,
  }, async () => {
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/preview.csv',
      [
        'Фамилия;Имя;Отчество;Email;Телефон;Статус;Следующий контакт;Город;Комментарий',
        'Петров;Иван;Сергеевич;ivan.petrov@example.ru;89001112244;lead;2026-12-20;Москва;Звонить после обеда',
        'Иванова;Мария;Петровна;not-an-email;8 (900) 111-22-45;active;2026-12-21;Казань;Просила каталог',
        'Dupont;Élodie;;elodie.dupont@example.fr;+33 6 12 34 56 78;lead;;Lyon;Rappeler lundi',
        'Smith;John;;john.smith@example.com;12;lead;2026-13-01;London;Wrong number and date',
      ].join('\r\n'),
    );
    const ctx = await env.browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 800 } });
    const page = await ctx.newPage();
    await setupAdmin(page, env.url, {
      username: 'root',
      firstName: 'Ольга',
      lastName: 'Смирнова',
      email: 'olga@example.test',
      password: 'olga password 1',
    });
    await page.goto(`${env.url}/imports?entity=contacts`);
    await page.setInputFiles('[data-import-upload] input[type=file]', 'test-results/preview.csv');
    await Promise.all([
      page.waitForURL(/\/imports\/\d+$/),
      page.click('[data-import-upload] button[type=submit]'),
    ]);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.reload();
      const layout = await page.evaluate(() => {
        const viewport = document.documentElement.clientWidth;
        const items = [...document.querySelectorAll<HTMLElement>('[data-preview-errors] [data-error-line]')];
        const canvas = document.createElement('canvas').getContext('2d')!;
        const selects = [...document.querySelectorAll<HTMLSelectElement>('select[data-map]')].map((s) => {
          canvas.font = getComputedStyle(s).font;
          const text = s.selectedOptions[0]?.textContent ?? '';
          return { text, needed: canvas.measureText(text).width, width: s.clientWidth };
        });
        return {
          viewport,
          items: items.map((li) => {
            const r = li.getBoundingClientRect();
            return { line: li.dataset.errorLine, left: r.left, right: r.right, text: li.textContent ?? '' };
          }),
          selects,
        };
      });
      expect(
        layout.items.map((i) => i.line),
        `${width}`,
      ).toEqual(['3', '5']);
      for (const item of layout.items) {
        expect(item.left, `${width} line ${item.line}`).toBeGreaterThanOrEqual(0);
        expect(item.right, `${width} line ${item.line}`).toBeLessThanOrEqual(layout.viewport);
      }
      expect(layout.items[1]!.text).toContain('Мобильный телефон');
      expect(layout.items[1]!.text).toContain('Следующий контакт');
      // Each mapping shows its whole field name (beside the arrow), none cut off.
      for (const s of layout.selects) expect(s.width, `${width} ${s.text}`).toBeGreaterThan(s.needed + 16);
      await page.screenshot({ path: `test-results/import-preview-ru-${width}.png`, fullPage: true });
    }
    await ctx.close();
  });
});
