/**
 * A report's PDF prints its dates on its reader's clock: the same report read by a user in Vladivostok and by
 * one in New York shows its creation time in each one's zone (the seed's text file keeps the company's).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTranslate } from '../../platform/i18n/index.js';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, Browser, makeUser } from '../../test/http.js';

const dir = mkdtempSync(join(tmpdir(), 'sova-pdf-zone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of a PDF, through poppler's pdftotext (CI installs poppler-utils). */
function pdfText(bytes: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describeEachDialect(
  'report PDF on the reader’s clock',
  (env) => {
    it('prints the creation time in each reader’s zone', async () => {
      const maker = await apiUser(env, ['manager']);
      const made = await env.app.inject({
        method: 'POST',
        url: '/api/reports/new/',
        headers: { authorization: `Bearer ${maker.token}` },
        payload: { period: 'week' },
      });
      expect(made.statusCode).toBeLessThan(300);
      const id = made.json().id as number;
      // 23:30 UTC: already the next day in Vladivostok (UTC+10), still the same day in New York (UTC−5).
      const createdAt = '2026-01-14T23:30:00.000Z';
      await env.deps.db.updateTable('reports').set({ createdAt }).where('id', '=', id).execute();

      for (const zone of ['Asia/Vladivostok', 'America/New_York']) {
        const reader = await makeUser(env, { roles: ['manager'] });
        const b = new Browser(env.app);
        const login = await b.post('/login', {
          login: reader.username,
          password: reader.password,
          next: '/welcome',
          time_zone: zone,
        });
        expect(login.statusCode).toBe(303);
        const pdf = await b.get(`/api/v1/reports/${id}/file?format=pdf`);
        expect(pdf.statusCode).toBe(200);
        expect(pdf.headers['content-type']).toContain('application/pdf');
        const text = pdfText(pdf.rawPayload, `${zone.replace('/', '-')}.pdf`).replace(/\s+/g, ' ');
        const expected = createTranslate('en', { timeZone: zone }).dateTime(createdAt);
        expect(text).toContain(expected.replace(/\s+/g, ' '));
        // The other reader's clock is not what this one reads.
        const other = zone === 'Asia/Vladivostok' ? 'America/New_York' : 'Asia/Vladivostok';
        expect(text).not.toContain(
          createTranslate('en', { timeZone: other }).dateTime(createdAt).replace(/\s+/g, ' '),
        );
      }
    });
  },
  { TIME_ZONE: 'Europe/Moscow' },
);
