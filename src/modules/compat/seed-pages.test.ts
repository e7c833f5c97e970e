/**
 * The seeds' old page addresses after sign-in (and their sign-in and sign-up addresses before it): each leads to
 * Sova's page, keeping the query a bookmark carried; seed 004's company list shows its status column.
 */
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, browserAs, companyFields as company, makeUser } from '../../test/http.js';
import { seedCampaign } from '../call-campaigns/internal.js';

describe('seed pages', () => {
  describeEachDialect('old addresses', (env) => {
    it('leads every seed page to its Sova page once signed in, keeping its query', async () => {
      const b = await browserAs(env, ['manager']);
      const cases: [string, string][] = [
        // Seed 001
        ['/orders/', '/orders'],
        ['/orders/12/', '/orders/12'],
        ['/clients/', '/contacts'],
        ['/reports/', '/reports'],
        // Seed 000
        ['/call/list', '/calls?mine=1'],
        ['/call/list/', '/calls?mine=1'],
        // A bookmark's query is kept, renamed where Sova names it otherwise.
        ['/new_call/?user=5&lead=success', '/calls?user=5&lead=success'],
        ['/new_call/?user=5&lead_result=fail&page=2', '/calls?user=5&lead=fail&page=2'],
        ['/new_call/?date=2026-12-01', '/calls?from=2026-12-01&to=2026-12-01'],
        ['/call/list/?page=2', '/calls?mine=1&page=2'],
        ['/call/list?page=3&mine=0', '/calls?mine=1&page=3'],
        ['/appels/?page=2', '/call-campaigns?page=2'],
        ['/contacts/?page=2', '/companies?page=2'],
        ['/clients/?search=%D0%98%D0%B2%D0%B0%D0%BD', '/contacts?q=%D0%98%D0%B2%D0%B0%D0%BD'],
        ['/orders/?status=Pending&page=2', '/orders?status=Pending&page=2'],
        ['/call_item/edit/5/?next=1', '/calls/5/edit?next=1'],
      ];
      for (const [from, to] of cases) {
        const res = await b.get(from);
        expect(res.statusCode, from).toBe(301);
        expect(res.headers.location, from).toBe(to);
      }
    });

    it('leads the old sign-in and sign-up addresses to sign-in and sign-up, signed in or not', async () => {
      await makeUser(env, { roles: ['admin'] });
      const anon = new Browser(env.app);
      for (const [from, to] of [
        ['/login/', '/login'],
        ['/accounts/login/', '/login'],
        ['/signup/', '/signup'],
        ['/login/?next=%2Fcontacts', '/login?next=%2Fcontacts'],
      ] as const) {
        const res = await anon.get(from);
        expect(res.statusCode, from).toBe(301);
        expect(res.headers.location, from).toBe(to);
      }
      // The sign-up address shows the sign-up form, not the sign-in one.
      const signup = await anon.get('/signup');
      expect(signup.statusCode).toBe(200);
      expect(signup.body).toContain('action="/signup"');
    });

    it("shows each company's status on /companies as seed 004 did", async () => {
      const admin = await makeUser(env, { roles: ['admin'] });
      const { campaignId } = await seedCampaign(env.ctx(), 'Statuts', '', [
        { fields: company('Alpha SARL', '+237 600 000 001'), state: 'pending' },
        { fields: company('Beta SA', '+237 600 000 002'), state: 'callback' },
        { fields: company('Gamma SAS', '+237 600 000 003'), state: 'done' },
        { fields: company('Delta SNC', '+237 600 000 004'), state: 'pending' },
      ]);
      const delta = await env.deps.db
        .selectFrom('campaignTargets as t')
        .innerJoin('companies as c', 'c.id', 't.companyId')
        .select(['t.id'])
        .where('t.campaignId', '=', campaignId)
        .where('c.name', '=', 'Delta SNC')
        .executeTakeFirstOrThrow();
      const operator = await makeUser(env, { roles: ['operator'] });
      const caller = new Browser(env.app);
      await caller.login(operator.username, operator.password);
      expect((await caller.post(`/call-targets/${delta.id}/start`)).statusCode).toBe(303);
      const b = new Browser(env.app);
      await b.login(admin.username, admin.password);
      const page = await b.get('/companies');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<th>Status</th>');
      const stateOf = (name: string) =>
        new RegExp(`${name}</a>[\\s\\S]*?data-company-state="([a-z_]+)"`).exec(page.body)?.[1];
      expect(stateOf('Alpha SARL')).toBe('pending');
      expect(stateOf('Beta SA')).toBe('callback');
      expect(stateOf('Gamma SAS')).toBe('done');
      expect(stateOf('Delta SNC')).toBe('in_progress');
      expect(page.body).toContain('Not called yet');
    });
  });
});
