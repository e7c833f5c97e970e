/**
 * Kysely's CamelCasePlugin, with result rows renamed by a per-column-list function built once. The stock plugin
 * renames each row's keys one by one through a reduce (about a microsecond per row of 15 columns, most of a
 * list request's ORM time); here every row of a result gets the same field order and shape, which also keeps the
 * code that reads them monomorphic. A value that the stock plugin would rename inside (a plain object or an
 * array: PostgreSQL json) sends its row the stock way, so results are identical. Queries are renamed to
 * snake_case as the stock plugin does, in one pass that also writes small LIMITs into the SQL (see
 * `SqlShapeTransformer`).
 */
import {
  CamelCasePlugin,
  type IdentifierNode,
  LimitNode,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely';

type RowMapper = (row: UnknownRow) => UnknownRow;

/**
 * Whether a LIMIT is written into the SQL rather than bound: a whole number up to 1,000 (page sizes, first
 * matches, constants). Larger ones stay bound, so no input can make one statement per value.
 */
export const writtenLimit = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 1000;

/**
 * Names to snake_case (as the stock plugin does) and a small LIMIT written as a number (`writtenLimit`).
 * SQLite's planner reads a bound LIMIT, so a statement whose LIMIT is a parameter is parsed and planned again on
 * every run (~6 µs of a 40 µs list window on its own; about 20 µs of a request under load, where the parser's
 * code and data are no longer in the CPU's caches). Written into the SQL, the number makes one cached statement
 * per limit, planned once. PostgreSQL gets the same SQL, and plans an unnamed statement per call either way.
 * OFFSET stays bound: it does not expire SQLite's plan.
 */
class SqlShapeTransformer extends OperationNodeTransformer {
  constructor(readonly snakeCase: (name: string) => string) {
    super();
  }

  protected override transformIdentifier(node: IdentifierNode, queryId?: QueryId): IdentifierNode {
    const done = super.transformIdentifier(node, queryId);
    return { ...done, name: this.snakeCase(done.name) };
  }

  protected override transformLimit(node: LimitNode, queryId?: QueryId): LimitNode {
    const limit = node.limit;
    if (ValueNode.is(limit) && !limit.immediate && writtenLimit(limit.value)) {
      return LimitNode.create(ValueNode.createImmediate(limit.value));
    }
    return super.transformLimit(node, queryId);
  }
}

export class FastCamelCasePlugin extends CamelCasePlugin {
  readonly #mappers = new Map<string, RowMapper>();
  readonly #queries = new SqlShapeTransformer((name) => this.snakeCase(name));

  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#queries.transformNode(args.node, args.queryId);
  }

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
