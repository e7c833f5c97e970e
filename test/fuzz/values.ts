/**
 * Values for the route fuzzer: plausible ones read from a JSON schema or guessed from a field's name (so that a
 * request gets past validation and into the service), and hostile ones of every kind a client can send — wrong
 * types, NUL and control characters, over-long text, huge, negative and fractional numbers, impossible dates,
 * ids that do not exist.
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  description?: string;
};

/** An id that no row has: foreign keys must be refused as field errors, not reach the database. */
export const UNKNOWN_ID = 987_654;

/** Characters that break storage, terminals, spreadsheets or headers. */
const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\uffff',
  '😀',
  'Ā',
  'Я',
];

const IMPOSSIBLE_DATES = [
  '2026-02-31',
  '9999-99-99',
  '0000-00-00',
  '2026-13-01',
  '2026-00-10',
  '2025-02-29',
  '+275760-09-13',
  '2026-12-01T25:61:00Z',
  '2026-02-30T10:00:00.000Z',
  '2026-12-01T24:00:00.000Z',
  '99999-01-01',
  '2026-1-1',
  '1e21',
];

const WEIRD_STRINGS = [
  '',
  ' ',
  '   ',
  "' OR 1=1 --",
  '%',
  '_',
  '\\',
  '"',
  '<script>alert(1)</script>',
  "=cmd|' /C calc'!A0",
  "Dde;=cmd|' /C calc'!A0",
  '-1',
  '0',
  '1.5',
  '1e21',
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '99999999999999999999999',
  '999999999999.99',
  '1000000',
  'null',
  'true',
  '[]',
  '{}',
  '../../etc/passwd',
  '//evil.example/',
  'https://evil.example/',
  'javascript:alert(1)',
  '\u4e2d\u6587\u2603\u{1f600}',
];

const HUGE_NUMBERS = [
  0,
  -1,
  -0,
  0.5,
  1.5,
  -2.75,
  1e21,
  -1e21,
  1e308,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  999_999_999_999.99,
  1_000_000,
  1_000_001,
  UNKNOWN_ID,
];

const text = fc.string({ maxLength: 12 });

/** A string with one hostile character somewhere in ordinary text. */
const withNastyChar = fc
  .tuple(text, fc.oneof(fc.constant('\u0000'), fc.constantFrom(...NASTY_CHARS)), text)
  .map(([a, c, b]) => `ab${a}${c}${b}`);

/** Text past any limit a form or column sets. */
const overLong = fc.constantFrom(201, 5_001, 70_000).chain((n) => fc.constant('x'.repeat(n)));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: withNastyChar },
  { weight: 1, arbitrary: overLong },
  { weight: 3, arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES) },
  { weight: 3, arbitrary: fc.constantFrom(...WEIRD_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [1, 2], { a: 1 }, ['a'], [null]),
  },
);

const impossibleDate = fc.constantFrom(...IMPOSSIBLE_DATES);

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/**
 * A hostile value aimed at what the field's name says it holds — a day no calendar has for a date, an amount
 * or count past every limit, an id no row has — or, half the time, any hostile value.
 */
export function hostileFor(name: string): fc.Arbitrary<unknown> {
  const n = name.toLowerCase();
  const aimed = /(_on|_at|date|^from|^to|_from|_to)$/.test(n)
    ? impossibleDate
    : /price|amount|budget|quantity|start_id|page/.test(n)
      ? fc.constantFrom<unknown>('999999999999.99', 999_999_999_999.99, 1_000_000, 10 ** 21, -1, 0.5, '1e21')
      : n === 'id' || n.endsWith('_id')
        ? fc.constantFrom<unknown>(UNKNOWN_ID, 2_147_483_648, 10 ** 21, 0, -1, '1', 1.5)
        : nastyString;
  return fc.oneof(aimed, nastyValue);
}

/** A plausible value for a field known only by its name (seed routes, HTML forms). */
export function valueForName(name: string, ids: readonly number[]): fc.Arbitrary<unknown> {
  const n = name.toLowerCase();
  if (n === 'id' || n.endsWith('_id') || n === 'client' || n === 'contact' || n.endsWith('ids'))
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.constant(UNKNOWN_ID) },
    );
  if (n.includes('email')) return fc.stringMatching(/^[a-z]{1,8}@example\.(com|ru)$/);
  if (n.includes('phone')) return fc.stringMatching(/^\+79\d{9}$/);
  if (
    n.endsWith('_on') ||
    n.endsWith('date') ||
    n === 'from' ||
    n === 'to' ||
    n.endsWith('_from') ||
    n.endsWith('_to')
  )
    // Dates as people mistype them too: days no calendar has.
    return fc.oneof({ weight: 4, arbitrary: isoDate.map((s) => s.slice(0, 10)) }, impossibleDate);
  if (n.endsWith('_at')) return fc.oneof({ weight: 4, arbitrary: isoDate }, impossibleDate);
  if (n.includes('price') || n.includes('amount') || n.includes('budget'))
    return fc.oneof(fc.stringMatching(/^\d{1,6}\.\d{2}$/), fc.constantFrom('999999999999.99', '0', '1'));
  if (n === 'quantity' || n === 'page' || n === 'per_page' || n === 'start_id')
    return fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constantFrom(1_000_000, 10 ** 21, '1e21'));
  if (n === 'period') return fc.constantFrom('week', 'month', 'year', 'Неделя');
  if (n === 'next' || n === 'back' || n === 'return_to')
    return fc.constantFrom('/contacts', '/orders?page=2', '/contacts/1', '/ĀĀ', '/Я?q=Ā', '//evil.example');
  if (n.includes('password')) return fc.constantFrom('correct horse battery', 'short', '');
  return fc.string({ maxLength: 30 });
}

/**
 * A value that fits `schema` (enums, patterns, bounds), falling back on the field's name. Foreign ids are
 * drawn from the rows that exist, now and then one that does not.
 */
export function valueForSchema(
  schema: JsonSchema,
  name: string,
  ids: readonly number[],
  resolve: (s: JsonSchema) => JsonSchema,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueForSchema(a, name, ids, resolve)));
  if (s.allOf?.[0]) return valueForSchema(s.allOf[0], name, ids, resolve);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1)
    return fc.oneof(...types.map((t) => valueForSchema({ ...s, type: t }, name, ids, resolve)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      if (name === 'id' || name.endsWith('_id')) return valueForName(name, ids);
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = Math.min(s.maximum ?? 1_000, min + 1_000);
      // The bounds themselves (a million where none is said) too: limits are where arithmetic overflows.
      const edges = [min, s.maximum ?? 1_000_000].filter((x) => Number.isSafeInteger(x));
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, fc.constantFrom(...edges));
    }
    case 'number':
      return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 1_000, noNaN: true });
    case 'array':
      return fc.array(s.items ? valueForSchema(s.items, name, ids, resolve) : fc.string(), { maxLength: 3 });
    case 'object':
      return objectForSchema(s, ids, resolve);
    case 'string': {
      if (s.format === 'date-time') return isoDate;
      if (s.format === 'date') return isoDate.map((d) => d.slice(0, 10));
      if (s.format === 'email') return valueForName('email', ids);
      if (s.pattern) {
        const max = s.maxLength ?? 60;
        return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= max);
      }
      const guess = valueForName(name, ids);
      const max = s.maxLength ?? 200;
      const min = s.minLength ?? 0;
      return fc.oneof(
        guess
          .map((v) => (typeof v === 'string' ? v : String(v)))
          .filter((v) => v.length >= min && v.length <= max),
        fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 30) }),
      );
    }
    default:
      return valueForName(name, ids);
  }
}

/**
 * An object with the schema's properties, in one of three shapes: every field plausible (to reach the service's
 * own rules), plausible but for one hostile field, or each field at random plausible, hostile or missing (required
 * or not) — with an unexpected extra field once in a while.
 */
export function objectForSchema(
  schema: JsonSchema,
  ids: readonly number[],
  resolve: (s: JsonSchema) => JsonSchema,
): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const required = new Set(s.required ?? []);
  const props = Object.entries(s.properties ?? {});
  if (!props.length) return fc.constant({});
  const plausible = props.map(([name, prop]) => valueForSchema(prop, name, ids, resolve));
  const allPlausible = fc.tuple(...plausible, fc.boolean()).map((values) => {
    const out: Record<string, unknown> = {};
    const withOptional = values.pop() as boolean;
    props.forEach(([name], i) => {
      if (withOptional || required.has(name)) out[name] = values[i];
    });
    return out;
  });
  const oneHostile = fc
    .constantFrom(...props.map(([name]) => name))
    .chain((name) => fc.tuple(allPlausible, fc.constant(name), hostileFor(name)))
    .map(([o, name, v]) => ({ ...o, [name]: v }));
  const mixed = fc
    .tuple(
      ...props.map(([name], i) =>
        fc.oneof(
          { weight: 10, arbitrary: plausible[i]!.map((v) => [name, v] as const) },
          { weight: 2, arbitrary: nastyValue.map((v) => [name, v] as const) },
          { weight: required.has(name) ? 1 : 4, arbitrary: fc.constant(null) },
        ),
      ),
    )
    .map((pairs) => {
      const out: Record<string, unknown> = {};
      for (const p of pairs) if (p) out[p[0]] = p[1];
      return out;
    });
  const extra = fc.option(
    fc.tuple(fc.constantFrom('extra', '__proto__', 'id', 'constructor', 'created_at'), nastyValue),
    { freq: 6 },
  );
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: allPlausible },
        { weight: 4, arbitrary: oneHostile },
        { weight: 3, arbitrary: mixed },
      ),
      extra,
    )
    .map(([o, x]) => {
      if (x)
        Object.defineProperty(o, x[0], { value: x[1], enumerable: true, writable: true, configurable: true });
      return o;
    });
}

/** An object of the named fields, each plausible for its name or hostile (bodies no schema describes). */
export function objectForNames(
  names: readonly string[],
  ids: readonly number[],
  choices: Record<string, readonly string[]> = {},
): fc.Arbitrary<Record<string, unknown>> {
  const props: Record<string, JsonSchema> = {};
  for (const n of names) props[n] = choices[n]?.length ? { enum: [...choices[n]] } : {};
  return objectForSchema({ type: 'object', properties: props }, ids, (x) => x);
}
