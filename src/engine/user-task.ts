/** User tasks: creation with assignment and candidates, history, and completion. */
import type { UserTaskNode } from '../model/types.ts';
import { isExpressionText } from '../expression/index.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, TaskRow } from './runtime-types.ts';
import { evaluateFor, lenientStringValue, stringValue } from './conditions.ts';
import { fireTaskListeners } from './listeners.ts';
import { addDuration, parseInstant, parseIsoDuration } from './timers.ts';
import { newId } from './ids.ts';
import { variableRecord } from './own-variables.ts';
import { recordTaskLog } from './task-records.ts';
import { setVariable } from './variable-scope.ts';

/** `candidateUsers="a, ${b}"`: each item may be an expression yielding a string, list or comma list. */
const listValue = (
  ctx: CommandContext,
  exec: ExecutionState,
  items: readonly string[],
  id: string,
): string[] => {
  const out: string[] = [];
  for (const item of items) {
    const v = isExpressionText(item) ? evaluateFor(ctx, exec, item, id) : item;
    const values = Array.isArray(v)
      ? v
      : typeof v === 'string'
        ? v.split(',')
        : v === null || v === undefined
          ? []
          : [v];
    for (const x of values) {
      const s = String(x).trim();
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
};

/** A value a user task attribute's expression gave that the attribute cannot take: names task and attribute. */
const badValue = (node: UserTaskNode, attribute: string, value: unknown, expected: string): WeirError =>
  new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `User task '${node.id}': flowable:${attribute} '${node[attribute as 'dueDate']}' gave ${describe(value)}, not ${expected}`,
  );

const describe = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : `${typeof value} ${JSON.stringify(value)}`;

/**
 * `flowable:dueDate`, as Flowable reads it: a date (variable), or a string holding an ISO-8601
 * date-time or an ISO-8601 duration counted from the task's creation (`PT1H`).
 */
const dueDateValue = (ctx: CommandContext, exec: ExecutionState, node: UserTaskNode): Date | null => {
  const text = node.dueDate;
  if (!text) return null;
  const v = isExpressionText(text) ? evaluateFor(ctx, exec, text, node.id) : text;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  if (typeof v !== 'string')
    throw badValue(node, 'dueDate', v, 'a date, an ISO-8601 date-time or a duration');
  const duration = /^P/.test(v.trim()) ? parseIsoDuration(v.trim()) : undefined;
  const due = duration ? addDuration(ctx.now, duration) : parseInstant(v.trim());
  if (!due)
    throw badValue(node, 'dueDate', v, 'an ISO-8601 date-time (2030-01-31T12:00:00Z) or duration (PT1H)');
  return due;
};

/** `flowable:priority`: a number (its integer part, as Java's intValue) or a string holding an integer. */
const priorityValue = (ctx: CommandContext, exec: ExecutionState, node: UserTaskNode): number => {
  const text = node.priority;
  if (text === undefined || text === '') return 50;
  const v = isExpressionText(text) ? evaluateFor(ctx, exec, text, node.id) : text;
  if (v === null || v === undefined) return 50;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim());
  throw badValue(node, 'priority', v, 'a number');
};

export const createUserTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: UserTaskNode,
): Promise<TaskRow> => {
  const inst = ctx.instanceOf(exec);
  const priority = priorityValue(ctx, exec, node);
  const task: TaskRow = {
    id: newId(),
    processInstanceId: inst.row.id,
    rootInstanceId: inst.row.rootId,
    executionId: exec.id,
    definitionId: inst.row.definitionId,
    taskDefinitionKey: node.id,
    name: stringValue(ctx, exec, node.name, node.id),
    description: stringValue(ctx, exec, node.documentation, node.id),
    assignee: stringValue(ctx, exec, node.assignee, node.id),
    owner: stringValue(ctx, exec, node.owner, node.id),
    delegationState: null,
    priority,
    dueDate: dueDateValue(ctx, exec, node),
    category: lenientStringValue(ctx, exec, node.category, node.id),
    formKey: lenientStringValue(ctx, exec, node.formKey, node.id),
    tenantId: inst.row.tenantId,
    parentTaskId: null,
    suspended: false,
    createdAt: ctx.now,
    claimedAt: null,
    variables: variableRecord(),
  };
  ctx.addTask(task);
  const candidateUsers = listValue(ctx, exec, node.candidateUsers, node.id);
  const candidateGroups = listValue(ctx, exec, node.candidateGroups, node.id);
  for (const userId of candidateUsers) addLink(ctx, task, 'candidate', userId, null);
  for (const groupId of candidateGroups) addLink(ctx, task, 'candidate', null, groupId);
  recordNewTaskHistory(ctx, task);
  const act = exec.activityInstanceId ? ctx.history.newActivities.get(exec.activityInstanceId) : undefined;
  if (act) {
    act.taskId = task.id;
    act.assignee = task.assignee;
  }
  recordTaskLog(ctx, task, 'USER_TASK_CREATED');
  await fireTaskListeners(ctx, task, exec, node.taskListeners, 'create');
  if (task.assignee) await fireTaskListeners(ctx, task, exec, node.taskListeners, 'assignment');
  syncTaskHistory(ctx, task);
  ctx.emit({
    type: 'task:created',
    data: {
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      name: task.name,
      assignee: task.assignee,
      candidateUsers,
      candidateGroups,
    },
    time: ctx.now,
  });
  return task;
};

/** A new task's history record (levels audit and full), with its scope when a case owns it. */
export const recordNewTaskHistory = (ctx: CommandContext, task: TaskRow): void => {
  const level = ctx.services.config.historyLevel;
  if (level !== 'audit' && level !== 'full') return;
  ctx.history.newTasks.set(task.id, {
    id: task.id,
    processInstanceId: task.processInstanceId,
    executionId: task.executionId,
    definitionId: task.definitionId,
    taskDefinitionKey: task.taskDefinitionKey,
    name: task.name,
    description: task.description,
    assignee: task.assignee,
    owner: task.owner,
    priority: task.priority,
    dueDate: task.dueDate,
    category: task.category,
    formKey: task.formKey,
    tenantId: task.tenantId,
    parentTaskId: null,
    createdAt: task.createdAt,
    claimedAt: null,
    endedAt: null,
    durationMs: null,
    endReason: null,
    ...(task.scopeType
      ? {
          scopeId: task.scopeId,
          scopeType: task.scopeType,
          subScopeId: task.subScopeId,
          scopeDefinitionId: task.scopeDefinitionId,
          propagatedStageInstanceId: task.propagatedStageInstanceId ?? null,
        }
      : {}),
  });
};

export const addLink = (
  ctx: CommandContext,
  task: TaskRow,
  type: 'candidate' | 'participant',
  userId: string | null,
  groupId: string | null,
): void => {
  ctx.newLinks.push({
    id: newId(),
    type,
    userId,
    groupId,
    taskId: task.id,
    processInstanceId: task.processInstanceId,
    rootInstanceId: task.rootInstanceId,
    createdAt: ctx.now,
  });
};

/** Copy the task's current fields into its history record. */
export const syncTaskHistory = (ctx: CommandContext, task: TaskRow): void => {
  const level = ctx.services.config.historyLevel;
  if (level !== 'audit' && level !== 'full') return;
  const fields = {
    name: task.name,
    description: task.description,
    assignee: task.assignee,
    owner: task.owner,
    priority: task.priority,
    dueDate: task.dueDate,
    category: task.category,
    formKey: task.formKey,
    parentTaskId: task.parentTaskId,
    tenantId: task.tenantId,
    claimedAt: task.claimedAt,
  };
  const pending = ctx.history.newTasks.get(task.id);
  if (pending) Object.assign(pending, fields);
  else
    ctx.history.updatedTasks.set(task.id, {
      ...ctx.history.updatedTasks.get(task.id),
      id: task.id,
      ...fields,
    });
};

export const endTaskHistory = (ctx: CommandContext, task: TaskRow, reason: string | null): void => {
  const level = ctx.services.config.historyLevel;
  if (level !== 'audit' && level !== 'full') return;
  syncTaskHistory(ctx, task);
  const end = {
    endedAt: ctx.now,
    durationMs: ctx.now.getTime() - new Date(task.createdAt).getTime(),
    endReason: reason,
  };
  const pending = ctx.history.newTasks.get(task.id);
  if (pending) Object.assign(pending, end);
  else ctx.history.updatedTasks.set(task.id, { ...ctx.history.updatedTasks.get(task.id)!, ...end });
};

/**
 * `flowable:taskCompleterVariableName`: after the `complete` listeners, the variable it names (an
 * expression may compute the name) is set on the execution to the authenticated user's id, as
 * Flowable does; a name that evaluates to nothing sets nothing.
 */
export const storeTaskCompleter = (ctx: CommandContext, exec: ExecutionState, node: UserTaskNode): void => {
  const name = stringValue(ctx, exec, node.taskCompleterVariableName, node.id);
  if (name !== null && name !== '') setVariable(ctx, exec, name, ctx.authenticatedUserId ?? null);
};
