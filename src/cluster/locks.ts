/**
 * Named cluster locks, for boot-time work that must happen once per cluster (schema
 * migration, auto-deployment, index mappings). A lock is a row in `weir_lock`.
 *
 * - Acquire inserts the row, or takes it over when its lease has run out: a holder that died
 *   blocks the cluster for one lease at most, never forever.
 * - Waiting polls until a deadline, then fails with `WEIR_LOCK_TIMEOUT` naming the holder, so
 *   the operator of a node stuck at boot learns which node to look at.
 * - A holder that works longer than its lease must extend it (`withLock` does that), or
 *   another node takes the lock over while the work is still running.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import {
  deleteLock,
  extendLockLease,
  insertOrTakeOverLock,
  selectLockHolder,
} from '../persistence/locks-sql.ts';

export interface LockOwner {
  /** The node id. */
  readonly id: string;
  readonly host?: string;
}

export interface AcquireOptions {
  /** Milliseconds the lock stays held without an extension. */
  readonly lease: number;
  /** Give up at this time (`Date.now()` milliseconds); in the past means try once. */
  readonly waitUntil: number;
}

/**
 * Polling starts fast, so short contention (nodes booting together) costs little, and backs
 * off to at most one query a second per waiting node, which also bounds how late a waiter
 * notices the release.
 */
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 1_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const tryAcquireLock = (
  db: Database,
  name: string,
  owner: LockOwner,
  options: { readonly lease: number },
): Promise<boolean> => insertOrTakeOverLock(db, name, owner.id, owner.host ?? null, options.lease);

const timeoutError = async (db: Database, name: string, waitedMs: number): Promise<WeirError> => {
  const holder = await selectLockHolder(db, name).catch(() => undefined);
  const heldBy = holder
    ? `held by ${holder.owner}${holder.ownerHost ? ` on ${holder.ownerHost}` : ''} for ${seconds(holder.heldMs)}, its lease ends in ${seconds(Math.max(0, holder.expiresInMs))}`
    : 'its holder released it just now';
  return new WeirError(
    'WEIR_LOCK_TIMEOUT',
    `Timed out after ${seconds(waitedMs)} waiting for cluster lock ${name}: ${heldBy}`,
    { details: { lock: name, holder } },
  );
};

export const acquireLock = async (
  db: Database,
  name: string,
  owner: LockOwner,
  options: AcquireOptions,
): Promise<void> => {
  const started = Date.now();
  let delay = FIRST_POLL_MS;
  for (;;) {
    if (await tryAcquireLock(db, name, owner, options)) return;
    const left = options.waitUntil - Date.now();
    if (left <= 0) throw await timeoutError(db, name, Date.now() - started);
    // Jitter keeps waiters that started together from polling in lockstep.
    await sleep(Math.min(delay * (0.5 + Math.random()), left));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
};

/** Release the lock if `owner` holds it; false when it did not (it expired and was taken). */
export const releaseLock = (db: Database, name: string, owner: LockOwner): Promise<boolean> =>
  deleteLock(db, name, owner.id);

/** Renew the lease from now; false when `owner` no longer holds the lock. */
export const extendLock = (db: Database, name: string, owner: LockOwner, lease: number): Promise<boolean> =>
  extendLockLease(db, name, owner.id, lease);

/**
 * Run `work` holding the lock, extending the lease every third of it while the work runs:
 * two extensions can fail (a slow query, a network blip) before the lease runs out. If the
 * lock is lost all the same, `signal` aborts so the work can stop at its next safe point.
 */
export const withLock = async <T>(
  db: Database,
  name: string,
  owner: LockOwner,
  options: AcquireOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> => {
  await acquireLock(db, name, owner, options);
  const lost = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let extending: Promise<void> = Promise.resolve();
  const keepAlive = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      extending = extendLock(db, name, owner, options.lease).then(
        (held) => {
          if (held) return keepAlive();
          lost.abort(new WeirError('WEIR_LOCK_LOST', `Cluster lock ${name} expired and was taken over`));
        },
        // The database did not answer; the lease has room for another try.
        () => keepAlive(),
      );
    }, options.lease / 3);
  };
  keepAlive();
  try {
    return await work(lost.signal);
  } finally {
    stopped = true;
    clearTimeout(timer);
    await extending;
    await releaseLock(db, name, owner).catch(() => {});
  }
};
