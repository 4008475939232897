/**
 * One `<process>` -> a ProcessModel: a flat map of nodes (each knowing its parent scope), the
 * sequence flows, and the wiring that crosses elements: incoming/outgoing flows, boundary events
 * on their hosts, compensation handlers on the activities they compensate.
 */

import type { ModdleElement } from 'bpmn-moddle';

import { IGNORED_ELEMENTS, REFUSED_ELEMENTS, buildNode } from './build-nodes.ts';
import type { BuildContext, Draft } from './context.ts';
import {
  bodyOf,
  children,
  documentationOf,
  dropUndefined,
  ext,
  localType,
  splitList,
  text,
} from './elements.ts';
import { EXECUTION_EVENTS, FLOW_EVENTS, readListeners } from './extensions.ts';
import { readDataObject } from './data-objects.ts';
import { checkFlow, checkProcess } from './refusals.ts';
import type { DataObject, FlowNode, ProcessModel, SequenceFlow, SubProcessNode } from './types.ts';
import { isActivity } from './types.ts';

interface ProcessDraft {
  readonly nodes: Map<string, Draft<FlowNode>>;
  readonly flows: Map<string, Draft<SequenceFlow>>;
  /** the scope each sequence flow is declared in */
  readonly flowScopes: Map<string, string | null>;
  /** ids of refused elements, so that flows to them do not also report "does not exist" */
  readonly refused: Set<string>;
  readonly associations: ModdleElement[];
  readonly dataObjects: DataObject[];
}

interface Scope {
  childIds: string[];
  eventSubProcessIds: string[];
  dataObjects: DataObject[];
}

export const buildProcess = (process: ModdleElement, id: string, ctx: BuildContext): Draft<ProcessModel> => {
  const draft: ProcessDraft = {
    nodes: new Map(),
    flows: new Map(),
    flowScopes: new Map(),
    refused: new Set(),
    associations: [],
    dataObjects: [],
  };
  checkProcess(process, id, ctx);
  const scope = buildScope(process, id, null, draft, ctx);
  wireFlows(draft, ctx);
  wireBoundaryEvents(draft, ctx);
  wireCompensationHandlers(draft, ctx);

  const startEventIds = scope.childIds.filter((childId) => draft.nodes.get(childId)?.kind === 'startEvent');
  const initialStartEventId = startEventIds.find((startId) => {
    const start = draft.nodes.get(startId);
    return start?.kind === 'startEvent' && start.eventDefinition === undefined;
  });
  const candidateStarterUsers = ext(process, 'candidateStarterUsers');
  const candidateStarterGroups = ext(process, 'candidateStarterGroups');
  return dropUndefined({
    id,
    name: text(process, 'name'),
    documentation: documentationOf(process),
    ...ctx.positionOf(id),
    isExecutable: true,
    nodes: Object.fromEntries(draft.nodes),
    flows: Object.fromEntries(draft.flows),
    startEventIds,
    initialStartEventId,
    childIds: scope.childIds,
    eventSubProcessIds: scope.eventSubProcessIds,
    executionListeners: readListeners(process, 'ExecutionListener', id, EXECUTION_EVENTS, ctx),
    candidateStarterUsers: splitList(candidateStarterUsers),
    candidateStarterGroups: splitList(candidateStarterGroups),
    dataObjects: draft.dataObjects,
  });
};

const buildScope = (
  container: ModdleElement,
  containerId: string,
  parentId: string | null,
  draft: ProcessDraft,
  ctx: BuildContext,
): Scope => {
  const scope: Scope = { childIds: [], eventSubProcessIds: [], dataObjects: [] };
  draft.associations.push(...children(container, 'artifacts').filter((a) => a.$type === 'bpmn:Association'));
  for (const element of children(container, 'flowElements')) {
    const id = text(element, 'id') ?? ctx.generatedId(element, containerId);
    if (element.$type === 'bpmn:DataObject') {
      // Flowable creates a subprocess's data objects as local variables of the subprocess when
      // it starts; it does so for some kinds of event subprocess and not others, which Weir refuses
      const dataObject = readDataObject(element, id, ctx);
      if (parentId === null) draft.dataObjects.push(dataObject);
      else if (container.triggeredByEvent === true) {
        ctx.problems.about(id, 'data objects inside an event subprocess are not supported');
      } else scope.dataObjects.push(dataObject);
      continue;
    }
    if (IGNORED_ELEMENTS.has(element.$type)) continue;
    const refusal = REFUSED_ELEMENTS.get(element.$type);
    if (refusal !== undefined) {
      ctx.problems.about(id, refusal);
      draft.refused.add(id);
      continue;
    }
    if (element.$type === 'bpmn:SequenceFlow') {
      checkFlow(element, id, ctx);
      draft.flows.set(id, buildFlow(element, id, text(element, 'id') === undefined, ctx));
      draft.flowScopes.set(id, parentId);
      continue;
    }
    const node = buildNode(element, id, parentId, ctx);
    if (node === undefined) {
      ctx.problems.about(id, `<${localType(element)}> is not supported`);
      draft.refused.add(id);
      continue;
    }
    draft.nodes.set(id, node);
    scope.childIds.push(id);
    if (node.kind === 'subProcess') {
      const inner = buildScope(element, id, id, draft, ctx);
      fillSubProcess(node, inner, draft);
      if (node.triggeredByEvent) scope.eventSubProcessIds.push(id);
    }
  }
  return scope;
};

const fillSubProcess = (node: Draft<SubProcessNode>, inner: Scope, draft: ProcessDraft): void => {
  node.childIds = inner.childIds;
  node.eventSubProcessIds = inner.eventSubProcessIds;
  node.dataObjects = inner.dataObjects;
  // the none start event of an embedded subprocess; the (only) start event of an event subprocess
  const startEventId = inner.childIds.find((childId) => {
    const child = draft.nodes.get(childId);
    return child?.kind === 'startEvent' && (node.triggeredByEvent || child.eventDefinition === undefined);
  });
  if (startEventId !== undefined) node.startEventId = startEventId;
};

const buildFlow = (
  element: ModdleElement,
  id: string,
  unnamed: boolean,
  ctx: BuildContext,
): Draft<SequenceFlow> => {
  const sourceRef = ctx.refOf(element, 'sourceRef');
  const targetRef = ctx.refOf(element, 'targetRef');
  if (sourceRef === undefined) ctx.problems.about(id, 'a sequence flow needs a sourceRef');
  if (targetRef === undefined) ctx.problems.about(id, 'a sequence flow needs a targetRef');
  const condition = bodyOf(element, 'conditionExpression');
  ctx.checkExpression(id, 'condition', condition, true);
  const skipExpression = ext(element, 'skipExpression');
  ctx.checkExpression(id, 'flowable:skipExpression', skipExpression, true);
  return dropUndefined({
    id,
    unnamedActivityId: unnamed ? `_flow_${sourceRef ?? ''}__${targetRef ?? ''}` : undefined,
    name: text(element, 'name'),
    ...ctx.positionOf(id),
    sourceRef: sourceRef ?? '',
    targetRef: targetRef ?? '',
    condition,
    skipExpression,
    executionListeners: readListeners(element, 'ExecutionListener', id, FLOW_EVENTS, ctx),
  });
};

/** outgoing and incoming in the order the flows are declared: gateways test conditions in it */
const wireFlows = (draft: ProcessDraft, ctx: BuildContext): void => {
  for (const flow of draft.flows.values()) {
    const scope = draft.flowScopes.get(flow.id);
    const source = endpoint(flow, 'sourceRef', flow.sourceRef, scope, draft, ctx);
    const target = endpoint(flow, 'targetRef', flow.targetRef, scope, draft, ctx);
    if (source && target) {
      (source.outgoing as string[]).push(flow.id);
      (target.incoming as string[]).push(flow.id);
    }
  }
};

const endpoint = (
  flow: Draft<SequenceFlow>,
  property: 'sourceRef' | 'targetRef',
  ref: string,
  scope: string | null | undefined,
  draft: ProcessDraft,
  ctx: BuildContext,
): Draft<FlowNode> | undefined => {
  if (ref === '' || draft.refused.has(ref)) return undefined;
  const node = draft.nodes.get(ref);
  if (node === undefined) {
    ctx.problems.about(flow.id, `${property} '${ref}' does not exist in this process`);
    return undefined;
  }
  if (node.parentId !== scope) {
    ctx.problems.about(flow.id, `${property} '${ref}' is not in the same (sub)process as the sequence flow`);
    return undefined;
  }
  return node;
};

const wireBoundaryEvents = (draft: ProcessDraft, ctx: BuildContext): void => {
  for (const node of draft.nodes.values()) {
    if (node.kind !== 'boundaryEvent' || node.attachedToRef === '' || draft.refused.has(node.attachedToRef))
      continue;
    const host = draft.nodes.get(node.attachedToRef);
    if (host === undefined) {
      ctx.problems.about(node.id, `attachedToRef '${node.attachedToRef}' does not exist in this process`);
    } else if (!isActivity(host)) {
      ctx.problems.about(node.id, `attachedToRef '${node.attachedToRef}' is not an activity (${host.kind})`);
    } else if (host.parentId !== node.parentId) {
      ctx.problems.about(node.id, `attachedToRef '${node.attachedToRef}' is not in the same (sub)process`);
    } else {
      (host.boundaryEventIds as string[]).push(node.id);
    }
  }
};

/**
 * A compensation boundary event names its handler through an association:
 * `<association sourceRef="compensateBooking" targetRef="cancelBooking"/>`.
 */
const wireCompensationHandlers = (draft: ProcessDraft, ctx: BuildContext): void => {
  const handlerOf = new Map<string, string>();
  for (const association of draft.associations) {
    const source = ctx.refOf(association, 'sourceRef');
    const target = ctx.refOf(association, 'targetRef');
    if (source !== undefined && target !== undefined) handlerOf.set(source, target);
  }
  for (const node of draft.nodes.values()) {
    if (node.kind !== 'boundaryEvent' || node.eventDefinition.type !== 'compensate') continue;
    const handlerId = handlerOf.get(node.id);
    const handler = handlerId === undefined ? undefined : draft.nodes.get(handlerId);
    const host = draft.nodes.get(node.attachedToRef);
    if (handler === undefined || handlerId === undefined) {
      ctx.problems.about(
        node.id,
        'a compensation boundary event needs an association to its compensation handler',
      );
    } else if (!handler.isForCompensation) {
      ctx.problems.about(handlerId, 'a compensation handler needs isForCompensation="true"');
    } else if (host !== undefined) {
      host.compensationHandlerId = handlerId;
    }
  }
};
