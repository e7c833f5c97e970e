/**
 * The concurrency suite: for every entity a user edits, several writers change distinct fields of one row at
 * the same moment, round after round, on both databases. A write answered as done must be in the row
 * afterwards, and the activity log, replayed from the row's first values, must give exactly the row. Partial
 * writes (the JSON APIs, seed 001's edit endpoints) must all land; whole-form writes carrying the version they
 * were read at may be refused (the form says the row changed meanwhile), but never lost.
 *
 * A new module adds one entry to `entities` below: how to create a row, send one writer's change, and read the
 * row back.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/deps.js';
import { seedCampaign } from '../src/modules/call-campaigns/internal.js';
import { fromJson } from '../src/platform/db/sql.js';
import { writeVersioned } from '../src/platform/db/versioned.js';
import { describeEachDialect, type TestEnv } from '../src/test/env.js';
import { Browser, companyFields, countRows, makeUser } from '../src/test/http.js';

/** Writers per round, each changing its own field; rounds per entity (bounded: the suite runs in seconds). */
const ROUNDS = 30;

type Values = Record<string, unknown>;

interface Harness {
  env: TestEnv;
  /** An admin's bearer token (JSON APIs, seed 001). */
  api(
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** An admin signed in to the pages. */
  browser: Browser;
  /** A fresh contact to hang orders and calls on. */
  contactId: number;
}

export interface EntityDescriptor {
  name: string;
  /** The activity log's entity type and update actions for this entity. */
  entityType: string;
  actions: string[];
  /** The fields the writers change, one each. */
  fields: string[];
  /** A value of `field` for round `round` of row `id`, distinct from every earlier one. */
  value(field: string, round: number, id: number): string | number;
  /** Whether every writer's change must land (partial writes); else a writer may be told the row changed. */
  partial: boolean;
  create(h: Harness): Promise<number>;
  /** The row as the API (or the form) names its fields, with its version when it has one. */
  read(h: Harness, id: number): Promise<Values>;
  /** Sends one writer's change; true when the server says it was saved. `seen` is the row as read before. */
  update(h: Harness, id: number, change: Values, seen: Values): Promise<boolean>;
}

const json = (res: LightMyRequestResponse) => res.json() as Values;
const saved = (res: LightMyRequestResponse, ok: number[]) => {
  if (ok.includes(res.statusCode)) return true;
  if (res.statusCode === 412 || res.statusCode === 422) return false;
  throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`);
};
const formOf = (values: Values): Record<string, string | string[]> =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(String) : v === null || v === undefined ? '' : String(v),
    ]),
  );
/** A form post answered 303 was saved; 422 with the "changed meanwhile" notice was refused. */
const formSaved = (res: LightMyRequestResponse) => {
  if (res.statusCode === 303) return true;
  if (res.statusCode === 422 && res.body.includes('data-stale')) return false;
  throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`);
};

/** Companies a contact's writers move it between (one per round), made by the suite's setup. */
let companyPool: number[] = [];

const entities: EntityDescriptor[] = [
  {
    name: 'contact (API)',
    entityType: 'contact',
    actions: ['contact.updated'],
    fields: ['first_name', 'middle_name', 'mobile_phone', 'last_name', 'company_id'],
    value: (f, r, id) =>
      f === 'mobile_phone'
        ? `+7901${String(id).padStart(3, '0')}${String(r).padStart(4, '0')}`
        : f === 'company_id'
          ? companyPool[r]!
          : `${f}-${r}`,
    partial: true,
    create: async (h) =>
      json(
        await h.api('POST', '/api/v1/contacts', {
          first_name: 'Анна',
          last_name: 'Конкурентная',
          email: `race-${Math.random().toString(36).slice(2)}@example.test`,
        }),
      ).id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/contacts/${id}`)),
    update: async (h, id, change) => saved(await h.api('PATCH', `/api/v1/contacts/${id}`, change), [200]),
  },
  {
    name: 'contact (seed 001)',
    entityType: 'contact',
    actions: ['contact.updated'],
    fields: ['first_name', 'middle_name', 'mobile_phone'],
    value: (f, r, id) =>
      f === 'mobile_phone' ? `+7902${String(id).padStart(3, '0')}${String(r).padStart(4, '0')}` : `${f}-${r}`,
    partial: true,
    create: async (h) =>
      json(
        await h.api('POST', '/api/v1/contacts', {
          first_name: 'Борис',
          last_name: 'Совместимый',
          email: `seed-race-${Math.random().toString(36).slice(2)}@example.test`,
        }),
      ).id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/contacts/${id}`)),
    update: async (h, id, change) => saved(await h.api('POST', `/api/clients/edit/${id}/`, change), [200]),
  },
  {
    name: 'order (API)',
    entityType: 'order',
    actions: ['order.updated'],
    fields: ['product', 'description', 'quantity', 'price'],
    value: (f, r) => (f === 'quantity' ? r + 2 : f === 'price' ? `${r + 10}.25` : `${f}-${r}`),
    partial: true,
    create: async (h) =>
      json(
        await h.api('POST', '/api/v1/orders', {
          contact_id: h.contactId,
          product: 'Гонка',
          quantity: 1,
          price: '5.00',
        }),
      ).id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/orders/${id}`)),
    update: async (h, id, change) => saved(await h.api('PATCH', `/api/v1/orders/${id}`, change), [200]),
  },
  {
    name: 'order (seed 001)',
    entityType: 'order',
    actions: ['order.updated'],
    fields: ['product', 'description', 'quantity'],
    value: (f, r) => (f === 'quantity' ? r + 2 : `${f}-${r}`),
    partial: true,
    create: async (h) =>
      json(
        await h.api('POST', '/api/v1/orders', {
          contact_id: h.contactId,
          product: 'Гонка 001',
          quantity: 1,
          price: '7.00',
        }),
      ).id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/orders/${id}`)),
    update: async (h, id, change) => saved(await h.api('POST', `/api/orders/edit/${id}/`, change), [200]),
  },
  {
    name: 'call (API)',
    entityType: 'call',
    actions: ['call.updated'],
    fields: ['person_name', 'position', 'description', 'area'],
    value: (f, r) => `${f}-${r}`,
    partial: true,
    create: async (h) =>
      json(await h.api('POST', '/api/v1/calls', { company_name: 'ООО Гонка', phone: '+7 900 000 00 01' }))
        .id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/calls/${id}`)),
    update: async (h, id, change) => saved(await h.api('PATCH', `/api/v1/calls/${id}`, change), [200]),
  },
  {
    name: 'call campaign (API)',
    entityType: 'call_campaign',
    actions: ['call_campaign.updated'],
    fields: ['name', 'description'],
    value: (f, r, id) => `${f}-${id}-${r}`,
    partial: true,
    create: async (h) =>
      json(
        await h.api('POST', '/api/v1/call-campaigns', {
          name: `Кампания ${Math.random().toString(36).slice(2)}`,
        }),
      ).id as number,
    read: async (h, id) => json(await h.api('GET', `/api/v1/call-campaigns/${id}`)),
    update: async (h, id, change) =>
      saved(await h.api('PATCH', `/api/v1/call-campaigns/${id}`, change), [200]),
  },
  {
    name: 'user (admin form)',
    entityType: 'user',
    actions: ['user.updated'],
    fields: ['first_name', 'last_name', 'position'],
    value: (f, r) => `${f}-${r}`,
    partial: false,
    create: async (h) => (await makeUser(h.env, { roles: ['operator'] })).id,
    read: async (h, id) => {
      const u = await h.env.deps.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const roles = await h.env.deps.db
        .selectFrom('userRoles')
        .select('role')
        .where('userId', '=', id)
        .execute();
      return {
        username: u.username,
        email: u.email,
        first_name: u.firstName,
        last_name: u.lastName,
        position: u.position,
        department_id: u.departmentId ?? '',
        locale: u.locale ?? '',
        roles: roles.map((r) => r.role),
        active: u.active ? 'on' : '',
        version: (u as Values).version,
      };
    },
    update: async (h, id, change, seen) =>
      formSaved(await h.browser.post(`/admin/users/${id}`, formOf({ ...seen, ...change }))),
  },
  {
    name: 'department (admin form)',
    entityType: 'department',
    actions: ['department.updated'],
    fields: ['name', 'description'],
    value: (f, r, id) => `${f}-${id}-${r}`,
    partial: false,
    create: async (h) => {
      const res = await h.browser.post('/admin/departments/new', {
        name: `Отдел ${Math.random().toString(36).slice(2)}`,
        description: '',
        manager_id: '',
      });
      expect(res.statusCode).toBe(303);
      const row = await h.env.deps.db
        .selectFrom('departments')
        .select('id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    read: async (h, id) => {
      const d = await h.env.deps.db
        .selectFrom('departments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return {
        name: d.name,
        description: d.description,
        manager_id: d.managerId ?? '',
        version: (d as Values).version,
      };
    },
    update: async (h, id, change, seen) =>
      formSaved(await h.browser.post(`/admin/departments/${id}`, formOf({ ...seen, ...change }))),
  },
];

/** The values of `fields` after replaying the row's logged changes over `start`; throws on a broken chain. */
async function replayLog(h: Harness, e: EntityDescriptor, id: number, start: Values): Promise<Values> {
  const entries = await h.env.deps.db
    .selectFrom('activityLog')
    .select(['id', 'action', 'details'])
    .where('entityType', '=', e.entityType)
    .where('entityId', '=', id)
    .where('action', 'in', e.actions)
    .orderBy('id')
    .execute();
  const state: Values = Object.fromEntries(e.fields.map((f) => [f, start[f]]));
  for (const entry of entries) {
    const details = fromJson<Record<string, { from?: unknown; to?: unknown }>>(entry.details, {});
    for (const f of e.fields) {
      const change = details[f];
      if (!change) continue;
      expect(change.from, `log entry ${entry.id}: ${f} changed from what the row held`).toEqual(state[f]);
      state[f] = change.to;
    }
  }
  return state;
}

const pick = (values: Values, fields: string[]) => Object.fromEntries(fields.map((f) => [f, values[f]]));

describeEachDialect('concurrency: parallel writers of one row', (env) => {
  const h = { env } as Harness;
  beforeAll(async () => {
    const admin = await makeUser(env, { roles: ['admin'] });
    const token = (
      await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: admin.username, password: admin.password },
      })
    ).json().access as string;
    h.api = (method, url, payload, headers = {}) =>
      env.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    h.browser = new Browser(env.app);
    await h.browser.login(admin.username, admin.password);
    const pool = Array.from({ length: ROUNDS + 1 }, (_, i) => ({
      fields: companyFields(`Гонка ${i}`, `+7495${String(i).padStart(7, '0')}`),
      state: 'pending' as const,
    }));
    const { campaignId } = await seedCampaign(env.ctx(), 'Компании гонки', '', pool);
    companyPool = (
      await env.deps.db
        .selectFrom('campaignTargets')
        .select('companyId')
        .where('campaignId', '=', campaignId)
        .orderBy('id')
        .execute()
    ).map((t) => t.companyId);
    h.contactId = json(
      await h.api('POST', '/api/v1/contacts', {
        first_name: 'Опора',
        last_name: 'Заказов',
        email: `orders-anchor-${Math.random().toString(36).slice(2)}@example.test`,
      }),
    ).id as number;
  });

  describe.each(entities)('$name', (e) => {
    it(`keeps every saved change of ${e.fields.length} parallel writers, ${ROUNDS} rounds, and logs exactly the row`, async () => {
      const id = await e.create(h);
      const start = await e.read(h, id);
      for (let round = 1; round <= ROUNDS; round++) {
        const seen = await e.read(h, id);
        const changes = e.fields.map((f) => ({ [f]: e.value(f, round, id) }) as Values);
        const results = await Promise.all(changes.map((c) => e.update(h, id, c, seen)));
        const now = await e.read(h, id);
        if (e.partial) expect(results, `round ${round}: every partial write lands`).not.toContain(false);
        expect(results, `round ${round}: some write lands`).toContain(true);
        e.fields.forEach((f, i) => {
          const want = results[i] ? changes[i]![f] : seen[f];
          expect(String(now[f]), `round ${round}: ${f} (${results[i] ? 'saved' : 'refused'})`).toBe(
            String(want),
          );
        });
      }
      const row = await e.read(h, id);
      const replayed = await replayLog(h, e, id, start);
      expect(
        Object.fromEntries(Object.entries(replayed).map(([k, v]) => [k, String(v)])),
        'the log replayed gives the row',
      ).toEqual(Object.fromEntries(Object.entries(pick(row, e.fields)).map(([k, v]) => [k, String(v)])));
    });
  });
});

describeEachDialect('concurrency: versions offered to clients', (env) => {
  let admin: { id: number; username: string; password: string };
  const tokens = new Map<number, string>();
  const as = async (user: { id: number; username: string; password: string }) => {
    if (!tokens.has(user.id)) {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/token/',
        payload: { username: user.username, password: user.password },
      });
      tokens.set(user.id, res.json().access as string);
    }
    const token = tokens.get(user.id)!;
    return (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      env.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
  };
  const logCount = async (entityType: string, id: number) =>
    (
      await env.deps.db
        .selectFrom('activityLog')
        .select('id')
        .where('entityType', '=', entityType)
        .where('entityId', '=', id)
        .execute()
    ).length;

  beforeAll(async () => {
    admin = await makeUser(env, { roles: ['admin'] });
    await env.deps.db
      .updateTable('users')
      .set({ firstName: 'Вера', lastName: 'Правкина' })
      .where('id', '=', admin.id)
      .execute();
  });

  it('answers with the row’s ETag and refuses a write based on an older one: 412, nothing written', async () => {
    const api = await as(admin);
    const created = await api('POST', '/api/v1/contacts', {
      first_name: 'Ирина',
      last_name: 'Версионная',
      email: `etag-${env.dialect}@example.test`,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const first = created.headers.etag as string;
    expect(first).toMatch(/^"\d+"$/);
    expect((await api('GET', `/api/v1/contacts/${id}`)).headers.etag).toBe(first);

    const changed = await api(
      'PATCH',
      `/api/v1/contacts/${id}`,
      { first_name: 'Ира' },
      { 'if-match': first },
    );
    expect(changed.statusCode).toBe(200);
    const second = changed.headers.etag as string;
    expect(second).not.toBe(first);

    const before = {
      row: (await api('GET', `/api/v1/contacts/${id}`)).json(),
      log: await logCount('contact', id),
    };
    for (const [method, payload] of [
      ['PATCH', { middle_name: 'Устаревшая' }],
      ['DELETE', undefined],
    ] as const) {
      const stale = await api(method, `/api/v1/contacts/${id}`, payload, { 'if-match': first });
      expect(stale.statusCode, method).toBe(412);
      expect(stale.headers['content-type']).toContain('application/problem+json');
      expect(stale.json()).toMatchObject({ status: 412, code: 'contact.changed_meanwhile' });
      expect(stale.headers.etag, 'the version now').toBe(second);
    }
    // An If-Match Sova cannot read is never taken as met.
    expect(
      (await api('PATCH', `/api/v1/contacts/${id}`, { middle_name: 'x' }, { 'if-match': 'garbage' }))
        .statusCode,
    ).toBe(412);
    expect((await api('GET', `/api/v1/contacts/${id}`)).json()).toEqual(before.row);
    expect(await logCount('contact', id)).toBe(before.log);

    // The same for orders, calls and campaigns; with the current ETag (or `*`) the write goes through.
    const order = await api('POST', '/api/v1/orders', { contact_id: id, product: 'Версия', price: '1.00' });
    const call = await api('POST', '/api/v1/calls', { company_name: 'ООО Версия' });
    const campaign = await api('POST', '/api/v1/call-campaigns', { name: `Версия ${env.dialect}` });
    for (const [url, res, change, code] of [
      ['/api/v1/orders', order, { product: 'Новая' }, 'order.changed_meanwhile'],
      ['/api/v1/calls', call, { person_name: 'Новый' }, 'call.changed_meanwhile'],
      ['/api/v1/call-campaigns', campaign, { description: 'Новое' }, 'call_campaign.changed_meanwhile'],
    ] as const) {
      const at = `${url}/${res.json().id}`;
      const etag = res.headers.etag as string;
      expect(etag, url).toMatch(/^"\d+"$/);
      expect((await api('PATCH', at, change, { 'if-match': etag })).statusCode, url).toBe(200);
      const stale = await api('PATCH', at, change, { 'if-match': etag });
      expect(stale.statusCode, url).toBe(412);
      expect(stale.json().code).toBe(code);
      expect((await api('PATCH', at, { ...change }, { 'if-match': '*' })).statusCode, url).toBe(200);
    }
  });

  it('re-renders a stale edit form with the input kept, who changed which field, and the new version', async () => {
    const editor = new Browser(env.app);
    const other = await makeUser(env, { roles: ['manager'] });
    await editor.login(other.username, other.password);
    const api = await as(admin);
    const id = (
      await api('POST', '/api/v1/contacts', {
        first_name: 'Пётр',
        last_name: 'Формов',
        email: `stale-form-${env.dialect}@example.test`,
      })
    ).json().id as number;

    const page = (await editor.get(`/contacts/${id}/edit`)).body;
    const opened = /name="version" value="(\d+)"/.exec(page)?.[1];
    expect(opened, 'the form carries the version').toBeDefined();
    // Meanwhile the admin changes the phone.
    expect((await api('PATCH', `/api/v1/contacts/${id}`, { mobile_phone: '+79005557788' })).statusCode).toBe(
      200,
    );

    const form = {
      first_name: 'Пётр',
      last_name: 'Формов-Новый',
      middle_name: '',
      email: `stale-form-${env.dialect}@example.test`,
      mobile_phone: '',
      status: 'lead',
      assigned_user_id: '',
      next_interaction_on: '',
      version: opened!,
    };
    const refused = await editor.post(`/contacts/${id}/edit`, form);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('data-stale');
    expect(refused.body).toContain('Вера Правкина');
    expect(refused.body).toMatch(/data-stale-field[^>]*>[^<]*Mobile phone: \+79005557788/);
    expect(refused.body, 'the input is kept').toContain('value="Формов-Новый"');
    const now = (await api('GET', `/api/v1/contacts/${id}`)).json();
    expect(now).toMatchObject({ last_name: 'Формов', mobile_phone: '+79005557788' });
    const fresh = /name="version" value="(\d+)"/.exec(refused.body)?.[1];
    expect(Number(fresh)).toBeGreaterThan(Number(opened));

    // Saving again, with the version the refusal carried, is a deliberate overwrite.
    const again = await editor.post(`/contacts/${id}/edit`, { ...form, version: fresh! });
    expect(again.statusCode).toBe(303);
    expect((await api('GET', `/api/v1/contacts/${id}`)).json()).toMatchObject({
      last_name: 'Формов-Новый',
      mobile_phone: '',
    });
    // A form without the field (a page from before versions) still saves.
    const { version: _, ...old } = form;
    expect((await editor.post(`/contacts/${id}/edit`, { ...old, middle_name: 'Старый' })).statusCode).toBe(
      303,
    );
  });

  it('keeps a call form’s version through heartbeats, and refuses it once another operator called the target', async () => {
    const { campaignId } = await seedCampaign(env.ctx(), `Версии ${env.dialect}`, '', [
      { fields: companyFields('ООО Пульс', '+237650000099'), state: 'pending' },
    ]);
    const target = await env.deps.db
      .selectFrom('campaignTargets')
      .select('id')
      .where('campaignId', '=', campaignId)
      .executeTakeFirstOrThrow();
    const alice = await as(await makeUser(env, { roles: ['operator'] }));
    const bob = await as(await makeUser(env, { roles: ['operator'] }));
    const url = `/api/v1/call-targets/${target.id}`;

    expect((await alice('POST', `${url}/lock`)).statusCode).toBe(200);
    const opened = (await alice('GET', url)).headers.etag as string;
    for (let i = 0; i < 3; i++) expect((await alice('POST', `${url}/heartbeat`)).statusCode).toBe(200);
    expect((await alice('GET', url)).headers.etag, 'heartbeats leave the version alone').toBe(opened);

    // Alice's lock runs out; Bob takes the target and saves a call.
    await env.deps.db
      .updateTable('campaignTargets')
      .set({ lockExpiresAt: new Date(0).toISOString() })
      .where('id', '=', target.id)
      .execute();
    expect((await bob('POST', `${url}/lock`)).statusCode).toBe(200);
    const bobs = await bob('POST', `${url}/calls`, {
      recording: 'none',
      number_status: 'answered',
      call_status: 'callback',
      callback_at: '2030-01-02 10:00',
    });
    expect(bobs.statusCode, bobs.body).toBe(201);

    const calls = await countRows(env, 'calls');
    const late = { recording: 'none', number_status: 'no_answer' };
    const byHeader = await alice('POST', `${url}/calls`, late, { 'if-match': opened });
    expect(byHeader.statusCode).toBe(412);
    expect(byHeader.json().code).toBe('call_target.changed_meanwhile');
    const byField = await alice('POST', `${url}/calls`, { ...late, version: opened.replaceAll('"', '') });
    expect(byField.statusCode).toBe(412);
    expect(await countRows(env, 'calls')).toBe(calls);
    expect(
      await env.deps.db
        .selectFrom('campaignTargets')
        .select(['state', 'callsCount'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'callback', callsCount: 1 });
  });

  it('never lets two admins who remove each other’s rights at once leave no active admin', async () => {
    const ada = await makeUser(env, { roles: ['admin'] });
    const bea = await makeUser(env, { roles: ['admin'] });
    // Only these two are admins for this test.
    await env.deps.db
      .updateTable('users')
      .set({ active: 0 })
      .where('id', 'not in', [ada.id, bea.id])
      .execute();
    try {
      const adaBrowser = new Browser(env.app);
      const beaBrowser = new Browser(env.app);
      await adaBrowser.login(ada.username, ada.password);
      await beaBrowser.login(bea.username, bea.password);
      const results = await Promise.all([
        adaBrowser.post(`/admin/users/${bea.id}/active`, { active: '0' }),
        beaBrowser.post(`/admin/users/${ada.id}/active`, { active: '0' }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
      const admins = await env.deps.db
        .selectFrom('users')
        .innerJoin('userRoles', 'userRoles.userId', 'users.id')
        .select('users.id')
        .where('userRoles.role', '=', 'admin')
        .where('users.active', '=', 1)
        .execute();
      expect(admins.length).toBe(1);
    } finally {
      await env.deps.db.updateTable('users').set({ active: 1 }).execute();
    }
  });
});

describeEachDialect('concurrency: the version guard', (env) => {
  it('refuses a write based on a version the row no longer has, even without the lock', async () => {
    const ctx = env.ctx();
    const { id } = await env.deps.db
      .insertInto('departments')
      .values({
        name: `Страж ${env.dialect}`,
        description: '',
        managerId: null,
        createdAt: '',
        updatedAt: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const read = await env.deps.db
      .selectFrom('departments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await inTransaction(ctx, (tx) =>
      writeVersioned(tx.db, 'departments', 'department', read, { name: 'Первая' }),
    );
    // A second writer that read the row before the first wrote it (and took no lock) is refused.
    await expect(
      inTransaction(ctx, (tx) =>
        writeVersioned(tx.db, 'departments', 'department', read, { description: 'Вторая' }),
      ),
    ).rejects.toMatchObject({ kind: 'stale', code: 'department.changed_meanwhile' });
    expect(
      await env.deps.db
        .selectFrom('departments')
        .select(['name', 'description', 'version'])
        .where('id', '=', id)
        .executeTakeFirst(),
    ).toEqual({ name: 'Первая', description: '', version: read.version + 1 });
  });
});
