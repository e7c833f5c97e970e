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
import { fromJson } from '../src/platform/db/sql.js';
import { describeEachDialect, type TestEnv } from '../src/test/env.js';
import { Browser, makeUser } from '../src/test/http.js';

/** Writers per round, each changing its own field; rounds per entity (bounded: the suite runs in seconds). */
const ROUNDS = 20;

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

const entities: EntityDescriptor[] = [
  {
    name: 'contact (API)',
    entityType: 'contact',
    actions: ['contact.updated'],
    fields: ['first_name', 'middle_name', 'mobile_phone', 'last_name'],
    value: (f, r, id) =>
      f === 'mobile_phone' ? `+7901${String(id).padStart(3, '0')}${String(r).padStart(4, '0')}` : `${f}-${r}`,
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
