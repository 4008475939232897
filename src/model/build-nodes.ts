/**
 * One BPMN flow element -> one kind-tagged flow node. Which elements Weir runs, ignores or refuses
 * is decided here.
 */

import type { ModdleElement } from 'bpmn-moddle';

import {
  buildBusinessRuleTask,
  buildCallActivity,
  buildReceiveTask,
  buildScriptTask,
  buildServiceTask,
  buildUserTask,
} from './build-tasks.ts';
import type { NodeBase } from './build-tasks.ts';
import type { BuildContext, Draft } from './context.ts';
import {
  bool,
  children,
  documentationOf,
  dropUndefined,
  ext,
  extBool,
  extensionValues,
  localType,
  text,
} from './elements.ts';
import { readEventDefinition } from './events.ts';
import { EXECUTION_EVENTS, readListeners, readMultiInstance, readRetryCycle } from './extensions.ts';
import type { EventDefinition, FlowNode } from './types.ts';
import { readFormProperties } from './form-properties.ts';
import { checkFlowNode } from './refusals.ts';

/** Flow elements that carry no behaviour: read past without a word. */
export const IGNORED_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** Flow elements Weir refuses, with the reason given to the modeller. */
export const REFUSED_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['bpmn:ComplexGateway', 'complex gateways are not supported'],
  ['bpmn:Transaction', 'transaction subprocesses are not supported'],
  ['bpmn:AdHocSubProcess', 'ad-hoc subprocesses are not supported'],
  ['bpmn:ImplicitThrowEvent', 'implicit throw events are not supported'],
  ['bpmn:ChoreographyTask', 'choreography is not executable'],
  ['bpmn:SubChoreography', 'choreography is not executable'],
  ['bpmn:CallChoreography', 'choreography is not executable'],
]);

const ACTIVITY_TYPES = new Set([
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ScriptTask',
  'bpmn:ReceiveTask',
  'bpmn:ManualTask',
  'bpmn:BusinessRuleTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
]);

const DEFAULT_FLOW_TYPES = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

/**
 * An event-registry event (`<flowable:eventType>` in its extension elements) has no BPMN event
 * definition: read past, a start event would be a none start event. Weir has no event registry.
 */
const checkEventRegistry = (element: ModdleElement, id: string, ctx: BuildContext): void => {
  if (extensionValues(element, 'EventType').length > 0) {
    ctx.problems.about(id, 'event-registry events (flowable:eventType) are not supported');
  }
};

/**
 * Builds the node for a supported element; subprocess contents (`childIds`...) are filled in by
 * the caller. Returns undefined for an element that is not a flow node Weir knows.
 */
export const buildNode = (
  element: ModdleElement,
  id: string,
  parentId: string | null,
  ctx: BuildContext,
): Draft<FlowNode> | undefined => {
  const base = readBase(element, id, parentId, ctx);
  checkFlowNode(element, id, ctx);
  checkEventRegistry(element, id, ctx);
  switch (element.$type) {
    case 'bpmn:StartEvent':
      return dropUndefined({
        ...base,
        kind: 'startEvent' as const,
        eventDefinition: readEventDefinition(element, id, ctx),
        interrupting: bool(element, 'isInterrupting') ?? true,
        initiator: text(element, 'flowable:initiator'),
        formKey: text(element, 'flowable:formKey'),
        formFieldValidation: bool(element, 'flowable:formFieldValidation'),
        formProperties: readFormProperties(element, id, ctx),
      });
    case 'bpmn:EndEvent':
      return dropUndefined({
        ...base,
        kind: 'endEvent' as const,
        eventDefinition: readEventDefinition(element, id, ctx),
      });
    case 'bpmn:IntermediateThrowEvent':
      return dropUndefined({
        ...base,
        kind: 'intermediateThrowEvent' as const,
        eventDefinition: readEventDefinition(element, id, ctx),
      });
    case 'bpmn:IntermediateCatchEvent':
      return {
        ...base,
        kind: 'intermediateCatchEvent',
        eventDefinition: requiredDefinition(element, id, ctx),
      };
    case 'bpmn:BoundaryEvent': {
      const attachedToRef = ctx.refOf(element, 'attachedToRef');
      if (attachedToRef === undefined) ctx.problems.about(id, 'a boundary event needs an attachedToRef');
      return {
        ...base,
        kind: 'boundaryEvent',
        attachedToRef: attachedToRef ?? '',
        cancelActivity: bool(element, 'cancelActivity') ?? true,
        eventDefinition: requiredDefinition(element, id, ctx),
      };
    }
    case 'bpmn:UserTask':
      return buildUserTask(element, base, ctx);
    case 'bpmn:ServiceTask':
      return buildServiceTask(element, base, 'serviceTask', ctx);
    case 'bpmn:SendTask':
      return buildServiceTask(element, base, 'sendTask', ctx);
    case 'bpmn:ScriptTask':
      return buildScriptTask(element, base, ctx);
    case 'bpmn:ReceiveTask':
      return buildReceiveTask(element, base, ctx);
    case 'bpmn:Task':
      return { ...base, kind: 'task' };
    case 'bpmn:ManualTask':
      return { ...base, kind: 'manualTask' };
    case 'bpmn:BusinessRuleTask':
      return buildBusinessRuleTask(element, base, ctx);
    case 'bpmn:CallActivity':
      return buildCallActivity(element, base, ctx);
    case 'bpmn:SubProcess':
      return {
        ...base,
        kind: 'subProcess',
        triggeredByEvent: bool(element, 'triggeredByEvent') ?? false,
        childIds: [],
        eventSubProcessIds: [],
        dataObjects: [],
      };
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:EventBasedGateway': {
      const kind = localType(element) as 'exclusiveGateway';
      return dropUndefined({ ...base, kind, default: ctx.refOf(element, 'default') });
    }
    default:
      return undefined;
  }
};

const readBase = (
  element: ModdleElement,
  id: string,
  parentId: string | null,
  ctx: BuildContext,
): Draft<NodeBase> => {
  const isActivity = ACTIVITY_TYPES.has(element.$type);
  // moddle keeps `default` as a property on activities and gateways, as an unknown attribute elsewhere
  if ((ctx.refOf(element, 'default') ?? element.$attrs.default) && !DEFAULT_FLOW_TYPES.has(element.$type)) {
    if (!isActivity) {
      ctx.problems.about(
        id,
        'a default flow is only supported on activities and exclusive and inclusive gateways',
      );
    }
  }
  const failedJobRetryTimeCycle = readRetryCycle(element);
  ctx.checkExpression(id, 'flowable:failedJobRetryTimeCycle', failedJobRetryTimeCycle);
  const skipExpression = isActivity ? ext(element, 'skipExpression') : undefined;
  ctx.checkExpression(id, 'flowable:skipExpression', skipExpression, true);
  return dropUndefined({
    id,
    name: text(element, 'name'),
    documentation: documentationOf(element),
    parentId,
    ...ctx.positionOf(id),
    incoming: [],
    outgoing: [],
    async: extBool(element, 'async') ?? false,
    asyncLeave: extBool(element, 'asyncLeave') ?? false,
    exclusive: extBool(element, 'exclusive') ?? true,
    failedJobRetryTimeCycle,
    executionListeners: readListeners(element, 'ExecutionListener', id, EXECUTION_EVENTS, ctx),
    multiInstance: isActivity ? readMultiInstance(element, id, ctx) : undefined,
    boundaryEventIds: [],
    isForCompensation: isActivity && (bool(element, 'isForCompensation') ?? false),
    skipExpression,
    // an activity's default flow is taken when none of its conditional flows is, as in Flowable
    default: isActivity ? ctx.refOf(element, 'default') : undefined,
  });
};

const requiredDefinition = (element: ModdleElement, id: string, ctx: BuildContext): EventDefinition => {
  const definition = readEventDefinition(element, id, ctx);
  if (definition !== undefined) return definition;
  if (children(element, 'eventDefinitions').length + children(element, 'eventDefinitionRefs').length === 0) {
    ctx.problems.about(id, 'an event definition is required here');
  }
  // a placeholder: the problem above (or the unsupported definition's) keeps the model from use
  return { type: 'link', name: '' };
};
