/**
 * Compensation: activities with a compensation boundary event register themselves when they
 * complete (each instance of a multi-instance activity separately). A compensation throw
 * runs the handlers of the completed activities in reverse order of completion, for one
 * activity (`activityRef`) or for all of the scope.
 */
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { createExecution } from './operations.ts';

export const compensate = async (
  ctx: CommandContext,
  exec: ExecutionState,
  activityRef?: string,
): Promise<void> => {
  const inst = ctx.instanceOf(exec);
  const entries = inst.row.state.compensations ?? [];
  const chosen = entries.filter((e) => !activityRef || e.activityId === activityRef);
  if (chosen.length === 0) return;
  inst.row.state.compensations = entries.filter((e) => !chosen.includes(e));
  const scope = ctx.parentOf(exec) ?? ctx.rootExecution(inst);
  for (const entry of chosen.reverse()) {
    const handlerId = inst.model.nodes[entry.activityId]?.compensationHandlerId;
    if (!handlerId) continue;
    const handler = createExecution(ctx, inst, scope, handlerId);
    handler.variables = { ...(entry.variables ?? {}) };
    ctx.push({ kind: 'continue', exec: handler });
  }
};
