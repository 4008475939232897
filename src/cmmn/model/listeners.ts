/**
 * Flowable's CMMN listeners as a file writes them in `<extensionElements>`:
 * `<flowable:planItemLifecycleListener sourceState targetState>` on any plan item definition,
 * `<flowable:caseLifecycleListener sourceState targetState>` on the `<case>`, and
 * `<flowable:taskListener event>` on a human task; each with one of `class`, `expression` or
 * `delegateExpression`, and `<flowable:field>`s for a delegate. What Weir does not run (script
 * listeners, `onTransaction`, unknown events or states) refuses the deployment, naming it.
 */
import { extensionAttribute, fieldsOf, type FieldValue, type FlowableAttributes } from './flowable.ts';
import type { CmmnElement } from './read-xml.ts';

export type ListenerImplementation = 'class' | 'expression' | 'delegateExpression';

export interface CaseListener {
  /** a lifecycle listener's states; null or '' matches any (Flowable's rule) */
  readonly sourceState: string | null;
  readonly targetState: string | null;
  /** a task listener's event: create, assignment, complete, delete (or all) */
  readonly event: string | null;
  readonly implementation: ListenerImplementation;
  readonly value: string;
  readonly fields: ReadonlyMap<string, FieldValue>;
}

/** The states a plan item (Flowable's PlanItemInstanceState) and a case may be in. */
const PLAN_ITEM_STATES = [
  'available',
  'unavailable',
  'enabled',
  'disabled',
  'active',
  'async-active',
  'async-active-leave',
  'failed',
  'suspended',
  'completed',
  'terminated',
  'waiting_for_repetition',
  'closed',
  'wait_repetition',
];
const CASE_STATES = ['active', 'completed', 'terminated', 'suspended', 'closed', 'failed'];
const TASK_EVENTS = ['create', 'assignment', 'complete', 'delete', 'all'];

export const LIFECYCLE_LISTENER = 'planItemLifecycleListener';
export const CASE_LIFECYCLE_LISTENER = 'caseLifecycleListener';
export const TASK_LISTENER = 'taskListener';

export const LISTENER_ELEMENTS: readonly string[] = [
  LIFECYCLE_LISTENER,
  CASE_LIFECYCLE_LISTENER,
  TASK_LISTENER,
];

const read = (
  ext: CmmnElement,
  local: string,
  fl: FlowableAttributes,
  problem: (message: string) => void,
): CaseListener | undefined => {
  const tag = `<flowable:${local}>`;
  const type = extensionAttribute(ext, 'type');
  if (type !== null && type !== 'class' && type !== 'expression' && type !== 'delegateExpression') {
    problem(`${tag} of type '${type}' is not supported by Weir's case engine (script listeners are not run)`);
    return undefined;
  }
  const onTransaction = extensionAttribute(ext, 'onTransaction');
  if (onTransaction !== null && onTransaction !== '')
    problem(
      `${tag} with onTransaction '${onTransaction}' is not supported: listeners run inside the command`,
    );
  const given = (['class', 'expression', 'delegateExpression'] as const).filter(
    (name) => extensionAttribute(ext, name) !== null,
  );
  if (given.length !== 1) {
    problem(
      given.length === 0
        ? `${tag} needs one of class, expression or delegateExpression`
        : `${tag} takes one of class, expression or delegateExpression, not ${given.join(' and ')}`,
    );
    return undefined;
  }
  const children = (ext.$children as CmmnElement[] | undefined) ?? [];
  const fieldElements = children.filter((child) => fl.localName(child.$type) === 'field');
  for (const child of children)
    if (fl.localName(child.$type) !== 'field')
      problem(`${tag} may only hold <flowable:field> elements, not <${child.$type}>`);
  const states = local === CASE_LIFECYCLE_LISTENER ? CASE_STATES : PLAN_ITEM_STATES;
  const state = (name: 'sourceState' | 'targetState'): string | null => {
    const value = extensionAttribute(ext, name);
    if (value === null || value === '') return null;
    if (local === TASK_LISTENER) problem(`${tag} takes an event, not ${name}`);
    else if (!states.includes(value))
      problem(`${tag} ${name} '${value}' is not a state (one of ${states.join(', ')})`);
    return value;
  };
  const event = extensionAttribute(ext, 'event');
  if (local === TASK_LISTENER) {
    if (event === null) problem(`${tag} needs an event (one of ${TASK_EVENTS.join(', ')})`);
    else if (!TASK_EVENTS.includes(event))
      problem(`${tag} event '${event}' is not one of ${TASK_EVENTS.join(', ')}`);
  } else if (event !== null) problem(`${tag} takes sourceState and targetState, not an event`);
  const implementation = given[0];
  return {
    sourceState: state('sourceState'),
    targetState: state('targetState'),
    event,
    implementation,
    value: extensionAttribute(ext, implementation)!,
    fields: fieldsOf(fieldElements, fl, problem),
  };
};

/**
 * The listeners of one kind among an element's extension elements (`local`: which kind).
 * `problem` hears what is wrong with any of them.
 */
export const listenersOf = (
  extensions: readonly CmmnElement[],
  local: string,
  fl: FlowableAttributes,
  problem: (message: string) => void,
): CaseListener[] => {
  const found: CaseListener[] = [];
  for (const ext of extensions) {
    if (fl.localName(ext.$type) !== local) continue;
    const listener = read(ext, local, fl, problem);
    if (listener) found.push(listener);
  }
  return found;
};
