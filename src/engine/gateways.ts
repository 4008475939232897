/**
 * Gateways. Exclusive: the first outgoing flow (document order) whose condition holds, else
 * the default, else an error. Parallel: a join waits for as many arrivals as it has incoming
 * flows, then forks on all outgoing flows. Inclusive: forks on every flow whose condition
 * holds; a join waits only while another path in the scope can still reach it.
 */
import type { GatewayNode, ProcessModel } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { flowConditionHolds } from './conditions.ts';
import { completeActivity, takeFlows } from './operations.ts';
import { closeActivityHistory } from './activity-history.ts';

const noFlow = (node: GatewayNode): WeirError =>
  new WeirError(
    'WEIR_NO_OUTGOING_FLOW',
    `${node.kind} '${node.id}': no outgoing sequence flow has a condition that holds, and there is no default flow`,
  );

const conditionalFlows = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: GatewayNode,
  model: ProcessModel,
  firstOnly: boolean,
): string[] => {
  const taken: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.default) continue;
    const flow = model.flows[flowId];
    if (flowConditionHolds(ctx, exec, flow)) {
      taken.push(flowId);
      if (firstOnly) break;
    }
  }
  if (taken.length === 0 && node.default) taken.push(node.default);
  return taken;
};

export const executeExclusiveGateway = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: GatewayNode,
): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  const flows = conditionalFlows(ctx, exec, node, model, true);
  if (flows.length === 0) throw noFlow(node);
  await completeActivity(ctx, exec, node);
  takeFlows(ctx, exec, flows);
};

/** Merge the executions waiting at a join into `exec`; the others end. */
const mergeAt = (ctx: CommandContext, exec: ExecutionState, arrived: ExecutionState[]): void => {
  for (const other of arrived) {
    if (other === exec) continue;
    closeActivityHistory(ctx, other, null);
    other.state = 'ended';
  }
  exec.state = 'active';
};

export const executeParallelGateway = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: GatewayNode,
): Promise<void> => {
  if (node.incoming.length > 1) {
    exec.state = 'joining';
    const parent = ctx.parentOf(exec)!;
    const waiting = ctx.childrenOf(parent).filter((c) => c.state === 'joining' && c.activityId === node.id);
    if (waiting.length < node.incoming.length) return;
    mergeAt(ctx, exec, [exec, ...waiting.filter((w) => w !== exec).slice(0, node.incoming.length - 1)]);
  }
  await completeActivity(ctx, exec, node);
  takeFlows(ctx, exec, node.outgoing);
};

/** Can an execution at `from` still reach `target` without passing through it? */
const canReach = (model: ProcessModel, from: string, target: string): boolean => {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = model.nodes[id];
    if (!node) continue;
    for (const f of node.outgoing) stack.push(model.flows[f].targetRef);
    for (const b of node.boundaryEventIds) stack.push(b);
    // inside a subprocess, leaving it continues along the subprocess's own flows
    if (node.parentId && node.outgoing.length === 0) stack.push(node.parentId);
  }
  return false;
};

export const executeInclusiveGateway = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: GatewayNode,
): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  if (node.incoming.length > 1) {
    exec.state = 'joining';
    const parent = ctx.parentOf(exec)!;
    const siblings = ctx.childrenOf(parent);
    const pending = siblings.some(
      (c) =>
        c.state === 'active' && c !== exec && c.activityId !== null && canReach(model, c.activityId, node.id),
    );
    if (pending) return;
    mergeAt(
      ctx,
      exec,
      siblings.filter((c) => c.state === 'joining' && c.activityId === node.id),
    );
  }
  const flows = conditionalFlows(ctx, exec, node, model, false);
  if (flows.length === 0) throw noFlow(node);
  await completeActivity(ctx, exec, node);
  takeFlows(ctx, exec, flows);
};

/** After a path ends, an inclusive join that was waiting for it may now be able to fire. */
export const reconsiderInclusiveJoins = async (ctx: CommandContext, scope: ExecutionState): Promise<void> => {
  const { model } = ctx.instanceOf(scope);
  for (const w of ctx.childrenOf(scope)) {
    if (w.state !== 'joining') continue;
    const node = model.nodes[w.activityId!];
    if (node.kind === 'inclusiveGateway') {
      await executeInclusiveGateway(ctx, w, node);
      return;
    }
  }
};
