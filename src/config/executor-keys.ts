import { boolean, duration, int } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * The job executor's tuning, under Flowable's own names: the Spring Boot starter binds
 * `flowable.process.async.executor.*` to `AsyncJobExecutorConfiguration` (lock times, wait
 * times, batch sizes, acquisition switches) and the thread-pool names (`core-pool-size`,
 * `max-pool-size`, `queue-size`, `await-termination-period`) come from Flowable's
 * `AsyncTaskExecutorConfiguration`. `number-of-retries` and `default-failed-job-wait-time`
 * follow the engine settings `asyncExecutorNumberOfRetries` and `defaultFailedJobWaitTime`.
 *
 * Weir's defaults are faster than Flowable's (which lock for an hour and poll every ten
 * seconds) because Weir extends leases while a job runs, notices dead nodes by heartbeat, and
 * wakes idle nodes with NOTIFY, so polling is only a safety net (DESIGN.md section 4).
 */

const prefix = 'flowable.process.async.executor.';

export const executorKeys: readonly ConfigKey[] = [
  // One minute is long enough that a busy node renews each lease only a few times per job,
  // and short enough that a lock lost without a heartbeat release (a node frozen, not dead)
  // frees the job within a minute. Much shorter multiplies lease-renewal writes; Flowable's
  // hour would park such a job for an hour.
  {
    key: `${prefix}async-job-lock-time`,
    type: duration(1000),
    default: 'PT1M',
    description:
      'Lease on an acquired async job; a running job extends it. When it expires unrenewed, another node may take the job.',
  },
  // Same reasoning as async jobs: a due timer held by a frozen node fires a minute late at
  // worst, instead of an hour late.
  {
    key: `${prefix}timer-lock-time`,
    type: duration(1000),
    default: 'PT1M',
    description: 'Lease on an acquired timer job; a running job extends it.',
  },
  // NOTIFY wakes idle nodes the moment work is committed, so this poll only catches a missed
  // notification (listener reconnecting, notification dropped). Shorter only adds idle queries;
  // much longer means a missed notification delays a job by that long.
  {
    key: `${prefix}default-async-job-acquire-wait-time`,
    type: duration(100),
    default: 'PT10S',
    description: 'Polling safety net for async jobs when no NOTIFY arrives.',
  },
  // A timer becoming due is not an event anyone can NOTIFY, so this interval is the precision
  // of every timer: a `PT30S` boundary timer fires up to this late. The due-timer query is
  // index-only and tiny, so one per second per node costs next to nothing.
  {
    key: `${prefix}default-timer-job-acquire-wait-time`,
    type: duration(100),
    default: 'PT1S',
    description: 'How often to look for due timers; timers fire up to this late.',
  },
  // When the local queue was full there is nothing to take until a job finishes. One second
  // keeps a drained queue from sitting idle long; shorter spins queries that can take nothing.
  {
    key: `${prefix}default-queue-size-full-wait-time`,
    type: duration(10),
    default: 'PT1S',
    description: 'Pause before acquiring again after the local queue was full.',
  },
  // Acquisition never takes more than the queue has room for; this caps one query further so a
  // node waking first does not lock a burst of jobs that idle nodes could have run. Too small
  // and a backlog needs many round trips to drain.
  {
    key: `${prefix}max-async-jobs-due-per-acquisition`,
    type: int(1, 10_000),
    default: '32',
    description: 'Most async jobs one acquisition query locks (never more than the queue has room for).',
  },
  {
    key: `${prefix}max-timer-jobs-per-acquisition`,
    type: int(1, 10_000),
    default: '32',
    description: 'Most due timers one acquisition query locks (never more than the queue has room for).',
  },
  // Dead nodes are released at once through their stale heartbeat; this sweep is for single
  // locks past expiry (a lease a live node failed to renew). Five seconds bounds that delay;
  // the sweep is an index range scan, so running it often is cheap.
  {
    key: `${prefix}reset-expired-jobs-interval`,
    type: duration(100),
    default: 'PT5S',
    description: 'How often each node resets job locks that are past their expiry.',
  },
  // Rows reset per sweep transaction. Small keeps the transaction short; Flowable's 3 would
  // take dozens of sweeps to free the queue of a node that held 256 jobs.
  {
    key: `${prefix}reset-expired-jobs-page-size`,
    type: int(1, 10_000),
    default: '100',
    description: 'Most expired locks reset in one sweep transaction.',
  },
  // Weir runs jobs as concurrent promises on one Node.js thread, so there is no pool of idle
  // threads to keep warm and concurrency is `max-pool-size` alone. Accepted so Flowable
  // configurations load unchanged, and checked not to exceed `max-pool-size`.
  {
    key: `${prefix}core-pool-size`,
    type: int(1, 1024),
    default: '8',
    description:
      "Accepted for Flowable compatibility; Weir's concurrency is `max-pool-size`. Must not exceed it.",
  },
  // Jobs spend their time waiting on PostgreSQL, one connection each. Eight running jobs leave
  // two of the default ten pooled connections for HTTP requests and acquisition; raising this
  // past `database.pool-size` makes jobs and requests queue for connections.
  {
    key: `${prefix}max-pool-size`,
    type: int(1, 1024),
    default: '8',
    description: 'Jobs this node runs at once. Keep it below `database.pool-size`.',
  },
  // Jobs in the local queue are locked to this node and their leases are ticking; a job that
  // waits there is a job an idle node could have run. So by default a node locks only what its
  // runners start at once (`max-pool-size`), and the rest stays in the database, unlocked, for
  // whichever node is free first (woken by NOTIFY). A larger queue saves acquisition queries
  // on a busy node at the price of that hoarding.
  {
    key: `${prefix}queue-size`,
    type: int(1, 100_000),
    unsetMeaning: '`max-pool-size`: a node locks only the jobs it starts at once',
    description:
      'Most jobs this node holds at once, waiting or running; acquisition and local hand-off take no more than the room left.',
  },
  {
    key: `${prefix}async-job-acquisition-enabled`,
    type: boolean,
    default: 'true',
    description:
      'Whether this node acquires async jobs from the database. Turn off on HTTP-only nodes; if every node does, async jobs created elsewhere never run.',
  },
  {
    key: `${prefix}timer-job-acquisition-enabled`,
    type: boolean,
    default: 'true',
    description: 'Whether this node acquires due timers. If every node turns it off, no timer fires.',
  },
  // Flowable's default; `flowable:failedJobRetryTimeCycle` on an activity overrides it.
  {
    key: `${prefix}number-of-retries`,
    type: int(0, 1000),
    default: '3',
    description:
      'Attempts a failing job gets before it moves to the dead-letter table, unless the model sets `failedJobRetryTimeCycle`.',
  },
  // An immediate retry usually meets the same transient fault (a failover, a restarting
  // service); ten seconds, as in Flowable, lets it pass, and three retries span half a minute.
  {
    key: `${prefix}default-failed-job-wait-time`,
    type: duration(0),
    default: 'PT10S',
    description: 'Delay before a failed job is retried, unless the model sets `failedJobRetryTimeCycle`.',
  },
  // Graceful shutdown waits this long for running jobs, then releases the rest. Kubernetes kills
  // a pod 30 s after SIGTERM by default; twenty seconds leaves time to release locks and delete
  // the heartbeat before that. Longer than the orchestrator's grace period turns every deploy
  // into a kill -9 with jobs left to expire.
  {
    key: `${prefix}await-termination-period`,
    type: duration(0),
    default: 'PT20S',
    description:
      "On shutdown, how long to wait for running jobs before releasing them. Keep it below the orchestrator's kill timeout.",
  },
];
