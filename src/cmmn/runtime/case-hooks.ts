/**
 * The case engine's part in the process engine's commands (engine/scope-hooks.ts): completing
 * a case's task, running a case's timer and async activation jobs, and hearing that a process
 * a plan item started has ended. Each locks the case first (loadCase), changes it, and runs the
 * sentry agenda.
 */
import { queueTaskListeners } from './case-listeners.ts';
import { WeirError } from '../../errors.ts';
import type { CommandContext, LoadedInstance } from '../../engine/context.ts';
import { registerScopeHooks } from '../../engine/scope-hooks.ts';
import { endTaskHistory } from '../../engine/user-task.ts';
import { setTaskVariable, type TaskCompletion } from '../../engine/task-commands.ts';
import { decodeValue } from '../../engine/variables.ts';
import { lockJobRow } from '../../persistence/runtime-reads-sql.ts';
import { caseIdOfPlanItem } from '../../persistence/cmmn-sql.ts';
import type { JobRow, TaskRow, VariableType } from '../../engine/runtime-types.ts';
import { ASYNC_VARIABLES_HANDLER, writableValue } from '../../engine/execution-variables.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import { caseScope, loadCase } from './case-context.ts';
import { setCaseVariable, setPlanItemVariable } from './case-variables.ts';
import {
  activate,
  complete,
  createItemInstance,
  isEnded,
  occur,
  planItemOf,
  terminate,
} from './lifecycle.ts';
import { runCaseAgenda } from './agenda.ts';
import { applyMappings, ASYNC_ACTIVATE_HANDLER, continueTimerCycle } from './behaviors.ts';
import { evaluate } from '../../engine/variable-scope.ts';
import type { ProcessTaskDef } from '../model/types.ts';
import { isCaseMigrationJob, runCaseMigrationJob } from '../case-migration-commands.ts';

const completeCaseTask = async (
  ctx: CommandContext,
  task: TaskRow,
  completion: TaskCompletion,
): Promise<void> => {
  const c = await loadCase(ctx, task.scopeId!);
  for (const [name, value] of Object.entries(completion.variables ?? {}))
    setCaseVariable(ctx, c, name, value, ownVariable(completion.variableTypes, name));
  for (const [name, value] of Object.entries(completion.localVariables ?? {}))
    setTaskVariable(ctx, task, name, value);
  // as Flowable: complete, then delete, as the completed task is deleted
  queueTaskListeners(ctx, c, task, 'complete');
  queueTaskListeners(ctx, c, task, 'delete');
  endTaskHistory(ctx, task, null);
  ctx.removeTask(task);
  ctx.emit({
    type: 'task:completed',
    data: { taskId: task.id, processInstanceId: null, assignee: task.assignee, caseInstanceId: c.row.id },
    time: ctx.now,
  });
  const item = c.row.document.items.find((i) => i.id === task.subScopeId);
  if (item && item.state === 'active') complete(ctx, c, item);
  await runCaseAgenda(ctx);
};

const runCaseJob = async (
  ctx: CommandContext,
  jobId: string,
  held?: JobRow,
): Promise<'executed' | 'gone'> => {
  const first = held ?? (await lockJobRow(ctx.tx, jobId));
  const caseId = first?.rootInstanceId;
  if (!first || !caseId) return 'gone';
  // a migration batch's part: it finishes its part even when the case is gone
  if (isCaseMigrationJob(first)) {
    const job = await lockJobRow(ctx.tx, jobId);
    if (!job || job.state !== 'executable') return 'gone';
    ctx.deletedJobIds.add(job.id);
    await runCaseMigrationJob(ctx, job);
    return 'executed';
  }
  let c;
  try {
    c = await loadCase(ctx, caseId);
  } catch (error) {
    if (error instanceof WeirError && error.code === 'WEIR_NOT_FOUND') {
      ctx.deletedJobIds.add(jobId);
      return 'gone';
    }
    throw error;
  }
  // read again after the case lock: a job another node ran meanwhile is gone
  const job = await lockJobRow(ctx.tx, jobId);
  if (!job || (job.state !== 'executable' && job.state !== 'timer')) return 'gone';
  ctx.deletedJobIds.add(job.id);
  const item = c.row.document.items.find((i) => i.id === job.handlerConfig?.planItemInstanceId);
  if (job.handler === 'cmmn-timer') {
    if (item && item.state === 'available') {
      occur(ctx, c, item);
      continueTimerCycle(ctx, c, item, job, (repetition) =>
        createItemInstance(ctx, c, planItemOf(c, item), item.stageInstanceId, repetition),
      );
    }
  } else if (job.handler === ASYNC_ACTIVATE_HANDLER) {
    if (item && item.state === 'async-active') await activate(ctx, c, item);
  } else if (job.handler === ASYNC_VARIABLES_HANDLER) {
    // variables-async of the case: checked when asked for, written now
    const variables = (job.handlerConfig?.variables ?? []) as {
      name: string;
      type: VariableType;
      value: unknown;
    }[];
    for (const v of variables)
      if (!item) setCaseVariable(ctx, c, v.name, writableValue(v), v.type);
      // a plan item's: as Flowable, nothing is written once the item is gone
      else if (!isEnded(item)) setPlanItemVariable(ctx, c, item, v.name, writableValue(v), v.type);
  } else
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Job '${job.id}' (${job.handler}) is not run by the case engine`,
    );
  await runCaseAgenda(ctx);
  return 'executed';
};

const processEnded = async (ctx: CommandContext, inst: LoadedInstance, completed: boolean): Promise<void> => {
  const planItemInstanceId = inst.row.callbackId;
  if (!planItemInstanceId) return;
  const held = [...caseScope(ctx).cases.values()].find((c) =>
    c.row.document.items.some((i) => i.id === planItemInstanceId),
  );
  const caseId = held?.row.id ?? (await caseIdOfPlanItem(ctx.tx, planItemInstanceId));
  if (!caseId) return;
  const c = await loadCase(ctx, caseId).catch(() => undefined);
  if (!c || c.ended) return;
  const item = c.row.document.items.find((i) => i.id === planItemInstanceId);
  if (!item || isEnded(item)) return;
  if (completed) {
    const def = planItemOf(c, item).definition as ProcessTaskDef;
    const root = inst.row.state.executions.find((e) => e.id === inst.row.id);
    const read = (name: string): unknown => {
      const v = root && Object.hasOwn(root.variables, name) ? root.variables[name] : undefined;
      return v ? decodeValue(v) : null;
    };
    // an out mapping's expression is evaluated in the ended process, as Flowable does
    applyMappings(
      def.outParameters ?? [],
      read,
      (expression) => (root ? evaluate(ctx, root, expression, {}) : null),
      (name, value) => setCaseVariable(ctx, c, name, value),
    );
    complete(ctx, c, item);
  } else terminate(ctx, c, item, 'terminate');
  await runCaseAgenda(ctx);
};

export const registerCaseHooks = (): void =>
  registerScopeHooks('cmmn', {
    lockTaskScope: async (ctx, task) => {
      if (task.scopeId) await loadCase(ctx, task.scopeId);
    },
    completeTask: completeCaseTask,
    taskAssigned: async (ctx, task) => {
      if (!task.scopeId) return;
      queueTaskListeners(ctx, await loadCase(ctx, task.scopeId), task, 'assignment');
      await runCaseAgenda(ctx);
    },
    taskScopeVariables: async (ctx, task) => (await loadCase(ctx, task.scopeId!)).row.document.variables,
    setTaskScopeVariables: async (ctx, task, variables) => {
      const c = await loadCase(ctx, task.scopeId!);
      for (const v of variables) setCaseVariable(ctx, c, v.name, v.value, v.type);
      // if-parts may hold now: the agenda evaluates them in this command
      await runCaseAgenda(ctx);
    },
    runJob: runCaseJob,
    processEnded,
  });
