/**
 * Menu, buttons and server rules agree (issue 25, item 9). Every role — and an account without one — walks
 * every menu entry and the pages that hold the buttons, then tries every action of the policy on the server:
 * an entry or a button is shown exactly when the policy allows the action, and the server then allows it; a
 * hidden one is refused (403), never half-done. Records are someone else's (an admin's), so "any record"
 * rules are what is tested; a role's own records are the module tests' business.
 */
import { beforeAll, expect, it } from 'vitest';
import { NAVIGATION } from '../src/app.js';
import { seedCampaign } from '../src/modules/call-campaigns/internal.js';
import { ACTIONS, type Action, can } from '../src/platform/auth/policy.js';
import type { Role } from '../src/platform/auth/roles.js';
import { describeEachDialect, type TestEnv } from '../src/test/env.js';
import { Browser, companyFields, makeUser } from '../src/test/http.js';

type Who = { name: string; roles: Role[] };
const PEOPLE: Who[] = [
  { name: 'admin', roles: ['admin'] },
  { name: 'manager', roles: ['manager'] },
  { name: 'marketer', roles: ['marketer'] },
  { name: 'operator', roles: ['operator'] },
  { name: 'no role', roles: [] },
];

/** What the owner (an admin) made for the others to try their hands on. */
interface Fixture {
  owner: Browser;
  ownerId: number;
  contact: number;
  order: number;
  call: number;
  campaign: number;
  /** One target per person, so each may take one. */
  targets: number[];
}

let serial = 0;
const unique = (what: string) => `${what}-${++serial}-${Math.random().toString(36).slice(2, 7)}`;

/** A contact of the owner's (assigned to them), with an order. */
async function ownersContact(f: Fixture) {
  const made = await f.owner.post('/contacts/new', {
    first_name: 'Тест',
    last_name: unique('Владельцев'),
    email: `${unique('owned')}@example.test`,
    assigned_user_id: String(f.ownerId),
  });
  if (made.statusCode !== 303) throw new Error(`contact not created: ${made.statusCode}`);
  const contact = Number(/(\d+)$/.exec(String(made.headers.location))?.[1]);
  const order = await f.owner.post('/orders/new', {
    contact_id: String(contact),
    product: 'Стул',
    quantity: '1',
    price: '5.00',
    status: 'Pending',
  });
  if (order.statusCode !== 303) throw new Error(`order not created: ${order.statusCode}`);
  return contact;
}

async function ownersOrder(env: TestEnv, f: Fixture) {
  const contact = await ownersContact(f);
  return (
    await env.deps.db
      .selectFrom('orders')
      .select('id')
      .where('contactId', '=', contact)
      .executeTakeFirstOrThrow()
  ).id;
}

/**
 * One request per action, as `b` (person number `i`): what the server answers when that person tries it. A 403
 * is a refusal; anything else (a redirect, a page, a 404 for a job that is not there) means it was let through.
 */
const PROBES: Record<Action, (env: TestEnv, f: Fixture, b: Browser, i: number) => Promise<number>> = {
  'contacts.create': async (_env, _f, b) =>
    (
      await b.post('/contacts/new', {
        first_name: 'Новый',
        last_name: 'Контакт',
        email: `${unique('new')}@x.test`,
      })
    ).statusCode,
  'contacts.edit_any': async (_env, f, b) =>
    (
      await b.post(`/contacts/${f.contact}/edit`, {
        first_name: 'Чужой',
        last_name: 'Контакт',
        email: `${unique('edited')}@x.test`,
        status: 'lead',
      })
    ).statusCode,
  'contacts.delete': async (_env, f, b) =>
    (await b.post(`/contacts/${await ownersContact(f)}/delete`)).statusCode,
  'contacts.bulk_edit': async (_env, f, b) =>
    (
      await b.post('/contacts/bulk', {
        ids: String(await ownersContact(f)),
        action: 'update',
        status: 'active',
      })
    ).statusCode,
  'contacts.transfer': async (_env, _f, b) => (await b.get('/contacts/export?format=csv')).statusCode,
  'orders.create': async (_env, f, b) =>
    (
      await b.post('/orders/new', {
        contact_id: String(f.contact),
        product: 'Пробный',
        quantity: '1',
        price: '1.00',
      })
    ).statusCode,
  'orders.edit': async (env, f, b) =>
    (await b.post(`/orders/${await ownersOrder(env, f)}/status`, { status: 'Completed' })).statusCode,
  'orders.delete': async (env, f, b) =>
    (await b.post(`/orders/${await ownersOrder(env, f)}/delete`)).statusCode,
  'orders.transfer': async (_env, _f, b) => (await b.get('/orders/export?format=csv')).statusCode,
  'reports.create': async (_env, _f, b) => (await b.post('/reports', { period: 'week' })).statusCode,
  'calls.create': async (_env, _f, b) =>
    (await b.post('/calls/new', { company_name: 'ООО Проба', lead_result: 'none' })).statusCode,
  'calls.edit_any': async (_env, f, b) =>
    (await b.post(`/calls/${f.call}/edit`, { company_name: 'ООО Чужая', lead_result: 'none' })).statusCode,
  'call_campaigns.view': async (_env, f, b) => (await b.get(`/call-campaigns/${f.campaign}`)).statusCode,
  'call_campaigns.call': async (_env, f, b, i) => {
    const res = await b.post(`/call-targets/${f.targets[i]}/start`);
    if (res.statusCode === 303) await b.post(`/call-targets/${f.targets[i]}/cancel`);
    return res.statusCode;
  },
  'call_campaigns.organise': async (_env, _f, b) =>
    (await b.post('/call-campaigns', { name: unique('Кампания') })).statusCode,
  'imports.view': async (_env, _f, b) => (await b.get('/imports')).statusCode,
  'users.manage': async (_env, _f, b) => (await b.get('/admin/users/new')).statusCode,
  'departments.manage': async (_env, _f, b) =>
    (await b.post('/admin/departments/new', { name: unique('Отдел') })).statusCode,
  'activity.view': async (_env, _f, b) => (await b.get('/admin/activity')).statusCode,
  'announcements.send': async (_env, _f, b) =>
    (await b.post('/admin/announcements', { text: 'Проверка', audience: 'all' })).statusCode,
  'tokens.integration': async (_env, _f, b) =>
    (await b.post('/admin/tokens', { name: unique('Интеграция'), scope: 'leads' })).statusCode,
  'jobs.manage': async (_env, _f, b) => (await b.post('/admin/jobs/no-such-job/retry')).statusCode,
  'outgoing.view': async (_env, _f, b) => (await b.get('/admin/outgoing')).statusCode,
};

/** The pages that hold the actions' buttons (`data-can`), as the owner's records show them. */
const buttonPages = (f: Fixture) => [
  '/contacts',
  `/contacts/${f.contact}`,
  '/orders',
  `/orders/${f.order}`,
  '/reports',
  '/calls',
  `/calls/${f.call}`,
  '/call-campaigns',
  `/call-campaigns/${f.campaign}`,
  '/admin/users',
  '/admin/departments',
  '/admin/announcements',
];

/** The actions whose only face is a page (its menu entry), not a button. */
const PAGE_ONLY = new Set<Action>([
  'call_campaigns.view',
  'imports.view',
  'activity.view',
  'tokens.integration',
  'jobs.manage',
  'outgoing.view',
]);

const shownActions = (html: string) =>
  new Set([...html.matchAll(/data-can="([a-z_.]+)"/g)].map((m) => m[1]!));
const menuLinks = (html: string) =>
  new Set(
    [...(/<aside[\s\S]*<\/aside>/.exec(html)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!),
  );

describeEachDialect('roles: menu, buttons and server agree', (env) => {
  const browsers: Browser[] = [];
  const f = {} as Fixture;

  beforeAll(async () => {
    const owner = await makeUser(env, { roles: ['admin'] });
    f.owner = new Browser(env.app);
    f.ownerId = owner.id;
    await f.owner.login(owner.username, owner.password);
    for (const who of PEOPLE) {
      const u = await makeUser(env, { roles: who.roles });
      const b = new Browser(env.app);
      await b.login(u.username, u.password);
      browsers.push(b);
    }
    f.contact = await ownersContact(f);
    f.order = (
      await env.deps.db
        .selectFrom('orders')
        .select('id')
        .where('contactId', '=', f.contact)
        .executeTakeFirstOrThrow()
    ).id;
    const call = await f.owner.post('/calls/new', { company_name: 'ООО Владелец', lead_result: 'none' });
    f.call = Number(/(\d+)$/.exec(String(call.headers.location))?.[1]);
    const { campaignId } = await seedCampaign(
      env.ctx(),
      'Роли',
      '',
      PEOPLE.map((_, i) => ({
        fields: companyFields(`Цель ${i}`, `+7495100000${i}`),
        state: 'pending' as const,
      })),
    );
    f.campaign = campaignId;
    f.targets = (
      await env.deps.db
        .selectFrom('campaignTargets')
        .select('id')
        .where('campaignId', '=', campaignId)
        .orderBy('id')
        .execute()
    ).map((t) => t.id);
  });

  it('has a server probe for every action of the policy, and a button or a menu entry for each', async () => {
    expect(Object.keys(PROBES).sort()).toEqual([...ACTIONS].sort());
    const admin = browsers[0]!;
    const shown = new Set<string>();
    for (const url of buttonPages(f)) for (const a of shownActions((await admin.get(url)).body)) shown.add(a);
    const inMenu = new Set(NAVIGATION.map((n) => n.action).filter(Boolean));
    for (const action of ACTIONS) {
      expect(shown.has(action) || (PAGE_ONLY.has(action) && inMenu.has(action)), action).toBe(true);
    }
  });

  it('describes each of the four roles next to its checkbox on the users form, in every language', async () => {
    const admin = browsers[0]!;
    for (const lang of ['en', 'ru', 'fr']) {
      const form = (await admin.get('/admin/users/new', { 'accept-language': lang })).body;
      for (const role of ['admin', 'manager', 'marketer', 'operator']) {
        expect(form, `${lang} ${role}`).toMatch(
          new RegExp(`value="${role}"[^>]*aria-describedby="roles-${role}-hint"`),
        );
        expect(form).toMatch(new RegExp(`id="roles-${role}-hint"[^>]*data-hint="${role}">[^<]{20,}<`));
      }
    }
  });

  it('asks before every destructive action its pages offer (item 2): each such form or button has a dialog', async () => {
    const admin = browsers[0]!;
    await f.owner.post('/admin/departments/new', { name: unique('Отдел к удалению') });
    await f.owner.post('/admin/tokens', { name: unique('Токен'), scope: 'leads' });
    const department = await env.deps.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
    const target = f.targets[f.targets.length - 1]!;
    await admin.post(`/call-targets/${target}/start`);
    const pages = [
      ...buttonPages(f),
      `/admin/departments/${department.id}`,
      '/admin/tokens',
      '/account',
      `/call-targets/${target}/call`,
    ];
    let seen = 0;
    for (const url of pages) {
      const html = (await admin.get(url)).body;
      const destructive = [
        ...html.matchAll(/<form\b[^>]*action="[^"]*\/(?:delete|revoke|discard|cancel|archive)"[^>]*>/g),
        ...html.matchAll(/<button\b[^>]*(?:formaction="[^"]*\/(?:delete|cancel)"|value="delete")[^>]*>/g),
        ...html.matchAll(
          /<form\b[^>]*action="\/admin\/users\/\d+\/active"[^>]*>(?=\s*<input[^>]*>\s*<input[^>]*value="0")/g,
        ),
      ].map((m) => m[0]);
      for (const tag of destructive)
        expect(tag, `${url}: ${tag}`).toMatch(/data-confirm="[^"]+"[\s\S]*data-confirm-ok=/);
      seen += destructive.length;
    }
    expect(seen).toBeGreaterThanOrEqual(9);
    await admin.post(`/call-targets/${target}/cancel`);
  });

  PEOPLE.forEach((who, i) => {
    it(`${who.name}: sees a menu entry exactly when its page lets them in`, async () => {
      const b = browsers[i]!;
      const menu = menuLinks((await b.get('/welcome')).body);
      for (const entry of NAVIGATION) {
        const allowed = !entry.action || can(who, entry.action);
        expect(menu.has(entry.href), `${entry.href} in the menu`).toBe(allowed);
        const page = await b.get(entry.href);
        expect(page.statusCode, `GET ${entry.href}`).toBe(allowed ? 200 : 403);
      }
    });

    it(`${who.name}: sees a button exactly when the server allows its action`, async () => {
      const b = browsers[i]!;
      const shown = new Set<string>();
      for (const url of buttonPages(f)) for (const a of shownActions((await b.get(url)).body)) shown.add(a);
      for (const action of ACTIONS) {
        const allowed = can(who, action);
        if (!PAGE_ONLY.has(action)) expect(shown.has(action), `button of ${action}`).toBe(allowed);
        const status = await PROBES[action](env, f, b, i);
        expect(status === 403, `${action} answered ${status}`).toBe(!allowed);
        expect(status, action).toBeLessThan(500);
      }
    });
  });
});
