/**
 * The building blocks of the REST API's list queries: a WHERE clause made of fixed SQL
 * fragments chosen by code (each with `$?` placeholders numbered here), a count and a page.
 * Input only ever reaches SQL as parameters; ORDER BY takes a column expression from a
 * per-list whitelist, looked up by the sort name the client sent.
 */
import type { Queryable } from './database.ts';

export type SortColumns = Readonly<Record<string, string>>;

export interface PageRequest {
  readonly start: number;
  readonly size: number;
  readonly sort: string;
  readonly order: 'asc' | 'desc';
}

export class Conditions {
  readonly #clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Add a fragment whose `$?` placeholders take `values` in order. */
  add(fragment: string, ...values: unknown[]): this {
    let next = 0;
    const sql = fragment.replace(/\$\?/g, () => {
      this.params.push(values[next++]);
      return `$${this.params.length}`;
    });
    this.#clauses.push(`(${sql})`);
    return this;
  }

  /** Add the fragment only when `value` was given (not undefined, null or ''). */
  when(value: unknown, fragment: string, ...values: unknown[]): this {
    if (value === undefined || value === null || value === '') return this;
    return this.add(fragment, ...(values.length > 0 ? values : [value]));
  }

  get sql(): string {
    return this.#clauses.length > 0 ? `WHERE ${this.#clauses.join(' AND ')}` : '';
  }
}

export interface PagedResult<Row> {
  readonly rows: Row[];
  readonly total: number;
}

/**
 * Count and fetch one page of `SELECT columns FROM from WHERE ...`. `sorts` maps the client's
 * sort names to column expressions; `tieBreaker` makes the order total so pages never overlap.
 *
 * The count and the page are sent together: on a pool they run on two connections at once, so a
 * list answers in the time of the slower of the two rather than their sum (on one connection,
 * a transaction's, they simply run one after the other).
 */
export const pagedQuery = async <Row>(
  db: Queryable,
  query: {
    readonly columns: string;
    readonly from: string;
    readonly where: Conditions;
    readonly sorts: SortColumns;
    readonly tieBreaker: string;
    readonly page: PageRequest;
  },
  map: (row: Record<string, unknown>) => Row,
): Promise<PagedResult<Row>> => {
  const { columns, from, where, sorts, tieBreaker, page } = query;
  const column = sorts[page.sort] ?? tieBreaker;
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  const limit = where.params.length + 1;
  const [count, rows] = await Promise.all([
    db.query<{ n: string }>(`SELECT count(*) AS n FROM ${from} ${where.sql}`, where.params),
    page.size === 0
      ? []
      : db
          .query(
            `SELECT ${columns} FROM ${from} ${where.sql}
             ORDER BY ${column} ${direction} NULLS LAST, ${tieBreaker} ${direction} LIMIT $${limit} OFFSET $${limit + 1}`,
            [...where.params, page.size, page.start],
          )
          .then((result) => result.rows),
  ]);
  return { rows: rows.map(map), total: Number(count.rows[0].n) };
};

/** Flowable's variable query operations and the jsonb comparison each one is. */
const variableOperations = {
  equals: (v: string) => `${v} = $?::jsonb`,
  notEquals: (v: string) => `${v} IS DISTINCT FROM $?::jsonb`,
  greaterThan: (v: string) => `${v} > $?::jsonb`,
  greaterThanOrEquals: (v: string) => `${v} >= $?::jsonb`,
  lessThan: (v: string) => `${v} < $?::jsonb`,
  lessThanOrEquals: (v: string) => `${v} <= $?::jsonb`,
  equalsIgnoreCase: (v: string) => `lower(${v} #>> '{}') = lower($?::jsonb #>> '{}')`,
  notEqualsIgnoreCase: (v: string) => `lower(${v} #>> '{}') IS DISTINCT FROM lower($?::jsonb #>> '{}')`,
  like: (v: string) => `(${v} #>> '{}') LIKE ($?::jsonb #>> '{}')`,
  likeIgnoreCase: (v: string) => `(${v} #>> '{}') ILIKE ($?::jsonb #>> '{}')`,
} as const satisfies Record<string, (valueExpression: string) => string>;

export type VariableOperation = keyof typeof variableOperations;
export const variableOperationNames = Object.keys(variableOperations) as VariableOperation[];

export interface VariableCondition {
  readonly name: string;
  readonly operation: VariableOperation;
  /** the stored JSON form of the value (dates as ISO strings) */
  readonly value: unknown;
  /** the type the query gave (`date` makes an ISO string compare as an instant) */
  readonly valueType?: string;
}

/**
 * A comparison of one variable's stored value. `valueOf(nameParameter)` returns the SQL
 * expression of the stored jsonb value for the variable named by that parameter.
 */
export const variableConditionSql = (
  condition: VariableCondition,
  valueOf: (nameParameter: string) => string,
): { fragment: string; values: unknown[] } => ({
  fragment: variableOperations[condition.operation](valueOf('$?')),
  values: [condition.name, JSON.stringify(condition.value ?? null)],
});
