/**
 * What happens when a wait ends: a timer fires, a message or signal arrives. The element
 * that waited decides: a boundary event interrupts (or not) its activity, an event
 * subprocess starts in its scope, a catch event or receive task continues.
 */
import type { BoundaryEventNode, FlowNode, StartEventNode, SubProcessNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { cancelExecution, cancelChildren } from './cancel.ts';
import { createExecution, enterActivity } from './operations.ts';
import { closeActivityHistory, fireBoundaryRow, recordBoundaryStarts } from './activity-history.ts';
import { fireExecutionListeners } from './listeners.ts';
import { createWait } from './waits.ts';

/** Waits for the boundary events of an activity, attached to the execution at the activity. */
export const createBoundaryWaits = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  const boundaries = node.boundaryEventIds.map((id) => model.nodes[id] as BoundaryEventNode);
  recordBoundaryStarts(ctx, exec, boundaries);
  for (const boundary of boundaries)
    createWait(ctx, exec, boundary, boundary.eventDefinition, 'timer-boundary');
};

/** Waits for the timer, message and signal starts of the event subprocesses of a scope. */
export const createEventSubprocessWaits = (
  ctx: CommandContext,
  scope: ExecutionState,
  subprocessIds: readonly string[],
): void => {
  const { model } = ctx.instanceOf(scope);
  for (const id of subprocessIds) {
    const sub = model.nodes[id] as SubProcessNode;
    for (const childId of sub.childIds) {
      const start = model.nodes[childId];
      if (start.kind !== 'startEvent' || !start.eventDefinition) continue;
      createWait(ctx, scope, start, start.eventDefinition, 'timer-event-subprocess');
    }
  }
};

export const triggerBoundary = async (
  ctx: CommandContext,
  attached: ExecutionState,
  boundary: BoundaryEventNode,
): Promise<ExecutionState> => {
  const inst = ctx.instanceOf(attached);
  const parent = ctx.parentOf(attached);
  if (!parent)
    throw new WeirError('WEIR_INTERNAL', `Boundary event ${boundary.id} fired on a root execution`);
  const exec = createExecution(ctx, inst, parent, boundary.id);
  const recorded = fireBoundaryRow(ctx, attached, exec, boundary);
  if (boundary.cancelActivity) {
    await cancelExecution(ctx, attached, `boundary event (${boundary.id})`);
  }
  if (recorded) await fireExecutionListeners(ctx, exec, boundary.executionListeners, 'start');
  else await enterActivity(ctx, exec, boundary);
  ctx.push({ kind: 'leave', exec });
  return exec;
};

/** Start an event subprocess in `scope` at its start event. */
export const triggerEventSubprocess = async (
  ctx: CommandContext,
  scope: ExecutionState,
  start: StartEventNode,
): Promise<ExecutionState> => {
  const inst = ctx.instanceOf(scope);
  const sub = inst.model.nodes[start.parentId!] as SubProcessNode;
  if (start.interrupting) {
    await cancelChildren(ctx, scope, `event subprocess (${sub.id})`);
    ctx.clearWaits(scope.id);
  }
  const subExec = createExecution(ctx, inst, scope, sub.id);
  subExec.isScope = true;
  subExec.isEventScope = true;
  await enterActivity(ctx, subExec, sub);
  createEventSubprocessWaits(ctx, subExec, sub.eventSubProcessIds);
  const startExec = createExecution(ctx, inst, subExec, start.id);
  await enterActivity(ctx, startExec, start);
  ctx.push({ kind: 'leave', exec: startExec });
  return startExec;
};

/** A timer, message or signal for `activityId` arrived at `exec`. */
export const triggerWait = async (
  ctx: CommandContext,
  exec: ExecutionState,
  activityId: string,
): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  const node = model.nodes[activityId];
  if (!node) throw new WeirError('WEIR_INTERNAL', `Unknown element ${activityId} for a trigger`);
  if (node.kind === 'boundaryEvent') {
    await triggerBoundary(ctx, exec, node);
    return;
  }
  if (node.kind === 'startEvent') {
    await triggerEventSubprocess(ctx, exec, node);
    return;
  }
  const current = exec.activityId ? model.nodes[exec.activityId] : undefined;
  if (current?.kind === 'eventBasedGateway' && current.id !== node.id) {
    // an execution that reached the gateway before Weir left it at once (as Flowable does)
    // waits at the gateway itself: the first event wins, the others' waits go with the gateway
    ctx.clearWaits(exec.id);
    closeActivityHistory(ctx, exec, null);
    exec.activityId = node.id;
    await enterActivity(ctx, exec, node);
  } else if (node.kind === 'intermediateCatchEvent') await cancelOtherEventsOfGateway(ctx, exec, node);
  ctx.push({ kind: 'leave', exec });
};

/**
 * The first event after an event-based gateway wins: one execution waiting at each other event
 * of the gateway, among the winner's siblings, is deleted, its activity instance ending with
 * Flowable's reason (IntermediateCatchEventActivityBehavior.deleteOtherEventsRelatedToEventBasedGateway).
 */
const cancelOtherEventsOfGateway = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  if (node.incoming.length !== 1) return;
  const gateway = model.nodes[model.flows[node.incoming[0]].sourceRef];
  if (gateway?.kind !== 'eventBasedGateway') return;
  const others = new Set(
    gateway.outgoing.map((flowId) => model.flows[flowId].targetRef).filter((id) => id !== node.id),
  );
  const parent = ctx.parentOf(exec);
  if (!parent) return;
  for (const sibling of ctx.childrenOf(parent)) {
    if (sibling === exec || sibling.activityId === null || !others.has(sibling.activityId)) continue;
    others.delete(sibling.activityId);
    await cancelExecution(ctx, sibling, 'event based gateway cancel');
  }
};
