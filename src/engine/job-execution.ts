/**
 * Running a job inside a command, and recording a failed run afterwards. The job row is
 * deleted in the same transaction as its effects, so a job either ran completely or not at
 * all; after the root instance is locked the row is read again, so a job that another
 * party finished meanwhile is not run twice.
 */
import { WeirError, isWeirError } from '../errors.ts';
import { getJobRow, lockJobRow } from '../persistence/runtime-reads-sql.ts';
import { deleteJobRow, recordJobFailureRow } from '../persistence/runtime-writes-sql.ts';
import type { CommandContext } from './context.ts';
import { runAsyncVariablesJob } from './execution-variables.ts';
import type { EngineServices } from './services.ts';
import type { JobRow } from './runtime-types.ts';
import { triggerWait } from './triggers.ts';
import { createInstance } from './instance-start.ts';
import { nextOccurrence, parseIsoDuration, addDuration } from './timers.ts';
import { newId } from './ids.ts';
import { applyDefinitionState } from './definition-state.ts';
import { runMigrationBatchPart } from './batch-migration.ts';
import { scopeHooksOf } from './scope-hooks.ts';
import { runCommandGroup } from './command.ts';

export type JobOutcome = 'executed' | 'gone';

/** What the executor knows of a job it holds, to run it without reading it first. */
export interface JobHint {
  readonly rootInstanceId: string | null;
  readonly job?: JobRow;
  readonly scopeType?: string | null;
}

export interface GroupedJob {
  readonly jobId: string;
  readonly hint?: JobHint;
}

/**
 * A grouped job's end: run (or found done), `busy` (it met a lock another transaction holds,
 * and was rolled back: run it alone), or failed (rolled back alone; record the failure).
 */
export type GroupedJobOutcome =
  | { readonly outcome: JobOutcome }
  | { readonly outcome: 'busy' }
  | { readonly outcome: 'failed'; readonly error: Error };

const isJobGone = (error: unknown): boolean => isWeirError(error) && error.code === 'WEIR_JOB_GONE';

/**
 * Run held jobs as one group commit (`runCommandGroup`): each job in a savepoint, one COMMIT
 * for all. `afterCommand` is the engine's follow-up of a committed command (signals it threw).
 */
export const executeJobGroup = async (
  services: EngineServices,
  jobs: readonly GroupedJob[],
  lockTimeoutMs: number,
  afterCommand: (ctx: CommandContext) => Promise<void>,
): Promise<GroupedJobOutcome[]> => {
  const results = await runCommandGroup(
    services,
    jobs.map((job) => (ctx: CommandContext) => executeJobInContext(ctx, job.jobId, job.hint)),
    lockTimeoutMs,
  );
  const outcomes: GroupedJobOutcome[] = [];
  for (const result of results) {
    if (result.outcome === 'busy') outcomes.push(result);
    else if (result.outcome === 'failed') {
      // the guarded delete found the job gone: someone else ran it; this run was rolled back
      outcomes.push(isJobGone(result.error) ? { outcome: 'gone' } : result);
    } else {
      try {
        await afterCommand(result.result.ctx);
        outcomes.push({ outcome: result.result.value });
      } catch (error) {
        outcomes.push({ outcome: 'failed', error: error as Error });
      }
    }
  }
  return outcomes;
};

/** Where a timer moved to executable was due before the move (kept in its handler config). */
export const DUE_BEFORE_MOVE = 'dueBeforeMove';

/**
 * A cycle timer that fired leaves the next occurrence as a new timer job, on the cycle's grid:
 * anchored at the time this one was scheduled for, even when it was moved and fired early.
 */
const scheduleNext = (ctx: CommandContext, job: JobRow): void => {
  if (!job.repeat || !job.dueAt) return;
  const { [DUE_BEFORE_MOVE]: dueBeforeMove, ...config } = job.handlerConfig ?? {};
  const scheduled = new Date(typeof dueBeforeMove === 'string' ? dueBeforeMove : job.dueAt);
  const next = nextOccurrence(job.repeat, scheduled, job.endAt ? new Date(job.endAt) : null, ctx.now);
  if (!next) return;
  ctx.addJob({
    ...job,
    id: newId(),
    state: 'timer',
    handlerConfig: config,
    dueAt: next.dueAt,
    repeat: next.repeat,
    lockOwner: null,
    lockExpiresAt: null,
    retries: ctx.services.config.defaultRetries,
    exceptionMessage: null,
    exceptionStacktrace: null,
    createdAt: ctx.now,
  });
};

export const executeJobInContext = async (
  ctx: CommandContext,
  jobId: string,
  hint?: JobHint,
): Promise<JobOutcome> => {
  // the executor knows the job's root (and scope) from acquisition; anyone else reads it first
  let rootInstanceId = hint?.rootInstanceId;
  let scopeType = hint?.job?.scopeType ?? hint?.scopeType;
  if (rootInstanceId === undefined) {
    const first = await getJobRow(ctx.tx, jobId);
    if (!first || (first.state !== 'executable' && first.state !== 'timer')) return 'gone';
    rootInstanceId = first.rootInstanceId;
    scopeType = first.scopeType;
  }
  // a case's job: the case engine locks its case, then the job, and runs it
  const scope = scopeHooksOf(scopeType);
  if (scope) {
    const held = hint?.job && hint.job.id === jobId && hint.job.lockOwner === ctx.services.nodeId;
    return scope.runJob(ctx, jobId, held ? hint?.job : undefined);
  }
  const guarded = hint?.job && hint.job.id === jobId && hint.job.lockOwner === ctx.services.nodeId;
  // a job read after the instance lock, in the same round trip as the lock (not when guarded)
  let locked: JobRow | undefined;
  if (rootInstanceId) {
    try {
      if (guarded) await ctx.loadRoot(rootInstanceId);
      else locked = await ctx.loadRootAndJob(rootInstanceId, jobId);
    } catch (error) {
      if (isWeirError(error) && error.code === 'WEIR_NOT_FOUND') {
        // the instance ended or was deleted: the job has nothing left to do
        await deleteJobRow(ctx.tx, jobId);
        return 'gone';
      }
      throw error;
    }
  } else if (!guarded) {
    locked = await lockJobRow(ctx.tx, jobId);
  }
  let job: JobRow | undefined;
  if (guarded && hint?.job) {
    // this node holds the job (it created or acquired it): run from the row in memory; the flush deletes it
    // only if it is still there and still ours, else the whole run is rolled back (WEIR_JOB_GONE)
    job = hint.job;
    ctx.guardedJobId = job.id;
    // its execution is gone: another run already moved the instance on (the guard will tell)
    if (job.executionId && !ctx.executions.has(job.executionId)) return 'gone';
  } else {
    job = locked;
    if (!job || (job.state !== 'executable' && job.state !== 'timer')) return 'gone';
    ctx.deletedJobIds.add(job.id);
  }
  const config = job.handlerConfig ?? {};
  switch (job.handler) {
    case 'async-continuation':
    case 'async-leave': {
      const { exec } = ctx.execution(job.executionId!);
      exec.waitingForJob = false;
      ctx.push(
        job.handler === 'async-continuation'
          ? { kind: 'continue', exec, skipAsync: true }
          : { kind: 'leave', exec, skipAsyncLeave: true },
      );
      return 'executed';
    }
    case 'timer-catch':
    case 'timer-boundary':
    case 'timer-event-subprocess': {
      const { exec } = ctx.execution(job.executionId!);
      scheduleNext(ctx, job);
      await triggerWait(ctx, exec, String(config.activityId ?? job.elementId));
      return 'executed';
    }
    case 'set-async-variables': {
      // the execution ended before the job ran: as in Flowable, nothing is left to write on
      if (!job.executionId || !ctx.executions.has(job.executionId)) return 'gone';
      runAsyncVariablesJob(ctx, ctx.execution(job.executionId).exec, config);
      return 'executed';
    }
    case 'timer-start': {
      scheduleNext(ctx, job);
      await createInstance(ctx, job.definitionId!, {
        startEventId: String(config.activityId ?? job.elementId),
      });
      return 'executed';
    }
    case 'suspend-processdefinition':
    case 'activate-processdefinition':
      await applyDefinitionState(
        ctx,
        job.definitionId!,
        job.handler === 'suspend-processdefinition',
        config.includeProcessInstances === true,
      );
      return 'executed';
    case 'process-migration':
      await runMigrationBatchPart(ctx, job);
      return 'executed';
    default:
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Job '${job.id}' (${job.handler}) is not run by the executor`,
      );
  }
};

const retryWait = (job: JobRow, fallbackMs: number, now: Date): { dueAt: Date; cycleRetries?: number } => {
  const m = job.retryCycle ? /^R(\d+)\/(.+)$/.exec(job.retryCycle.trim()) : null;
  const duration = m ? parseIsoDuration(m[2]) : undefined;
  if (m && duration) return { dueAt: addDuration(now, duration), cycleRetries: Number(m[1]) };
  return { dueAt: new Date(now.getTime() + fallbackMs) };
};

/** The error's stack followed by its causes' (a delegate's own frames are in the cause). */
const fullStack = (error: unknown, message: string): string => {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length > 0 ? parts.join('\nCaused by: ') : message;
};

/** Tell listeners (metrics, WebSocket) that a job failed or became a dead letter. */
export const publishJobFailure = (
  services: EngineServices,
  jobId: string,
  message: string,
  outcome: { retries: number; deadLetter: boolean; processInstanceId: string | null },
): void => {
  const time = services.clock.now();
  const { processInstanceId } = outcome;
  services.bus.publish([
    outcome.deadLetter
      ? { type: 'job:deadlettered', data: { jobId, processInstanceId, message }, time }
      : {
          type: 'job:failed',
          data: { jobId, processInstanceId, message, retriesLeft: outcome.retries },
          time,
        },
  ]);
};

export const recordJobFailure = async (
  services: EngineServices,
  jobId: string,
  error: unknown,
): Promise<void> => {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 4000);
  const stacktrace = fullStack(error, message);
  let outcome: { retries: number; deadLetter: boolean; processInstanceId: string | null } | undefined;
  await services.db.transaction(async (tx) => {
    const job = await lockJobRow(tx, jobId);
    if (!job) return;
    const now = services.clock.now();
    const wait = retryWait(job, services.config.retryWait, now);
    // the first failure of a job with a retry cycle takes its count from the cycle (R5/PT1M: 5 tries)
    const base =
      wait.cycleRetries !== undefined && job.exceptionMessage === null ? wait.cycleRetries : job.retries;
    const retries = Math.max(0, base - 1);
    const deadLetter = retries === 0;
    await recordJobFailureRow(tx, jobId, {
      retries,
      dueAt: deadLetter ? null : wait.dueAt,
      state: deadLetter ? 'deadletter' : job.state,
      message,
      stacktrace,
    });
    outcome = { retries, deadLetter, processInstanceId: job.processInstanceId };
  });
  if (!outcome) return;
  publishJobFailure(services, jobId, message, outcome);
};
