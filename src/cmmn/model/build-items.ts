/**
 * Plan item definitions (human, process, case, decision and service tasks, milestones, event
 * listeners) from moddle elements into the model's nodes. Stages are built in build-case.ts,
 * which walks the plan. Every problem names the element; the caller adds its line.
 */
import type { CmmnElement } from './read-xml.ts';
import { extensionAttribute, extensionValues, fieldsOf, type FlowableAttributes } from './flowable.ts';
import { LIFECYCLE_LISTENER, listenersOf, TASK_LISTENER } from './listeners.ts';
import {
  STANDARD_EVENTS,
  type PlanItemDefinition,
  type StandardEvent,
  type TaskCommon,
  type TimerListenerDef,
  type VariableMapping,
} from './types.ts';

export interface ItemContext {
  readonly flowable: FlowableAttributes;
  readonly problem: (elementId: string | undefined, message: string) => void;
  /** `<process id externalRef>` and the like, by id: a ref naming one resolves to its externalRef */
  readonly externalRefs: ReadonlyMap<string, string>;
}

const TASK_ATTRIBUTES = ['async', 'exclusive', 'isBlockingExpression'];

const HUMAN_TASK_ATTRIBUTES = [
  ...TASK_ATTRIBUTES,
  'assignee',
  'owner',
  'candidateUsers',
  'candidateGroups',
  'formKey',
  'dueDate',
  'priority',
  'category',
];

const CALL_ATTRIBUTES = [...TASK_ATTRIBUTES, 'sameDeployment', 'fallbackToDefaultTenant'];

const SERVICE_ATTRIBUTES = [
  ...TASK_ATTRIBUTES,
  'type',
  'class',
  'expression',
  'delegateExpression',
  'resultVariableName',
  'resultVariable',
  'topic',
];

const DECISION_ATTRIBUTES = [...TASK_ATTRIBUTES, 'fallbackToDefaultTenant', 'sameDeployment'];

/** The `<flowable:field>`s Flowable's DecisionTaskActivityBehavior reads. */
const DECISION_FIELDS = ['decisionTaskThrowErrorOnNoHits', 'fallbackToDefaultTenant', 'sameDeployment'];

const expressionBody = (value: unknown): string | null => {
  const body = (value as { body?: unknown } | undefined)?.body;
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : null;
};

const truthy = (value: string | undefined): boolean => value === 'true';

/** An ISO 8601 repetition (`R3/PT1H`, `R/...`) or a cron expression (six or seven fields). */
export const isTimerCycle = (text: string): boolean =>
  text.trim().startsWith('R') || text.trim().split(/\s+/).length >= 6;

const taskCommon = (el: CmmnElement, fl: FlowableAttributes): TaskCommon => ({
  blocking: el.isBlocking !== false,
  blockingExpression: fl.get(el, 'isBlockingExpression') ?? null,
  // as Flowable reads them: `true` in any case; a case's task is not exclusive unless it says so
  async: fl.get(el, 'async')?.toLowerCase() === 'true',
  exclusive: fl.get(el, 'exclusive')?.toLowerCase() === 'true',
});

/**
 * The extension elements Flowable's CMMN converter reads into its model, so that its engine
 * runs them (CmmnXmlConstants' ELEMENT_ names). Any other element, in Flowable's namespace or
 * not (Flowable Design's `flowable:work-form-field-validation`, `design:stencilid`...), is kept
 * by Flowable as metadata and never run: Weir leaves it alone too.
 */
const FLOWABLE_RUNS = new Set([
  'taskListener',
  'planItemLifecycleListener',
  'caseLifecycleListener',
  'script',
  'field',
  'string',
  'expression',
  'in',
  'out',
  'httpRequestHandler',
  'httpResponseHandler',
  'completionNeutralRule',
  'parentCompletionRule',
  'reactivationRule',
  'defaultReactivationRule',
  'eventType',
  'eventCorrelationParameter',
  'eventInParameter',
  'eventOutParameter',
  'variableAggregation',
  'externalWorkerInParameter',
  'externalWorkerOutParameter',
]);

/**
 * An element's Flowable extension elements other than those read elsewhere (`handled`; a
 * plan item lifecycle listener is read for every definition); one Flowable runs that is not
 * in `allowed` is refused, since Weir would not run it. Metadata (see FLOWABLE_RUNS) is left
 * alone, as Flowable leaves it.
 */
export const flowableExtensions = (
  el: CmmnElement,
  ctx: ItemContext,
  allowed: readonly string[],
  handled: readonly string[] = [],
): { local: string; ext: CmmnElement }[] => {
  const kept: { local: string; ext: CmmnElement }[] = [];
  for (const ext of extensionValues(el)) {
    const local = ctx.flowable.localName(ext.$type);
    if (local === undefined && ext.$type.includes(':') && !ext.$type.startsWith('cmmn:')) continue;
    if (local !== undefined && !FLOWABLE_RUNS.has(local)) continue;
    if (local === LIFECYCLE_LISTENER || (local !== undefined && handled.includes(local))) continue;
    if (local === undefined || !allowed.includes(local)) {
      ctx.problem(el.id, `extension element <${ext.$type}> is not supported by Weir's case engine`);
      continue;
    }
    kept.push({ local, ext });
  }
  return kept;
};

/** flowable:in / flowable:out; any other extension element is refused. */
const mappings = (
  el: CmmnElement,
  ctx: ItemContext,
  allowed: readonly string[],
  handled: readonly string[] = [],
) => {
  const inParameters: VariableMapping[] = [];
  const outParameters: VariableMapping[] = [];
  for (const { local, ext } of flowableExtensions(el, ctx, allowed, handled)) {
    const mapping: VariableMapping = {
      source: extensionAttribute(ext, 'source'),
      sourceExpression: extensionAttribute(ext, 'sourceExpression'),
      target: extensionAttribute(ext, 'target'),
      targetExpression: extensionAttribute(ext, 'targetExpression'),
    };
    if (mapping.source === null && mapping.sourceExpression === null)
      ctx.problem(el.id, `<${ext.$type}> needs a source or sourceExpression attribute`);
    if (mapping.target === null && mapping.targetExpression === null)
      ctx.problem(el.id, `<${ext.$type}> needs a target attribute`);
    (local === 'in' ? inParameters : outParameters).push(mapping);
  }
  return { inParameters, outParameters };
};

/** A reference naming a `<process>`/`<case>`/`<decision>` of the file resolves to its externalRef. */
const reference = (ctx: ItemContext, ref: unknown, expression: unknown): string | null => {
  const raw = typeof ref === 'string' && ref.trim() !== '' ? ref.trim() : expressionBody(expression);
  if (raw === null) return null;
  return ctx.externalRefs.get(raw) ?? raw;
};

const refuseUnknown = (el: CmmnElement, ctx: ItemContext, allowed: readonly string[]): void => {
  for (const name of ctx.flowable.unknown(el, allowed))
    ctx.problem(el.id, `attribute '${name}' is not supported by Weir's case engine`);
};

const humanTask = (el: CmmnElement, ctx: ItemContext): PlanItemDefinition => {
  const fl = ctx.flowable;
  refuseUnknown(el, ctx, HUMAN_TASK_ATTRIBUTES);
  if (el.planningTable) ctx.problem(el.id, 'planning tables (discretionary items) are not supported');
  mappings(el, ctx, [], [TASK_LISTENER]);
  return {
    kind: 'humanTask',
    ...taskCommon(el, fl),
    assignee: fl.get(el, 'assignee') ?? null,
    owner: fl.get(el, 'owner') ?? null,
    candidateUsers: fl.get(el, 'candidateUsers') ?? null,
    candidateGroups: fl.get(el, 'candidateGroups') ?? null,
    formKey: fl.get(el, 'formKey') ?? null,
    dueDate: fl.get(el, 'dueDate') ?? null,
    priority: fl.get(el, 'priority') ?? null,
    category: fl.get(el, 'category') ?? null,
    documentation: documentationOf(el),
    taskListeners: listenersOf(extensionValues(el), TASK_LISTENER, fl, (message) =>
      ctx.problem(el.id, message),
    ),
  };
};

export const documentationOf = (el: CmmnElement): string | null => {
  const docs = el.documentation as { text?: string }[] | undefined;
  const text = docs
    ?.map((d) => d.text ?? '')
    .join('\n')
    .trim();
  return text ? text : null;
};

const callTask = (
  el: CmmnElement,
  ctx: ItemContext,
  kind: 'processTask' | 'caseTask',
): PlanItemDefinition => {
  const fl = ctx.flowable;
  refuseUnknown(el, ctx, CALL_ATTRIBUTES);
  const ref =
    kind === 'processTask'
      ? reference(ctx, el.processRef, el.processRefExpression)
      : reference(ctx, el.caseRef, el.caseRefExpression);
  const attribute = kind === 'processTask' ? 'processRef' : 'caseRef';
  if (ref === null) ctx.problem(el.id, `a ${kind} needs a ${attribute} (or ${attribute}Expression)`);
  if ((el.parameterMapping as unknown[] | undefined)?.length)
    ctx.problem(el.id, 'CMMN parameterMapping is not supported: use flowable:in and flowable:out');
  const common = {
    ...taskCommon(el, fl),
    ...mappings(el, ctx, ['in', 'out']),
    sameDeployment: truthy(fl.get(el, 'sameDeployment')),
    fallbackToDefaultTenant: truthy(fl.get(el, 'fallbackToDefaultTenant')),
  };
  return kind === 'processTask'
    ? { kind, processRef: ref ?? '', ...common }
    : { kind, caseRef: ref ?? '', ...common };
};

/**
 * `<decisionTask decisionRef>` (or `<decisionRefExpression>`) with Flowable's fields; the
 * `fallbackToDefaultTenant` and `sameDeployment` fields may also be written as `flowable:`
 * attributes, as on process and case tasks (a field wins).
 */
const decisionTask = (el: CmmnElement, ctx: ItemContext): PlanItemDefinition => {
  const fl = ctx.flowable;
  refuseUnknown(el, ctx, DECISION_ATTRIBUTES);
  const fieldElements = flowableExtensions(el, ctx, ['field']).map(({ ext }) => ext);
  const fields = fieldsOf(fieldElements, fl, (message) => ctx.problem(el.id, message));
  for (const name of fields.keys())
    if (!DECISION_FIELDS.includes(name))
      ctx.problem(
        el.id,
        `field '${name}' is not read by a decisionTask (its fields are ${DECISION_FIELDS.join(', ')})`,
      );
  // as Flowable's getFieldString: the string value, else the expression's text
  const field = (name: string): string | undefined => {
    const value = fields.get(name);
    return value ? (value.string ?? value.expression ?? undefined) : undefined;
  };
  const flag = (name: string): boolean | null => {
    const text = field(name) ?? fl.get(el, name);
    return text === undefined ? null : text.trim().toLowerCase() === 'true';
  };
  if ((el.mappings as unknown[] | undefined)?.length)
    ctx.problem(
      el.id,
      'CMMN parameterMapping is not supported on a decisionTask: it reads every case variable',
    );
  const ref = reference(ctx, el.decisionRef, el.decisionRefExpression);
  if (ref === null) ctx.problem(el.id, 'a decisionTask needs a decisionRef (or decisionRefExpression)');
  return {
    kind: 'decisionTask',
    ...taskCommon(el, fl),
    decisionRef: ref ?? '',
    throwErrorOnNoHits: field('decisionTaskThrowErrorOnNoHits') ?? null,
    fallbackToDefaultTenant: flag('fallbackToDefaultTenant') === true,
    sameDeployment: flag('sameDeployment'),
  };
};

/** `<task>`: plain, or a service task by flowable:type / flowable:class / expression. */
const task = (el: CmmnElement, ctx: ItemContext): PlanItemDefinition => {
  const fl = ctx.flowable;
  refuseUnknown(el, ctx, SERVICE_ATTRIBUTES);
  mappings(el, ctx, []);
  const type = fl.get(el, 'type');
  const common = taskCommon(el, fl);
  const resultVariable = fl.get(el, 'resultVariableName') ?? fl.get(el, 'resultVariable') ?? null;
  if (type === 'external-worker') {
    const topic = fl.get(el, 'topic');
    if (!topic) ctx.problem(el.id, "an external-worker task needs a 'flowable:topic' attribute");
    for (const name of ['class', 'expression', 'delegateExpression', 'resultVariableName', 'resultVariable'])
      if (fl.get(el, name) !== undefined)
        ctx.problem(el.id, `attribute 'flowable:${name}' is not read on an external-worker task`);
    return {
      kind: 'serviceTask',
      ...common,
      implementation: 'externalWorker',
      value: topic ?? '',
      resultVariable,
    };
  }
  if (type !== undefined && type !== 'java') {
    ctx.problem(el.id, `flowable:type '${type}' is not supported by Weir's case engine`);
    return { kind: 'task', ...common };
  }
  const implementations = (['expression', 'delegateExpression', 'class'] as const).filter(
    (name) => fl.get(el, name) !== undefined,
  );
  if (implementations.length > 1)
    ctx.problem(
      el.id,
      `a task takes one of flowable:class, expression or delegateExpression, not ${implementations.join(' and ')}`,
    );
  const implementation = implementations[0];
  if (implementation === undefined) {
    if (type === 'java')
      ctx.problem(el.id, 'a java task needs flowable:class, expression or delegateExpression');
    return { kind: 'task', ...common };
  }
  return {
    kind: 'serviceTask',
    ...common,
    implementation,
    value: fl.get(el, implementation)!,
    resultVariable,
  };
};

/**
 * A timer listener's `<planItemStartTrigger sourceRef><standardEvent>`: its timer is started
 * when that plan item makes that transition, not when the listener is created. A case file
 * item start trigger is refused (Weir has no case file).
 */
const startTriggerOf = (el: CmmnElement, ctx: ItemContext): TimerListenerDef['startTrigger'] => {
  const trigger = el.timerStart as CmmnElement | undefined;
  if (!trigger) return null;
  if (trigger.$type !== 'cmmn:PlanItemStartTrigger') {
    ctx.problem(el.id, 'a case file item start trigger is not supported (Weir has no case file items)');
    return null;
  }
  const source = (trigger.sourceRef as CmmnElement | undefined)?.id;
  const event = String(trigger.standardEvent ?? '').trim() as StandardEvent;
  if (!source) ctx.problem(el.id, 'the planItemStartTrigger needs a sourceRef naming a plan item');
  if (!STANDARD_EVENTS.includes(event))
    ctx.problem(el.id, `the planItemStartTrigger has an unknown standardEvent '${event}'`);
  return { sourceId: source ?? '', event };
};

/** The definition of a non-stage plan item, or undefined (with a problem) when Weir cannot run it. */
export const buildItemDefinition = (el: CmmnElement, ctx: ItemContext): PlanItemDefinition | undefined => {
  switch (el.$type) {
    case 'cmmn:HumanTask':
      return humanTask(el, ctx);
    case 'cmmn:ProcessTask':
      return callTask(el, ctx, 'processTask');
    case 'cmmn:CaseTask':
      return callTask(el, ctx, 'caseTask');
    case 'cmmn:DecisionTask':
      return decisionTask(el, ctx);
    case 'cmmn:Task':
      return task(el, ctx);
    case 'cmmn:Milestone':
      refuseUnknown(el, ctx, []);
      flowableExtensions(el, ctx, []);
      return { kind: 'milestone' };
    case 'cmmn:TimerEventListener': {
      refuseUnknown(el, ctx, []);
      flowableExtensions(el, ctx, []);
      const timerExpression = expressionBody(el.timerExpression);
      if (timerExpression === null) ctx.problem(el.id, 'a timerEventListener needs a <timerExpression>');
      return {
        kind: 'timerEventListener',
        timerExpression: timerExpression ?? '',
        startTrigger: startTriggerOf(el, ctx),
      };
    }
    case 'cmmn:UserEventListener':
      refuseUnknown(el, ctx, []);
      flowableExtensions(el, ctx, []);
      return { kind: 'userEventListener' };
    default:
      ctx.problem(el.id, `<${el.$type.replace(/^cmmn:/, '')}> is not supported by Weir's case engine`);
      return undefined;
  }
};
