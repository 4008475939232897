/** History writes of the engine's flush: variables, their updates, and the ends of activities. */
import type { Queryable } from './database.ts';
import { toSnakeRow } from './rows.ts';

export const upsertHistoricVariables = async (db: Queryable, rows: readonly object[]): Promise<void> => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO weir_hi_variable_instance
     SELECT * FROM jsonb_populate_recordset(null::weir_hi_variable_instance, $1::jsonb)
     ON CONFLICT (id) DO UPDATE SET type = excluded.type, value = excluded.value, updated_at = excluded.updated_at`,
    [JSON.stringify(rows.map(toSnakeRow))],
  );
};

export const insertVariableUpdates = async (db: Queryable, rows: readonly object[]): Promise<void> => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO weir_hi_variable_update (variable_id, process_instance_id, execution_id, task_id,
       activity_instance_id, name, type, value, revision, created_at)
     SELECT variable_id, process_instance_id, execution_id, task_id, activity_instance_id, name, type, value,
       revision, created_at
     FROM jsonb_populate_recordset(null::weir_hi_variable_update, $1::jsonb)`,
    [JSON.stringify(rows.map(toSnakeRow))],
  );
};

/** Activity ends whose start an earlier command wrote: the duration is computed in SQL. */
export const endHistoricActivities = async (
  db: Queryable,
  rows: ReadonlyArray<{ id: string; endedAt: Date; endReason: string | null; assignee?: string | null }>,
): Promise<void> => {
  // `t.id = ANY(...)` keeps the planner on the primary key (it takes the recordset for 100 rows)
  await db.query(
    `UPDATE weir_hi_activity_instance t
     SET ended_at = u.ended_at, end_reason = u.end_reason, assignee = coalesce(u.assignee, t.assignee),
       duration_ms = (extract(epoch FROM u.ended_at - t.started_at) * 1000)::bigint
     FROM jsonb_to_recordset($1::jsonb) AS u(id text, ended_at timestamptz, end_reason text, assignee text)
     WHERE t.id = u.id AND t.id = ANY($2::text[])`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          ended_at: r.endedAt,
          end_reason: r.endReason,
          assignee: r.assignee ?? null,
        })),
      ),
      rows.map((r) => r.id),
    ],
  );
};
