/** A tiny cookie-keeping client over `app.inject()`, acting like a browser: cookies, CSRF token, forms. */
import { createServer } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../database.js';
import { createSuperuser } from '../modules/users/users.service.js';
import type { TestEnv } from './env.js';

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf() {
    return this.cookies.get('sova_csrf') ?? '';
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } }),
    );
  }

  /** Posts a form the way a browser does: urlencoded, with the CSRF token unless told otherwise. */
  async post(url: string, form: Record<string, string | string[]> = {}, { csrf = true } = {}) {
    if (!this.csrf) await this.get('/login');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (csrf) body.set('_csrf', this.csrf);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  /** Sends a multipart form the way htmx does (CSRF in the header): `fields` first, then the file. */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { name: string; content: Buffer; type?: string; field?: string },
    headers: Record<string, string> = { 'hx-request': 'true' },
  ) {
    if (!this.csrf) await this.get('/login');
    const m = multipart(file.name, file.content, file.type, fields, file.field);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: m.payload,
        headers: { cookie: this.cookieHeader, 'x-csrf-token': this.csrf, ...headers, ...m.headers },
      }),
    );
  }

  async login(login: string, password: string) {
    const res = await this.post('/login', { login, password, next: '/welcome' });
    if (res.statusCode !== 303) throw new Error(`login failed for ${login}: ${res.statusCode}`);
    return res;
  }
}

/** A multipart/form-data body: plain `fields`, then one file in the field `fieldName`. */
export function multipart(
  filename: string,
  content: Buffer,
  contentType = 'application/octet-stream',
  fields: Record<string, string> = {},
  fieldName = 'file',
) {
  const boundary = `----sova${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const payload = Buffer.concat([
    Buffer.from(
      `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let counter = 0;
/** Creates an active user with roles directly through the services (no HTTP). */
export async function makeUser(
  env: TestEnv,
  opts: {
    username?: string;
    password?: string;
    roles?: ('admin' | 'manager' | 'marketer' | 'operator')[];
    active?: boolean;
  } = {},
) {
  counter += 1;
  const username = opts.username ?? `user${counter}_${Math.random().toString(36).slice(2, 6)}`;
  const password = opts.password ?? 'correct horse battery';
  const id = await createSuperuser(env.ctx(), {
    username,
    email: `${username}@example.test`,
    password,
    password2: password,
    first_name: 'Test',
    last_name: username,
    position: '',
  });
  const roles = opts.roles ?? ['admin'];
  await env.deps.db.deleteFrom('userRoles').where('userId', '=', id).execute();
  if (roles.length)
    await env.deps.db
      .insertInto('userRoles')
      .values(roles.map((role) => ({ userId: id, role })))
      .execute();
  if (opts.active === false)
    await env.deps.db.updateTable('users').set({ active: 0 }).where('id', '=', id).execute();
  return { id, username, password };
}

/** A browser signed in as a new user with `roles`. */
export async function browserAs(env: TestEnv, roles: ('admin' | 'manager' | 'marketer' | 'operator')[]) {
  const u = await makeUser(env, { roles });
  const b = new Browser(env.app);
  await b.login(u.username, u.password);
  return b;
}

/** Creates a contact through the HTML form as `b`; returns its id (from the redirect to its page). */
export async function newContactVia(b: Browser, last: string, email: string) {
  const res = await b.post('/contacts/new', { first_name: 'Тест', last_name: last, email });
  if (res.statusCode !== 303) throw new Error(`contact not created: ${res.statusCode}`);
  return Number(/(\d+)$/.exec(String(res.headers.location))?.[1]);
}

/** A new user with `roles` and a JWT access token for them, from `POST /api/token/`. */
export async function apiUser(env: TestEnv, roles: ('admin' | 'manager' | 'marketer' | 'operator')[]) {
  const u = await makeUser(env, { roles });
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/token/',
    payload: { username: u.username, password: u.password },
  });
  return { ...u, token: res.json().access as string };
}

/** Calls the app with a bearer token (`token()` read at each call, so it may be set in a `beforeAll`). */
export const bearerClient =
  (env: TestEnv, token: () => string) =>
  (method: string, url: string, payload?: object | string, headers: Record<string, string> = {}) =>
    env.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token()}`, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

export const countRows = async (env: TestEnv, table: keyof Database) =>
  Number(
    (
      await env.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Polls `check` until it returns a truthy value (or fails after `timeoutMs`): for background work. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** Makes every waiting job due now, as if its back-off had passed (both drivers). */
export async function makeJobsDue(env: TestEnv) {
  if (env.dialect === 'postgres') {
    await sql`update pgboss.job set start_after = now() where state in ('created', 'retry')`.execute(
      env.deps.db,
    );
  } else {
    await env.deps.db
      .updateTable('jobs')
      .set({ runAt: new Date(0).toISOString() })
      .where('state', '=', 'queued')
      .execute();
  }
}

/** A TCP port free on the loopback right now (for a server a test starts in another process). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Uploads `content` as an import of `entity` (into `scope`, a campaign, when given) like the imports page does,
 * reads its preview, starts it and waits for the end: the preview page and the finished import row.
 */
export async function importFile(env: TestEnv, b: Browser, entity: string, content: Buffer, scope?: number) {
  const up = await b.upload(
    '/imports',
    { entity, ...(scope === undefined ? {} : { scope: String(scope) }) },
    { name: 'file.csv', content, type: 'text/csv' },
  );
  if (up.statusCode !== 204) throw new Error(`upload refused: ${up.statusCode} ${up.body}`);
  const id = Number(/\/imports\/(\d+)/.exec(String(up.headers['hx-redirect']))?.[1]);
  const preview = (await b.get(`/imports/${id}`)).body;
  await b.post(`/imports/${id}/start`);
  const done = await eventually(async () => {
    const row = await env.deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
  });
  return { id, preview, done };
}

/** A company's fields for `seedCampaign` and the like: its name and phone, everything else blank. */
export const companyFields = (name: string, phone: string) => ({
  name,
  phone,
  product: '',
  activity: '',
  location: '',
  legalForm: '',
  niu: '',
  validityScoreTenths: 0,
});
