/**
 * Flowable's `<extensionElements>` content and the implementation attributes shared by service
 * tasks and listeners: `flowable:class`, `flowable:delegateExpression`, `flowable:expression`.
 */

import type { ModdleElement } from 'bpmn-moddle';

import { isExpressionText } from '../expression/index.ts';
import type { BuildContext } from './context.ts';
import {
  bodyOf,
  bool,
  child,
  children,
  dropUndefined,
  ext,
  extensionValues,
  rawText,
  text,
} from './elements.ts';
import type { FieldInjection, Implementation, IOParameter, Listener, MultiInstance } from './types.ts';

/**
 * The delegate named by `class`, `delegateExpression` or `expression` (attributes of a listener,
 * or `flowable:` attributes of a task). Reports more than one; returns undefined for none.
 */
export const readImplementation = (
  element: ModdleElement,
  ownerId: string,
  ctx: BuildContext,
  qualified: boolean,
): Implementation | undefined => {
  const read = (name: string): string | undefined => (qualified ? ext(element, name) : text(element, name));
  const given: Implementation[] = [];
  const className = read('class');
  const delegateExpression = read('delegateExpression');
  const expression = read('expression');
  if (className !== undefined) given.push({ type: 'class', value: className });
  if (delegateExpression !== undefined) given.push({ type: 'delegateExpression', value: delegateExpression });
  if (expression !== undefined) given.push({ type: 'expression', value: expression });
  if (given.length > 1) {
    ctx.problems.about(
      ownerId,
      'only one of flowable:class, flowable:delegateExpression and flowable:expression may be given',
    );
  }
  if (className !== undefined && ctx.delegateNames && !ctx.delegateNames.has(className)) {
    ctx.problems.about(ownerId, `unknown delegate '${className}'`);
  }
  const prefix = qualified ? 'flowable:' : '';
  ctx.checkExpression(ownerId, `${prefix}delegateExpression`, delegateExpression, true);
  ctx.checkExpression(ownerId, `${prefix}expression`, expression, true);
  return given[0];
};

export const readFields = (
  fields: readonly ModdleElement[],
  ownerId: string,
  ctx: BuildContext,
): FieldInjection[] =>
  fields.map((field) => {
    const name = text(field, 'name');
    const stringValue = rawText(field, 'stringValue') ?? rawText(field, 'string');
    const expression = text(field, 'expression');
    if (name === undefined) ctx.problems.about(ownerId, 'a flowable:field needs a name');
    if (stringValue === undefined && expression === undefined) {
      ctx.problems.about(ownerId, `flowable:field '${name ?? ''}' needs a stringValue or an expression`);
    }
    ctx.checkExpression(ownerId, `flowable:field '${name ?? ''}'`, expression, true);
    return {
      name: name ?? '',
      ...(stringValue === undefined ? {} : { stringValue }),
      ...(expression === undefined ? {} : { expression }),
    };
  });

export const EXECUTION_EVENTS = ['start', 'end'] as const;
export const FLOW_EVENTS = ['take'] as const;
// `all` is Flowable's name for every task event; the engine fires such a listener on each
export const TASK_EVENTS = ['create', 'assignment', 'complete', 'delete', 'all'] as const;

export const readListeners = (
  element: ModdleElement,
  type: 'ExecutionListener' | 'TaskListener',
  ownerId: string,
  events: readonly string[],
  ctx: BuildContext,
): Listener[] =>
  extensionValues(element, type).map((listener) => {
    const kind = type === 'TaskListener' ? 'task listener' : 'execution listener';
    // on a sequence flow `take` is the only event, so Flowable lets it be left out
    const event = text(listener, 'event') ?? (events.length === 1 ? events[0] : undefined);
    if (event === undefined) {
      ctx.problems.about(ownerId, `${kind} needs an event (${events.join(', ')})`);
    } else if (!events.includes(event)) {
      ctx.problems.about(ownerId, `${kind} event '${event}' is not one of ${events.join(', ')}`);
    }
    const implementation = readImplementation(listener, ownerId, ctx, false);
    // Flowable's built-in listener types (`script`, `throwSignalEvent`...) carry no delegate
    const builtIn = listener.$attrs.type;
    if (implementation === undefined && builtIn !== undefined) {
      ctx.problems.about(ownerId, `${kind} type '${builtIn}' is not supported`);
    } else if (implementation === undefined) {
      ctx.problems.about(ownerId, `${kind} needs a class, delegateExpression or expression`);
    }
    return {
      event: event ?? '',
      implementation: implementation ?? { type: 'class', value: '' },
      fields: readFields(children(listener, 'fields'), ownerId, ctx),
    };
  });

/** `flowable:failedJobRetryTimeCycle` as an attribute or as an extension element */
export const readRetryCycle = (element: ModdleElement): string | undefined =>
  ext(element, 'failedJobRetryTimeCycle') ??
  extensionValues(element, 'FailedJobRetryTimeCycle')
    .map((value) => text(value, 'body'))
    .find((value) => value !== undefined);

export const readMultiInstance = (
  activity: ModdleElement,
  ownerId: string,
  ctx: BuildContext,
): MultiInstance | undefined => {
  const loop = child(activity, 'loopCharacteristics');
  if (loop === undefined) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.problems.about(ownerId, 'standard loops are not supported; use multiInstanceLoopCharacteristics');
    return undefined;
  }
  const loopCardinality = bodyOf(loop, 'loopCardinality');
  // the standard BPMN form, which Flowable reads too: `<loopDataInputRef>` names the collection
  // (a variable or an expression) and `<inputDataItem name="...">` the element variable
  const collection = ext(loop, 'collection') ?? ctx.refOf(loop, 'loopDataInputRef');
  const elementVariable = ext(loop, 'elementVariable') ?? text(child(loop, 'inputDataItem'), 'name');
  const completionCondition = bodyOf(loop, 'completionCondition');
  if (loopCardinality === undefined && collection === undefined) {
    ctx.problems.about(
      ownerId,
      'multi-instance needs a loopCardinality, a flowable:collection or a loopDataInputRef',
    );
  }
  if (loopCardinality !== undefined && !/^\d+$/.test(loopCardinality)) {
    if (isExpressionText(loopCardinality)) ctx.checkExpression(ownerId, 'loopCardinality', loopCardinality);
    else
      ctx.problems.about(
        ownerId,
        `loopCardinality '${loopCardinality}' is neither a number nor an expression`,
      );
  }
  ctx.checkExpression(ownerId, 'flowable:collection', collection);
  ctx.checkExpression(ownerId, 'completionCondition', completionCondition, true);
  const multiInstance: MultiInstance = { sequential: bool(loop, 'isSequential') ?? false };
  return dropUndefined({
    ...multiInstance,
    loopCardinality,
    collection,
    elementVariable,
    elementIndexVariable: ext(loop, 'elementIndexVariable'),
    completionCondition,
  });
};

export const readIoParameters = (
  activity: ModdleElement,
  type: 'In' | 'Out',
  ownerId: string,
  ctx: BuildContext,
): IOParameter[] =>
  extensionValues(activity, type).map((parameter) => {
    const what = `flowable:${type.toLowerCase()}`;
    const source = text(parameter, 'source');
    const sourceExpression = text(parameter, 'sourceExpression');
    const target = text(parameter, 'target');
    if (target === undefined) ctx.problems.about(ownerId, `${what} needs a target`);
    if (source === undefined && sourceExpression === undefined) {
      ctx.problems.about(ownerId, `${what} needs a source or a sourceExpression`);
    }
    ctx.checkExpression(ownerId, `${what} sourceExpression`, sourceExpression, true);
    return dropUndefined({ source, sourceExpression, target: target ?? '' });
  });
