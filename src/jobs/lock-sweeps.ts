/**
 * Getting jobs back from nodes that cannot run them. Every node runs both sweeps; `SKIP
 * LOCKED` keeps them from waiting on each other, and a lock reset twice is still just unlocked.
 *
 * - Dead nodes: the locks of a node whose heartbeat is stale (or whose heartbeat row is gone)
 *   are released at once, whatever their lease says: a crashed node's queue would otherwise
 *   sit out its full lease. A node killed outright is found sooner: once it would have fenced
 *   itself and none of its database sessions is left (see `releaseLocksOfDeadNodes`), about
 *   7 s after its last heartbeat with the defaults instead of 10 to 11 s.
 * - Expired leases: any lock whose lease ran out unrenewed is reset. A live node renews the
 *   leases of everything it holds, so this catches a node that is frozen but still beating,
 *   or one that lost its database connection.
 *
 * A job a transaction still holds (it is running) is never reset; it commits or rolls back
 * first. Reset jobs are due as they were, so the sweeping node announces them with NOTIFY.
 */
import type { Database } from '../persistence/database.ts';
import { releaseLocksOfDeadNodes, resetExpiredLocks } from '../persistence/jobs-sql.ts';
import type { ResetLock } from '../persistence/jobs-sql.ts';

/**
 * Pages one sweep may reset. The page size keeps each transaction short; this keeps one sweep
 * from running on while a whole crashed cluster's backlog is freed (the next sweep goes on).
 */
const MAX_PAGES_PER_SWEEP = 20;

const inPages = async (pageSize: number, resetPage: () => Promise<ResetLock[]>): Promise<ResetLock[]> => {
  const all: ResetLock[] = [];
  for (let page = 0; page < MAX_PAGES_PER_SWEEP; page += 1) {
    const reset = await resetPage();
    all.push(...reset);
    if (reset.length < pageSize) break;
  }
  return all;
};

export const sweepDeadNodeLocks = (
  db: Database,
  selfId: string,
  deadAfter: { readonly stale: number; readonly fencedWithoutSession: number },
  pageSize: number,
): Promise<ResetLock[]> =>
  inPages(pageSize, () =>
    releaseLocksOfDeadNodes(db, selfId, deadAfter.stale, deadAfter.fencedWithoutSession, pageSize),
  );

export const sweepExpiredLocks = (db: Database, pageSize: number): Promise<ResetLock[]> =>
  inPages(pageSize, () => resetExpiredLocks(db, pageSize));

/** Reset locks counted per former owner, for one log line. */
export const countByOwner = (locks: readonly ResetLock[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const lock of locks) counts[lock.owner] = (counts[lock.owner] ?? 0) + 1;
  return counts;
};
