/**
 * Leases of the jobs a node holds. A lock's lease ends `async-job-lock-time` (or
 * `timer-lock-time`) after it was taken; a live node renews every lease it holds once half of
 * it has passed, whether the job waits in the queue or runs. So a live node's job is never
 * taken by another, and a lease runs out only when its node stopped renewing: frozen, cut off
 * from the database, or dead.
 */
import type { Database } from '../persistence/database.ts';
import { extendJobLeases } from '../persistence/jobs-sql.ts';
import type { QueuedJob } from './local-queue.ts';

export interface Leases {
  /** ms */
  readonly async: number;
  readonly timer: number;
}

export const leaseOf = (job: Pick<QueuedJob, 'state'>, leases: Leases): number =>
  job.state === 'timer' ? leases.timer : leases.async;

/**
 * How often to look for leases to renew: a quarter lease, so a lease past its half is renewed
 * with a quarter of it left at worst (15 s of the default minute), time enough for a slow
 * renewal query. Never below 50 ms, which would only spin.
 */
export const renewalInterval = (leases: Leases): number =>
  Math.max(50, Math.min(leases.async, leases.timer) / 4);

/** Renew the leases of `held` jobs past their half; returns how many were renewed. */
export const renewLeases = async (
  db: Database,
  nodeId: string,
  held: readonly QueuedJob[],
  leases: Leases,
): Promise<number> => {
  const now = Date.now();
  const due = held.filter((job) => job.leaseEndsAt - now < leaseOf(job, leases) / 2);
  if (due.length === 0) return 0;
  // A job running right now has its row locked by its own transaction and is skipped: nobody
  // can take a locked row, and it is tried again at the next round.
  const renewed = new Set(
    await extendJobLeases(
      db,
      nodeId,
      due.map((job) => job.id),
      leases.async,
      leases.timer,
    ),
  );
  for (const job of due) if (renewed.has(job.id)) job.leaseEndsAt = now + leaseOf(job, leases);
  return renewed.size;
};
