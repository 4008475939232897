/** The end of a process instance: history, events, and the return to a calling instance. */
import type { CallActivityNode } from '../model/types.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import { fireExecutionListeners } from './listeners.ts';
import { applyOutParameters } from './call-activity.ts';
import { scopeHooksOf } from './scope-hooks.ts';

/** Completion through an end event (or the last path ending). */
export const endInstance = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  endActivityId: string | null,
  reason: string | null,
): Promise<void> => {
  const root = ctx.rootExecution(inst);
  await fireExecutionListeners(ctx, root, inst.model.executionListeners, 'end');
  finishInstance(ctx, inst, endActivityId, reason);
  if (inst.row.superExecutionId) {
    const caller = ctx.executions.get(inst.row.superExecutionId);
    if (caller && caller.exec.state !== 'ended') {
      const node = caller.inst.model.nodes[caller.exec.activityId!] as CallActivityNode;
      applyOutParameters(ctx, inst, caller.exec, node);
      caller.exec.subInstanceId = undefined;
      ctx.push({ kind: 'leave', exec: caller.exec });
    }
  }
  await scopeHooksOf(inst.row.callbackType)?.processEnded(ctx, inst, true);
};

/** Bookkeeping shared by completion and cancellation. */
export const finishInstance = (
  ctx: CommandContext,
  inst: LoadedInstance,
  endActivityId: string | null,
  reason: string | null,
): void => {
  if (inst.ended) return;
  inst.ended = true;
  for (const exec of inst.row.state.executions) {
    if (exec.state !== 'ended') ctx.clearWaits(exec.id);
    exec.state = 'ended';
  }
  ctx.clearWaits(inst.row.id);
  if (ctx.services.config.historyLevel !== 'none') {
    ctx.history.endedProcesses.set(inst.row.id, {
      id: inst.row.id,
      endedAt: ctx.now,
      durationMs: ctx.now.getTime() - new Date(inst.row.startedAt).getTime(),
      endActivityId,
      endReason: reason,
    });
  }
  ctx.emit({
    type: 'instance:ended',
    data: { processInstanceId: inst.row.id, definitionId: inst.row.definitionId, endReason: reason },
    time: ctx.now,
  });
};
