/**
 * What a plan item does when it starts and what is undone when it ends early: a human task
 * becomes a row in the shared task table, a process task starts a process instance, a case
 * task a child case, a service task runs its expression or delegate, a decision task evaluates
 * its decision (decision-task.ts), a timer listener waits as a timer job on the shared executor.
 */
import { queueTaskListeners } from './case-listeners.ts';
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import { newId } from '../../engine/ids.ts';
import { createInstance } from '../../engine/instance-start.ts';
import { addLink, endTaskHistory, recordNewTaskHistory } from '../../engine/user-task.ts';
import {
  nextOccurrence,
  parseInstant,
  scheduleTimeCycle,
  scheduleTimeDate,
  scheduleTimeDuration,
} from '../../engine/timers.ts';
import type { JobHandler, TaskRow } from '../../engine/runtime-types.ts';
import { variableRecord } from '../../engine/own-variables.ts';
import { latestProcessDefinition } from '../../persistence/repository-sql.ts';
import type {
  HumanTaskDef,
  ProcessTaskDef,
  ServiceTaskDef,
  TimerListenerDef,
  VariableMapping,
} from '../model/types.ts';
import { isTimerCycle } from '../model/build-items.ts';
import { evaluateInCase, textValue, conditionHolds } from './case-expressions.ts';
import { caseFacade, setCaseVariable } from './case-variables.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';
import { complete, planItemOf } from './lifecycle.ts';
import { caseScope } from './case-context.ts';
import { runCaseDecisionTask } from './decision-task.ts';

const listOf = (
  ctx: CommandContext,
  c: LoadedCase,
  text: string | null,
  item: PlanItemInstance,
): string[] => {
  if (text === null) return [];
  const value = evaluateInCase(ctx, c, text, item.elementId, {}, item);
  const items = Array.isArray(value) ? value : String(value ?? '').split(',');
  return items.map((v) => String(v).trim()).filter((v) => v !== '');
};

const dueDate = (
  ctx: CommandContext,
  c: LoadedCase,
  def: HumanTaskDef,
  item: PlanItemInstance,
): Date | null => {
  const elementId = item.elementId;
  if (def.dueDate === null) return null;
  const value = evaluateInCase(ctx, c, def.dueDate, elementId, {}, item);
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const text = String(value).trim();
  if (text.startsWith('P')) return scheduleTimeDuration(text, ctx.now).dueAt;
  const instant = parseInstant(text);
  if (!instant)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Plan item '${elementId}': dueDate '${text}' is not a date or duration`,
    );
  return instant;
};

const createHumanTask = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: HumanTaskDef,
): void => {
  const planItem = planItemOf(c, item);
  const priorityText = textValue(ctx, c, def.priority, planItem.id, item);
  const task: TaskRow = {
    id: newId(),
    processInstanceId: null,
    rootInstanceId: null,
    executionId: null,
    definitionId: null,
    taskDefinitionKey: planItem.definitionId,
    name: textValue(ctx, c, planItem.definitionName ?? item.name, planItem.id, item),
    description: textValue(ctx, c, def.documentation, planItem.id, item),
    assignee: textValue(ctx, c, def.assignee, planItem.id, item),
    owner: textValue(ctx, c, def.owner, planItem.id, item),
    delegationState: null,
    priority: priorityText === null || priorityText === '' ? 50 : Math.trunc(Number(priorityText)),
    dueDate: dueDate(ctx, c, def, item),
    category: textValue(ctx, c, def.category, planItem.id, item),
    formKey: textValue(ctx, c, def.formKey, planItem.id, item),
    tenantId: c.row.tenantId,
    parentTaskId: null,
    suspended: false,
    createdAt: ctx.now,
    claimedAt: null,
    variables: variableRecord(),
    scopeId: c.row.id,
    scopeType: 'cmmn',
    subScopeId: item.id,
    scopeDefinitionId: c.row.definitionId,
    propagatedStageInstanceId: item.stageInstanceId,
  };
  if (Number.isNaN(task.priority))
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Plan item '${planItem.id}': priority '${priorityText}' is not a number`,
    );
  ctx.addTask(task);
  const candidateUsers = listOf(ctx, c, def.candidateUsers, item);
  const candidateGroups = listOf(ctx, c, def.candidateGroups, item);
  for (const userId of candidateUsers) addLink(ctx, task, 'candidate', userId, null);
  for (const groupId of candidateGroups) addLink(ctx, task, 'candidate', null, groupId);
  recordNewTaskHistory(ctx, task);
  item.referenceId = task.id;
  item.referenceType = 'cmmn-task';
  ctx.emit({
    type: 'task:created',
    data: {
      taskId: task.id,
      processInstanceId: null,
      caseInstanceId: c.row.id,
      name: task.name,
      assignee: task.assignee,
      candidateUsers,
      candidateGroups,
    },
    time: ctx.now,
  });
  queueTaskListeners(ctx, c, task, 'create');
  if (task.assignee) queueTaskListeners(ctx, c, task, 'assignment');
};

/** Values of in/out mappings, read from one scope and written by `write`. */
export const applyMappings = (
  mappings: readonly VariableMapping[],
  read: (name: string) => unknown,
  evaluate: (expression: string) => unknown,
  write: (name: string, value: unknown) => void,
): void => {
  for (const m of mappings) {
    const value = m.sourceExpression !== null ? evaluate(m.sourceExpression) : read(m.source!);
    const target = m.target ?? (m.targetExpression !== null ? String(evaluate(m.targetExpression)) : null);
    if (target !== null) write(target, value);
  }
};

const startProcess = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: ProcessTaskDef,
): Promise<void> => {
  const planItem = planItemOf(c, item);
  const key = textValue(ctx, c, def.processRef, planItem.id, item) ?? '';
  let definition = await latestProcessDefinition(ctx.tx, key, c.row.tenantId);
  if (!definition && def.fallbackToDefaultTenant && c.row.tenantId !== '')
    definition = await latestProcessDefinition(ctx.tx, key, '');
  if (!definition)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Plan item '${planItem.id}': no process definition with key '${key}'`,
    );
  const variables = inVariables(ctx, c, planItem.id, def.inParameters);
  const blocking = isBlocking(ctx, c, item, def);
  const inst = await createInstance(ctx, definition.id, {
    variables,
    businessKey: c.row.businessKey,
    tenantId: c.row.tenantId,
    startUserId: ctx.authenticatedUserId,
    callback: blocking ? { id: item.id, type: 'cmmn' } : undefined,
  });
  item.referenceId = inst.row.id;
  item.referenceType = 'bpmn-process';
  if (!blocking) complete(ctx, c, item);
};

/** The variables a process or case task hands its child, from its flowable:in mappings. */
export const inVariables = (
  ctx: CommandContext,
  c: LoadedCase,
  elementId: string,
  mappings: readonly VariableMapping[],
): Record<string, unknown> => {
  const variables: Record<string, unknown> = {};
  applyMappings(
    mappings,
    (name) => caseFacade(ctx, c).getVariable(name),
    (expression) => evaluateInCase(ctx, c, expression, elementId),
    (name, value) => {
      variables[name] = value;
    },
  );
  return variables;
};

export const isBlocking = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: { blocking: boolean; blockingExpression: string | null },
): boolean =>
  def.blockingExpression !== null
    ? conditionHolds(ctx, c, def.blockingExpression, item.elementId, {}, item)
    : def.blocking;

const runServiceTask = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: ServiceTaskDef,
): Promise<void> => {
  const planItem = planItemOf(c, item);
  if (def.implementation === 'externalWorker') {
    // as Flowable's ExternalWorkerTaskActivityBehavior: a job of the topic waits for a worker
    const topic = textValue(ctx, c, def.value, planItem.id, item);
    if (!topic)
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Plan item '${planItem.id}': topic '${def.value}' did not evaluate to a non-empty string`,
      );
    addCaseJob(ctx, c, item, {
      handler: 'external-worker',
      state: 'external',
      dueAt: ctx.now,
      exclusive: def.exclusive,
      topic,
      byDefinition: true,
    });
    return;
  }
  let result: unknown;
  if (def.implementation === 'expression') {
    result = evaluateInCase(ctx, c, def.value, planItem.id, {}, item);
  } else {
    const name = def.implementation === 'class' ? def.value.slice(def.value.lastIndexOf('.') + 1) : null;
    const delegate =
      def.implementation === 'class'
        ? (ctx.services.delegates.get(def.value) ?? ctx.services.delegates.get(name!))
        : evaluateInCase(ctx, c, def.value, planItem.id, {}, item);
    const facade = { ...caseFacade(ctx, c), planItemInstance: item };
    if (typeof delegate === 'function') result = await (delegate as (x: unknown) => unknown)(facade);
    else if (delegate && typeof (delegate as { execute?: unknown }).execute === 'function')
      result = await (delegate as { execute: (x: unknown) => unknown }).execute(facade);
    else
      throw new WeirError(
        'WEIR_DELEGATE_FAILED',
        `Plan item '${planItem.id}': no delegate '${def.value}' is registered`,
      );
  }
  if (def.resultVariable) setCaseVariable(ctx, c, def.resultVariable, result);
  complete(ctx, c, item);
};

export const startBehavior = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
): Promise<void> => {
  const def = planItemOf(c, item).definition;
  switch (def.kind) {
    case 'humanTask':
      createHumanTask(ctx, c, item, def);
      if (!isBlocking(ctx, c, item, def)) complete(ctx, c, item);
      return;
    case 'stage': {
      const { createChildren } = await import('./lifecycle.ts');
      createChildren(ctx, c, def, item.id);
      return;
    }
    case 'processTask':
      return startProcess(ctx, c, item, def);
    case 'caseTask': {
      const { startChildCase } = await import('./case-start.ts');
      return startChildCase(ctx, c, item, def);
    }
    case 'serviceTask':
      return runServiceTask(ctx, c, item, def);
    case 'decisionTask':
      return runCaseDecisionTask(ctx, c, item, def);
    case 'task':
      if (!isBlocking(ctx, c, item, def)) complete(ctx, c, item);
      return;
    default:
      return;
  }
};

/** Undo what an ended plan item still holds: its open task, its timer. */
export const endBehavior = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  reason: string | null,
): void => {
  if (item.referenceType === 'cmmn-task' && item.referenceId) {
    const task = ctx.tasks.get(item.referenceId);
    if (task && reason !== null) {
      queueTaskListeners(ctx, c, task, 'delete');
      endTaskHistory(
        ctx,
        task,
        reason === 'exit' ? 'cmmn-state-transition-exit' : 'cmmn-state-transition-terminate',
      );
      ctx.removeTask(task);
    }
  }
  if (reason !== null && item.referenceId && item.referenceType === 'bpmn-process')
    caseScope(ctx).orphans.push({ kind: 'process', id: item.referenceId });
  if (reason !== null && item.referenceId && item.referenceType === 'cmmn-case')
    caseScope(ctx).orphans.push({ kind: 'case', id: item.referenceId });
  // a timer listener's timer; the activation job of an async item or the external-worker job
  // of a task that ends before its job is done (or is completed by a trigger instead)
  const def = planItemOf(c, item).definition;
  const external = def.kind === 'serviceTask' && def.implementation === 'externalWorker';
  if (def.kind === 'timerEventListener' || external || reason !== null) {
    for (let i = ctx.newJobs.length - 1; i >= 0; i--)
      if (ctx.newJobs[i].handlerConfig?.planItemInstanceId === item.id) ctx.newJobs.splice(i, 1);
    caseTimerJobsToDelete(ctx).add(item.id);
  }
};

const timerDeletes = new WeakMap<CommandContext, Set<string>>();
/** Plan item instances whose persisted jobs (timers, async activations, external work) the flush deletes. */
export const caseTimerJobsToDelete = (ctx: CommandContext): Set<string> => {
  let set = timerDeletes.get(ctx);
  if (!set) timerDeletes.set(ctx, (set = new Set()));
  return set;
};

export const scheduleTimerListener = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: TimerListenerDef,
): void => {
  const raw = evaluateInCase(ctx, c, def.timerExpression, item.elementId, {}, item);
  const text = raw instanceof Date ? raw.toISOString() : String(raw ?? '').trim();
  const schedule = isTimerCycle(text)
    ? scheduleTimeCycle(text, ctx.now)
    : text.startsWith('P')
      ? scheduleTimeDuration(text, ctx.now)
      : scheduleTimeDate(text);
  addCaseJob(ctx, c, item, {
    handler: 'cmmn-timer',
    state: 'timer',
    dueAt: schedule.dueAt,
    exclusive: true,
    repeat: schedule.repeat ?? null,
    endAt: schedule.endAt ?? null,
  });
};

/**
 * A timer listener's cycle fired (`R3/PT1H`, a cron expression): as in Flowable, a new
 * instance of the listener waits for the next occurrence, counted on from the one that fired
 * (the cycle's remaining count and end carry over); none when the cycle is used up.
 */
export const continueTimerCycle = (
  ctx: CommandContext,
  c: LoadedCase,
  fired: PlanItemInstance,
  job: { repeat: string | null; dueAt: Date | null; endAt: Date | null },
  create: (repetition: number) => PlanItemInstance,
): void => {
  if (!job.repeat || !job.dueAt || c.ended) return;
  const next = nextOccurrence(job.repeat, job.dueAt, job.endAt, ctx.now);
  if (!next) return;
  const item = create(fired.repetition + 1);
  // the new instance scheduled its timer from its expression: it continues the cycle instead
  const timer = ctx.newJobs.find((j) => j.handlerConfig?.planItemInstanceId === item.id);
  if (!timer) return;
  timer.dueAt = next.dueAt;
  timer.repeat = next.repeat;
  timer.endAt = job.endAt;
};

/** A job of a case's plan item, run by the shared executor on any node (case-hooks.ts). */
/** A job of the case: of one of its plan items, or (item null) of the case itself. */
export const addCaseJob = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance | null,
  job: {
    handler: JobHandler;
    state: 'timer' | 'executable' | 'external';
    dueAt: Date | null;
    exclusive: boolean;
    topic?: string;
    /** name the job by the plan item's definition (`<task id>`), as Flowable's JobUtil does */
    byDefinition?: boolean;
    /** a timer cycle's remaining repeat and end (scheduleTimeCycle) */
    repeat?: string | null;
    endAt?: Date | null;
    /** more of the handler's configuration */
    config?: Record<string, unknown>;
  },
): void => {
  const planItem = item ? planItemOf(c, item) : undefined;
  ctx.addJob({
    id: newId(),
    state: job.state,
    handler: job.handler,
    handlerConfig: { ...job.config, planItemInstanceId: item?.id ?? null, caseInstanceId: c.row.id },
    processInstanceId: null,
    rootInstanceId: c.row.id,
    executionId: null,
    definitionId: c.row.definitionId,
    elementId: !item ? null : job.byDefinition ? planItem!.definitionId : item.elementId,
    elementName: !item ? null : job.byDefinition ? (planItem!.definitionName ?? item.name) : item.name,
    exclusive: job.exclusive,
    retries: ctx.services.config.defaultRetries,
    retryCycle: null,
    dueAt: job.dueAt,
    repeat: job.repeat ?? null,
    endAt: job.endAt ?? null,
    lockOwner: null,
    lockExpiresAt: null,
    topic: job.topic ?? null,
    workerId: null,
    exceptionMessage: null,
    exceptionStacktrace: null,
    tenantId: c.row.tenantId,
    createdAt: ctx.now,
    scopeType: 'cmmn',
  });
};

/** Flowable's job type for a plan item that starts asynchronously (`flowable:async`). */
export const ASYNC_ACTIVATE_HANDLER = 'cmmn-async-activate-plan-item-instance';

/**
 * `flowable:async`: the plan item becomes `async-active` (its start time set) and a job, run by
 * the executor on any node, activates it in its own transaction, as Flowable's
 * ActivateAsyncPlanItemInstanceOperation does. No standard event is raised until then.
 */
export const activateAsync = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  exclusive: boolean,
): void => {
  addCaseJob(ctx, c, item, {
    handler: ASYNC_ACTIVATE_HANDLER,
    state: 'executable',
    // executors acquire executable jobs that are due
    dueAt: ctx.now,
    exclusive,
    byDefinition: true,
  });
};
