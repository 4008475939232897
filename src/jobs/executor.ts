/**
 * The job executor of one node: it runs the engine's async continuations and timers.
 *
 * States: created -> running -> stopping -> stopped.
 * - created -> running (`start`): release the locks an earlier process with this node id
 *   left behind, LISTEN for new jobs, become the engine's job dispatcher, and start the
 *   acquisition loops (async jobs, timers), the lease keeper and the lock sweeps.
 * - running: jobs arrive two ways. Local first: a command on this node reserves queue slots
 *   while it flushes, inserts its new jobs already locked to this node, and hands them over
 *   after commit (`reserve` / `dispatch` / `release`), with no query in between. Otherwise the
 *   acquisition loops lock due jobs, never more than the queue has room for, woken by NOTIFY
 *   or by their poll. Each job runs in one engine transaction; a failure is recorded by the
 *   engine in a new one (retries, retry cycle, dead letter).
 * - running -> stopping (`stop`): take no more jobs, give back the locks of queued jobs and
 *   announce them, and let running jobs finish for up to `shutdownTimeout`, renewing their
 *   leases meanwhile.
 * - stopping -> stopped: the background work is done. A job still running after the timeout
 *   keeps its lock; once this node's heartbeat is gone, other nodes release it.
 *
 * The node's heartbeat must be running (`cluster/node-registry.ts`): other nodes release the
 * locks of a node without a fresh heartbeat.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { JOBS_CHANNEL } from '../engine/index.ts';
import { isConnectionLoss } from '../persistence/connection-loss.ts';
import type { Engine, EngineLogger, JobDispatcher, JobRow } from '../engine/index.ts';
import type { Database } from '../persistence/database.ts';
import {
  acquireJobs,
  releaseAllLocksOfNode,
  releaseJobLocks,
  releaseLocksOfNodeExcept,
} from '../persistence/jobs-sql.ts';
import type { ExecutorJobState, HeldJobRow } from '../persistence/jobs-sql.ts';
import { AcquisitionLoop } from './acquisition-loop.ts';
import { moveDeadLetterJobToExecutable } from './dead-letters.ts';
import { leaseOf, renewalInterval, renewLeases } from './lease-keeper.ts';
import type { Leases } from './lease-keeper.ts';
import { Fence } from './fence.ts';
import { LocalQueue } from './local-queue.ts';
import type { QueuedJob } from './local-queue.ts';
import { countByOwner, sweepDeadNodeLocks, sweepExpiredLocks } from './lock-sweeps.ts';
import type { ResetLock } from '../persistence/jobs-sql.ts';
import { JobMetrics, renderPrometheus } from './metrics.ts';
import type { HandOffSource, JobMetricsSnapshot } from './metrics.ts';
import { runEvery } from './periodic.ts';
import type { PeriodicTask } from './periodic.ts';
import type { ExecutorSettings } from './settings.ts';

export type ExecutorState = 'created' | 'running' | 'stopping' | 'stopped';

export interface JobExecutorOptions {
  /** The engine that runs the jobs; the executor locks jobs under its node id. */
  readonly engine: Engine;
  readonly settings: ExecutorSettings;
  readonly log?: EngineLogger;
  /**
   * The node's heartbeat. With it the executor fences itself (`fence.ts`) when the database
   * stops taking the heartbeat; without it (tests of the executor alone) it never does.
   */
  readonly heartbeat?: { lastBeatAt(): number; onBeat?(listener: () => void): () => void };
}

/**
 * Retrying a job cut off by a lost connection: soon at first (a dropped connection is back at
 * once), then every two seconds, the pace at which a restarting server comes back.
 */
const OUTAGE_RETRY_MIN_MS = 100;
const OUTAGE_RETRY_MAX_MS = 2_000;

/**
 * How long a job in a group commit waits for a lock (an instance another transaction holds)
 * before it leaves the group to run alone: the group's other instances stay locked meanwhile.
 */
const GROUP_LOCK_TIMEOUT_MS = 100;

/** The job whose command is running in this async context, if any (see `reserve`). */
const runningJob = new AsyncLocalStorage<string>();

const silentLog: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Resolves true when `work` settles within `ms`, false otherwise. */
const within = async (work: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export class JobExecutor implements JobDispatcher {
  readonly #engine: Engine;
  readonly #db: Database;
  readonly #nodeId: string;
  readonly #settings: ExecutorSettings;
  readonly #log: EngineLogger;
  readonly #leases: Leases;
  readonly #queue: LocalQueue;
  readonly #metrics: JobMetrics;
  readonly #loops: AcquisitionLoop[] = [];
  readonly #tasks: PeriodicTask[] = [];
  /** Jobs whose failure is being recorded: their dead-letter events are this node's. */
  readonly #recordingFailure = new Set<string>();
  /** Lock releases of jobs handed over after the executor stopped taking jobs. */
  readonly #lateReleases = new Set<Promise<void>>();
  #state: ExecutorState = 'created';
  #unlisten: (() => Promise<void>) | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopping: Promise<void> | undefined;
  readonly #fence: Fence | undefined;
  readonly #heartbeat: JobExecutorOptions['heartbeat'];
  #unsubscribeBeat: (() => void) | undefined;

  constructor(options: JobExecutorOptions) {
    this.#engine = options.engine;
    this.#db = options.engine.db;
    this.#nodeId = options.engine.services.nodeId;
    this.#settings = options.settings;
    this.#log = options.log ?? silentLog;
    this.#leases = { async: options.settings.asyncJobLockTime, timer: options.settings.timerLockTime };
    this.#metrics = new JobMetrics(this.#nodeId);
    const heartbeat = options.heartbeat;
    this.#heartbeat = heartbeat;
    this.#fence = heartbeat
      ? new Fence({
          lastBeatAt: () => heartbeat.lastBeatAt(),
          staleAfter: options.settings.nodeStaleAfter,
          onFenced: (sinceBeatMs) => this.#fenced(sinceBeatMs),
          onLifted: () => void this.#unfenced(),
        })
      : undefined;
    this.#queue = new LocalQueue({
      capacity: options.settings.queueSize,
      concurrency: options.settings.concurrency,
      mayStart: () => !this.#isFenced(),
      // a group needs savepoints, which the embedded database (one command at a time) has not
      groupSize: this.#db.kind === 'postgres' ? options.settings.commitGroupSize : 1,
      run: (jobs) => (jobs.length === 1 ? this.#execute(jobs[0]) : this.#executeGroup(jobs)),
      onSlotFree: () => {
        for (const loop of this.#loops) loop.roomFreed();
      },
    });
  }

  get nodeId(): string {
    return this.#nodeId;
  }

  get state(): ExecutorState {
    return this.#state;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`The job executor cannot start when ${this.#state}`);
    const settings = this.#settings;
    const leftOver = await releaseAllLocksOfNode(this.#db, this.#nodeId);
    if (leftOver > 0) {
      this.#log.info(
        { nodeId: this.#nodeId, jobs: leftOver },
        'Released job locks left by an earlier run of this node',
      );
      await this.#db.notify(JOBS_CHANNEL, '');
    }
    this.#unsubscribe = this.#engine.bus.on((event) => {
      if (event.type === 'job:deadlettered' && this.#recordingFailure.has(event.data.jobId)) {
        this.#metrics.count('deadLettered');
      }
    });

    const hasRoom = settings.queueSize > 0;
    if (settings.asyncJobAcquisitionEnabled && hasRoom) {
      const loop = this.#acquisitionLoop(
        'async',
        ['executable'],
        settings.asyncJobAcquireWaitTime,
        settings.maxAsyncJobsDuePerAcquisition,
      );
      this.#loops.push(loop);
      this.#unlisten = await this.#db.listen(JOBS_CHANNEL, () => loop.wake());
    }
    if (settings.timerJobAcquisitionEnabled && hasRoom) {
      // A failed async job waits for its retry like a timer, and its coming due is announced
      // by nobody either; the timer poll picks such jobs up within its (short) interval.
      const states: ExecutorJobState[] = settings.asyncJobAcquisitionEnabled
        ? ['timer', 'executable']
        : ['timer'];
      this.#loops.push(
        this.#acquisitionLoop(
          'timer',
          states,
          settings.timerJobAcquireWaitTime,
          settings.maxTimerJobsPerAcquisition,
        ),
      );
    }
    this.#state = 'running';
    this.#engine.setDispatcher(this);
    for (const loop of this.#loops) loop.start();

    const report = (what: string) => (error: unknown) =>
      this.#log.warn({ err: error }, `${what} failed; retrying`);
    const fence = this.#fence;
    if (fence) {
      // A heartbeat that gets through lifts the fence at once, not at the next check.
      this.#unsubscribeBeat = this.#heartbeat?.onBeat?.(() => fence.check());
      // Often enough that the fence is up well before the other half of the staleness limit.
      const every = Math.max(50, Math.min(1_000, settings.nodeStaleAfter / 10));
      this.#tasks.push(runEvery(every, async () => fence.check(), report('Checking the fence')));
    }
    this.#tasks.push(
      runEvery(renewalInterval(this.#leases), () => this.#renewLeases(), report('Renewing job leases')),
      runEvery(
        settings.deadNodeCheckInterval,
        () =>
          this.#sweep('dead node', () =>
            sweepDeadNodeLocks(
              this.#db,
              this.#nodeId,
              { stale: settings.nodeStaleAfter, fencedWithoutSession: settings.nodeFencedAfter },
              settings.resetExpiredJobsPageSize,
            ),
          ),
        report('Releasing the job locks of dead nodes'),
      ),
      runEvery(
        settings.resetExpiredJobsInterval,
        () =>
          this.#sweep('expired lease', () => sweepExpiredLocks(this.#db, settings.resetExpiredJobsPageSize)),
        report('Resetting expired job locks'),
      ),
    );
  }

  // --- JobDispatcher: local-first hand-off ------------------------------------------------------

  reserve(count: number): number {
    if (this.#state !== 'running' || !this.#settings.asyncJobAcquisitionEnabled || this.#isFenced()) return 0;
    // A command run by one of this node's jobs hands the job's slot over as it commits.
    const handingOver = runningJob.getStore() === undefined ? 0 : 1;
    return this.#queue.reserve(count, handingOver);
  }

  dispatch(jobs: readonly JobRow[]): void {
    if (this.#state !== 'running') {
      // Reserved just before the executor began to stop: give the jobs back to the cluster.
      this.#queue.unreserve(jobs.length);
      const release = this.#giveBack(jobs.map((job) => job.id)).finally(() =>
        this.#lateReleases.delete(release),
      );
      this.#lateReleases.add(release);
      return;
    }
    const leaseEndsAt = Date.now() + this.#leases.async;
    this.#metrics.count('handedOffLocally', jobs.length);
    this.#queue.fill(
      jobs.map((job) => ({
        id: job.id,
        state: 'executable',
        rootInstanceId: job.rootInstanceId,
        dueAt: job.dueAt,
        source: 'local',
        leaseEndsAt,
        row: job,
      })),
      jobs.length,
    );
  }

  release(count: number): void {
    this.#queue.unreserve(count);
  }

  // --- management ---------------------------------------------------------------------------------

  /** Make a dead-letter job executable again with `retries` attempts (the default retries unless given). */
  moveDeadLetterJob(jobId: string, retries: number = this.#settings.defaultRetries): Promise<void> {
    return moveDeadLetterJobToExecutable(this.#db, jobId, retries, this.#engine.services.clock.now());
  }

  metrics(): JobMetricsSnapshot {
    return this.#metrics.snapshot({
      queueDepth: this.#queue.waitingCount,
      running: this.#queue.runningCount,
      capacity: this.#queue.capacity,
    });
  }

  /** `metrics()` in Prometheus' text format. */
  prometheus(): string {
    return renderPrometheus(this.metrics());
  }

  // --- stopping -------------------------------------------------------------------------------

  stop(): Promise<void> {
    if (this.#state === 'created') {
      this.#state = 'stopped';
      return Promise.resolve();
    }
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#state = 'stopping';
    this.#queue.close();
    await Promise.all(this.#loops.map((loop) => loop.stop()));
    await this.#unlisten?.().catch(() => {});

    const queued = this.#queue.drainWaiting().map((job) => job.id);
    await this.#giveBack(queued);

    const running = this.#queue.runningCount;
    if (running > 0) {
      this.#log.info({ running }, 'Waiting for running jobs to finish');
      if (!(await within(this.#queue.whenIdle(), this.#settings.shutdownTimeout))) {
        this.#log.warn(
          { jobs: this.#queue.held().map((job) => job.id) },
          'Jobs still running at the end of the shutdown timeout keep their locks until other nodes release them',
        );
      }
    }
    // The lease keeper ran on so that jobs finishing during the wait kept their locks.
    await Promise.all(this.#tasks.map((task) => task.stop()));
    await Promise.all(this.#lateReleases);
    this.#unsubscribe?.();
    this.#unsubscribeBeat?.();
    this.#state = 'stopped';
  }

  // --- the work -------------------------------------------------------------------------------

  #acquisitionLoop(
    name: string,
    states: ExecutorJobState[],
    interval: number,
    maxPerQuery: number,
  ): AcquisitionLoop {
    return new AcquisitionLoop({
      name,
      interval,
      fullWait: this.#settings.queueFullWaitTime,
      maxPerQuery,
      capacity: this.#queue.capacity,
      free: () => (this.#isFenced() ? 0 : this.#queue.free),
      acquire: (limit) => this.#acquire(states, limit),
      log: this.#log,
    });
  }

  async #acquire(states: ExecutorJobState[], limit: number): Promise<number> {
    const reserved = this.#queue.reserve(limit);
    if (reserved === 0) return 0;
    try {
      const leaseStart = Date.now();
      const rows: HeldJobRow[] = await acquireJobs(this.#db, {
        nodeId: this.#nodeId,
        states,
        now: this.#engine.services.clock.now(),
        limit: reserved,
        asyncLease: this.#leases.async,
        timerLease: this.#leases.timer,
      });
      this.#metrics.count('acquired', rows.length);
      this.#queue.fill(
        rows.map((row) => this.#queued(row, 'acquired', leaseStart + leaseOf(row, this.#leases))),
        reserved,
      );
      return rows.length;
    } catch (error) {
      this.#queue.unreserve(reserved);
      throw error;
    }
  }

  #queued(row: HeldJobRow, source: HandOffSource, leaseEndsAt: number): QueuedJob {
    return {
      id: row.id,
      state: row.state,
      rootInstanceId: row.rootInstanceId,
      dueAt: row.dueAt,
      scopeType: row.scopeType,
      row: row.row,
      source,
      leaseEndsAt,
    };
  }

  #handedOff(job: QueuedJob): void {
    if (job.dueAt) {
      this.#metrics.handOff(
        job.source,
        this.#engine.services.clock.now().getTime() - new Date(job.dueAt).getTime(),
      );
    }
  }

  async #execute(job: QueuedJob): Promise<void> {
    this.#handedOff(job);
    await this.#runAlone(job);
  }

  async #runAlone(job: QueuedJob): Promise<void> {
    try {
      const outcome = await this.#runSurvivingOutages(job);
      if (outcome !== 'abandoned') this.#metrics.count(outcome);
    } catch (error) {
      await this.#recordFailure(job, error);
    }
  }

  async #recordFailure(job: QueuedJob, error: unknown): Promise<void> {
    this.#metrics.count('failed');
    this.#log.warn({ jobId: job.id, err: error }, 'Job failed');
    this.#recordingFailure.add(job.id);
    try {
      await this.#engine.recordJobFailure(job.id, error);
    } catch (recordError) {
      // The lock stays; the job runs again once its lease has run out.
      this.#log.error({ jobId: job.id, err: recordError }, 'Recording a job failure failed');
    } finally {
      this.#recordingFailure.delete(job.id);
    }
  }

  /**
   * Run jobs of different instances as one group commit: one transaction, a savepoint each.
   * A job that failed was rolled back alone and its failure is recorded as a single job's; a
   * job that met a lock held elsewhere left the group and runs alone now. When the group's
   * transaction failed as a whole (its COMMIT, its connection), nothing of it committed: each
   * job runs again alone, with a single job's handling of outages (a job whose run did commit
   * after all is found gone).
   */
  async #executeGroup(jobs: readonly QueuedJob[]): Promise<void> {
    for (const job of jobs) this.#handedOff(job);
    let outcomes;
    try {
      outcomes = await runningJob.run(jobs[0].id, () =>
        this.#engine.executeJobGroup(
          jobs.map((job) => ({
            jobId: job.id,
            hint: { rootInstanceId: job.rootInstanceId, job: job.row, scopeType: job.scopeType },
          })),
          GROUP_LOCK_TIMEOUT_MS,
        ),
      );
    } catch (error) {
      this.#log.warn({ jobs: jobs.length, err: error }, 'A group of jobs did not commit; running each alone');
      this.#metrics.count('groupsRetried');
      for (const job of jobs) await this.#runAlone(job);
      return;
    }
    this.#metrics.count('groupCommits');
    this.#metrics.count('groupedJobs', jobs.length);
    for (const [index, result] of outcomes.entries()) {
      const job = jobs[index];
      if (result.outcome === 'busy') await this.#runAlone(job);
      else if (result.outcome === 'failed') await this.#recordFailure(job, result.error);
      else this.#metrics.count(result.outcome);
    }
  }

  /**
   * Run a job; when the database connection is lost on the way (a restart, a failover), run it
   * again once the database answers, for as long as this node is running. The lock is still
   * this node's (its lease is renewed as soon as the database is back), so nobody else runs
   * the job meanwhile. Whether the lost attempt committed does not matter: a job's run deletes
   * its row only if the row is still there and still ours, so a second run of a committed job
   * ends as `gone` and changes nothing. Recording a failure instead would spend one of the
   * job's retries on the database's outage, and would itself fail while the database is away.
   */
  async #runSurvivingOutages(job: QueuedJob): Promise<'executed' | 'gone' | 'abandoned'> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await runningJob.run(job.id, () =>
          this.#engine.executeJob(job.id, {
            rootInstanceId: job.rootInstanceId,
            job: job.row,
            scopeType: job.scopeType,
          }),
        );
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        if (this.#state !== 'running' || this.#isFenced()) {
          // Recording a failure would need the database this node cannot reach. The lock stays
          // until this node gives it back (fence lifted) or the others release it (staleness).
          this.#log.warn({ jobId: job.id }, 'Giving up a job whose database connection was lost');
          return 'abandoned';
        }
        if (attempt === 0)
          this.#log.warn({ jobId: job.id }, 'The database went away during a job; retrying it');
        this.#metrics.count('interrupted');
        await sleep(Math.min(OUTAGE_RETRY_MIN_MS * 2 ** attempt, OUTAGE_RETRY_MAX_MS));
      }
    }
  }

  #isFenced(): boolean {
    return this.#fence?.fenced ?? false;
  }

  #fenced(sinceBeatMs: number): void {
    const forgotten = this.#queue.drainWaiting().length;
    this.#metrics.count('fenced');
    this.#log.warn(
      { sinceBeatMs: Math.round(sinceBeatMs), forgotten, running: this.#queue.runningCount },
      "Fenced: the database has not taken this node's heartbeat for half of weir.node-stale-after; starting no jobs until it does",
    );
  }

  /** Back in touch: give back the jobs forgotten while fenced, and take work again. */
  async #unfenced(): Promise<void> {
    this.#log.info({}, 'The fence is lifted: the database takes the heartbeat again');
    try {
      const running = this.#queue.held().map((job) => job.id);
      const released = await releaseLocksOfNodeExcept(this.#db, this.#nodeId, running);
      if (released > 0) await this.#db.notify(JOBS_CHANNEL, '');
    } catch (error) {
      // Their leases run out, or the staleness rule releases them if the fence comes back.
      this.#log.warn({ err: error }, 'Giving back the jobs forgotten while fenced failed');
    }
    this.#queue.resume();
    for (const loop of this.#loops) loop.wake();
  }

  async #renewLeases(): Promise<void> {
    const renewed = await renewLeases(this.#db, this.#nodeId, this.#queue.held(), this.#leases);
    this.#metrics.count('leasesExtended', renewed);
  }

  async #sweep(reason: string, sweep: () => Promise<ResetLock[]>): Promise<void> {
    if (this.#state !== 'running') return;
    const reset = await sweep();
    if (reset.length === 0) return;
    this.#metrics.count('locksReset', reset.length);
    this.#log.info(
      { reason, jobsByOwner: countByOwner(reset) },
      `Released ${reset.length} job locks (${reason})`,
    );
    await this.#db.notify(JOBS_CHANNEL, '');
  }

  /** Unlock jobs this node will not run, and wake the others to take them. */
  async #giveBack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      const released = await releaseJobLocks(this.#db, this.#nodeId, ids);
      if (released > 0) await this.#db.notify(JOBS_CHANNEL, '');
    } catch (error) {
      // Other nodes reset the locks once this node's heartbeat is gone.
      this.#log.warn({ err: error, jobs: ids.length }, 'Giving back job locks failed');
    }
  }
}
