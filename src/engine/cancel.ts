/**
 * Cancelling a part of an instance: an interrupting boundary or event subprocess, a
 * terminate end event, a deleted instance. Everything below the execution goes: child
 * executions, their tasks (with delete listeners and history), waits, called instances.
 */
import type { UserTaskNode } from '../model/types.ts';
import { scopeHooksOf } from './scope-hooks.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { fireTaskListeners } from './listeners.ts';
import { closeActivityHistory } from './activity-history.ts';
import { endTaskHistory } from './user-task.ts';
import { finishInstance } from './instance-end.ts';

export const cancelChildren = async (
  ctx: CommandContext,
  exec: ExecutionState,
  reason: string,
): Promise<void> => {
  for (const child of ctx.childrenOf(exec)) await cancelExecution(ctx, child, reason);
};

export const cancelExecution = async (
  ctx: CommandContext,
  exec: ExecutionState,
  reason: string,
): Promise<void> => {
  await cancelChildren(ctx, exec, reason);
  const inst = ctx.instanceOf(exec);
  for (const task of ctx.tasksOfExecution(exec.id)) {
    const node = task.taskDefinitionKey ? inst.model.nodes[task.taskDefinitionKey] : undefined;
    if (node?.kind === 'userTask') {
      await fireTaskListeners(ctx, task, exec, (node as UserTaskNode).taskListeners, 'delete');
    }
    endTaskHistory(ctx, task, reason);
    ctx.removeTask(task);
    ctx.emit({
      type: 'task:deleted',
      data: { taskId: task.id, processInstanceId: task.processInstanceId, reason },
      time: ctx.now,
    });
  }
  if (exec.subInstanceId) {
    const sub = ctx.instances.get(exec.subInstanceId);
    if (sub && !sub.ended) await cancelInstance(ctx, sub, reason);
  }
  closeActivityHistory(ctx, exec, reason);
  ctx.clearWaits(exec.id);
  exec.state = 'ended';
};

/** End an instance without completing it (deleted, or cancelled from its caller). */
export const cancelInstance = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  reason: string,
): Promise<void> => {
  const root = ctx.rootExecution(inst);
  await cancelChildren(ctx, root, reason);
  finishInstance(ctx, inst, null, reason);
  await scopeHooksOf(inst.row.callbackType)?.processEnded(ctx, inst, false);
};
