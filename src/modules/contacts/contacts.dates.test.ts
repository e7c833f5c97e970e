/**
 * Dates a contact takes are days that exist: `2026-02-31` or `9999-99-99` are refused with a field message by
 * every way in (clean API, seed 001's API, the HTML form, list filters), and a bad value already stored (from
 * before this rule) still shows on the list and the contact's page instead of breaking them for everyone.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { apiUser, bearerClient, browserAs, countRows } from '../../test/http.js';

describeEachDialect('contact dates', (env) => {
  let token = '';
  const call = bearerClient(env, () => token);
  const person = (n: number, day: string) => ({
    first_name: 'Дата',
    last_name: `Невозможная${n}`,
    email: `impossible.day${n}@example.test`,
    next_interaction_on: day,
  });

  beforeAll(async () => {
    token = (await apiUser(env, ['manager'])).token;
  });

  it('refuses a day that does not exist with a field message, on the clean and the seed API, writing nothing', async () => {
    const before = await countRows(env, 'contacts');
    for (const [n, day] of ['2026-02-31', '9999-99-99', '2025-02-29', '2026-04-31'].entries()) {
      const clean = await call('POST', '/api/v1/contacts', person(n, day));
      expect(clean.statusCode, day).toBe(400);
      expect(clean.json().errors.next_interaction_on[0].code, day).toBe('impossible_date');
      const seed = await call('POST', '/api/clients/add/', person(n + 10, day));
      expect(seed.statusCode, day).toBe(400);
      expect(seed.json().success).toBe(false);
      expect(Object.keys(seed.json().errors)).toEqual(['next_interaction_on']);
    }
    expect(await countRows(env, 'contacts')).toBe(before);
    // A leap day that exists is a day like any other.
    const leap = await call('POST', '/api/v1/contacts', person(99, '2028-02-29'));
    expect(leap.statusCode).toBe(201);
    expect(leap.json().next_interaction_on).toBe('2028-02-29');
  });

  it('refuses an impossible day in the HTML form with the message beside the field', async () => {
    const b = await browserAs(env, ['manager']);
    const res = await b.post('/contacts/new', person(50, '2026-02-31'));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('2026-02-31');
    expect(res.body).toMatch(/There is no such day/);
  });

  it('refuses an impossible day in a list filter of the clean API', async () => {
    const res = await call('GET', '/api/v1/contacts?created_from=2026-02-31');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.created_from[0].code).toBe('impossible_date');
  });

  it('still shows the list and the contact when an impossible day is already stored', async () => {
    const created = await call('POST', '/api/v1/contacts', person(70, '2026-12-01'));
    const id = created.json().id as number;
    await env.deps.db
      .updateTable('contacts')
      .set({ nextInteractionOn: '9999-99-99' })
      .where('id', '=', id)
      .execute();
    const b = await browserAs(env, ['manager']);
    for (const url of [
      '/contacts',
      `/contacts/${id}`,
      `/contacts/${id}/edit`,
      '/contacts?sort=next_interaction_on',
    ]) {
      const page = await b.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('9999-99-99');
    }
    expect((await call('GET', `/api/v1/contacts/${id}`)).statusCode).toBe(200);
  });
});
