/**
 * What the route fuzzer learns from the running app instead of a hand-kept list: every route Fastify serves
 * (its route tree), every operation of the OpenAPI document with its parameters and body schema, and every
 * HTML form the pages render (its action, fields and the choices its selects and buttons offer).
 */
import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './values.js';

export interface Route {
  /** Fastify's pattern, e.g. `/contacts/:id/edit`. */
  path: string;
  methods: string[];
}

/**
 * Every route of the app, read from Fastify's printed route tree (Fastify keeps no public list). Each line is a
 * node: its depth is its indentation (4 characters a level), its path the concatenation of its ancestors'.
 */
export function listRoutes(app: FastifyInstance): Route[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n');
  const stack: string[] = [];
  const routes: Route[] = [];
  for (const line of lines) {
    const m = /^(.*?)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const parent = stack[depth - 1] ?? '';
    const path = `${parent}${m[2]}`;
    stack.push(path);
    if (m[3]) {
      const methods = m[3].split(', ').filter((x) => x !== 'HEAD' && x !== 'OPTIONS');
      if (methods.length) routes.push({ path: path.replace(/^\/\//, '/'), methods });
    }
  }
  return routes;
}

export interface ApiOperation {
  method: string;
  /** Fastify's pattern (`:id`), converted from the document's `{id}`. */
  path: string;
  operationId: string;
  pathParams: string[];
  query: JsonSchema;
  body?: JsonSchema;
}

type OpenApiDoc = {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        parameters?: { in: string; name: string; schema: JsonSchema; required?: boolean }[];
        requestBody?: { content?: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

export function apiOperations(doc: OpenApiDoc): ApiOperation[] {
  const ops: ApiOperation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const params = op.parameters ?? [];
      const query: JsonSchema = { type: 'object', properties: {}, required: [] };
      for (const p of params.filter((x) => x.in === 'query')) {
        query.properties![p.name] = p.schema;
        if (p.required) query.required!.push(p.name);
      }
      ops.push({
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        operationId: op.operationId ?? `${method} ${path}`,
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
        query,
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** Follows `$ref`s into the document's components. */
export const resolver =
  (doc: OpenApiDoc) =>
  (s: JsonSchema): JsonSchema => {
    let cur = s;
    for (let i = 0; cur.$ref && i < 10; i++) {
      const name = cur.$ref.replace('#/components/schemas/', '');
      cur = doc.components?.schemas?.[name] ?? {};
    }
    return cur;
  };

export interface Form {
  method: 'GET' | 'POST';
  /** The action's path, as rendered (`/contacts/1/notes`). */
  action: string;
  fields: Set<string>;
  /** The values offered by selects, radios and named buttons, per field. */
  choices: Map<string, Set<string>>;
}

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]!) : undefined;
};
const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The forms of one rendered page (`page` is the page's own path, the action of a form that names none). */
export function formsOf(html: string, page: string): Form[] {
  const forms: Form[] = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const open = f[1]!;
    const inner = f[2]!;
    const method = (attr(open, 'method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const action = (attr(open, 'action') ?? attr(open, 'hx-post') ?? page).split('?')[0]!;
    const form: Form = { method, action, fields: new Set(), choices: new Map() };
    const choose = (name: string, value: string | undefined) => {
      if (value === undefined) return;
      if (!form.choices.has(name)) form.choices.set(name, new Set());
      form.choices.get(name)!.add(value);
    };
    for (const el of inner.matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
      const tag = el[2]!;
      const name = attr(tag, 'name');
      if (!name || name === '_csrf') continue;
      form.fields.add(name);
      const type = attr(tag, 'type');
      if (el[1] === 'button' || type === 'radio' || type === 'checkbox' || type === 'hidden')
        choose(name, attr(tag, 'value') ?? 'on');
    }
    for (const sel of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(sel[1]!, 'name');
      if (!name) continue;
      for (const o of sel[2]!.matchAll(/<option\b([^>]*)>/g)) choose(name, attr(o[1]!, 'value') ?? '');
    }
    // A button's own formaction posts the same fields elsewhere.
    for (const b of inner.matchAll(/<button\b([^>]*)>/g)) {
      const to = attr(b[1]!, 'formaction');
      if (to) forms.push({ ...form, action: to.split('?')[0]!, method: 'POST' });
    }
    forms.push(form);
  }
  // Query names in links (pagination, sorting, filters) are a GET form of the page they lead to.
  for (const a of html.matchAll(/\shref="([^"#]*\?[^"]*)"/g)) {
    const url = new URL(decodeEntities(a[1]!), 'http://x');
    const form: Form = { method: 'GET', action: url.pathname, fields: new Set(), choices: new Map() };
    for (const [k, v] of url.searchParams) {
      form.fields.add(k);
      form.choices.set(k, new Set([v]));
    }
    forms.push(form);
  }
  return forms;
}

/** A matcher for a route pattern: `:param` is one path segment, `*` anything. */
export function routeMatcher(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) =>
      seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}$`);
}
