/**
 * Multi-instance activities. The execution that arrives becomes the body (a scope holding
 * `nrOfInstances`, `nrOfCompletedInstances`, `nrOfActiveInstances`); each instance runs in
 * a child execution with `loopCounter` and the element variable. Parallel instances start
 * together; sequential ones one after the other. The completion condition is checked after
 * each instance; when it holds, the remaining instances are cancelled.
 */
import type { FlowNode } from '../model/types.ts';
import { isExpressionText } from '../expression/index.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { evaluateCondition, evaluateFor } from './conditions.ts';
import { createExecution } from './operations.ts';
import { createBoundaryWaits } from './triggers.ts';
import { cancelExecution } from './cancel.ts';
import { getVariable, setVariableLocal } from './variable-scope.ts';
import { decodeValue } from './variables.ts';
import { ownVariable } from './own-variables.ts';

const localNumber = (exec: ExecutionState, name: string): number =>
  Number(decodeValue(ownVariable(exec.variables, name) ?? { type: 'null', value: 0 }) ?? 0);

const collectionOf = (ctx: CommandContext, exec: ExecutionState, node: FlowNode): unknown[] | undefined => {
  const mi = node.multiInstance!;
  if (!mi.collection) return undefined;
  const value = isExpressionText(mi.collection)
    ? evaluateFor(ctx, exec, mi.collection, node.id)
    : getVariable(ctx, exec, mi.collection);
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.values()];
  throw new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `Multi-instance '${node.id}': collection '${mi.collection}' is not a list (got ${value === null ? 'null' : typeof value})`,
  );
};

const startInstance = (
  ctx: CommandContext,
  root: ExecutionState,
  node: FlowNode,
  index: number,
  items?: unknown[],
): void => {
  const inst = ctx.instanceOf(root);
  const inner = createExecution(ctx, inst, root, node.id);
  inner.isMultiInstanceInner = true;
  const mi = node.multiInstance!;
  setVariableLocal(ctx, inner, mi.elementIndexVariable ?? 'loopCounter', index);
  if (items && mi.elementVariable) setVariableLocal(ctx, inner, mi.elementVariable, items[index] ?? null);
  ctx.push({ kind: 'continue', exec: inner });
};

export const startMultiInstance = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  const mi = node.multiInstance!;
  const items = collectionOf(ctx, exec, node);
  let count: number;
  if (items) count = items.length;
  else {
    const raw = mi.loopCardinality
      ? isExpressionText(mi.loopCardinality)
        ? evaluateFor(ctx, exec, mi.loopCardinality, node.id)
        : mi.loopCardinality
      : null;
    count = Number(raw);
    if (!Number.isInteger(count) || count < 0) {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Multi-instance '${node.id}': loop cardinality '${String(raw)}' is not a whole number`,
      );
    }
  }
  // Each instance is an execution in the instance's document: 10 million of them would take
  // the node's memory long before the command could be refused for any other reason.
  const max = ctx.services.config.maxMultiInstances;
  if (count > max) {
    throw new WeirError(
      'WEIR_TOO_MANY_INSTANCES',
      `Multi-instance '${node.id}' would create ${count} instances, more than the limit of ${max} (weir.multi-instance.max-instances)`,
    );
  }
  exec.isMultiInstanceRoot = true;
  exec.isScope = true;
  setVariableLocal(ctx, exec, 'nrOfInstances', count);
  setVariableLocal(ctx, exec, 'nrOfCompletedInstances', 0);
  setVariableLocal(ctx, exec, 'nrOfActiveInstances', mi.sequential ? Math.min(1, count) : count);
  if (node.boundaryEventIds.length > 0) await createBoundaryWaits(ctx, exec, node);
  if (count === 0) {
    ctx.push({ kind: 'leave', exec });
    return;
  }
  if (mi.sequential) startInstance(ctx, exec, node, 0, items);
  else for (let i = 0; i < count; i++) startInstance(ctx, exec, node, i, items);
};

export const completeMultiInstanceInner = async (
  ctx: CommandContext,
  inner: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  const root = ctx.parentOf(inner)!;
  const mi = node.multiInstance!;
  const total = localNumber(root, 'nrOfInstances');
  const completed = localNumber(root, 'nrOfCompletedInstances') + 1;
  setVariableLocal(ctx, root, 'nrOfCompletedInstances', completed);
  setVariableLocal(
    ctx,
    root,
    'nrOfActiveInstances',
    Math.max(0, localNumber(root, 'nrOfActiveInstances') - 1),
  );
  const done =
    completed >= total ||
    (mi.completionCondition !== undefined && evaluateCondition(ctx, inner, mi.completionCondition, node.id));
  inner.state = 'ended';
  if (done) {
    for (const other of ctx.childrenOf(root)) await cancelExecution(ctx, other, 'completion condition');
    ctx.push({ kind: 'leave', exec: root });
    return;
  }
  if (mi.sequential) {
    setVariableLocal(ctx, root, 'nrOfActiveInstances', 1);
    startInstance(ctx, root, node, completed, collectionOf(ctx, root, node));
  }
};
