/** What each kind of flow node does when an execution arrives at it. */
import type {
  EndEventNode,
  FlowNode,
  IntermediateThrowEventNode,
  ScriptTaskNode,
  ServiceTaskNode,
} from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { isBpmnError } from './bpmn-error.ts';
import { evaluateTypedFor } from './conditions.ts';
import { executionFacade } from './facades.ts';
import { invokeDelegate, resolveDelegate } from './invoke.ts';
import { createUserTask } from './user-task.ts';
import { createWait, eventNameOf } from './waits.ts';
import { createEventSubprocessWaits } from './triggers.ts';
import { startCallActivity } from './call-activity.ts';
import { completeActivity, createExecution, enterActivity, completeScopeIfDone } from './operations.ts';
import { executeExclusiveGateway, executeInclusiveGateway, executeParallelGateway } from './gateways.ts';
import { cancelChildren } from './cancel.ts';
import { endInstance } from './instance-end.ts';
import { throwBpmnError, throwEscalation } from './propagation.ts';
import { runScriptTask } from './script-task.ts';
import { runHttpTask } from './http-task.ts';
import { runMailTask } from './mail-task.ts';
import { runDecisionTask } from './decision-task.ts';
import { newJob } from './jobs.ts';
import { setVariable, writeVariable } from './variable-scope.ts';
import { compensate } from './compensation.ts';

const leave = (ctx: CommandContext, exec: ExecutionState): void => ctx.push({ kind: 'leave', exec });

/** Run a piece of user code; a BPMN error it throws is propagated instead of failing the command. */
export const catchingBpmnErrors = async (
  ctx: CommandContext,
  exec: ExecutionState,
  work: () => Promise<void>,
): Promise<void> => {
  try {
    await work();
  } catch (error) {
    if (!isBpmnError(error)) throw error;
    await throwBpmnError(ctx, exec, error.errorCode, error.message);
  }
};

const executeServiceTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ServiceTaskNode,
): Promise<void> => {
  const impl = node.implementation;
  if (!impl) return leave(ctx, exec);
  if (impl.type === 'external-worker') {
    ctx.addJob(newJob(ctx, exec, node, 'external-worker', 'external', { topic: impl.value, dueAt: ctx.now }));
    return;
  }
  await catchingBpmnErrors(ctx, exec, async () => {
    if (impl.type === 'http') {
      await runHttpTask(ctx, exec, node);
    } else if (impl.type === 'mail') {
      await runMailTask(ctx, exec, node);
    } else if (impl.type === 'dmn') {
      await runDecisionTask(ctx, exec, node);
    } else if (impl.type === 'expression') {
      const { value, type } = evaluateTypedFor(ctx, exec, impl.value, node.id);
      if (node.resultVariable)
        setVariable(ctx, exec, node.resultVariable, value instanceof Promise ? await value : value, type);
      else if (value instanceof Promise) await value;
    } else {
      const delegate = resolveDelegate(ctx, exec, impl, node.id);
      if (delegate === undefined) {
        throw new WeirError(
          'WEIR_DELEGATE_FAILED',
          `Service task '${node.id}': no delegate '${impl.value}' is registered`,
        );
      }
      await invokeDelegate(delegate, 'execute', executionFacade(ctx, exec), node.id, node.fields, ctx, exec);
    }
    // a triggerable task has done its work and now waits: `trigger` on its execution moves it on
    if (!node.triggerable) leave(ctx, exec);
  });
};

const executeScriptTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ScriptTaskNode,
): Promise<void> =>
  catchingBpmnErrors(ctx, exec, async () => {
    await runScriptTask(ctx, exec, node);
    leave(ctx, exec);
  });

const throwSignal = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
  signalName: string,
  scope: string,
): void => {
  ctx.pendingSignals.push({
    name: eventNameOf(ctx, exec, signalName, node.id),
    fromInstanceId: ctx.instanceOf(exec).row.id,
    scope,
    tenantId: ctx.instanceOf(exec).row.tenantId,
  });
};

const executeThrowEvent = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: IntermediateThrowEventNode,
): Promise<void> => {
  const def = node.eventDefinition;
  if (!def) return leave(ctx, exec);
  switch (def.type) {
    case 'signal':
      throwSignal(ctx, exec, node, def.signalName, def.scope);
      return leave(ctx, exec);
    case 'escalation':
      await throwEscalation(ctx, exec, def.escalationCode ?? '');
      if (exec.state !== 'ended') leave(ctx, exec);
      return;
    case 'compensate':
      await compensate(ctx, exec, def.activityRef);
      return leave(ctx, exec);
    case 'link': {
      const { model } = ctx.instanceOf(exec);
      const target = Object.values(model.nodes).find(
        (n) =>
          n.kind === 'intermediateCatchEvent' &&
          n.eventDefinition.type === 'link' &&
          n.eventDefinition.name === def.name &&
          n.parentId === node.parentId,
      );
      if (!target)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Link event '${node.id}': no catching link event named '${def.name}'`,
        );
      await completeActivity(ctx, exec, node);
      exec.activityId = target.id;
      ctx.push({ kind: 'continue', exec });
      return;
    }
    default:
      return leave(ctx, exec);
  }
};

const executeEndEvent = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: EndEventNode,
): Promise<void> => {
  const def = node.eventDefinition;
  if (def?.type === 'error') {
    await throwBpmnError(ctx, exec, def.errorCode ?? def.errorRef ?? '');
    return;
  }
  if (def?.type === 'terminate') {
    const inst = ctx.instanceOf(exec);
    await completeActivity(ctx, exec, node);
    let scope = ctx.parentOf(exec)!;
    if (def.terminateAll) {
      const rootInst = ctx.instances.get(inst.row.rootId) ?? inst;
      scope = ctx.rootExecution(rootInst);
    }
    // Flowable's delete reason for what a terminate end event cuts short, the instance included
    const reason = `terminate end event (${node.id})`;
    await cancelChildren(ctx, scope, reason);
    const scopeInst = ctx.instanceOf(scope);
    if (scope.id === scopeInst.row.id) await endInstance(ctx, scopeInst, node.id, reason);
    else await completeScopeIfDone(ctx, scope, node.id);
    return;
  }
  if (def?.type === 'signal') throwSignal(ctx, exec, node, def.signalName, def.scope);
  if (def?.type === 'escalation') {
    await throwEscalation(ctx, exec, def.escalationCode ?? '');
    if (exec.state === 'ended') return;
  }
  if (def?.type === 'compensate') await compensate(ctx, exec, def.activityRef);
  await completeActivity(ctx, exec, node);
  ctx.push({ kind: 'end', exec });
};

export const executeNode = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
): Promise<void> => {
  switch (node.kind) {
    case 'startEvent':
    case 'task':
    case 'manualTask':
    case 'boundaryEvent':
      return leave(ctx, exec);
    case 'endEvent':
      return executeEndEvent(ctx, exec, node);
    case 'userTask':
      await createUserTask(ctx, exec, node);
      return;
    case 'serviceTask':
    case 'sendTask':
      return executeServiceTask(ctx, exec, node);
    case 'scriptTask':
      return executeScriptTask(ctx, exec, node);
    case 'receiveTask':
      // waits for a trigger only: as in Flowable's ReceiveTaskActivityBehavior, a messageRef on
      // the task subscribes to nothing (after an event-based gateway, see gateways.ts)
      return;
    case 'businessRuleTask':
      return catchingBpmnErrors(ctx, exec, async () => {
        await runDecisionTask(ctx, exec, node);
        leave(ctx, exec);
      });
    case 'exclusiveGateway':
      return executeExclusiveGateway(ctx, exec, node);
    case 'parallelGateway':
      return executeParallelGateway(ctx, exec, node);
    case 'inclusiveGateway':
      return executeInclusiveGateway(ctx, exec, node);
    case 'eventBasedGateway':
      // as in Flowable, the gateway is left at once by every outgoing flow: an execution waits
      // at each event after it, and the first to fire cancels the others (triggers.ts)
      return leave(ctx, exec);
    case 'intermediateCatchEvent':
      // a conditional catch waits even when its condition already holds, as in Flowable: it is
      // evaluated only by evaluateConditionalEvents or a trigger of its execution
      if (node.eventDefinition.type === 'link') return leave(ctx, exec);
      createWait(ctx, exec, node, node.eventDefinition, 'timer-catch');
      return;
    case 'intermediateThrowEvent':
      return executeThrowEvent(ctx, exec, node);
    case 'subProcess': {
      const inst = ctx.instanceOf(exec);
      exec.isScope = true;
      // its data objects are local variables of the subprocess, as in Flowable
      for (const { name, type, value } of node.dataObjects) writeVariable(ctx, exec, name, value, type);
      createEventSubprocessWaits(ctx, exec, node.eventSubProcessIds);
      if (!node.startEventId)
        throw new WeirError('WEIR_INTERNAL', `Subprocess '${node.id}' has no start event`);
      const child = createExecution(ctx, inst, exec, node.startEventId);
      await enterActivity(ctx, child, inst.model.nodes[node.startEventId]);
      leave(ctx, child);
      return;
    }
    case 'callActivity':
      return startCallActivity(ctx, exec, node);
  }
};
