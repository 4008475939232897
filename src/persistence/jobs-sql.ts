/**
 * The job executor's queries on `weir_job` (`jobs/`): acquiring due jobs, keeping leases,
 * giving locks back, and resetting the locks of dead nodes and expired leases.
 *
 * Lease ends use `clock_timestamp()`, the database's wall clock, so every node judges expiry
 * by the same clock whatever its own says. Due times are compared with a `now` the caller
 * passes (the engine's clock), because timers are scheduled by that clock.
 *
 * Only `executable` and `timer` jobs are touched here: `external` jobs are locked by outside
 * workers through REST, and parked jobs (`deadletter`, `suspended`) hold no lock.
 */
import type { Queryable } from './database.ts';
import type { JobRow } from '../engine/runtime-types.ts';
import { toCamelRow } from './rows.ts';

/** The states the executor runs; a fixed list, written into the SQL text (never from input). */
export type ExecutorJobState = 'executable' | 'timer';

/** What the executor keeps of a job it holds: enough to schedule it and measure its hand-off. */
export interface HeldJobRow {
  readonly id: string;
  readonly state: ExecutorJobState;
  readonly rootInstanceId: string | null;
  readonly dueAt: Date | null;
  /** 'cmmn' for a case's job: the case engine runs it */
  readonly scopeType: string | null;
  /** the whole row as locked: the engine runs the job from it instead of reading it again */
  readonly row: JobRow;
}

export interface AcquireJobsInput {
  readonly nodeId: string;
  readonly states: readonly ExecutorJobState[];
  /** The engine's now: jobs due at or before it are taken. */
  readonly now: Date;
  readonly limit: number;
  /** Lease in ms for async jobs (`executable`) and for timers. */
  readonly asyncLease: number;
  readonly timerLease: number;
}

const stateList = (states: readonly ExecutorJobState[]): string => {
  if (states.length === 0) throw new Error('At least one job state is needed');
  return states.map((s) => (s === 'timer' ? `'timer'` : `'executable'`)).join(', ');
};

/** `clock_timestamp()` plus the lease of the row's kind, the two leases being parameters in ms. */
const leaseEnd = (asyncParam: string, timerParam: string) =>
  `clock_timestamp() + (CASE WHEN state = 'timer' THEN ${timerParam} ELSE ${asyncParam} END)::double precision * interval '1 millisecond'`;

/**
 * Lock up to `limit` due, unlocked jobs to this node, oldest due first. `SKIP LOCKED` lets
 * nodes acquire side by side without waiting on each other's rows, and skips the rows a
 * running job holds. The locking select is a CTE so it is evaluated exactly once (a `LIMIT`
 * subquery under `IN` may be re-run by some plans). The inner query is served by the partial
 * index `weir_job_acquirable (due_at, id)`, however large the table.
 */
export const acquireJobs = async (db: Queryable, input: AcquireJobsInput): Promise<HeldJobRow[]> => {
  const { rows } = await db.query(
    `WITH next AS (
       SELECT id AS next_id FROM weir_job
       WHERE lock_owner IS NULL AND state IN (${stateList(input.states)}) AND due_at <= $2
       ORDER BY due_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE weir_job SET lock_owner = $1, lock_expires_at = ${leaseEnd('$4', '$5')}
     FROM next WHERE weir_job.id = next.next_id
     RETURNING weir_job.*`,
    [input.nodeId, input.now, input.limit, input.asyncLease, input.timerLease],
  );
  return rows.map((raw) => {
    const row = toCamelRow<JobRow>(raw);
    return {
      id: row.id,
      state: row.state as ExecutorJobState,
      rootInstanceId: row.rootInstanceId,
      dueAt: row.dueAt,
      scopeType: row.scopeType ?? null,
      row,
    };
  });
};

/**
 * Renew the leases of jobs this node holds. Rows a running job has locked are skipped rather
 * than waited for: nobody can take those while they are locked, and waiting would stall the
 * renewal of every other job until that job commits. Returns the ids renewed.
 */
export const extendJobLeases = async (
  db: Queryable,
  nodeId: string,
  ids: readonly string[],
  asyncLease: number,
  timerLease: number,
): Promise<string[]> => {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `WITH mine AS (
       SELECT id FROM weir_job WHERE id = ANY($1::text[]) AND lock_owner = $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE weir_job SET lock_expires_at = ${leaseEnd('$3', '$4')}
     FROM mine WHERE weir_job.id = mine.id
     RETURNING weir_job.id`,
    [ids, nodeId, asyncLease, timerLease],
  );
  return rows.map((r) => r.id);
};

/** Give back locks this node holds on jobs it will not run (shutdown). Returns how many. */
export const releaseJobLocks = async (
  db: Queryable,
  nodeId: string,
  ids: readonly string[],
): Promise<number> => {
  if (ids.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL
     WHERE id = ANY($1::text[]) AND lock_owner = $2 AND state IN ('executable', 'timer')`,
    [ids, nodeId],
  );
  return rowCount;
};

/**
 * Every lock held under this node id, released at boot: they belong to an earlier process with
 * the same `weir.node-id` that did not shut down cleanly, and nothing of that process runs now.
 */
export const releaseAllLocksOfNode = async (db: Queryable, nodeId: string): Promise<number> => {
  const { rowCount } = await db.query(
    `UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL
     WHERE lock_owner = $1 AND state IN ('executable', 'timer')`,
    [nodeId],
  );
  return rowCount;
};

/**
 * Release this node's locks on executable and timer jobs except `keep` (the jobs it is running).
 * A node that was fenced off forgot the jobs waiting in its queue; this gives them back.
 */
export const releaseLocksOfNodeExcept = async (
  db: Queryable,
  nodeId: string,
  keep: readonly string[],
): Promise<number> => {
  const { rowCount } = await db.query(
    `UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL
     WHERE lock_owner = $1 AND state IN ('executable', 'timer') AND NOT (id = ANY($2::text[]))`,
    [nodeId, [...keep]],
  );
  return rowCount;
};

export interface ResetLock {
  readonly id: string;
  /** The node that held it. */
  readonly owner: string;
}

/**
 * Release up to `limit` locks held by nodes other than `selfId` that are dead: no heartbeat row
 * at all, a heartbeat older than `staleAfterMs`, or, sooner, a heartbeat older than
 * `fencedAfterMs` and not one session of the node's left on the server (a killed process's
 * connections close with it, so its backends end at once). Rows a transaction still holds are
 * skipped: a job that is running commits or rolls back first.
 *
 * Why the sooner rule is safe: a node runs a job only inside a transaction, so a node without
 * a session has no run in flight; and `fencedAfterMs` is past the point where the node, if it
 * lives, has fenced itself (it starts nothing and forgets its queue once its last heartbeat
 * is older than half the staleness limit, measured from before the beat was sent). A live
 * node keeps its LISTEN connection and its pool open, so it is never without a session for
 * long; a node whose sessions all dropped (a database restart) is fenced by then as well.
 * Sessions are told apart by `application_name` (`nodeApplicationName`).
 */
export const releaseLocksOfDeadNodes = async (
  db: Queryable,
  selfId: string,
  staleAfterMs: number,
  fencedAfterMs: number,
  limit: number,
): Promise<ResetLock[]> => {
  const { rows } = await db.query<ResetLock>(
    `WITH abandoned AS (
       SELECT j.id, j.lock_owner AS owner FROM weir_job j
       WHERE j.lock_owner IS NOT NULL AND j.lock_owner <> $1 AND j.state IN ('executable', 'timer')
         AND NOT EXISTS (
           SELECT 1 FROM weir_node n
           WHERE n.id = j.lock_owner
             AND n.last_beat_at > clock_timestamp() - $2::double precision * interval '1 millisecond'
             AND (n.last_beat_at > clock_timestamp() - $3::double precision * interval '1 millisecond'
               OR EXISTS (
                 SELECT 1 FROM pg_stat_activity a
                 WHERE a.datname = current_database() AND a.application_name = left('weir ' || n.id, 63))))
       LIMIT $4
       FOR UPDATE OF j SKIP LOCKED
     )
     UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL
     FROM abandoned WHERE weir_job.id = abandoned.id
     RETURNING abandoned.id, abandoned.owner`,
    [selfId, staleAfterMs, fencedAfterMs, limit],
  );
  return rows;
};

/** Release up to `limit` locks whose lease has run out, whoever holds them. */
export const resetExpiredLocks = async (db: Queryable, limit: number): Promise<ResetLock[]> => {
  const { rows } = await db.query<ResetLock>(
    `WITH expired AS (
       SELECT id, lock_owner AS owner FROM weir_job
       WHERE lock_owner IS NOT NULL AND lock_expires_at < clock_timestamp() AND state IN ('executable', 'timer')
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE weir_job SET lock_owner = NULL, lock_expires_at = NULL
     FROM expired WHERE weir_job.id = expired.id
     RETURNING expired.id, expired.owner`,
    [limit],
  );
  return rows;
};

/**
 * Move a dead-letter job back to the executable jobs with `retries` attempts, due at `now`.
 * The last error stays on the row: it is what the operator looked at, and it tells the engine
 * that the job's retry cycle has already been counted (a cycle sets the count only at a
 * job's first failure). Returns false when no dead-letter job has that id.
 */
export const moveDeadLetterJob = async (
  db: Queryable,
  id: string,
  retries: number,
  now: Date,
  /** only a job of this scope (the case engine's management API moves only case jobs) */
  scopeType?: string,
): Promise<boolean> => {
  // An external-worker job goes back to the workers, anything else to the executor; either way
  // nobody holds it any more.
  const { rowCount } = await db.query(
    `UPDATE weir_job SET state = CASE WHEN handler = 'external-worker' THEN 'external' ELSE 'executable' END,
       retries = $2, due_at = $3, lock_owner = NULL, lock_expires_at = NULL, worker_id = NULL,
       lock_user_id = NULL
     WHERE id = $1 AND state = 'deadletter' AND ($4::text IS NULL OR scope_type = $4)`,
    [id, retries, now, scopeType ?? null],
  );
  return rowCount > 0;
};

/**
 * In the transaction of a group of jobs (`runCommandGroup`), how long a statement waits for a
 * lock before it fails with lock_not_available (55P03): the job that met the lock leaves the
 * group and runs alone, instead of the group holding its other instances while it waits.
 */
export const limitLockWaits = async (tx: Queryable, ms: number): Promise<void> => {
  await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.round(ms))}ms`]);
};
