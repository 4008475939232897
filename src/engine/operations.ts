/**
 * The agenda: a command runs small named operations until every path of control waits or
 * has ended. An operation may push more operations; nothing recurses deeply, so a long
 * straight-through process does not grow the stack.
 *
 *   continue  an execution arrives at a flow node: async boundary, multi-instance, or run it
 *   take      an execution takes a sequence flow to its target, then continues there
 *   leave     an execution leaves its activity: end listeners, history, outgoing flows
 *   end       an execution has nowhere to go: it ends, and its scope may complete
 */
import type { FlowNode, ProcessModel } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { executeNode } from './behaviors.ts';
import { fireExecutionListeners } from './listeners.ts';
import { createBoundaryWaits } from './triggers.ts';
import { flowConditionHolds, shouldSkip } from './conditions.ts';
import { completeMultiInstanceInner, startMultiInstance } from './multi-instance.ts';
import { createAsyncJob } from './jobs.ts';
import { endInstance } from './instance-end.ts';
import { reconsiderInclusiveJoins } from './gateways.ts';
import { newId } from './ids.ts';
import { closeActivityHistory, recordActivityStart, recordFlowTaken } from './activity-history.ts';
import { variableRecord } from './own-variables.ts';

export type Operation =
  | { kind: 'continue'; exec: ExecutionState; skipAsync?: boolean }
  | { kind: 'take'; exec: ExecutionState; flowId: string }
  | { kind: 'leave'; exec: ExecutionState; skipAsyncLeave?: boolean }
  | { kind: 'end'; exec: ExecutionState; endNodeId?: string };

/** Hard stop for a process that loops forever without a wait state. */
const MAX_OPERATIONS = 100_000;

export const runAgenda = async (ctx: CommandContext): Promise<void> => {
  let count = 0;
  while (ctx.agenda.length > 0) {
    const op = ctx.agenda.shift()!;
    if (op.exec.state === 'ended') continue;
    if (++count > MAX_OPERATIONS) {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Command ran more than ${MAX_OPERATIONS} steps without reaching a wait state: does the process loop?`,
      );
    }
    switch (op.kind) {
      case 'continue':
        await continueExecution(ctx, op.exec, op.skipAsync ?? false);
        break;
      case 'take':
        await takeFlow(ctx, op.exec, op.flowId);
        break;
      case 'leave':
        await leaveActivity(ctx, op.exec, op.skipAsyncLeave ?? false);
        break;
      case 'end':
        await endExecution(ctx, op.exec);
        break;
    }
  }
};

const nodeOf = (ctx: CommandContext, exec: ExecutionState): FlowNode => {
  const { inst } = ctx.execution(exec.id);
  const node = exec.activityId ? inst.model.nodes[exec.activityId] : undefined;
  if (!node)
    throw new WeirError('WEIR_INTERNAL', `Execution ${exec.id} is at no known activity (${exec.activityId})`);
  return node;
};

export const createExecution = (
  ctx: CommandContext,
  inst: LoadedInstance,
  parent: ExecutionState,
  activityId: string | null,
): ExecutionState => {
  const exec: ExecutionState = {
    id: newId(),
    parentId: parent.id,
    activityId,
    state: 'active',
    isScope: false,
    variables: variableRecord(),
    startedAt: ctx.now.toISOString(),
  };
  ctx.addExecution(inst, exec);
  return exec;
};

/** Record the start of an activity in history and run its start listeners. */
export const enterActivity = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  recordActivityStart(ctx, exec, node);
  await fireExecutionListeners(ctx, exec, node.executionListeners, 'start');
};

const continueExecution = async (
  ctx: CommandContext,
  exec: ExecutionState,
  skipAsync: boolean,
): Promise<void> => {
  const node = nodeOf(ctx, exec);
  if (node.async && !skipAsync && !exec.isMultiInstanceInner) {
    createAsyncJob(ctx, exec, node, 'async-continuation');
    return;
  }
  if (node.multiInstance && !exec.isMultiInstanceInner) {
    await startMultiInstance(ctx, exec, node);
    return;
  }
  await enterActivity(ctx, exec, node);
  // boundary events are recorded before the activity runs, a skipped one included: Flowable
  // creates them before the behavior, which is where a skip expression is read
  if (node.boundaryEventIds.length > 0 && !exec.isMultiInstanceInner)
    await createBoundaryWaits(ctx, exec, node);
  if (shouldSkip(ctx, exec, node.skipExpression, node.id)) {
    ctx.push({ kind: 'leave', exec });
    return;
  }
  await executeNode(ctx, exec, node);
};

const takeFlow = async (ctx: CommandContext, exec: ExecutionState, flowId: string): Promise<void> => {
  const { inst } = ctx.execution(exec.id);
  const flow = inst.model.flows[flowId];
  if (flow.executionListeners.length > 0)
    await fireExecutionListeners(ctx, exec, flow.executionListeners, 'take');
  recordFlowTaken(ctx, exec, flow);
  exec.activityId = flow.targetRef;
  exec.lastFlowId = flowId;
  ctx.push({ kind: 'continue', exec });
};

/** Flows an activity (not a gateway) leaves by: unconditional ones and those whose condition holds. */
const selectOutgoing = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
  model: ProcessModel,
): string[] => {
  const taken: string[] = [];
  const defaultFlow = 'default' in node ? node.default : undefined;
  for (const flowId of node.outgoing) {
    if (flowId === defaultFlow) continue;
    const flow = model.flows[flowId];
    if (flowConditionHolds(ctx, exec, flow)) taken.push(flowId);
  }
  if (taken.length === 0 && defaultFlow) taken.push(defaultFlow);
  return taken;
};

/** Send an execution along the given flows: it takes the first, new siblings take the rest. */
export const takeFlows = (ctx: CommandContext, exec: ExecutionState, flowIds: readonly string[]): void => {
  if (flowIds.length === 0) {
    ctx.push({ kind: 'end', exec });
    return;
  }
  const inst = ctx.instanceOf(exec);
  const parent = ctx.parentOf(exec)!;
  flowIds.forEach((flowId, i) => {
    const target = i === 0 ? exec : createExecution(ctx, inst, parent, exec.activityId);
    ctx.push({ kind: 'take', exec: target, flowId });
  });
};

/** End listeners, history and waits of the activity an execution completes. */
export const completeActivity = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  await fireExecutionListeners(ctx, exec, node.executionListeners, 'end');
  closeActivityHistory(ctx, exec, null);
  ctx.clearWaits(exec.id);
  if (node.compensationHandlerId) {
    const inst = ctx.instanceOf(exec);
    const state = inst.row.state;
    state.compensations ??= [];
    state.compensations.push({
      activityId: node.id,
      executionId: exec.id,
      scopeExecutionId: exec.parentId ?? inst.row.id,
      variables: { ...exec.variables },
    });
  }
};

const leaveActivity = async (
  ctx: CommandContext,
  exec: ExecutionState,
  skipAsyncLeave: boolean,
): Promise<void> => {
  const { inst } = ctx.execution(exec.id);
  const node = nodeOf(ctx, exec);
  if (node.asyncLeave && !skipAsyncLeave && !(node.multiInstance && exec.isMultiInstanceInner)) {
    createAsyncJob(ctx, exec, node, 'async-leave');
    return;
  }
  if (exec.isMultiInstanceInner) {
    await completeActivity(ctx, exec, node);
    await completeMultiInstanceInner(ctx, exec, node);
    return;
  }
  if (exec.isMultiInstanceRoot) {
    exec.isMultiInstanceRoot = false;
    exec.isScope = false;
    exec.variables = {};
    await fireExecutionListeners(ctx, exec, node.executionListeners, 'end');
    closeActivityHistory(ctx, exec, null);
    ctx.clearWaits(exec.id);
  } else {
    await completeActivity(ctx, exec, node);
  }
  exec.isScope = false;
  takeFlows(ctx, exec, selectOutgoing(ctx, exec, node, inst.model));
};

const endExecution = async (ctx: CommandContext, exec: ExecutionState): Promise<void> => {
  exec.state = 'ended';
  ctx.clearWaits(exec.id);
  closeActivityHistory(ctx, exec, null);
  const parent = ctx.parentOf(exec);
  if (!parent) return;
  await reconsiderInclusiveJoins(ctx, parent);
  await completeScopeIfDone(ctx, parent, exec.activityId);
};

/** A scope whose last child has ended completes: the instance ends, or the subprocess is left. */
export const completeScopeIfDone = async (
  ctx: CommandContext,
  scope: ExecutionState,
  lastActivityId: string | null,
): Promise<void> => {
  if (scope.state === 'ended') return;
  // children still running or waiting at a join keep the scope open
  if (ctx.childrenOf(scope).length > 0) return;
  const inst = ctx.instanceOf(scope);
  if (scope.id === inst.row.id) {
    await endInstance(ctx, inst, lastActivityId, null);
    return;
  }
  ctx.push({ kind: 'leave', exec: scope });
};
