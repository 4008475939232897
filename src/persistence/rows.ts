/**
 * Batch writes for the engine's change set. A command flushes each kind of row with one
 * statement, whatever the count: rows travel as one jsonb array parameter and PostgreSQL
 * unpacks them with `jsonb_populate_recordset`. Table and column names come only from the
 * constants below, never from input.
 */
import type { Queryable } from './database.ts';

const engineTables = {
  weir_process_instance: 'weir_process_instance',
  weir_task: 'weir_task',
  weir_identity_link: 'weir_identity_link',
  weir_event_subscription: 'weir_event_subscription',
  weir_job: 'weir_job',
  weir_hi_process_instance: 'weir_hi_process_instance',
  weir_hi_activity_instance: 'weir_hi_activity_instance',
  weir_hi_task_instance: 'weir_hi_task_instance',
  weir_hi_variable_instance: 'weir_hi_variable_instance',
  weir_hi_variable_update: 'weir_hi_variable_update',
  weir_cmmn_case_instance: 'weir_cmmn_case_instance',
  weir_cmmn_hi_case_instance: 'weir_cmmn_hi_case_instance',
  weir_cmmn_plan_item: 'weir_cmmn_plan_item',
  weir_cmmn_hi_milestone: 'weir_cmmn_hi_milestone',
} as const;

export type EngineTable = keyof typeof engineTables;

const snakeCache = new Map<string, string>();
const toSnakeKey = (key: string): string => {
  let snake = snakeCache.get(key);
  if (snake === undefined) {
    snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(key, snake);
  }
  return snake;
};

const camelCache = new Map<string, string>();
const toCamelKey = (key: string): string => {
  let camel = camelCache.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    camelCache.set(key, camel);
  }
  return camel;
};

export const toSnakeRow = (row: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[toSnakeKey(key)] = value;
  return out;
};

export const toCamelRow = <T>(row: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[toCamelKey(key)] = value;
  return out as T;
};

const assertTable = (table: string): void => {
  if (!(table in engineTables)) throw new Error(`Not an engine table: ${table}`);
};

export const insertRows = async (
  db: Queryable,
  table: EngineTable,
  rows: readonly object[],
): Promise<void> => {
  if (rows.length === 0) return;
  assertTable(table);
  await db.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(null::${table}, $1::jsonb)`, [
    JSON.stringify(rows.map(toSnakeRow)),
  ]);
};

/** Update whole rows by id; `columns` are the camelCase fields to write. */
export const updateRows = async (
  db: Queryable,
  table: EngineTable,
  rows: readonly object[],
  columns: readonly string[],
): Promise<void> => {
  if (rows.length === 0 || columns.length === 0) return;
  assertTable(table);
  const names = columns.map(toSnakeKey);
  for (const name of names) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad column name: ${name}`);
  }
  const set = names.map((n) => `${n} = u.${n}`).join(', ');
  // `t.id = ANY(...)` as well as the join: the planner takes the recordset for 100 rows and
  // would otherwise pick a sequential scan of a large table (seen on history at ~10,000 rows)
  await db.query(
    `UPDATE ${table} t SET ${set} FROM jsonb_populate_recordset(null::${table}, $1::jsonb) u
     WHERE t.id = u.id AND t.id = ANY($2::text[])`,
    [JSON.stringify(rows.map(toSnakeRow)), rows.map((r) => (r as { id: string }).id)],
  );
};

export const deleteRowsById = async (
  db: Queryable,
  table: EngineTable,
  ids: readonly string[],
): Promise<void> => {
  if (ids.length === 0) return;
  assertTable(table);
  await db.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
};
