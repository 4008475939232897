/**
 * `trigger` on a waiting execution (Flowable's `runtimeService.trigger`): what the element it
 * waits in does with the trigger. A receive task or catch event continues; a conditional catch
 * event continues only when its condition holds; a triggerable service task first hands the
 * trigger to its delegate's `trigger` method, when the delegate has one.
 */
import type { FlowNode, ServiceTaskNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { catchingBpmnErrors } from './behaviors.ts';
import { conditionHolds, conditionOf } from './conditional-events.ts';
import { executionFacade } from './facades.ts';
import { invokeDelegate, resolveDelegate } from './invoke.ts';

const TRIGGERABLE_KINDS: ReadonlySet<FlowNode['kind']> = new Set([
  'receiveTask',
  'intermediateCatchEvent',
  'serviceTask',
]);

export const triggerExecution = async (ctx: CommandContext, exec: ExecutionState): Promise<void> => {
  const { model } = ctx.instanceOf(exec);
  const node = exec.activityId ? model.nodes[exec.activityId] : undefined;
  if (!node || !TRIGGERABLE_KINDS.has(node.kind) || exec.waitingForJob) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Execution '${exec.id}' is not waiting in a receive task, catch event or triggerable service task (it is at '${exec.activityId}')`,
    );
  }
  const condition = conditionOf(node);
  if (condition !== undefined && !conditionHolds(ctx, exec, node, condition)) return;
  if (node.kind === 'serviceTask') {
    await triggerServiceTask(ctx, exec, node);
    return;
  }
  ctx.push({ kind: 'leave', exec });
};

const triggerServiceTask = (ctx: CommandContext, exec: ExecutionState, node: ServiceTaskNode) =>
  catchingBpmnErrors(ctx, exec, async () => {
    const impl = node.implementation;
    if (node.triggerable && (impl?.type === 'class' || impl?.type === 'delegateExpression')) {
      const delegate = resolveDelegate(ctx, exec, impl, node.id);
      if (delegate !== undefined && typeof delegate === 'object' && typeof delegate.trigger === 'function') {
        await invokeDelegate(
          delegate,
          'trigger',
          executionFacade(ctx, exec),
          node.id,
          node.fields,
          ctx,
          exec,
        );
      }
    }
    if (exec.state === 'active') ctx.push({ kind: 'leave', exec });
  });
