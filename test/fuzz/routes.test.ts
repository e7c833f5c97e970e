/**
 * The route fuzzer: every operation of `/api/openapi.json`, every other route Fastify serves (seed 001's API,
 * `/api/token/…`, the seed pages' redirects, the HTML pages and their form posts) gets a bounded number of
 * generated requests — wrong types, missing and extra fields, NUL and control characters, over-long text, huge,
 * negative and fractional numbers, impossible dates, unknown ids, wrong content types, odd path parameters —
 * signed in as an admin (bearer token or session with its CSRF token). Every answer must be < 500, and a 4xx must
 * write nothing (the row count of every table, the activity log included, unchanged).
 *
 * A 4xx the database gave (the error handler's safety net for foreign keys and values a column cannot hold)
 * fails too: the answer is right, but a boundary check is missing.
 *
 * Routes are discovered (Fastify's route tree, the OpenAPI document, the forms the pages render), so a new
 * route is fuzzed without editing this file. Deterministic: FUZZ_SEED (default below) fixes every request,
 * FUZZ_RUNS the requests per route, FUZZ_ONLY a substring of the routes to run; FUZZ_VERBOSE prints the statuses
 * each route answered, FUZZ_DEBUG every 4xx. A failure prints the seed and the request. Requests are made with
 * `inject` directly rather than through src/test/http.ts's Browser: each comes from an address of its own.
 */

import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { seedDemoCalls } from '../../src/modules/demo/demo.calls.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { catalogsForTests, LOCALES } from '../../src/platform/i18n/index.js';
import { describeEachDialect, type TestEnv } from '../../src/test/env.js';
import { makeUser } from '../../src/test/http.js';
import {
  type ApiOperation,
  apiOperations,
  type Form,
  formsOf,
  listRoutes,
  type Route,
  resolver,
  routeMatcher,
} from './discover.js';
import {
  type JsonSchema,
  nastyString,
  nastyValue,
  objectForNames,
  objectForSchema,
  UNKNOWN_ID,
} from './values.js';

const SEED = Number(process.env.FUZZ_SEED ?? 24_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const ONLY = process.env.FUZZ_ONLY;
/** Routes not fuzzed blindly, and why. */
const SKIP: Record<string, string> = {
  // Server-sent events: the stream stays open for as long as the client listens.
  'GET /events': 'stream',
};
/** Swagger UI's own files (`/api/docs/*`): static assets of a dependency, no input of ours. */
const SKIP_PREFIX = '/api/docs';
/** Ids that exist after seeding (every table starts at 1); UNKNOWN_ID is one that does not. */
const IDS = [1, 2, 3, 4];
/**
 * Field names of seed 001's API that no OpenAPI body declares (SEED-FACTS § Seed 001): list paging and sorting,
 * and its name for an order's contact.
 */
const SEED_FIELDS = ['client', 'client_id', 'start_id', 'order_by', 'search', 'status', 'period'];
/** Seed 001 calls contacts clients: its `/api/clients/…` takes the bodies of `/api/v1/contacts`. */
const SEED_RESOURCES: Record<string, string> = { clients: 'contacts' };

type Auth = 'bearer' | 'session';
interface FuzzRequest {
  method: string;
  url: string;
  auth: Auth;
  headers: Record<string, string>;
  /** How the body is sent, and what (before encoding). */
  body?: { type: string; value: unknown };
}

interface Credentials {
  userId: number;
  username: string;
  bearer: string;
  session: string;
  csrf: string;
}

/** One spoofed address per sign-in, so the sign-in rate limit the fuzzer trips never locks the fuzzer out. */
let loginAddress = 0;

async function signIn(env: TestEnv): Promise<Credentials> {
  const user = await makeUser(env, { roles: ['admin'] });
  const remoteAddress = `192.0.2.${++loginAddress % 250}`;
  const token = await env.app.inject({
    method: 'POST',
    url: '/api/token/',
    payload: { username: user.username, password: user.password },
    remoteAddress,
  });
  const page = await env.app.inject({ method: 'GET', url: '/login', remoteAddress });
  const csrf = page.cookies.find((c) => c.name === 'sova_csrf')!.value;
  const login = await env.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    headers: { cookie: `sova_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ login: user.username, password: user.password, _csrf: csrf }).toString(),
  });
  const session = login.cookies.find((c) => c.name === 'sova_session')?.value;
  if (token.statusCode !== 200 || !session) throw new Error(`fuzzer sign-in failed: ${login.statusCode}`);
  return { userId: user.id, username: user.username, bearer: token.json().access, session, csrf };
}

/** Still signed in both ways, as an active admin (a fuzzed request may have signed us out or demoted us)? */
async function stillSignedIn(env: TestEnv, c: Credentials) {
  const bearer = await env.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${c.bearer}` },
  });
  const session = await env.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { cookie: `sova_session=${c.session}` },
  });
  return (
    bearer.statusCode === 200 &&
    session.statusCode === 200 &&
    bearer.json().roles?.includes?.('admin') !== false
  );
}

/**
 * Row counts of every table in one statement. Failed sign-ins are excepted: recording them is the point (their
 * audit row, and the guard counting failures per account, `sign_in_guards`).
 */
const RECORDS_FAILURES: Record<string, string> = {
  activity_log: ` where action not in ('auth.login_failed', 'auth.account_locked')`,
  sign_in_guards: ' where 1 = 0',
};
async function snapshot(env: TestEnv, tables: string[]): Promise<string> {
  const parts = tables.map((t) => {
    const filter = RECORDS_FAILURES[t] ?? '';
    return `select '${t}' as t, count(*) as n from ${t
      .split('.')
      .map((x) => `"${x}"`)
      .join('.')}${filter}`;
  });
  const rows = await sql<{ t: string; n: number | string }>`${sql.raw(parts.join(' union all '))}`.execute(
    env.deps.db,
  );
  return rows.rows.map((r) => `${r.t}=${r.n}`).join(' ');
}

async function tablesOf(env: TestEnv): Promise<string[]> {
  const tables = await env.deps.db.introspection.getTables();
  const names = tables
    .filter((t) => !t.isView && (!t.schema || t.schema === 'public'))
    .map((t) => t.name)
    // SQLite's FTS5 shadow tables follow their virtual table; counting those is enough.
    .filter((n) => !/_(data|idx|content|docsize|config)$/.test(n) && !n.startsWith('sqlite_'));
  if (env.dialect === 'postgres') names.push('pgboss.job');
  return names;
}

/**
 * What every transport says when the database refused a value (the error handler's safety net): the request
 * got past the boundary checks, so one is missing even though the answer is a 4xx.
 */
const SAFETY_NET = LOCALES.flatMap((l) =>
  (['error.reference.missing', 'error.request.bad_value'] as const).map((k) => catalogsForTests[l][k]),
);

/* ---------- encoding ---------- */

const formValue = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap(formValue)
    : v === null || v === undefined
      ? ['']
      : typeof v === 'object'
        ? [JSON.stringify(v)]
        : [String(v)];

function formEncode(value: unknown): string {
  const params = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) for (const item of formValue(v)) params.append(k, item);
  return params.toString();
}

function multipartEncode(value: unknown): { payload: Buffer; type: string } {
  const boundary = '----sovafuzz';
  const parts: string[] = [];
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [k, v] of Object.entries(value))
      for (const item of formValue(v))
        parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${item}\r\n`);
  return {
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * The request as `inject` takes it, from one of fifty addresses in turn: per-address rate limits (sign-in) are
 * met now and then, not on every request after the tenth.
 */
let sent = 0;
function toInject(r: FuzzRequest, c: Credentials): InjectOptions {
  const headers: Record<string, string> = { ...r.headers };
  const cookies: string[] = [];
  if (r.auth === 'bearer') headers.authorization = `Bearer ${c.bearer}`;
  if (r.auth === 'session') {
    cookies.push(`sova_session=${c.session}`, `sova_csrf=${c.csrf}`);
    headers['x-csrf-token'] = c.csrf;
  }
  if (cookies.length) headers.cookie = cookies.join('; ');
  let payload: string | Buffer | undefined;
  const b = r.body;
  if (b) {
    switch (b.type) {
      case 'json':
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(b.value) ?? 'null';
        break;
      case 'form': {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        const withCsrf = r.auth === 'session' ? { ...(b.value as object), _csrf: c.csrf } : b.value;
        payload = formEncode(withCsrf);
        break;
      }
      case 'multipart': {
        const m = multipartEncode(b.value);
        headers['content-type'] = m.type;
        payload = m.payload;
        break;
      }
      default:
        // A raw body under a content type: broken JSON, XML, plain text, a type nobody parses.
        headers['content-type'] = b.type;
        payload = String(b.value);
    }
  }
  return {
    method: r.method as InjectOptions['method'],
    url: r.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
    remoteAddress: `203.0.113.${(sent++ % 50) + 1}`,
  };
}

const describe1 = (r: FuzzRequest) =>
  JSON.stringify(
    { method: r.method, url: r.url, auth: r.auth, headers: r.headers, body: r.body },
    (_k, v) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 60)}…(${v.length} chars)` : v),
    2,
  );

/* ---------- generation ---------- */

const PATH_JUNK = [
  '0',
  '-1',
  '1.5',
  '1e21',
  '99999999999999999999999',
  String(UNKNOWN_ID),
  'abc',
  '%00',
  '%E2%80%AE',
  '%FF',
  '%2F',
  '..',
  '%20',
  'x'.repeat(250),
  '%D0%AF',
];
const pathValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...IDS).map(String) },
  { weight: 3, arbitrary: fc.constantFrom(...PATH_JUNK) },
);

/** The path with each `:param` (and `*`) filled in. */
function pathArb(path: string): fc.Arbitrary<string> {
  const segments = path.split('/');
  return fc
    .tuple(...segments.map((s) => (s.startsWith(':') || s === '*' ? pathValue : fc.constant(s))))
    .map((parts) => parts.join('/'));
}

function queryString(query: Record<string, unknown>): string {
  const s = formEncode(query);
  return s ? `?${s}` : '';
}

const extraHeaders = fc.option(
  fc.constantFrom<Record<string, string>>(
    { 'accept-language': 'ru' },
    { 'accept-language': 'fr-FR,fr;q=0.9' },
    { 'hx-request': 'true' },
    { 'if-match': '"bogus"' },
    { accept: 'text/csv' },
  ),
  { freq: 3 },
);

/** A body that is not the object expected, or not JSON at all. */
const wrongBody = fc.oneof(
  nastyValue.map((value) => ({ type: 'json', value })),
  fc.constantFrom(
    { type: 'application/json', value: '{"a":' },
    { type: 'application/json', value: '' },
    { type: 'text/plain', value: 'hello' },
    { type: 'application/xml', value: '<a/>' },
    { type: 'application/octet-stream', value: '\u0000\u0001' },
  ),
  nastyString.map((value) => ({ type: 'text/plain', value })),
);

function encodedBody(object: fc.Arbitrary<Record<string, unknown>>, preferred: string) {
  return fc.oneof(
    { weight: 8, arbitrary: object.map((value) => ({ type: preferred, value })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(object, fc.constantFrom('json', 'form', 'multipart'))
        .map(([value, type]) => ({ type, value })),
    },
    { weight: 2, arbitrary: wrongBody },
  );
}

interface Target {
  key: string;
  arb: fc.Arbitrary<FuzzRequest>;
}

function apiTarget(op: ApiOperation, resolve: (s: JsonSchema) => JsonSchema): Target {
  const query = objectForSchema(op.query, IDS, resolve);
  const body = op.body
    ? encodedBody(objectForSchema(op.body, IDS, resolve), 'json').map((b) => b as FuzzRequest['body'])
    : fc.option(wrongBody, { freq: 4 }).map((b) => b ?? undefined);
  const auth = fc.constantFrom<Auth>('bearer', 'bearer', 'session');
  return {
    key: `${op.method} ${op.path} (${op.operationId})`,
    arb: fc.record({ path: pathArb(op.path), query, body, auth, headers: extraHeaders }).map((r) => ({
      method: op.method,
      url: `${r.path}${queryString(r.query)}`,
      auth: r.auth,
      headers: r.headers ?? {},
      body: r.body,
    })),
  };
}

/** A route no OpenAPI operation describes: seed 001's API or a page (GET with query, POST with its form). */
function otherTarget(
  route: Route,
  method: string,
  forms: Form[],
  pool: string[],
  bodiesFor: (path: string) => fc.Arbitrary<Record<string, unknown>>[],
): Target {
  const api = route.path.startsWith('/api/');
  const match = routeMatcher(route.path);
  // A page's query takes its filter forms' fields, and (a GET of a form's own page) that form's fields too.
  const mine = forms.filter((f) => (method === 'GET' || f.method === 'POST') && match.test(f.action));
  const names = new Set<string>();
  const choices: Record<string, string[]> = {};
  for (const f of mine) {
    for (const n of f.fields) names.add(n);
    for (const [n, vs] of f.choices) choices[n] = [...new Set([...(choices[n] ?? []), ...vs])];
  }
  // Fields no form names are drawn from every field the app declares anywhere.
  const known = [...names];
  const fields = fc
    .tuple(fc.subarray(pool, { maxLength: 4 }), fc.boolean())
    .chain(([extra, only]) =>
      objectForNames(only && known.length ? known : [...known, ...extra], IDS, choices),
    );
  const objects = api ? fc.oneof(fields, objectForNames(SEED_FIELDS, IDS), ...bodiesFor(route.path)) : fields;
  const methods = api ? route.methods : [method];
  const auth = api ? fc.constantFrom<Auth>('bearer', 'bearer', 'session') : fc.constant<Auth>('session');
  return {
    key: api ? `${route.methods.join('|')} ${route.path}` : `${method} ${route.path}`,
    arb: fc
      .record({
        method: fc.constantFrom(...methods),
        path: pathArb(route.path),
        query: objects,
        body: encodedBody(objects, api ? 'json' : 'form'),
        auth,
        headers: extraHeaders,
      })
      .map((r) => {
        const get = r.method === 'GET' || r.method === 'DELETE';
        return {
          method: r.method,
          url: `${r.path}${get ? queryString(r.query) : ''}`,
          auth: r.auth,
          headers: r.headers ?? {},
          body: get ? undefined : r.body,
        };
      }),
  };
}

/* ---------- the suite ---------- */

function hashKey(key: string) {
  let h = SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16_777_619) >>> 0;
  return h;
}

/** The answer, or why there is none: no answer in time, or a response broken off (a stream that failed). */
async function answer(app: FastifyInstance, opts: InjectOptions): Promise<LightMyRequestResponse | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer within 15 s'), 15_000);
  });
  try {
    return await Promise.race([app.inject(opts), timeout]);
  } catch (err) {
    return `the response broke off: ${String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

describeEachDialect(
  'route fuzzer',
  (env) => {
    let creds: Credentials;
    let targets: Target[] = [];
    let tables: string[] = [];

    beforeAll(async () => {
      // Rows with ids 1 to 4 in the tables requests name, so that plausible requests reach their service's rules.
      await seedDemo(env.ctx(), { contacts: 12, orders: 20, reports: true });
      await seedDemoCalls(env.ctx(), { targets: 6, calls: 3 });
      for (const roles of [['manager'], ['operator'], ['marketer']] as const)
        await makeUser(env, { roles: [...roles] });
      creds = await signIn(env);
      const fixture = (url: string, payload: object, auth: Auth = 'bearer') =>
        env.app.inject(
          toInject(
            {
              method: 'POST',
              url,
              auth,
              headers: {},
              body: { type: auth === 'bearer' ? 'json' : 'form', value: payload },
            },
            creds,
          ),
        );
      for (const n of [1, 2, 3]) {
        await fixture('/api/v1/call-campaigns', { name: `Кампания ${n}` });
        await fixture('/admin/departments/new', { name: `Отдел ${n}`, description: '' }, 'session');
        await fixture('/admin/tokens', { name: `Токен ${n}`, scope: 'read' }, 'session');
        await fixture(`/api/v1/contacts/${n}/notes`, { body: `Заметка ${n}` });
      }

      const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const resolve = resolver(doc);
      const ops = apiOperations(doc);
      const routes = listRoutes(env.app);
      // The route tree is parsed from text meant for people: if its shape changes, fail rather than fuzz nothing.
      expect(routes.some((r) => r.path === '/api/v1/contacts/:id' && r.methods.includes('PATCH'))).toBe(true);
      expect(routes.some((r) => r.path === '/api/clients/get/:id/')).toBe(true);
      expect(routes.length).toBeGreaterThan(60);

      // The forms every page renders (its ids filled with existing rows) tell which fields each post takes.
      const forms: Form[] = [];
      for (const r of routes) {
        if (
          !r.methods.includes('GET') ||
          r.path.startsWith('/api/') ||
          r.path.includes('*') ||
          SKIP[`GET ${r.path}`]
        )
          continue;
        const url = r.path.replace(/:\w+/g, '1');
        // Signed in, and not (the sign-in and sign-up pages show their forms only to a visitor).
        for (const headers of [{ cookie: `sova_session=${creds.session}` }, {}]) {
          const res = await env.app.inject({ method: 'GET', url, headers });
          if ((res.headers['content-type'] ?? '').toString().startsWith('text/html'))
            forms.push(...formsOf(res.body, url));
        }
      }

      const pool = [
        ...new Set([
          ...ops.flatMap((o) => [
            ...Object.keys(resolve(o.body ?? {}).properties ?? {}),
            ...Object.keys(o.query.properties ?? {}),
          ]),
          ...forms.flatMap((f) => [...f.fields]),
          ...SEED_FIELDS,
        ]),
      ].sort();
      const bodiesFor = (path: string) => {
        const resource = path.split('/')[2] ?? '';
        const v1 = `/api/v1/${SEED_RESOURCES[resource] ?? resource}`;
        return ops
          .filter((o) => o.body && o.path.startsWith(v1))
          .map((o) => objectForSchema(o.body!, IDS, resolve).map((b) => ({ ...b, client: b.contact_id })));
      };

      const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
      targets = ops.map((o) => apiTarget(o, resolve));
      for (const r of routes) {
        const undocumented = r.methods.filter(
          (m) => !documented.has(`${m} ${r.path}`) && !SKIP[`${m} ${r.path}`],
        );
        if (!undocumented.length || r.path.startsWith(SKIP_PREFIX)) continue;
        if (r.path.startsWith('/api/')) targets.push(otherTarget(r, 'ANY', forms, pool, bodiesFor));
        else for (const m of undocumented) targets.push(otherTarget(r, m, forms, pool, bodiesFor));
      }
      // Deleting, archiving, revoking and signing out last: until then every route finds the rows it names.
      const destructive = (t: Target) => /^DELETE |delete|archive|revoke|discard|logout|\/active/.test(t.key);
      targets.sort((a, b) => Number(destructive(a)) - Number(destructive(b)));
      if (ONLY) targets = targets.filter((t) => t.key.includes(ONLY));
      tables = await tablesOf(env);
    });

    /** What is wrong with the answer to `r`, if anything: a 5xx, no answer, the database's refusal, a 4xx that wrote. */
    async function problemWith(r: FuzzRequest, statuses: Map<number, number>): Promise<string | undefined> {
      const before = await snapshot(env, tables);
      const res = await answer(env.app, toInject(r, creds));
      if (typeof res === 'string') return res;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
      if (SAFETY_NET.some((text) => res.body.includes(text)))
        return `answered ${res.statusCode} from the database's refusal (a boundary check is missing): ${res.body.slice(0, 200)}`;
      if (process.env.FUZZ_DEBUG && res.statusCode >= 400)
        console.log(res.statusCode, describe1(r).slice(0, 600), res.body.slice(0, 300));
      if (res.statusCode < 400) return undefined;
      const after = await snapshot(env, tables);
      if (after === before) return undefined;
      const was = new Map(before.split(' ').map((p) => p.split('=') as [string, string]));
      const changed = after
        .split(' ')
        .filter((p) => was.get(p.split('=')[0]!) !== p.split('=')[1])
        .map((p) => `${p} (was ${was.get(p.split('=')[0]!)})`);
      return `answered ${res.statusCode} but wrote rows: ${changed.join(', ')}; ${res.body.slice(0, 200)}`;
    }

    it('answers every generated request below 500, and a 4xx writes nothing', async () => {
      const failures: string[] = [];
      const started = Date.now();
      let requests = 0;
      for (const target of targets) {
        if (!(await stillSignedIn(env, creds))) creds = await signIn(env);
        const statuses = new Map<number, number>();
        // Up to three different problems a route: the first of each kind (its status and opening words).
        const kinds = new Set<string>();
        for (const r of fc.sample(target.arb, { seed: hashKey(target.key), numRuns: RUNS })) {
          requests++;
          const problem = await problemWith(r, statuses);
          // The same problem on the same path is one (the body of a 500 says nothing of its cause).
          const kind = problem && `${problem.slice(0, 40)} ${r.method} ${r.url.split('?')[0]}`;
          if (!problem || !kind || kinds.has(kind) || kinds.size >= 3) continue;
          kinds.add(kind);
          failures.push(
            `${target.key}\n  ${problem}\n  request: ${describe1(r).replace(/\n/g, '\n  ')}\n` +
              `  reproduce: FUZZ_SEED=${SEED} FUZZ_ONLY='${target.key.split(' (')[0]}' npx vitest run test/fuzz/routes.test.ts`,
          );
        }
        if (process.env.FUZZ_VERBOSE)
          console.log(
            target.key,
            JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))),
          );
      }
      console.log(
        `route fuzzer [${env.dialect}]: ${targets.length} routes, ${requests} requests, seed ${SEED}, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} problems`,
      );
      expect(failures, `seed ${SEED}:\n\n${failures.join('\n\n')}`).toEqual([]);
    }, 300_000);
  },
  {},
  { workers: false },
);
