/** Job rows the engine writes: async continuations, timers, external-worker tasks. */
import type { FlowNode } from '../model/types.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, JobHandler, JobRow, JobState } from './runtime-types.ts';
import type { TimerSchedule } from './timers.ts';
import { newId } from './ids.ts';

export const newJob = (
  ctx: CommandContext,
  exec: ExecutionState | null,
  node: FlowNode | null,
  handler: JobHandler,
  state: JobState,
  extra: Partial<JobRow> = {},
): JobRow => {
  const inst = exec ? ctx.instanceOf(exec) : undefined;
  return {
    id: newId(),
    state,
    handler,
    handlerConfig: null,
    processInstanceId: inst?.row.id ?? null,
    rootInstanceId: inst?.row.rootId ?? null,
    executionId: exec?.id ?? null,
    definitionId: inst?.row.definitionId ?? null,
    elementId: node?.id ?? null,
    elementName: node?.name ?? null,
    exclusive: node ? node.exclusive : true,
    retries: ctx.services.config.defaultRetries,
    retryCycle: node?.failedJobRetryTimeCycle ?? null,
    dueAt: ctx.now,
    repeat: null,
    endAt: null,
    lockOwner: null,
    lockExpiresAt: null,
    topic: null,
    workerId: null,
    exceptionMessage: null,
    exceptionStacktrace: null,
    tenantId: inst?.row.tenantId ?? '',
    createdAt: ctx.now,
    ...extra,
  };
};

/** Park an execution before (or after) its activity: the rest runs as a job, in its own transaction. */
export const createAsyncJob = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
  handler: 'async-continuation' | 'async-leave',
): void => {
  exec.waitingForJob = true;
  ctx.addJob(newJob(ctx, exec, node, handler, 'executable'));
};

export const createTimerJob = (
  ctx: CommandContext,
  exec: ExecutionState | null,
  node: FlowNode,
  handler: JobHandler,
  schedule: TimerSchedule,
  config: Record<string, unknown>,
  extra: Partial<JobRow> = {},
): JobRow => {
  const job = newJob(ctx, exec, node, handler, 'timer', {
    dueAt: schedule.dueAt,
    repeat: schedule.repeat,
    endAt: schedule.endAt,
    handlerConfig: config,
    ...extra,
  });
  ctx.addJob(job);
  return job;
};
