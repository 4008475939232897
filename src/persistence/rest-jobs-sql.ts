/**
 * Jobs as the management API and the external-worker API see them. One table holds every
 * kind (`weir_job.state`): Flowable's "jobs" are `executable`, its "timer jobs" `timer`, its
 * dead-letter and suspended jobs `deadletter` and `suspended`, and external-worker jobs
 * `external`.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import type { JobRow, JobState } from '../engine/runtime-types.ts';

export interface JobFilter {
  state: JobState;
  id?: string;
  processInstanceId?: string;
  executionId?: string;
  processDefinitionId?: string;
  elementId?: string;
  elementName?: string;
  withRetriesLeft?: boolean;
  executable?: boolean;
  timersOnly?: boolean;
  messagesOnly?: boolean;
  withException?: boolean;
  exceptionMessage?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  locked?: boolean;
  unlocked?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  topic?: string;
  workerId?: string;
  /** a case's jobs (the case engine's scope): the case, one plan item instance */
  caseInstanceId?: string;
  planItemInstanceId?: string;
  cmmnOnly?: boolean;
}

export const jobSorts = {
  id: 'id',
  dueDate: 'due_at',
  createTime: 'created_at',
  executionId: 'execution_id',
  processInstanceId: 'process_instance_id',
  retries: 'retries',
  tenantId: 'tenant_id',
} as const;

const TIMER_HANDLERS = `('timer-catch', 'timer-boundary', 'timer-start', 'timer-event-subprocess')`;

export const listJobs = (
  db: Queryable,
  f: JobFilter,
  page: PageRequest,
  now: Date,
): Promise<PagedResult<JobRow>> => {
  const where = new Conditions()
    .add('state = $?', f.state)
    .when(f.id, 'id = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(f.executionId, 'execution_id = $?')
    .when(f.processDefinitionId, 'definition_id = $?')
    .when(f.elementId, 'element_id = $?')
    .when(f.elementName, 'element_name = $?')
    .when(f.exceptionMessage, 'exception_message = $?')
    .when(f.dueBefore, 'due_at < $?')
    .when(f.dueAfter, 'due_at > $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?')
    .when(f.topic, 'topic = $?')
    .when(f.workerId, 'worker_id = $?')
    .when(f.caseInstanceId, 'root_instance_id = $?')
    .when(f.planItemInstanceId, `handler_config->>'planItemInstanceId' = $?`);
  if (f.cmmnOnly) where.add(`scope_type = 'cmmn'`);
  if (f.withRetriesLeft) where.add('retries > 0');
  if (f.executable) where.add('retries > 0 AND (due_at IS NULL OR due_at <= $?)', now);
  if (f.timersOnly) where.add(`handler IN ${TIMER_HANDLERS}`);
  if (f.messagesOnly) where.add(`handler NOT IN ${TIMER_HANDLERS}`);
  if (f.withException) where.add('exception_message IS NOT NULL');
  if (f.locked) where.add('lock_owner IS NOT NULL AND lock_expires_at > $?', now);
  if (f.unlocked) where.add('lock_owner IS NULL OR lock_expires_at <= $?', now);
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_job', where, sorts: jobSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<JobRow>(r),
  );
};

export const getJobInState = async (
  db: Queryable,
  id: string,
  state: JobState,
): Promise<JobRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_job WHERE id = $1 AND state = $2`, [id, state]);
  return rows[0] ? toCamelRow<JobRow>(rows[0]) : undefined;
};

export const deleteJobInState = async (db: Queryable, id: string, state: JobState): Promise<boolean> => {
  const { rowCount } = await db.query(`DELETE FROM weir_job WHERE id = $1 AND state = $2`, [id, state]);
  return rowCount > 0;
};

/**
 * Timer due now: it becomes an executable job for the executor to pick up. Where it was due
 * goes into its handler config under `keepDueAs`, so a cycle's next occurrence stays on time.
 */
export const moveTimerToExecutable = async (
  db: Queryable,
  id: string,
  now: Date,
  keepDueAs: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `UPDATE weir_job SET state = 'executable', due_at = $2, lock_owner = NULL, lock_expires_at = NULL,
       handler_config = COALESCE(handler_config, '{}'::jsonb) || jsonb_build_object($3::text, due_at)
     WHERE id = $1 AND state = 'timer'`,
    [id, now, keepDueAs],
  );
  return rowCount > 0;
};

export const rescheduleTimer = async (db: Queryable, id: string, dueAt: Date): Promise<boolean> => {
  const { rowCount } = await db.query(`UPDATE weir_job SET due_at = $2 WHERE id = $1 AND state = 'timer'`, [
    id,
    dueAt,
  ]);
  return rowCount > 0;
};

// --- external workers -----------------------------------------------------------------------

/**
 * Lock up to `count` external jobs of a topic to a worker. SKIP LOCKED lets many workers (on
 * many nodes) acquire at once without waiting on each other or taking the same job. A job is
 * free when nobody holds it or its holder's lock expired (the worker died or gave up).
 */
export const acquireExternalJobs = async (
  db: Queryable,
  input: {
    topic: string;
    workerId: string;
    /** the authenticated user acquiring: only they may complete, fail or release the jobs */
    userId: string;
    count: number;
    lockMs: number;
    now: Date;
    tenantId?: string;
    /** 'cmmn': cases' jobs only; 'bpmn': processes' only; absent: both */
    scopeType?: 'bpmn' | 'cmmn';
  },
): Promise<JobRow[]> => {
  const { rows } = await db.query(
    `UPDATE weir_job SET lock_owner = $2, worker_id = $2, lock_user_id = $7,
       lock_expires_at = $4::timestamptz + ($5::text || ' milliseconds')::interval
     WHERE id IN (
       SELECT id FROM weir_job
       WHERE state = 'external' AND topic = $1 AND (due_at IS NULL OR due_at <= $4)
         AND (lock_owner IS NULL OR lock_expires_at <= $4) AND ($6::text IS NULL OR tenant_id = $6)
         AND ($8::text IS NULL OR coalesce(scope_type, 'bpmn') = $8)
       ORDER BY due_at NULLS FIRST, created_at, id
       LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [
      input.topic,
      input.workerId,
      input.count,
      input.now,
      String(input.lockMs),
      input.tenantId ?? null,
      input.userId,
      input.scopeType ?? null,
    ],
  );
  return rows.map((r) => toCamelRow<JobRow>(r)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
};

export const unacquireExternalJobs = async (
  db: Queryable,
  workerId: string,
  filter: { jobId?: string; tenantId?: string; lockUserId?: string },
): Promise<number> => {
  const { rowCount } = await db.query(
    `UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL, worker_id = NULL, lock_user_id = NULL
     WHERE state = 'external' AND lock_owner = $1 AND ($2::text IS NULL OR id = $2) AND ($3::text IS NULL OR tenant_id = $3)
       AND ($4::text IS NULL OR lock_user_id = $4)`,
    [workerId, filter.jobId ?? null, filter.tenantId ?? null, filter.lockUserId ?? null],
  );
  return rowCount;
};
