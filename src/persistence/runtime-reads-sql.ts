/**
 * Runtime reads of the engine: instances (a tree locked root first), tasks, jobs and
 * event subscriptions. Writes are in `runtime-writes-sql.ts`, history writes in
 * `history-writes-sql.ts`.
 */
import type { Queryable, Transaction } from './database.ts';
import { toCamelRow } from './rows.ts';
import { prepared } from './prepared.ts';
import type { EventSubscriptionRow, InstanceRow, JobRow, TaskRow } from '../engine/runtime-types.ts';

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

const LOCK_TREE = prepared(
  `SELECT * FROM weir_process_instance WHERE root_id = $1 ORDER BY (id <> root_id), id FOR UPDATE`,
);
const LOCK_JOB = prepared(`SELECT * FROM weir_job WHERE id = $1 FOR UPDATE`);

/**
 * Lock and load a whole instance tree in one statement. Rows are locked in the order they are
 * returned, root first, so every command on the tree queues on the root row before touching
 * the others and no two commands lock them in opposite orders.
 */
export const lockAndLoadInstancesOfRoot = async (db: Queryable, rootId: string): Promise<InstanceRow[]> => {
  const { rows } = await db.query(LOCK_TREE, [rootId]);
  return rows.map((r) => toCamelRow<InstanceRow>(r));
};

/**
 * `lockAndLoadInstancesOfRoot`, then lock a job row, in one round trip. The job is read after
 * the tree is locked, by a statement of its own, so it is seen as the last command on the tree
 * left it (a job another node ran meanwhile is gone), in the lock order every command keeps:
 * instance tree first, job second.
 */
export const lockAndLoadInstancesOfRootAndJob = async (
  tx: Transaction,
  rootId: string,
  jobId: string,
): Promise<{ instances: InstanceRow[]; job: JobRow | undefined }> => {
  const [instances, job] = await tx.queryInOrder([
    { sql: LOCK_TREE, params: [rootId] },
    { sql: LOCK_JOB, params: [jobId] },
  ]);
  return {
    instances: instances.rows.map((r) => toCamelRow<InstanceRow>(r)),
    job: job.rows[0] ? toCamelRow<JobRow>(job.rows[0]) : undefined,
  };
};

export const loadInstance = async (db: Queryable, id: string): Promise<InstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_process_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<InstanceRow>(rows[0]) : undefined;
};

export const loadTasksOfRoot = async (db: Queryable, rootId: string): Promise<TaskRow[]> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_task WHERE root_instance_id = $1`), [rootId]);
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

export const getTaskRow = async (db: Queryable, id: string): Promise<TaskRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_task WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<TaskRow>(rows[0]) : undefined;
};

export const getJobRow = async (db: Queryable, id: string): Promise<JobRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_job WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<JobRow>(rows[0]) : undefined;
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

export const lockJobRow = async (db: Queryable, id: string): Promise<JobRow | undefined> => {
  const { rows } = await db.query(LOCK_JOB, [id]);
  return rows[0] ? toCamelRow<JobRow>(rows[0]) : undefined;
};

export const getSubscriptionRow = async (
  db: Queryable,
  id: string,
): Promise<EventSubscriptionRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_event_subscription WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<EventSubscriptionRow>(rows[0]) : undefined;
};
