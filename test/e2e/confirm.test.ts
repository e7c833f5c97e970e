/**
 * Destructive actions ask in a real dialog (issue 25, item 2), in Chromium: the bulk Delete of contacts opens a
 * <dialog> naming what goes with them (counted by the server), Cancel (or Escape) keeps everything, Delete
 * deletes, and the flash's Undo brings it all back. The browser's own confirm() never appears. And the basic
 * flows' pickers search as the user types (a new order's contact).
 */
import { describe, expect, it } from 'vitest';
import { chromiumMissing, REQUIRE_ALL, setupAdmin, useSovaAndBrowser } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('confirmation dialogs in a real browser', () => {
  const run = useSovaAndBrowser();

  it('asks before deleting contacts, names what goes, keeps them on Cancel, deletes on Delete, undoes', {
    timeout: 60_000,
  }, async () => {
    const ctx = await run.browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`native ${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await setupAdmin(page, run.url, {
      username: 'root',
      firstName: 'Rose',
      lastName: 'Admin',
      email: 'rose@example.test',
      password: 'rose password 1',
    });
    // Two contacts, the first with an order and a note.
    const csrf = (await page.getAttribute('meta[name=csrf-token]', 'content'))!;
    const ids: number[] = [];
    for (const [last, email] of [
      ['Dupont', 'dupont@example.test'],
      ['Durand', 'durand@example.test'],
    ]) {
      const res = await page.request.post(`${run.url}/contacts/new`, {
        form: { _csrf: csrf, first_name: 'Jean', last_name: last!, email: email! },
        maxRedirects: 0,
      });
      ids.push(Number(/(\d+)$/.exec(res.headers().location ?? '')?.[1]));
    }
    await page.request.post(`${run.url}/orders/new`, {
      form: { _csrf: csrf, contact_id: String(ids[0]), product: 'Desk', quantity: '1', price: '90.00' },
      maxRedirects: 0,
    });
    await page.request.post(`${run.url}/contacts/${ids[0]}/notes`, {
      form: { _csrf: csrf, body: 'Call back on Monday' },
      maxRedirects: 0,
    });

    const rows = page.locator('[data-contacts-table] tbody tr');
    const askToDelete = async () => {
      await page.goto(`${run.url}/contacts`);
      for (const id of ids) await page.check(`[data-contact="${id}"] input[name=ids]`);
      await page.click('[data-bulk-actions] button[value=delete]');
      const dialog = page.locator('dialog[data-confirm-dialog][open]');
      await dialog.waitFor();
      await page.waitForSelector('dialog[data-confirm-dialog][data-preview-state=ready]');
      return dialog;
    };

    // Cancel keeps them; the dialog says what would go, and has the safe button focused.
    let dialog = await askToDelete();
    expect(await dialog.getAttribute('aria-labelledby')).toBe('sova-confirm-title');
    expect(await dialog.locator('#sova-confirm-title').textContent()).toContain(
      'Delete the selected contacts',
    );
    const said = (await dialog.locator('#sova-confirm-body').textContent()) ?? '';
    expect(said).toContain('Contacts: 2');
    expect(said).toContain('Their orders: 1');
    expect(said).toContain('Their notes: 1');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-confirm-cancel'))).toBe(true);
    await dialog.locator('[data-confirm-cancel]').click();
    await page.waitForSelector('dialog[data-confirm-dialog]:not([open])', { state: 'attached' });
    await page.reload();
    expect(await rows.count()).toBe(2);

    // Escape keeps them too.
    dialog = await askToDelete();
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[data-confirm-dialog]:not([open])', { state: 'attached' });
    await page.reload();
    expect(await rows.count()).toBe(2);

    // Delete deletes, and the flash offers to undo.
    dialog = await askToDelete();
    await Promise.all([page.waitForEvent('load'), dialog.locator('[data-confirm-ok]').click()]);
    expect(await page.textContent('[data-flash]')).toContain('Deleted — contacts: 2, orders: 1, notes: 1.');
    expect(await page.locator('[data-contacts-table]').count()).toBe(0);
    await Promise.all([page.waitForEvent('load'), page.click('[data-flash] [data-undo]')]);
    expect(await page.textContent('[data-flash]')).toContain('Restored — contacts: 2, orders: 1, notes: 1.');
    expect(await rows.count()).toBe(2);
    await page.goto(`${run.url}/contacts/${ids[0]}`);
    expect(await page.locator('[data-timeline] li[data-kind="order"]').count()).toBe(1);

    // A single contact's Delete asks as well, naming the contact.
    await page.click('main form[data-confirm] button[type=submit]');
    await page.waitForSelector('dialog[data-confirm-dialog][data-preview-state=ready]');
    expect(await page.textContent('#sova-confirm-title')).toContain('Dupont Jean');
    await page.click('dialog [data-confirm-cancel]');
    expect(page.url()).toContain(`/contacts/${ids[0]}`);

    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('picks a new order’s contact by typing in the search box', { timeout: 30_000 }, async () => {
    const ctx = await run.browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    await page.goto(`${run.url}/login`);
    await page.fill('input[name=login]', 'root');
    await page.fill('input[name=password]', 'rose password 1');
    await Promise.all([page.waitForURL('**/welcome'), page.click('button[type=submit]')]);
    await page.goto(`${run.url}/orders`);
    await Promise.all([page.waitForURL('**/orders/new'), page.click('[data-new-order]')]);
    await page.fill('[data-search-for="contact_id"]', 'durand');
    await page.waitForSelector('#f-contact_id option:has-text("Durand")', { state: 'attached' });
    await page.fill('#f-product', 'Chair');
    await page.fill('#f-price', '12.00');
    await Promise.all([page.waitForURL(/\/contacts\/\d+$/), page.click('[data-save-order]')]);
    expect(await page.textContent('h1')).toBe('Durand Jean');
    await ctx.close();
  });
});
