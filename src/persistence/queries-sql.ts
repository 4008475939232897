/**
 * Read queries over runtime and history, for the engine's query API and the REST layer.
 * Filters are optional parameters in fixed SQL (`$n IS NULL OR column = $n`), never SQL text
 * assembled from input.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import type {
  EventSubscriptionRow,
  HistoricActivityRow,
  HistoricProcessRow,
  InstanceRow,
  JobRow,
  TaskRow,
} from '../engine/runtime-types.ts';

export interface TaskFilter {
  processInstanceId?: string;
  assignee?: string;
  candidateUser?: string;
  candidateGroups?: readonly string[];
  taskDefinitionKey?: string;
}

export const selectTasks = async (db: Queryable, f: TaskFilter): Promise<TaskRow[]> => {
  const { rows } = await db.query(
    `SELECT t.* FROM weir_task t
     WHERE ($1::text IS NULL OR t.process_instance_id = $1)
       AND ($2::text IS NULL OR t.assignee = $2)
       AND (($3::text IS NULL AND $4::text[] IS NULL) OR (t.assignee IS NULL AND EXISTS (
             SELECT 1 FROM weir_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate'
               AND (l.user_id = $3 OR l.group_id = ANY($4::text[])))))
       AND ($5::text IS NULL OR t.task_definition_key = $5)
     ORDER BY t.created_at, t.id`,
    [
      f.processInstanceId ?? null,
      f.assignee ?? null,
      f.candidateUser ?? null,
      f.candidateGroups ?? null,
      f.taskDefinitionKey ?? null,
    ],
  );
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

export const selectIdentityLinksOfTask = async (db: Queryable, taskId: string) => {
  const { rows } = await db.query(
    `SELECT * FROM weir_identity_link WHERE task_id = $1 ORDER BY created_at, id`,
    [taskId],
  );
  return rows.map((r) =>
    toCamelRow<{ id: string; type: string; userId: string | null; groupId: string | null; taskId: string }>(
      r,
    ),
  );
};

export const selectInstance = async (db: Queryable, id: string): Promise<InstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_process_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<InstanceRow>(rows[0]) : undefined;
};

export const selectJobs = async (
  db: Queryable,
  f: { processInstanceId?: string; state?: string; handler?: string },
): Promise<JobRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_job WHERE ($1::text IS NULL OR process_instance_id = $1) AND ($2::text IS NULL OR state = $2)
       AND ($3::text IS NULL OR handler = $3)
     ORDER BY due_at NULLS LAST, created_at, id`,
    [f.processInstanceId ?? null, f.state ?? null, f.handler ?? null],
  );
  return rows.map((r) => toCamelRow<JobRow>(r));
};

export const selectSubscriptions = async (
  db: Queryable,
  f: { processInstanceId?: string; eventType?: string; eventName?: string },
): Promise<EventSubscriptionRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_event_subscription WHERE ($1::text IS NULL OR process_instance_id = $1)
       AND ($2::text IS NULL OR event_type = $2) AND ($3::text IS NULL OR event_name = $3)
     ORDER BY created_at, id`,
    [f.processInstanceId ?? null, f.eventType ?? null, f.eventName ?? null],
  );
  return rows.map((r) => toCamelRow<EventSubscriptionRow>(r));
};

export const selectHistoricInstance = async (
  db: Queryable,
  id: string,
): Promise<HistoricProcessRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_hi_process_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<HistoricProcessRow>(rows[0]) : undefined;
};

export const selectHistoricActivities = async (
  db: Queryable,
  processInstanceId: string,
): Promise<HistoricActivityRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_activity_instance WHERE process_instance_id = $1 ORDER BY seq, started_at`,
    [processInstanceId],
  );
  return rows.map((r) => toCamelRow<HistoricActivityRow>(r));
};

export const selectHistoricTasks = async (db: Queryable, processInstanceId: string) => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_task_instance WHERE process_instance_id = $1 ORDER BY created_at, id`,
    [processInstanceId],
  );
  return rows.map((r) =>
    toCamelRow<{
      id: string;
      name: string | null;
      assignee: string | null;
      endedAt: Date | null;
      endReason: string | null;
      taskDefinitionKey: string;
    }>(r),
  );
};

export const selectHistoricVariables = async (db: Queryable, processInstanceId: string) => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_variable_instance WHERE process_instance_id = $1 ORDER BY name, created_at`,
    [processInstanceId],
  );
  return rows.map((r) =>
    toCamelRow<{ id: string; name: string; type: string; value: unknown; taskId: string | null }>(r),
  );
};

export const selectVariableUpdates = async (db: Queryable, processInstanceId: string) => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_variable_update WHERE process_instance_id = $1 ORDER BY id`,
    [processInstanceId],
  );
  return rows.map((r) => toCamelRow<{ name: string; type: string; value: unknown; revision: number }>(r));
};
