/**
 * Flowable's CMMN listeners at run time: a plan item's lifecycle listeners hear each change of
 * its state, the case's hear the case start and end, a human task's task listeners hear its
 * create, assignment, complete and delete events. A transition happens in synchronous code,
 * so the call is queued on the command's case scope and the sentry agenda runs it first, before
 * it delivers the transition to any sentry: the listener sees the plan item in its new state,
 * and what it changes (a variable an if-part reads) is there when the sentries are evaluated,
 * as in Flowable, where the listener runs inside the state change. A listener that throws fails
 * the command, so nothing of it is written.
 */
import { WeirError, isWeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import type { TaskRow } from '../../engine/runtime-types.ts';
import type { CaseListener } from '../model/listeners.ts';
import { caseScope } from './case-context.ts';
import { evaluateInCase } from './case-expressions.ts';
import { caseFacade, forExpressions, setCaseVariable } from './case-variables.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';

export interface ListenerCall {
  readonly run: () => Promise<void>;
}

/**
 * A facade for expressions and delegates: the case's own, plus the plan item's or task's
 * getters. Its variables are the case's (Weir keeps no plan item or task locals here), so
 * `setVariable` sets a case variable, as Flowable's scopes do when no local one exists.
 */
const exposed = <T extends Record<string, unknown>>(ctx: CommandContext, c: LoadedCase, facade: T): T =>
  forExpressions(facade, (name, value, type) => setCaseVariable(ctx, c, name, value, type));

/** Flowable's rule: an empty source or target state matches any. */
const matches = (listener: CaseListener, from: string | null, to: string): boolean =>
  (listener.sourceState === null || listener.sourceState === from) &&
  (listener.targetState === null || listener.targetState === to);

const planItemFacade = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance) =>
  exposed(ctx, c, {
    ...caseFacade(ctx, c),
    id: item.id,
    getId: () => item.id,
    caseInstanceId: c.row.id,
    getCaseInstanceId: () => c.row.id,
    elementId: item.elementId,
    getElementId: () => item.elementId,
    planItemDefinitionId: c.model.planItems[item.elementId]?.definitionId ?? null,
    getPlanItemDefinitionId: () => c.model.planItems[item.elementId]?.definitionId ?? null,
    name: item.name,
    getName: () => item.name,
    state: item.state,
    getState: () => item.state,
    stageInstanceId: item.stageInstanceId,
    getStageInstanceId: () => item.stageInstanceId,
  });

const taskFacade = (ctx: CommandContext, c: LoadedCase, task: TaskRow, event: string) =>
  exposed(ctx, c, {
    ...caseFacade(ctx, c),
    id: task.id,
    getId: () => task.id,
    name: task.name,
    getName: () => task.name,
    assignee: task.assignee,
    getAssignee: () => task.assignee,
    owner: task.owner,
    getOwner: () => task.owner,
    taskDefinitionKey: task.taskDefinitionKey,
    getTaskDefinitionKey: () => task.taskDefinitionKey,
    eventName: event,
    getEventName: () => event,
    scopeId: c.row.id,
    getScopeId: () => c.row.id,
    subScopeId: task.subScopeId,
    getSubScopeId: () => task.subScopeId,
    scopeType: 'cmmn',
    getScopeType: () => 'cmmn',
  });

const fieldsFor = (
  ctx: CommandContext,
  c: LoadedCase,
  listener: CaseListener,
  where: string,
  item?: PlanItemInstance,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of listener.fields)
    out[name] =
      value.expression !== null ? evaluateInCase(ctx, c, value.expression, where, {}, item) : value.string;
  return out;
};

/** The delegate a class or delegate expression names (class: full name, then simple name). */
const delegateOf = (
  ctx: CommandContext,
  c: LoadedCase,
  listener: CaseListener,
  where: string,
  names: Record<string, unknown>,
  item?: PlanItemInstance,
): unknown => {
  if (listener.implementation === 'class') {
    const simple = listener.value.slice(listener.value.lastIndexOf('.') + 1);
    return ctx.services.delegates.get(listener.value) ?? ctx.services.delegates.get(simple);
  }
  return evaluateInCase(ctx, c, listener.value, where, names, item);
};

/**
 * Run one listener: an expression is evaluated (with `names` beside the case's variables); a
 * delegate is called as a function `(target, fields)`, or its `method` (`stateChanged` for
 * lifecycle listeners, with the old and new state, `notify` for task listeners) is called.
 */
const runOne = async (
  ctx: CommandContext,
  c: LoadedCase,
  listener: CaseListener,
  where: string,
  call: { target: unknown; names: Record<string, unknown>; method: string; args: unknown[] },
  item?: PlanItemInstance,
): Promise<void> => {
  if (listener.implementation === 'expression') {
    evaluateInCase(ctx, c, listener.value, where, call.names, item);
    return;
  }
  const delegate = delegateOf(ctx, c, listener, where, call.names, item);
  const fields = fieldsFor(ctx, c, listener, where, item);
  const methods = delegate as Record<string, unknown> | null | undefined;
  const method = [call.method, 'notify'].find((name) => typeof methods?.[name] === 'function');
  if (typeof delegate === 'function' || method !== undefined) {
    try {
      if (typeof delegate === 'function')
        await (delegate as (target: unknown, fields: unknown) => unknown)(call.target, fields);
      else
        await (methods![method!] as (...args: unknown[]) => unknown).call(
          delegate,
          ...(method === call.method ? call.args : [call.target, fields]),
        );
    } catch (error) {
      // as the process engine's delegates: the command fails with the delegate's message
      if (isWeirError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new WeirError('WEIR_DELEGATE_FAILED', `Listener on '${where}': delegate failed: ${message}`, {
        cause: error,
      });
    }
    return;
  }
  throw new WeirError(
    'WEIR_DELEGATE_FAILED',
    `Listener on '${where}': ${listener.implementation} '${listener.value}' names no delegate with ${call.method}() or notify()`,
  );
};

const queue = (ctx: CommandContext, run: () => Promise<void>): void => {
  caseScope(ctx).listenerCalls.push({ run });
};

/** A plan item went from `from` to `to`: queue the lifecycle listeners that listen for it. */
export const queueLifecycleListeners = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  from: string | null,
  to: string,
): void => {
  const planItem = c.model.planItems[item.elementId];
  for (const listener of planItem?.lifecycleListeners ?? []) {
    if (!matches(listener, from, to)) continue;
    queue(ctx, () => {
      const target = planItemFacade(ctx, c, item);
      return runOne(
        ctx,
        c,
        listener,
        planItem.definitionId,
        {
          target,
          names: { planItemInstance: target, oldState: from, newState: to },
          method: 'stateChanged',
          args: [target, from, to],
        },
        item,
      );
    });
  }
};

/** The case went from `from` (null at its start) to `to`. */
export const queueCaseListeners = (
  ctx: CommandContext,
  c: LoadedCase,
  from: string | null,
  to: string,
): void => {
  for (const listener of c.model.lifecycleListeners) {
    if (!matches(listener, from, to)) continue;
    queue(ctx, () => {
      const target = caseFacade(ctx, c);
      return runOne(ctx, c, listener, c.model.key, {
        target,
        names: { oldState: from, newState: to },
        method: 'stateChanged',
        args: [target, from, to],
      });
    });
  }
};

export type TaskEvent = 'create' | 'assignment' | 'complete' | 'delete';

/** A human task's event: queue its task listeners for it (and those for `all`). */
export const queueTaskListeners = (
  ctx: CommandContext,
  c: LoadedCase,
  task: TaskRow,
  event: TaskEvent,
): void => {
  const item = c.row.document.items.find((i) => i.id === task.subScopeId);
  const planItem = item ? c.model.planItems[item.elementId] : undefined;
  const def = planItem?.definition;
  if (!item || !planItem || def?.kind !== 'humanTask') return;
  for (const listener of def.taskListeners) {
    if (listener.event !== event && listener.event !== 'all') continue;
    queue(ctx, () => {
      const target = taskFacade(ctx, c, task, event);
      return runOne(
        ctx,
        c,
        listener,
        planItem.definitionId,
        {
          target,
          names: { task: target, planItemInstance: planItemFacade(ctx, c, item) },
          method: 'notify',
          args: [target, fieldsFor(ctx, c, listener, planItem.definitionId, item)],
        },
        item,
      );
    });
  }
};

/** Run the queued listener calls in order (a call may queue more); true when any ran. */
export const runListenerCalls = async (ctx: CommandContext): Promise<boolean> => {
  const calls = caseScope(ctx).listenerCalls;
  let ran = false;
  for (let call = calls.shift(); call; call = calls.shift()) {
    await call.run();
    ran = true;
  }
  return ran;
};
