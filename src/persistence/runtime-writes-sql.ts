/**
 * Runtime writes of the engine beside the flush of instance documents and tasks: deleting the
 * jobs, subscriptions and links of ended executions, parking the jobs of a suspended instance,
 * recording a job's failure.
 */
import type { Queryable } from './database.ts';

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
