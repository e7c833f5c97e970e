/**
 * Seed 004's call flow in a real browser with Chromium's fake microphone: a manager imports a CSV into a
 * campaign, starts a call, records ~3 s, marks answered / accepted / levels and submits; the recording plays,
 * seeks and measures 2–4 s; the XLSX export holds the row. A second operator's screen sees the target taken
 * live and the server refuses it to them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, REQUIRE_ALL, setupAdmin, startSova } from './browser.js';

const skip = chromiumMissing && !REQUIRE_ALL;

describe.skipIf(skip)('call campaigns in a real browser', () => {
  let sova: Awaited<ReturnType<typeof startSova>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${chromiumMissing} (REQUIRE_ALL_SUITES=1)`);
    sova = await startSova();
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  });
  afterAll(async () => {
    await browser?.close();
    await sova?.stop();
  });

  it('import → start call → record 3 s → answered/accepted/levels → submit → play, seek, export; B sees the lock', {
    timeout: 120_000,
  }, async () => {
    mkdirSync('test-results', { recursive: true });
    const ctxA = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const page = await ctxA.newPage();
    await setupAdmin(page, sova.url, {
      username: 'root',
      firstName: 'Alice',
      lastName: 'Martin',
      email: 'alice@example.test',
      password: 'alice password 1',
    });

    // An operator account for the second screen.
    await page.goto(`${sova.url}/admin/users/new`);
    await page.fill('#f-username', 'bob');
    await page.fill('#f-email', 'bob@example.test');
    await page.fill('#f-first_name', 'Bob');
    await page.fill('#f-last_name', 'Durand');
    await page.fill('#f-password', 'bob password 12');
    await page.fill('#f-password2', 'bob password 12');
    await page.check('input[name=roles][value=operator]');
    await Promise.all([
      page.waitForURL(/\/admin\/users/),
      page.click('form[action="/admin/users/new"] button[type=submit]'),
    ]);

    // A campaign and its list of companies (seed 004's CSV: `;`, French headers).
    await page.goto(`${sova.url}/call-campaigns`);
    await page.fill('#f-name', 'PME Transformation');
    await Promise.all([
      page.waitForURL(/\/call-campaigns\/\d+$/),
      page.click('[data-new-campaign] button[type=submit]'),
    ]);
    const queueUrl = page.url();
    writeFileSync(
      'test-results/entreprises.csv',
      [
        'nom;telephone;produit;activite;localisation;forme;niu;score;etat',
        'Société Générale Agro;+237 650 00 00 01;Cacao;Transformation;Douala;SARL;M0123;7,3;pending',
        'Huilerie du Sud;+237 650 00 00 02;Palme;Huile;Kribi;SA;M0456;6.1;pending',
      ].join('\r\n'),
    );
    await page.setInputFiles('[data-import-upload] input[type=file]', 'test-results/entreprises.csv');
    await Promise.all([
      page.waitForURL(/\/imports\/\d+$/),
      page.click('[data-import-upload] button[type=submit]'),
    ]);
    expect(await page.locator('select[name=map_0]').inputValue()).toBe('name');
    await page.click('[data-import-start] button[type=submit]');
    await page.waitForSelector('[data-count="created"]', { timeout: 30_000 });
    expect((await page.textContent('[data-count="created"] .stat-value'))?.trim()).toBe('2');
    await page.goto(queueUrl);
    const firstRow = page.locator('tr[data-target]').first();
    const targetId = await firstRow.getAttribute('data-target');

    // Operator B watches the same queue on another screen.
    const ctxB = await browser.newContext({ locale: 'en-US' });
    const other = await ctxB.newPage();
    await other.goto(`${sova.url}/login`);
    await other.fill('#f-login', 'bob');
    await other.fill('#f-password', 'bob password 12');
    await Promise.all([
      other.waitForURL('**/welcome'),
      other.click('form[action="/login"] button[type=submit]'),
    ]);
    await other.goto(queueUrl);
    await other.waitForSelector('[data-live][data-live-state="open"]', { timeout: 10_000 });
    expect(await other.getAttribute(`tr[data-target="${targetId}"]`, 'data-target-state')).toBe('pending');

    // A starts the call: B sees the company taken within 2 s, and the server refuses it to B.
    await Promise.all([
      page.waitForURL(/\/call-targets\/\d+\/call$/),
      page.click(`[data-start-call="${targetId}"]`),
    ]);
    const shown = Date.now();
    await other.waitForSelector(`tr[data-target="${targetId}"][data-target-state="in_progress"]`, {
      timeout: 2_000,
    });
    expect(Date.now() - shown).toBeLessThan(2_000);
    expect(await other.textContent(`tr[data-target="${targetId}"]`)).toContain('Alice Martin is calling');
    expect(await other.isDisabled(`[data-start-call="${targetId}"]`)).toBe(true);
    const refused = await other.evaluate(async (id) => {
      const csrf = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
      const res = await fetch(`/api/v1/call-targets/${id}/lock`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      return { status: res.status, body: await res.json() };
    }, targetId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('call_target.locked');

    // B follows seed 004's old link to the other company: the page only offers to take it (a GET locks
    // nothing); taking it opens the form, cancelling gives it back.
    const freeId = await other.getAttribute(
      `tr[data-target]:not([data-target="${targetId}"])`,
      'data-target',
    );
    await other.goto(`${sova.url}/appels/${freeId}/remplir/`);
    await other.waitForSelector('[data-take-call]');
    expect(await other.locator('form[data-call-form]').count()).toBe(0);
    await Promise.all([
      other.waitForSelector('form[data-call-form]'),
      other.click('[data-take-call-button]'),
    ]);
    // Leaving the call loses what was entered: it asks first.
    await other.click('[data-cancel-call]');
    await Promise.all([
      other.waitForURL(queueUrl),
      other.click('dialog[data-confirm-dialog] [data-confirm-ok]'),
    ]);
    await other.waitForSelector('[data-live][data-live-state="open"]', { timeout: 10_000 });

    // The status choices wait for the microphone (seed 004); record about 3 seconds.
    expect(await page.isDisabled('input[name=number_status][value=answered]')).toBe(true);
    await page.click('[data-mic-start]');
    await page.waitForSelector('form[data-recorder="recording"]');
    expect(await page.isDisabled('input[name=number_status][value=answered]')).toBe(false);
    await page.waitForTimeout(3_000);
    await page.click('[data-mic-stop]');
    await page.waitForSelector('form[data-recorder="stopped"]');
    await page.click('label:has(input[name=number_status][value=answered])');
    await page.click('label:has(input[name=call_status][value=accepted])');
    await page.selectOption('#f-presentation_level', 'complete');
    await page.selectOption('#f-free_questions_level', 'complete');
    await page.selectOption('#f-guided_questions_level', 'partial');
    await page.fill('#f-person_name', 'M. Ndzi');
    await page.screenshot({ path: 'test-results/call-form-fr.png', fullPage: true });
    await Promise.all([
      page.waitForURL(/\/call-campaigns\/\d+\?called=\d+$/),
      page.click('[data-submit-call]'),
    ]);
    const callId = Number(new URL(page.url()).searchParams.get('called'));

    // The call is stored with its measured duration; the target is done (B's screen follows).
    const call = await page.evaluate(async (id) => (await fetch(`/api/v1/calls/${id}`)).json(), callId);
    expect(call).toMatchObject({
      number_status: 'answered',
      call_status: 'accepted',
      survey_status: 'partial',
    });
    expect(call.recording.duration_seconds).toBeGreaterThanOrEqual(2);
    expect(call.recording.duration_seconds).toBeLessThanOrEqual(4);
    await other.waitForSelector(`tr[data-target="${targetId}"][data-target-state="done"]`, {
      timeout: 5_000,
    });

    // The recording plays and seeks, on the queue.
    const played = await page.evaluate(async () => {
      const audio = document.querySelector('audio[data-recording]') as HTMLAudioElement;
      audio.preload = 'auto';
      audio.load();
      await new Promise((resolve, reject) => {
        audio.addEventListener('loadedmetadata', resolve, { once: true });
        audio.addEventListener('error', () => reject(new Error('audio error')), { once: true });
      });
      const duration = audio.duration;
      audio.currentTime = 1.5;
      await new Promise((resolve) => audio.addEventListener('seeked', resolve, { once: true }));
      return { duration, at: audio.currentTime, seekable: audio.seekable.length };
    });
    expect(played.duration).toBeGreaterThan(2);
    expect(played.duration).toBeLessThan(4);
    expect(played.at).toBeGreaterThan(1.2);
    expect(played.seekable).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/call-queue-fr.png', fullPage: true });

    // The XLSX export, parsed back, holds the row with French labels.
    await page.click('[data-data-menu] summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="xlsx"]')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]?.[0]).toBe('Entreprise');
    const row = rows.find((r) => r[0] === 'Société Générale Agro');
    expect(row?.[9]).toBe('Accepte le questionnaire');
    expect(row?.[15]).toBe('Oui');

    await page.goto(`${sova.url}/call-campaigns/dashboard`);
    await page.screenshot({ path: 'test-results/call-dashboard-fr.png', fullPage: true });
    // Accepted with all three levels filled: 2 points, the best operator (100 %).
    expect(await page.getAttribute('[data-operators] tr[data-operator="Alice Martin"]', 'data-points')).toBe(
      '2',
    );
    expect(await page.getAttribute('[data-operators] tr[data-operator="Alice Martin"]', 'data-ratio')).toBe(
      '100',
    );
    await ctxA.close();
    await ctxB.close();
  });
});
