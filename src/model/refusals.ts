/**
 * Flowable attributes and extension elements that change how a model runs and that Weir does not
 * implement. Reading past them would run the model differently from Flowable, so each is refused
 * at deployment, naming the element, the attribute and the line. An attribute holding the value
 * that means "as usual" (`false`, `key` for the called element type, `full` history) is accepted.
 */

import type { ModdleElement } from 'bpmn-moddle';

import type { BuildContext } from './context.ts';
import { child, children, extensionValues, localName, text } from './elements.ts';

interface Unsupported {
  /** the values that change nothing (an empty value always does); any other value is refused */
  readonly harmless: string | readonly string[];
  readonly what: string;
}

const ATTRIBUTES: ReadonlyMap<string, Unsupported> = new Map([
  ['terminateMultiInstance', { harmless: 'false', what: 'ending only the multi-instance' }],
  ['taskIdVariableName', { harmless: '', what: 'storing the task id in a variable' }],
  ['useLocalScopeForResultVariable', { harmless: 'false', what: 'local result variables' }],
  ['storeResultVariableAsTransient', { harmless: 'false', what: 'transient result variables' }],
  ['calledElementType', { harmless: 'key', what: 'calling a process by id' }],
  // a user task's due date is resolved by Flowable's `dueDate` calendar unless another is named
  ['businessCalendarName', { harmless: 'dueDate', what: 'business calendars' }],
  ['completeAsync', { harmless: 'false', what: 'completing the call activity asynchronously' }],
]);

/** the calendar Flowable uses for each kind of timer when none is named */
const DEFAULT_TIMER_CALENDARS: readonly (readonly [string, string])[] = [
  ['timeDate', 'dueDate'],
  ['timeCycle', 'cycle'],
  ['timeDuration', 'duration'],
];

const timerAttributes = (definition: ModdleElement): ReadonlyMap<string, Unsupported> => {
  const calendar = DEFAULT_TIMER_CALENDARS.find(([property]) => child(definition, property))?.[1] ?? '';
  return new Map([['businessCalendarName', { harmless: calendar, what: 'business calendars' }]]);
};

/** a message throw or end event with a delegate: Flowable calls it to send the message */
const MESSAGE_THROW_ATTRIBUTES: ReadonlyMap<string, Unsupported> = new Map([
  ['class', { harmless: '', what: 'a delegate that sends the message' }],
  ['delegateExpression', { harmless: '', what: 'a delegate that sends the message' }],
]);
const MESSAGE_THROWERS: readonly string[] = ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent'];

const MULTI_INSTANCE_ATTRIBUTES: ReadonlyMap<string, Unsupported> = new Map([
  ['noWaitStatesAsyncLeave', { harmless: 'false', what: 'leaving the multi-instance in a job' }],
]);

const LISTENER_ATTRIBUTES: ReadonlyMap<string, Unsupported> = new Map([
  ['onTransaction', { harmless: '', what: 'listeners run at a transaction boundary' }],
]);

/**
 * `<flowable:...>` extension elements that change behaviour, with what they do, by where Flowable
 * reads them (elsewhere Flowable ignores them, and so does Weir)
 */
const NODE_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['MapException', 'mapping exceptions to BPMN errors'],
  ['JobCategory', 'job categories'],
]);
const LOOP_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['VariableAggregation', 'aggregating multi-instance variables'],
]);
const PROCESS_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['EventListener', 'process-level event listeners'],
]);

/** `<flowable:historyLevel>`: only Weir's own level, full history, is accepted */
const HARMLESS_HISTORY_LEVEL = 'full';

const checkAttributes = (
  element: ModdleElement,
  reportId: string,
  table: ReadonlyMap<string, Unsupported>,
  ctx: BuildContext,
  qualified = true,
): void => {
  const attributes: Record<string, string | undefined> = element.$attrs ?? {};
  for (const [name, { harmless, what }] of table) {
    const written = qualified ? `flowable:${name}` : name;
    const value = qualified ? (attributes[written] ?? attributes[`activiti:${name}`]) : attributes[name];
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '' && !([] as string[]).concat(harmless).includes(trimmed)) {
      ctx.problems.about(reportId, `${written}="${value}" (${what}) is not supported`);
    }
  }
};

const checkExtensionElements = (
  element: ModdleElement,
  reportId: string,
  types: ReadonlyMap<string, string>,
  ctx: BuildContext,
): void => {
  for (const [type, what] of types) {
    if (extensionValues(element, type).length > 0) {
      ctx.problems.about(reportId, `<flowable:${localName(`:${type}`)}> (${what}) is not supported`);
    }
  }
  for (const type of ['ExecutionListener', 'TaskListener']) {
    for (const listener of extensionValues(element, type)) {
      // listener attributes are written without a prefix, as `event` and `class` are
      checkAttributes(listener, reportId, LISTENER_ATTRIBUTES, ctx, false);
    }
  }
};

/** A flow node, its event definitions and its multi-instance characteristics. */
export const checkFlowNode = (element: ModdleElement, id: string, ctx: BuildContext): void => {
  checkAttributes(element, id, ATTRIBUTES, ctx);
  checkExtensionElements(element, id, NODE_ELEMENTS, ctx);
  for (const definition of children(element, 'eventDefinitions')) {
    if (definition.$type === 'bpmn:TimerEventDefinition') {
      checkAttributes(definition, id, timerAttributes(definition), ctx);
    }
    if (definition.$type === 'bpmn:MessageEventDefinition' && MESSAGE_THROWERS.includes(element.$type)) {
      checkAttributes(definition, id, MESSAGE_THROW_ATTRIBUTES, ctx);
    }
  }
  const loop = child(element, 'loopCharacteristics');
  if (loop !== undefined) {
    checkAttributes(loop, id, MULTI_INSTANCE_ATTRIBUTES, ctx);
    checkExtensionElements(loop, id, LOOP_ELEMENTS, ctx);
  }
  if (
    children(element, 'dataInputAssociations').length + children(element, 'dataOutputAssociations').length >
    0
  ) {
    ctx.problems.about(
      id,
      'dataInputAssociation and dataOutputAssociation are not supported (use flowable:in and flowable:out on call activities)',
    );
  }
};

/** The `<process>` element itself. */
export const checkProcess = (process: ModdleElement, id: string, ctx: BuildContext): void => {
  checkExtensionElements(process, id, PROCESS_ELEMENTS, ctx);
  for (const level of extensionValues(process, 'HistoryLevel')) {
    const value = text(level, 'body') ?? '';
    if (value !== HARMLESS_HISTORY_LEVEL) {
      ctx.problems.about(
        id,
        `<flowable:historyLevel>${value}</flowable:historyLevel> is not supported (Weir keeps full history; only 'full' is accepted)`,
      );
    }
  }
};

/** A sequence flow: its `take` listeners. */
export const checkFlow = (flow: ModdleElement, id: string, ctx: BuildContext): void => {
  checkExtensionElements(flow, id, new Map(), ctx);
};
