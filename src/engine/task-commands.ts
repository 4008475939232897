/** Commands on user tasks: complete, claim, assign, update, delegate, resolve; suspension. */
import type { UserTaskNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import { setJobsOfRootSuspended } from '../persistence/runtime-writes-sql.ts';
import type { CommandContext } from './context.ts';
import type { TaskRow, VariableType } from './runtime-types.ts';
import { fireTaskListeners } from './listeners.ts';
import { endTaskHistory, storeTaskCompleter, syncTaskHistory } from './user-task.ts';
import { setTransientVariable, setVariable } from './variable-scope.ts';
import { checkRoomForVariable, checkSize, encodeValue, inferType } from './variables.ts';
import { newId } from './ids.ts';
import { scopeHooksOf } from './scope-hooks.ts';
import { ownVariable, putVariable } from './own-variables.ts';
import { recordFieldChanges, recordLinkEvent, recordTaskLog } from './task-records.ts';

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
  const scope = scopeHooksOf(task.scopeType);
  if (scope) {
    await scope.completeTask(ctx, task, completion);
    return;
  }
  if (!task.executionId) {
    completeStandaloneTask(ctx, task, completion);
    return;
  }
  const { exec } = ctx.execution(task.executionId);
  for (const [name, value] of Object.entries(completion.variables ?? {})) {
    setVariable(ctx, exec, name, value, ownVariable(completion.variableTypes, name));
  }
  for (const [name, value] of Object.entries(completion.localVariables ?? {}))
    setTaskVariable(ctx, task, name, value);
  for (const [name, value] of Object.entries(completion.transientVariables ?? {}))
    setTransientVariable(ctx, exec, name, value);
  const node = nodeOfTask(ctx, task);
  if (node) {
    await fireTaskListeners(ctx, task, exec, node.taskListeners, 'complete');
    storeTaskCompleter(ctx, exec, node);
    // a completed task is deleted, and Flowable tells its delete listeners so after complete
    await fireTaskListeners(ctx, task, exec, node.taskListeners, 'delete');
  }
  endTaskHistory(ctx, task, null);
  const act = exec.activityInstanceId;
  if (act) {
    const pending = ctx.history.newActivities.get(act);
    if (pending) pending.assignee = task.assignee;
    else ctx.history.activityAssignees.set(act, task.assignee);
  }
  recordTaskLog(ctx, task, 'USER_TASK_COMPLETED');
  ctx.removeTask(task);
  ctx.emit({
    type: 'task:completed',
    data: { taskId: task.id, processInstanceId: task.processInstanceId, assignee: task.assignee },
    time: ctx.now,
  });
  ctx.push({ kind: 'leave', exec });
};

/**
 * A task of no process: its variables, local or not, are its own (there is no scope above
 * it), kept in history with the task; then the task ends.
 */
const completeStandaloneTask = (ctx: CommandContext, task: TaskRow, completion: TaskCompletion): void => {
  for (const [name, value] of Object.entries({ ...completion.variables, ...completion.localVariables }))
    setTaskVariable(ctx, task, name, value, ownVariable(completion.variableTypes, name));
  endTaskHistory(ctx, task, null);
  recordTaskLog(ctx, task, 'USER_TASK_COMPLETED');
  ctx.removeTask(task);
  ctx.emit({
    type: 'task:completed',
    data: { taskId: task.id, processInstanceId: null, assignee: task.assignee },
    time: ctx.now,
  });
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
  } else ctx.recordVariable(null, null, task.id, name, v);
};

export const assignTask = async (
  ctx: CommandContext,
  task: TaskRow,
  userId: string | null,
  claim: boolean,
): Promise<void> => {
  const previous = task.assignee;
  task.assignee = userId;
  if (claim) task.claimedAt = userId === null ? null : ctx.now;
  ctx.touchTask(task);
  if (userId !== null) {
    const node = nodeOfTask(ctx, task);
    const exec = task.executionId ? ctx.execution(task.executionId).exec : undefined;
    if (node) await fireTaskListeners(ctx, task, exec, node.taskListeners, 'assignment');
    await scopeHooksOf(task.scopeType)?.taskAssigned?.(ctx, task);
  }
  syncTaskHistory(ctx, task);
  if (previous !== userId) {
    // Flowable's event of a claim or an assignment: the assignee link added (or removed)
    recordLinkEvent(
      ctx,
      task,
      { userId: userId ?? previous, groupId: null, type: 'assignee' },
      userId !== null,
    );
    recordTaskLog(ctx, task, 'USER_TASK_ASSIGNEE_CHANGED', {
      newAssigneeId: userId,
      previousAssigneeId: previous,
    });
  }
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
  const before = { ...task };
  Object.assign(task, rest);
  ctx.touchTask(task);
  if (before.owner !== task.owner && task.owner !== null)
    recordLinkEvent(ctx, task, { userId: task.owner, groupId: null, type: 'owner' }, true);
  recordFieldChanges(ctx, before, task);
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
      if (task.suspended !== suspended) {
        // Flowable's suspension state codes: 1 active, 2 suspended
        recordTaskLog(ctx, task, 'USER_TASK_SUSPENSIONSTATE_CHANGED', {
          previousSuspensionState: task.suspended ? 2 : 1,
          newSuspensionState: suspended ? 2 : 1,
        });
      }
      task.suspended = suspended;
      ctx.touchTask(task);
    }
  }
  await setJobsOfRootSuspended(ctx.tx, rootId, suspended);
};
