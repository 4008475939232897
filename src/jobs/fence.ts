/**
 * The fence: a node that cannot reach the database stops starting jobs before the cluster
 * gives its jobs to others.
 *
 * Other nodes release the locks of a node whose heartbeat is older than `weir.node-stale-after`
 * (the dead-node sweep), and run its jobs. A node cut off from the database (its connections
 * killed, a network partition) is not dead: left alone it would go on starting the jobs in its
 * queue, and a job could then run on two live nodes at once. So each node watches its own
 * heartbeat: once the last one the database took is older than half the staleness limit, the
 * node is fenced. It starts no job, takes no new ones, forgets the jobs waiting in its queue,
 * and gives up a running job whose connection is lost instead of retrying it. Jobs already
 * running may finish: they have the other half of the limit to do so, and even a late commit
 * changes nothing, since a job's run deletes its row only while the lock is still the node's.
 *
 * States: open -> fenced (the heartbeat is too old) -> open (a heartbeat got through again:
 * the node gives back the locks of the jobs it forgot, and starts taking work).
 *
 * The timing rule, checked at boot (`checkTimingRule`): a heartbeat every `interval`, fenced
 * after `staleAfter / 2` without one, released by others after `staleAfter`, and job leases
 * no shorter than `staleAfter`, so that the staleness rule, which the fence is timed against,
 * is what releases a cut-off node's jobs, never an earlier lease expiry.
 */
import { WeirError } from '../errors.ts';

export interface FenceOptions {
  /** `Date.now()` of the node's last heartbeat the database took. */
  readonly lastBeatAt: () => number;
  /** `weir.node-stale-after` (ms). */
  readonly staleAfter: number;
  readonly onFenced: (sinceBeatMs: number) => void;
  readonly onLifted: () => void;
}

export class Fence {
  readonly #options: FenceOptions;
  #fenced = false;

  constructor(options: FenceOptions) {
    this.#options = options;
  }

  /** Whether the node must not start jobs now; read on every start, so never stale. */
  get fenced(): boolean {
    return this.#fenced || this.#sinceBeat() > this.#options.staleAfter / 2;
  }

  /** Called periodically: moves between the states and reports each move once. */
  check(): void {
    const fenced = this.#sinceBeat() > this.#options.staleAfter / 2;
    if (fenced === this.#fenced) return;
    this.#fenced = fenced;
    if (fenced) this.#options.onFenced(this.#sinceBeat());
    else this.#options.onLifted();
  }

  #sinceBeat(): number {
    return Date.now() - this.#options.lastBeatAt();
  }
}

export interface TimingSettings {
  readonly heartbeatInterval: number;
  readonly staleAfter: number;
  readonly asyncJobLockTime: number;
  readonly timerLockTime: number;
}

/** Refuse settings under which a cut-off node could still be running a job another node takes. */
export const checkTimingRule = (settings: TimingSettings): void => {
  const { heartbeatInterval, staleAfter, asyncJobLockTime, timerLockTime } = settings;
  if (staleAfter / 2 <= heartbeatInterval) {
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      `weir.node-stale-after (${staleAfter} ms) must be more than twice weir.heartbeat-interval (${heartbeatInterval} ms): a node fences itself after half the staleness limit without a heartbeat, and must get at least one beat through in that time`,
    );
  }
  const shortest = Math.min(asyncJobLockTime, timerLockTime);
  if (shortest < staleAfter) {
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      `flowable.process.async.executor.async-job-lock-time and timer-lock-time (${shortest} ms) must be at least weir.node-stale-after (${staleAfter} ms): a cut-off node's jobs must be released by the staleness rule its fence is timed against, not by an earlier lease expiry`,
    );
  }
};
