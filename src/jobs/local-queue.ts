/**
 * The local queue: the jobs locked to this node, and the runners that work them off.
 *
 * A slot of the queue is, in turn: reserved (a command on this node is about to insert a job
 * locked to us, or an acquisition query is in flight) -> waiting (the job is committed and
 * locked to this node) -> running (one of `concurrency` runners is on it) -> free again. A
 * reservation can also go straight back to free: the command rolled back, or the acquisition
 * found fewer due jobs than it asked for. Capacity counts all three states, so `free` is
 * exactly how many more jobs this node may lock, and no node holds more than its queue size
 * (but for a running job's follow-up, which takes over the job's slot as it ends).
 *
 * Waiting jobs are kept in due order, the order acquisition takes them from the database, so
 * a job that has waited long (a crashed node's job taken over, a retry come due) runs before
 * newer work this node queued meanwhile instead of behind all of it. Runners take the first
 * waiting job whose process instance has no job running here. The engine runs the jobs of one
 * instance one after another on the instance's row lock; a second runner started on the same
 * instance would only sit on that lock, holding a database connection a job of another
 * instance could use.
 *
 * With `groupSize` above 1, a runner may take several waiting jobs at once (of different
 * instances), which the executor commits together (group commit). Groups form only from jobs
 * already waiting, never by waiting for more, and only when more jobs wait than runners are
 * free: each free runner takes its share, so no runner idles while jobs wait.
 */
import type { ExecutorJobState } from '../persistence/jobs-sql.ts';
import type { HandOffSource } from './metrics.ts';
import type { JobRow } from '../engine/index.ts';

export interface QueuedJob {
  readonly id: string;
  readonly state: ExecutorJobState;
  readonly rootInstanceId: string | null;
  readonly dueAt: Date | null;
  /** 'cmmn' for a case's job (absent when the row is held: it says so itself) */
  readonly scopeType?: string | null;
  readonly source: HandOffSource;
  /** the whole row, as this node created or acquired the job: the engine then need not read it again */
  readonly row?: JobRow;
  /** `Date.now()` at which this node's lease on the job ends, as far as the node knows. */
  leaseEndsAt: number;
}

const dueTime = (job: QueuedJob): number => (job.dueAt ? new Date(job.dueAt).getTime() : 0);

export interface LocalQueueOptions {
  /** Most jobs held at once: reserved, waiting and running together. */
  readonly capacity: number;
  /** Runners: most jobs running at once. */
  readonly concurrency: number;
  /** Most jobs one runner takes at once (1: one job per runner). */
  readonly groupSize?: number;
  /** Run one job, or a group of jobs of different instances; must not throw (failures are the runner's to record). */
  readonly run: (jobs: readonly QueuedJob[]) => Promise<void>;
  /** Called whenever a running job has finished and its slot is free. */
  readonly onSlotFree?: () => void;
  /** Whether a waiting job may start now (false while the node is fenced); `resume` when it turns true. */
  readonly mayStart?: () => boolean;
}

export class LocalQueue {
  readonly #options: LocalQueueOptions;
  readonly #waiting: QueuedJob[] = [];
  readonly #running = new Map<string, QueuedJob>();
  /** Jobs running per root instance. */
  readonly #busyRoots = new Map<string, number>();
  #reserved = 0;
  /** Runners at work (each on one job or one group). */
  #runners = 0;
  #accepting = true;
  #idle: (() => void)[] = [];

  constructor(options: LocalQueueOptions) {
    this.#options = options;
  }

  get capacity(): number {
    return this.#options.capacity;
  }

  get free(): number {
    if (!this.#accepting) return 0;
    return Math.max(0, this.#options.capacity - this.#reserved - this.#waiting.length - this.#running.size);
  }

  get waitingCount(): number {
    return this.#waiting.length;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /**
   * Claim up to `count` free slots; returns how many were claimed. `handingOver` is a slot a
   * running job will give up right after its commit: the job's own follow-up may take it,
   * since it starts the moment the job ends (one async step after another stays on this node
   * even when every runner is busy).
   */
  reserve(count: number, handingOver = 0): number {
    if (!this.#accepting) return 0;
    const room = this.free + Math.min(handingOver, 1);
    const granted = Math.max(0, Math.min(count, room));
    this.#reserved += granted;
    return granted;
  }

  /** Return claimed slots unused. */
  unreserve(count: number): void {
    this.#reserved = Math.max(0, this.#reserved - count);
  }

  /** Turn `reserved` claimed slots into the waiting `jobs` (at most that many); the rest go back. */
  fill(jobs: readonly QueuedJob[], reserved: number): void {
    this.unreserve(reserved);
    for (const job of jobs) this.#insertInDueOrder(job);
    this.#pump();
  }

  /** The jobs this node holds: waiting and running. */
  held(): QueuedJob[] {
    return [...this.#waiting, ...this.#running.values()];
  }

  /** Stop taking jobs: `free` is 0 from now on. */
  close(): void {
    this.#accepting = false;
  }

  /** Take every waiting job out of the queue (they will not run here). */
  drainWaiting(): QueuedJob[] {
    return this.#waiting.splice(0);
  }

  /** Resolves once no job is running. */
  whenIdle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #insertInDueOrder(job: QueuedJob): void {
    const due = dueTime(job);
    let index = this.#waiting.length;
    // Usually the newest job: found at the end without a search.
    while (index > 0 && dueTime(this.#waiting[index - 1]) > due) index -= 1;
    this.#waiting.splice(index, 0, job);
  }

  /** Start waiting jobs again after `mayStart` said no. */
  resume(): void {
    this.#pump();
  }

  #pump(): void {
    const { concurrency } = this.#options;
    while (this.#runners < concurrency && (this.#options.mayStart?.() ?? true)) {
      const group = this.#takeGroup(concurrency - this.#runners);
      if (group.length === 0) return;
      this.#start(group);
    }
  }

  /**
   * The next runner's jobs: the first waiting jobs whose instances have no job running here
   * (one per instance), as many as its share of what waits among `freeRunners`, at most
   * `groupSize`.
   */
  #takeGroup(freeRunners: number): QueuedJob[] {
    const most = this.#options.groupSize ?? 1;
    const enough = most * freeRunners;
    const roots = new Set<string>();
    const eligible: number[] = [];
    for (let index = 0; index < this.#waiting.length && eligible.length < enough; index++) {
      const root = this.#waiting[index].rootInstanceId;
      if (root) {
        if (this.#busyRoots.has(root) || roots.has(root)) continue;
        roots.add(root);
      }
      eligible.push(index);
      if (most === 1) break;
    }
    const picked = eligible.slice(0, Math.min(most, Math.ceil(eligible.length / freeRunners)));
    const group = picked.map((index) => this.#waiting[index]);
    for (let i = picked.length - 1; i >= 0; i--) this.#waiting.splice(picked[i], 1);
    return group;
  }

  #start(group: readonly QueuedJob[]): void {
    this.#runners += 1;
    for (const job of group) {
      this.#running.set(job.id, job);
      const root = job.rootInstanceId;
      if (root) this.#busyRoots.set(root, (this.#busyRoots.get(root) ?? 0) + 1);
    }
    const settled = this.#options.run(group).catch(() => undefined);
    void settled.then(() => {
      this.#runners -= 1;
      for (const job of group) {
        this.#running.delete(job.id);
        const root = job.rootInstanceId;
        if (!root) continue;
        const left = (this.#busyRoots.get(root) ?? 1) - 1;
        if (left > 0) this.#busyRoots.set(root, left);
        else this.#busyRoots.delete(root);
      }
      this.#pump();
      if (this.#running.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
      this.#options.onSlotFree?.();
    });
  }
}
