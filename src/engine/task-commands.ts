/** Commands on user tasks: complete, claim, assign, update, delegate, resolve; suspension. */
import type { UserTaskNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import { setJobsOfRootSuspended } from '../persistence/runtime-sql.ts';
import type { CommandContext } from './context.ts';
import type { TaskRow, VariableType } from './runtime-types.ts';
import { fireTaskListeners } from './listeners.ts';
import { endTaskHistory, syncTaskHistory } from './user-task.ts';
import { setTransientVariable, setVariable } from './variable-scope.ts';
import { checkRoomForVariable, checkSize, encodeValue, inferType } from './variables.ts';
import { newId } from './ids.ts';
import { ownVariable, putVariable } from './own-variables.ts';

export interface TaskCompletion {
  variables?: Record<string, unknown>;
  variableTypes?: Record<string, VariableType | undefined>;
  /** stored on the task only (and in history), not on the process */
  localVariables?: Record<string, unknown>;
  transientVariables?: Record<string, unknown>;
  userId?: string | null;
}

const nodeOfTask = (ctx: CommandContext, task: TaskRow): UserTaskNode | undefined => {
  if (!task.executionId || !task.taskDefinitionKey) return undefined;
  const { inst } = ctx.execution(task.executionId);
  const node = inst.model.nodes[task.taskDefinitionKey];
  return node?.kind === 'userTask' ? node : undefined;
};

export const completeTaskInContext = async (
  ctx: CommandContext,
  task: TaskRow,
  completion: TaskCompletion,
): Promise<void> => {
  if (completion.userId) ctx.authenticatedUserId = completion.userId;
  if (task.delegationState === 'pending') {
    throw new WeirError(
      'WEIR_CONFLICT',
      `Task '${task.id}' is delegated: it must be resolved, not completed.`,
    );
  }
  if (!task.executionId)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Task '${task.id}' belongs to no process instance`);
  const { exec } = ctx.execution(task.executionId);
  for (const [name, value] of Object.entries(completion.variables ?? {})) {
    setVariable(ctx, exec, name, value, ownVariable(completion.variableTypes, name));
  }
  for (const [name, value] of Object.entries(completion.localVariables ?? {}))
    setTaskVariable(ctx, task, name, value);
  for (const [name, value] of Object.entries(completion.transientVariables ?? {}))
    setTransientVariable(ctx, exec, name, value);
  const node = nodeOfTask(ctx, task);
  if (node) await fireTaskListeners(ctx, task, exec, node.taskListeners, 'complete');
  endTaskHistory(ctx, task, null);
  const act = exec.activityInstanceId;
  if (act) {
    const pending = ctx.history.newActivities.get(act);
    if (pending) pending.assignee = task.assignee;
    else ctx.history.activityAssignees.set(act, task.assignee);
  }
  ctx.removeTask(task);
  ctx.emit({
    type: 'task:completed',
    data: { taskId: task.id, processInstanceId: task.processInstanceId, assignee: task.assignee },
    time: ctx.now,
  });
  ctx.push({ kind: 'leave', exec });
};

export const setTaskVariable = (
  ctx: CommandContext,
  task: TaskRow,
  name: string,
  value: unknown,
  type?: VariableType,
): void => {
  const t = type ?? inferType(name, value);
  const encoded = encodeValue(name, t, value);
  checkSize(name, encoded, ctx.services.config.maxVariableSize);
  const existing = ownVariable(task.variables, name);
  if (!existing) {
    checkRoomForVariable(`task '${task.id}'`, name, task.variables, ctx.services.config.maxVariablesPerScope);
  }
  const v = existing
    ? { id: existing.id, type: t, value: encoded, revision: existing.revision + 1 }
    : { id: newId(), type: t, value: encoded, revision: 1 };
  putVariable(task.variables, name, v);
  ctx.touchTask(task);
  if (task.executionId) {
    const { inst, exec } = ctx.execution(task.executionId);
    ctx.recordVariable(inst, exec, task.id, name, v);
  }
};

export const assignTask = async (
  ctx: CommandContext,
  task: TaskRow,
  userId: string | null,
  claim: boolean,
): Promise<void> => {
  task.assignee = userId;
  if (claim) task.claimedAt = userId === null ? null : ctx.now;
  ctx.touchTask(task);
  if (userId !== null) {
    const node = nodeOfTask(ctx, task);
    const exec = task.executionId ? ctx.execution(task.executionId).exec : undefined;
    if (node) await fireTaskListeners(ctx, task, exec, node.taskListeners, 'assignment');
  }
  syncTaskHistory(ctx, task);
  ctx.emit({
    type: 'task:assigned',
    data: { taskId: task.id, processInstanceId: task.processInstanceId, assignee: task.assignee },
    time: ctx.now,
  });
};

export const updateTaskFields = async (
  ctx: CommandContext,
  task: TaskRow,
  changes: Partial<
    Pick<
      TaskRow,
      'name' | 'description' | 'owner' | 'priority' | 'dueDate' | 'category' | 'formKey' | 'parentTaskId'
    >
  > & {
    assignee?: string | null;
  },
): Promise<void> => {
  const { assignee, ...rest } = changes;
  Object.assign(task, rest);
  ctx.touchTask(task);
  if (assignee !== undefined && assignee !== task.assignee) await assignTask(ctx, task, assignee, false);
  syncTaskHistory(ctx, task);
};

export const delegateTaskTo = async (ctx: CommandContext, task: TaskRow, userId: string): Promise<void> => {
  task.owner = task.owner ?? task.assignee;
  task.delegationState = 'pending';
  await assignTask(ctx, task, userId, false);
};

export const resolveDelegatedTask = async (
  ctx: CommandContext,
  task: TaskRow,
  variables: Record<string, unknown>,
): Promise<void> => {
  if (task.delegationState !== 'pending') {
    throw new WeirError('WEIR_CONFLICT', `Task '${task.id}' is not delegated, so it cannot be resolved.`);
  }
  if (task.executionId) {
    const { exec } = ctx.execution(task.executionId);
    for (const [name, value] of Object.entries(variables)) setVariable(ctx, exec, name, value);
  }
  task.delegationState = 'resolved';
  await assignTask(ctx, task, task.owner, false);
};

export const setInstanceSuspension = async (
  ctx: CommandContext,
  rootId: string,
  suspended: boolean,
): Promise<void> => {
  for (const inst of ctx.instances.values()) {
    if (inst.row.rootId === rootId) inst.row.suspended = suspended;
  }
  for (const task of ctx.tasks.values()) {
    if (task.rootInstanceId === rootId) {
      task.suspended = suspended;
      ctx.touchTask(task);
    }
  }
  await setJobsOfRootSuspended(ctx.tx, rootId, suspended);
};
