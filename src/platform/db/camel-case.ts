/**
 * Kysely's CamelCasePlugin, with result rows renamed by a per-column-list function built once. The stock plugin
 * renames each row's keys one by one through a reduce (about a microsecond per row of 15 columns, most of a
 * list request's ORM time); here every row of a result gets the same field order and shape, which also keeps the
 * code that reads them monomorphic. Queries are still renamed to snake_case by the stock plugin. A value that
 * the stock plugin would rename inside (a plain object or an array: PostgreSQL json) sends its row the stock way,
 * so results are identical.
 */
import { CamelCasePlugin, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from 'kysely';

type RowMapper = (row: UnknownRow) => UnknownRow;

export class FastCamelCasePlugin extends CamelCasePlugin {
  readonly #mappers = new Map<string, RowMapper>();

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows;
    // Rows read as arrays (prepared.ts `rowKeys`) are made into objects by their query.
    if (!Array.isArray(rows) || rows.length === 0 || Array.isArray(rows[0])) return args.result;
    const keys = Object.keys(rows[0] as UnknownRow);
    const mapper = this.#mapperFor(keys);
    const out = new Array<UnknownRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as UnknownRow;
      out[i] = nested(row, keys) ? this.mapRow(row) : mapper(row);
    }
    return { ...args.result, rows: out };
  }

  #mapperFor(keys: string[]): RowMapper {
    const signature = keys.join('\u0000');
    let mapper = this.#mappers.get(signature);
    if (!mapper) {
      // Keys and names are written as JSON string literals: any column name, even a strange alias, stays data.
      const fields = keys.map((k) => `${JSON.stringify(this.camelCase(k))}: row[${JSON.stringify(k)}]`);
      mapper = new Function('row', `return { ${fields.join(', ')} };`) as RowMapper;
      // Queries come from a fixed set of shapes; the bound only guards against an unexpected flood.
      if (this.#mappers.size >= 1000) this.#mappers.clear();
      this.#mappers.set(signature, mapper);
    }
    return mapper;
  }
}

/** Whether a row holds a value the stock plugin renames inside (a plain object or an array). */
function nested(row: UnknownRow, keys: string[]): boolean {
  for (const k of keys) {
    const v = row[k];
    if (v === null || typeof v !== 'object') continue;
    const proto = Object.getPrototypeOf(v);
    if (Array.isArray(v) || proto === Object.prototype || proto === null) return true;
  }
  return false;
}
