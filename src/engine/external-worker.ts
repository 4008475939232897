/**
 * The outcomes an external worker reports for a job it acquired: complete (the service task
 * is left, with the worker's variables), BPMN error (propagated like a thrown error end
 * event: a boundary event or event subprocess catches it), failure (retries count down; at
 * zero the job goes to the dead-letter table).
 *
 * Complete and BPMN error run as one engine command: the root instance is locked first (the
 * engine's lock order), then the job row; the job is checked to still be this worker's, and
 * its deletion commits together with the instance moving on. A worker whose lock expired and
 * was taken by another worker gets a conflict and changes nothing.
 *
 * A `workerId` is only a name the client chose, so it proves nothing: the job is bound to the
 * authenticated user who acquired it, and only that user (or an admin) may report on it.
 */
import { WeirError } from '../errors.ts';
import { forbidden, isAdmin, type Principal } from './authorization.ts';
import { getJobRow, lockJobRow } from '../persistence/runtime-reads-sql.ts';
import { recordJobFailureRow } from '../persistence/runtime-writes-sql.ts';
import { unacquireExternalJobs } from '../persistence/rest-jobs-sql.ts';
import { runCommand } from './command.ts';
import { publishJobFailure } from './job-execution.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import { throwBpmnError } from './propagation.ts';
import type { JobRow, VariableType } from './runtime-types.ts';
import { deliverSignal } from './signals.ts';
import { addDuration, parseIsoDuration } from './timers.ts';
import { setVariable } from './variable-scope.ts';
import { ownVariable } from './own-variables.ts';

export interface WorkerVariables {
  readonly variables?: Record<string, unknown>;
  readonly variableTypes?: Record<string, VariableType | undefined>;
}

export interface WorkerFailure {
  readonly errorMessage?: string | null;
  readonly errorDetails?: string | null;
  /** retries left after this failure; default: one less than before */
  readonly retries?: number | null;
  /** ISO-8601 duration before the job may be acquired again, e.g. `PT10S` */
  readonly retryTimeout?: string | null;
}

const notFound = (jobId: string) =>
  new WeirError('WEIR_NOT_FOUND', `Could not find an external worker job with id '${jobId}'.`);

export const checkOwner = (
  job: JobRow | undefined,
  jobId: string,
  workerId: string,
  by: Principal | undefined,
): JobRow => {
  if (!job || job.state !== 'external') throw notFound(jobId);
  if (by && !isAdmin(by) && job.lockUserId !== by.userId) {
    throw forbidden(by, 'report on', `external worker job '${jobId}': another user acquired it`);
  }
  if (job.lockOwner !== workerId) {
    throw new WeirError('WEIR_CONFLICT', `${workerId} does not hold a lock on the requested job '${jobId}'`);
  }
  return job;
};

/** Lock the instance, then the job; check ownership; set the worker's variables. */
const withOwnedJob = async (
  engine: Engine,
  jobId: string,
  workerId: string,
  input: WorkerVariables,
  by: Principal | undefined,
  work: (ctx: CommandContext, job: JobRow) => Promise<void>,
): Promise<void> => {
  const first = checkOwner(await getJobRow(engine.db, jobId), jobId, workerId, by);
  if (!first.rootInstanceId || !first.executionId) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `External worker job '${jobId}' belongs to no process instance`,
    );
  }
  const rootId = first.rootInstanceId;
  const { ctx } = await runCommand(engine.services, async (c) => {
    await c.loadRoot(rootId);
    const job = checkOwner(await lockJobRow(c.tx, jobId), jobId, workerId, by);
    const { exec } = c.execution(job.executionId!);
    for (const [name, value] of Object.entries(input.variables ?? {})) {
      setVariable(c, exec, name, value, ownVariable(input.variableTypes, name));
    }
    c.deletedJobIds.add(job.id);
    await work(c, job);
  });
  for (const signal of ctx.pendingSignals) {
    await deliverSignal(engine.services, signal.name, {
      tenantId: signal.tenantId,
      onlyInstanceId: signal.scope === 'processInstance' ? signal.fromInstanceId : undefined,
    });
  }
};

/** The worker finished: the service task is left with the worker's variables set on the instance. */
export const completeExternalWorkerJob = (
  engine: Engine,
  jobId: string,
  workerId: string,
  input: WorkerVariables = {},
  by?: Principal,
): Promise<void> =>
  withOwnedJob(engine, jobId, workerId, input, by, async (ctx, job) => {
    const { exec } = ctx.execution(job.executionId!);
    ctx.push({ kind: 'leave', exec });
  });

/** The worker reports a business error: thrown at the service task, caught as BPMN says. */
export const bpmnErrorExternalWorkerJob = (
  engine: Engine,
  jobId: string,
  workerId: string,
  errorCode: string | null | undefined,
  input: WorkerVariables = {},
  by?: Principal,
): Promise<void> =>
  withOwnedJob(engine, jobId, workerId, input, by, async (ctx, job) => {
    const { exec } = ctx.execution(job.executionId!);
    await throwBpmnError(ctx, exec, errorCode ?? '', `reported by external worker ${workerId}`);
  });

/**
 * The worker failed: unlock the job, keep the error, count down retries (or take the worker's
 * count) and make it acquirable again after `retryTimeout`; with no retries left it becomes a
 * dead letter, which an operator moves back through the management API.
 */
export const failExternalWorkerJob = async (
  engine: Engine,
  jobId: string,
  workerId: string,
  failure: WorkerFailure = {},
  by?: Principal,
): Promise<{ retries: number; deadLetter: boolean }> => {
  let timeout: ReturnType<typeof parseIsoDuration>;
  if (failure.retryTimeout) {
    timeout = parseIsoDuration(failure.retryTimeout);
    if (!timeout) {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `retryTimeout '${failure.retryTimeout}' is not an ISO-8601 duration`,
      );
    }
  }
  const services = engine.services;
  const outcome = await services.db.transaction(async (tx) => {
    const job = checkOwner(await lockJobRow(tx, jobId), jobId, workerId, by);
    const retries = Math.max(0, failure.retries ?? job.retries - 1);
    const now = services.clock.now();
    const deadLetter = retries === 0;
    await recordJobFailureRow(tx, jobId, {
      retries,
      dueAt: deadLetter ? null : timeout ? addDuration(now, timeout) : now,
      state: deadLetter ? 'deadletter' : 'external',
      message: (failure.errorMessage ?? 'External worker reported a failure').slice(0, 4000),
      stacktrace: failure.errorDetails ?? failure.errorMessage ?? '',
    });
    return { retries, deadLetter, processInstanceId: job.processInstanceId };
  });
  const message = failure.errorMessage ?? 'External worker reported a failure';
  publishJobFailure(services, jobId, message, outcome);
  return { retries: outcome.retries, deadLetter: outcome.deadLetter };
};

/**
 * Release jobs a worker holds (one, or all of them): a person releases only jobs they acquired
 * themselves, an admin any. Returns how many were released.
 */
export const unacquireExternalWorkerJobs = async (
  engine: Engine,
  workerId: string,
  filter: { jobId?: string; tenantId?: string },
  by?: Principal,
): Promise<number> =>
  engine.db.transaction(async (tx) => {
    if (filter.jobId) checkOwner(await lockJobRow(tx, filter.jobId), filter.jobId, workerId, by);
    const lockUserId = by && !isAdmin(by) ? by.userId : undefined;
    return unacquireExternalJobs(tx, workerId, { ...filter, lockUserId });
  });
