/**
 * Waiting for the world: timer jobs and message/signal subscriptions created for catch
 * events, boundary events, receive tasks and event-based gateways. A conditional event waits
 * as a subscription too (type `conditional`, named by its condition): nothing arrives for it
 * by name, but the row is what `evaluateConditionalEvents` reads, it goes with its execution
 * like any other wait, and it outlives a restart.
 */
import type { EventDefinition, FlowNode } from '../model/types.ts';
import { isExpressionText } from '../expression/index.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, JobHandler } from './runtime-types.ts';
import { evaluateFor } from './conditions.ts';
import { createTimerJob } from './jobs.ts';
import { scheduleTimeCycle, scheduleTimeDate, scheduleTimeDuration, type TimerSchedule } from './timers.ts';
import { newId } from './ids.ts';

const textOf = (
  ctx: CommandContext,
  exec: ExecutionState | null,
  text: string,
  elementId: string,
): string | Date => {
  if (!exec || !isExpressionText(text)) return text;
  const value = evaluateFor(ctx, exec, text, elementId);
  if (value instanceof Date) return value;
  return String(value);
};

export const timerSchedule = (
  ctx: CommandContext,
  exec: ExecutionState | null,
  def: Extract<EventDefinition, { type: 'timer' }>,
  elementId: string,
): TimerSchedule => {
  if (def.timeDate) return scheduleTimeDate(textOf(ctx, exec, def.timeDate, elementId));
  if (def.timeDuration) {
    const v = textOf(ctx, exec, def.timeDuration, elementId);
    return v instanceof Date ? scheduleTimeDate(v) : scheduleTimeDuration(v, ctx.now);
  }
  if (def.timeCycle) {
    const v = textOf(ctx, exec, def.timeCycle, elementId);
    const end = def.endDate ? textOf(ctx, exec, def.endDate, elementId) : null;
    const endAt = end === null ? null : end instanceof Date ? end : new Date(end);
    return scheduleTimeCycle(String(v), ctx.now, endAt);
  }
  throw new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `Timer '${elementId}' has no timeDate, timeDuration or timeCycle`,
  );
};

export const eventNameOf = (
  ctx: CommandContext,
  exec: ExecutionState | null,
  name: string,
  elementId: string,
): string => String(textOf(ctx, exec, name, elementId));

/**
 * Create what `node` (a catch event, boundary event or receive task) waits for, attached to
 * `exec`. `activityId` is the element that fires when the wait ends.
 */
export const createWait = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
  def: EventDefinition,
  timerHandler: JobHandler,
): void => {
  const inst = ctx.instanceOf(exec);
  switch (def.type) {
    case 'timer':
      createTimerJob(ctx, exec, node, timerHandler, timerSchedule(ctx, exec, def, node.id), {
        activityId: node.id,
      });
      return;
    case 'message':
    case 'signal':
    case 'conditional': {
      const name =
        def.type === 'conditional'
          ? def.condition
          : eventNameOf(ctx, exec, def.type === 'message' ? def.messageName : def.signalName, node.id);
      ctx.addSubscription({
        id: newId(),
        eventType: def.type,
        eventName: name,
        processInstanceId: inst.row.id,
        rootInstanceId: inst.row.rootId,
        executionId: exec.id,
        activityId: node.id,
        definitionId: inst.row.definitionId,
        scope: def.type === 'signal' ? def.scope : null,
        tenantId: inst.row.tenantId,
        configuration: null,
        createdAt: ctx.now,
      });
      return;
    }
    default:
      // errors, escalations and compensation are caught by propagation, not by waiting
      return;
  }
};
