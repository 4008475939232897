/**
 * A synthetic search index for `npm run bench` (scenario `search`): process instances, one
 * open task each and their variables, made set-based with `generate_series` in PostgreSQL,
 * shaped like the rows the engine's flush writes (`search-writes-sql.ts`). Running a million
 * instances through the engine would take hours on a bench machine; these statements load
 * them in minutes. Never called by a node.
 *
 * Instance `i` is `p<i>`, its task `t<i>`; its variables are `amount` (integer, 0..9999),
 * `incident` (date), `urgent` (boolean), `insurer` (string) and `figure4`... (integers).
 */
import type { Queryable } from './database.ts';

const INSTANCES = `INSERT INTO weir_search_document (kind, id, tenant_id, title, body, process_instance_id,
    definition_id, definition_key, business_key, start_user_id, state, runtime, historic, created_at)
  SELECT 'process', 'p' || i, '', 'Claim ' || i,
         to_tsvector('simple', 'Claim CLAIM-' || i || ' insurer' || (i % 500)),
         'p' || i, 'claims:1', 'claims', 'CLAIM-' || i, 'user' || (i % 100), 'active', true, true,
         now() - i * interval '1 second'
  FROM generate_series($1::int, $2::int) AS i`;

const TASKS = `INSERT INTO weir_search_document (kind, id, tenant_id, title, body, process_instance_id,
    definition_id, definition_key, task_definition_key, business_key, assignee, state, runtime, priority, created_at)
  SELECT 'task', 't' || i, '', 'Assess claim',
         to_tsvector('simple', 'Assess claim CLAIM-' || i || ' damage' || (i % 1000)),
         'p' || i, 'claims:1', 'claims', 'assess', 'CLAIM-' || i,
         CASE WHEN i % 3 = 0 THEN 'user' || (i % 100) END, 'active', true, 50,
         now() - i * interval '1 second'
  FROM generate_series($1::int, $2::int) AS i`;

const VARIABLES = `INSERT INTO weir_search_variable (scope, scope_id, name, type, text_value, number_value,
    date_value, bool_value)
  SELECT 'process', 'p' || i, v.name, v.type,
         CASE WHEN v.type = 'string' THEN 'insurer' || (i % 500) END,
         CASE WHEN v.type = 'integer' THEN (i * (v.n + 7)) % 10000 END,
         CASE WHEN v.type = 'date' THEN now() - (i % 3650) * interval '1 day' END,
         CASE WHEN v.type = 'boolean' THEN i % 2 = 0 END
  FROM generate_series($1::int, $2::int) AS i,
       (SELECT n, CASE n WHEN 0 THEN 'amount' WHEN 1 THEN 'incident' WHEN 2 THEN 'urgent'
                         WHEN 3 THEN 'insurer' ELSE 'figure' || n END AS name,
               CASE n WHEN 1 THEN 'date' WHEN 2 THEN 'boolean' WHEN 3 THEN 'string' ELSE 'integer' END AS type
        FROM generate_series(0, $3::int - 1) AS n) AS v`;

/** Add instances `from`..`to` (inclusive), each with a task and `variablesPerInstance` variables. */
export const addSyntheticInstances = async (
  db: Queryable,
  from: number,
  to: number,
  variablesPerInstance: number,
): Promise<void> => {
  await db.query(INSTANCES, [from, to]);
  await db.query(TASKS, [from, to]);
  await db.query(VARIABLES, [from, to, variablesPerInstance]);
};

/**
 * After a bulk load, the tables as autovacuum leaves them a little later: planner statistics,
 * and the visibility map that lets the variable probes be index-only scans (without it each
 * probe also reads the row). `VACUUM` runs outside a transaction: pass the pool, not a `tx`.
 */
export const settleSearchTables = async (db: Queryable): Promise<void> => {
  await db.query('VACUUM (ANALYZE) weir_search_document');
  await db.query('VACUUM (ANALYZE) weir_search_variable');
};
