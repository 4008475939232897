/** Runtime reads of the engine: instances (with their row lock), tasks, jobs, subscriptions. */
import type { Queryable } from './database.ts';
import { toCamelRow, toSnakeRow } from './rows.ts';
import { prepared } from './prepared.ts';
import type {
  EventSubscriptionRow,
  IdentityLinkRow,
  InstanceRow,
  JobRow,
  TaskRow,
} from '../engine/runtime-types.ts';

/**
 * Lock the root instance row. Every command on an instance tree takes this lock first and
 * nothing else before it, so two commands never wait on each other in opposite orders.
 * Returns false when the instance is gone (ended or deleted meanwhile).
 */
export const lockRootInstance = async (db: Queryable, rootId: string): Promise<boolean> => {
  const { rows } = await db.query(`SELECT id FROM weir_process_instance WHERE id = $1 FOR UPDATE`, [rootId]);
  return rows.length > 0;
};

export const rootIdOfInstance = async (db: Queryable, id: string): Promise<string | undefined> => {
  const { rows } = await db.query<{ root_id: string }>(
    prepared(`SELECT root_id FROM weir_process_instance WHERE id = $1`),
    [id],
  );
  return rows[0]?.root_id;
};

/** The root instance id of an execution: executions live inside instance documents. */
export const rootIdOfExecution = async (db: Queryable, executionId: string): Promise<string | undefined> => {
  const direct = await rootIdOfInstance(db, executionId);
  if (direct) return direct;
  const { rows } = await db.query<{ root_id: string }>(
    `SELECT root_id FROM weir_process_instance
     WHERE state -> 'executions' @> jsonb_build_array(jsonb_build_object('id', $1::text)) LIMIT 1`,
    [executionId],
  );
  return rows[0]?.root_id;
};

/**
 * Lock and load a whole instance tree in one statement. Rows are locked in the order they are
 * returned, root first, so every command on the tree queues on the root row before touching
 * the others and no two commands lock them in opposite orders.
 */
export const lockAndLoadInstancesOfRoot = async (db: Queryable, rootId: string): Promise<InstanceRow[]> => {
  const { rows } = await db.query(
    prepared(
      `SELECT * FROM weir_process_instance WHERE root_id = $1 ORDER BY (id <> root_id), id FOR UPDATE`,
    ),
    [rootId],
  );
  return rows.map((r) => toCamelRow<InstanceRow>(r));
};

export const loadInstancesOfRoot = async (db: Queryable, rootId: string): Promise<InstanceRow[]> => {
  const { rows } = await db.query(`SELECT * FROM weir_process_instance WHERE root_id = $1`, [rootId]);
  return rows.map((r) => toCamelRow<InstanceRow>(r));
};

export const loadInstance = async (db: Queryable, id: string): Promise<InstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_process_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<InstanceRow>(rows[0]) : undefined;
};

export const loadTasksOfRoot = async (db: Queryable, rootId: string): Promise<TaskRow[]> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_task WHERE root_instance_id = $1`), [rootId]);
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

export const loadIdentityLinksOfTasks = async (
  db: Queryable,
  taskIds: readonly string[],
): Promise<IdentityLinkRow[]> => {
  if (taskIds.length === 0) return [];
  const { rows } = await db.query(`SELECT * FROM weir_identity_link WHERE task_id = ANY($1::text[])`, [
    taskIds,
  ]);
  return rows.map((r) => toCamelRow<IdentityLinkRow>(r));
};

export const getTaskRow = async (db: Queryable, id: string): Promise<TaskRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_task WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<TaskRow>(rows[0]) : undefined;
};

export const getJobRow = async (db: Queryable, id: string): Promise<JobRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_job WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<JobRow>(rows[0]) : undefined;
};

export const loadSubscriptionsOfRoot = async (
  db: Queryable,
  rootId: string,
): Promise<EventSubscriptionRow[]> => {
  const { rows } = await db.query(`SELECT * FROM weir_event_subscription WHERE root_instance_id = $1`, [
    rootId,
  ]);
  return rows.map((r) => toCamelRow<EventSubscriptionRow>(r));
};

export const findSubscriptions = async (
  db: Queryable,
  filter: {
    eventType: string;
    eventName: string;
    tenantId?: string;
    executionId?: string;
    startOnly?: boolean;
  },
): Promise<EventSubscriptionRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_event_subscription
     WHERE event_type = $1 AND event_name = $2
       AND ($3::text IS NULL OR tenant_id = $3)
       AND ($4::text IS NULL OR execution_id = $4)
       AND (NOT $5::boolean OR process_instance_id IS NULL)
     ORDER BY created_at, id`,
    [
      filter.eventType,
      filter.eventName,
      filter.tenantId ?? null,
      filter.executionId ?? null,
      filter.startOnly ?? false,
    ],
  );
  return rows.map((r) => toCamelRow<EventSubscriptionRow>(r));
};

export const jobsOfExecutions = async (db: Queryable, executionIds: readonly string[]): Promise<JobRow[]> => {
  if (executionIds.length === 0) return [];
  const { rows } = await db.query(`SELECT * FROM weir_job WHERE execution_id = ANY($1::text[])`, [
    executionIds,
  ]);
  return rows.map((r) => toCamelRow<JobRow>(r));
};

export const deleteJobsOfExecutions = async (
  db: Queryable,
  executionIds: readonly string[],
  exceptJobId: string | null = null,
): Promise<void> => {
  if (executionIds.length === 0) return;
  // the job being run, if guarded, is deleted by its own statement (one row, one deleter)
  await db.query(`DELETE FROM weir_job WHERE execution_id = ANY($1::text[]) AND id IS DISTINCT FROM $2`, [
    executionIds,
    exceptJobId,
  ]);
};

export const deleteSubscriptionsOfExecutions = async (
  db: Queryable,
  executionIds: readonly string[],
): Promise<void> => {
  if (executionIds.length === 0) return;
  await db.query(`DELETE FROM weir_event_subscription WHERE execution_id = ANY($1::text[])`, [executionIds]);
};

export const deleteIdentityLinksOfTasks = async (
  db: Queryable,
  taskIds: readonly string[],
): Promise<void> => {
  if (taskIds.length === 0) return;
  await db.query(`DELETE FROM weir_identity_link WHERE task_id = ANY($1::text[])`, [taskIds]);
};

export const deleteInstanceRows = async (db: Queryable, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  await db.query(`DELETE FROM weir_identity_link WHERE process_instance_id = ANY($1::text[])`, [ids]);
  await db.query(`DELETE FROM weir_process_instance WHERE id = ANY($1::text[])`, [ids]);
};

/** Start-event subscriptions and timer-start jobs of the definitions of one key: replaced by a new version. */
export const deleteStartEventsOfKey = async (db: Queryable, key: string, tenantId: string): Promise<void> => {
  await db.query(
    `DELETE FROM weir_event_subscription WHERE process_instance_id IS NULL AND definition_id IN
       (SELECT id FROM weir_process_definition WHERE key = $1 AND tenant_id = $2)`,
    [key, tenantId],
  );
  await db.query(
    `DELETE FROM weir_job WHERE handler = 'timer-start' AND definition_id IN
       (SELECT id FROM weir_process_definition WHERE key = $1 AND tenant_id = $2)`,
    [key, tenantId],
  );
};

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

/** Suspending an instance parks its jobs; the state they had is kept to restore it. */
export const setJobsOfRootSuspended = async (
  db: Queryable,
  rootId: string,
  suspended: boolean,
): Promise<void> => {
  if (suspended) {
    await db.query(
      `UPDATE weir_job SET handler_config = coalesce(handler_config, '{}'::jsonb) || jsonb_build_object('suspendedFrom', state),
         state = 'suspended', lock_owner = NULL, lock_expires_at = NULL
       WHERE root_instance_id = $1 AND state IN ('executable', 'timer', 'external')`,
      [rootId],
    );
  } else {
    await db.query(
      `UPDATE weir_job SET state = handler_config ->> 'suspendedFrom', handler_config = handler_config - 'suspendedFrom'
       WHERE root_instance_id = $1 AND state = 'suspended'`,
      [rootId],
    );
  }
};

export const lockJobRow = async (db: Queryable, id: string): Promise<JobRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_job WHERE id = $1 FOR UPDATE`), [id]);
  return rows[0] ? toCamelRow<JobRow>(rows[0]) : undefined;
};

export const getSubscriptionRow = async (
  db: Queryable,
  id: string,
): Promise<EventSubscriptionRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_event_subscription WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<EventSubscriptionRow>(rows[0]) : undefined;
};

/** A failed run: unlock, count down, keep the error, and either wait for the retry or park as dead letter. */
export const recordJobFailureRow = async (
  db: Queryable,
  id: string,
  fields: { retries: number; dueAt: Date | null; state: string; message: string; stacktrace: string },
): Promise<void> => {
  await db.query(
    `UPDATE weir_job SET retries = $2, due_at = $3, state = $4, exception_message = $5, exception_stacktrace = $6,
       lock_owner = NULL, lock_expires_at = NULL
     WHERE id = $1`,
    [id, fields.retries, fields.dueAt, fields.state, fields.message, fields.stacktrace],
  );
};

export const deleteJobRow = async (db: Queryable, id: string): Promise<void> => {
  await db.query(`DELETE FROM weir_job WHERE id = $1`, [id]);
};

/**
 * The guard of a job run by the node that created it (read from memory, not from the table):
 * it is deleted only if it is still there and still locked to this node. The caller checks
 * that one row went; if not, another node ran or took it and the run is rolled back.
 */
export const deleteGuardedJob = async (db: Queryable, jobId: string, nodeId: string): Promise<void> => {
  await db.query(`DELETE FROM weir_job WHERE id = $1 AND lock_owner = $2 RETURNING id`, [jobId, nodeId]);
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
