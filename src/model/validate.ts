/**
 * Structural rules checked on a built process: what must hold for the engine to run it the way
 * Flowable would. Deliberately short: an activity nobody reaches, or one without incoming flows,
 * is allowed, as Flowable allows it.
 */

import { withArticle } from './problems.ts';
import type { Problems } from './problems.ts';
import { isActivity } from './types.ts';
import type { EventDefinition, FlowNode, GatewayNode, ProcessModel, SubProcessNode } from './types.ts';

type DefinitionType = EventDefinition['type'];

/** Which event definitions each kind of event may carry; "none" is handled separately. */
// A conditional start event exists only in event subprocesses: Flowable refuses it on a process
// (nothing would evaluate it: `evaluateConditionalEvents` needs an instance).
const ALLOWED_DEFINITIONS: Record<string, readonly DefinitionType[]> = {
  processStart: ['timer', 'message', 'signal'],
  eventSubProcessStart: ['timer', 'message', 'signal', 'error', 'escalation', 'conditional'],
  embeddedStart: [],
  intermediateCatchEvent: ['timer', 'message', 'signal', 'conditional', 'link'],
  intermediateThrowEvent: ['signal', 'message', 'escalation', 'compensate', 'link'],
  boundaryEvent: ['timer', 'message', 'signal', 'error', 'escalation', 'compensate', 'conditional'],
  endEvent: ['error', 'escalation', 'terminate', 'signal', 'message', 'compensate'],
};

export const validateProcess = (process: ProcessModel, problems: Problems): void => {
  const { nodes } = process;
  const parentOf = (node: FlowNode): SubProcessNode | undefined => {
    const parent = node.parentId === null ? undefined : nodes[node.parentId];
    return parent?.kind === 'subProcess' ? parent : undefined;
  };

  const noneStarts = process.startEventIds.filter(
    (id) => nodes[id].kind === 'startEvent' && !hasDefinition(nodes[id]),
  );
  if (process.startEventIds.length === 0) problems.about(process.id, 'a process needs a start event');
  if (noneStarts.length > 1) problems.about(process.id, 'a process can have only one none start event');

  for (const node of Object.values(nodes)) {
    checkEventDefinition(node, parentOf(node), problems);
    checkSequenceFlows(node, problems);
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway' || isActivity(node)) {
      checkDefaultFlow(node, process, problems);
    }
    if (node.kind === 'eventBasedGateway') checkEventGatewayTargets(node, process, problems);
    if (node.kind === 'subProcess') checkSubProcess(node, process, problems);
  }
  checkLinks(process, problems);
};

const hasDefinition = (node: FlowNode): boolean =>
  'eventDefinition' in node && node.eventDefinition !== undefined;

const checkEventDefinition = (
  node: FlowNode,
  parent: SubProcessNode | undefined,
  problems: Problems,
): void => {
  if (!('eventDefinition' in node) || node.eventDefinition === undefined) return;
  const type = node.eventDefinition.type;
  // a nameless link is what a missing or refused definition was replaced by: already reported
  if (type === 'link' && node.eventDefinition.name === '') return;
  let place: string = node.kind;
  if (node.kind === 'startEvent') {
    place =
      parent === undefined
        ? 'processStart'
        : parent.triggeredByEvent
          ? 'eventSubProcessStart'
          : 'embeddedStart';
  }
  if (ALLOWED_DEFINITIONS[place]?.includes(type) ?? true) return;
  const where =
    place === 'embeddedStart'
      ? 'the start event of an embedded subprocess'
      : place === 'processStart'
        ? 'a process start event'
        : withArticle(node.kind);
  const hint =
    place === 'processStart' && ALLOWED_DEFINITIONS.eventSubProcessStart.includes(type)
      ? ' (only in an event subprocess)'
      : '';
  problems.about(node.id, `${withArticle(type)} event definition is not allowed on ${where}${hint}`);
};

const checkSequenceFlows = (node: FlowNode, problems: Problems): void => {
  const { kind, id } = node;
  if (kind === 'startEvent' && node.incoming.length > 0) {
    problems.about(id, 'a start event cannot have incoming sequence flows');
  }
  if (kind === 'endEvent' && node.outgoing.length > 0) {
    problems.about(id, 'an end event cannot have outgoing sequence flows');
  }
  if (kind === 'boundaryEvent' && node.incoming.length > 0) {
    problems.about(id, 'a boundary event cannot have incoming sequence flows');
  }
  if (kind === 'boundaryEvent' && node.eventDefinition.type === 'compensate' && node.outgoing.length > 0) {
    problems.about(id, 'a compensation boundary event cannot have outgoing sequence flows');
  }
  if (node.isForCompensation && node.incoming.length + node.outgoing.length > 0) {
    problems.about(id, 'a compensation handler cannot have sequence flows');
  }
  if (kind === 'subProcess' && node.triggeredByEvent && node.incoming.length + node.outgoing.length > 0) {
    problems.about(id, 'an event subprocess cannot have sequence flows');
  }
};

/**
 * Exclusive and inclusive gateways, by Flowable's rules: a flow without a condition is allowed
 * (it counts as true, so an exclusive gateway takes the first such flow in document order), but
 * the default flow of an exclusive gateway may not have a condition, nor may its only way out.
 * (An inclusive gateway's or an activity's default keeps its condition unread, as in Flowable.)
 */
const checkDefaultFlow = (gateway: FlowNode, process: ProcessModel, problems: Problems): void => {
  if (gateway.default !== undefined && !gateway.outgoing.includes(gateway.default)) {
    problems.about(
      gateway.id,
      `default flow '${gateway.default}' is not an outgoing sequence flow of this ${isActivity(gateway) ? 'activity' : 'gateway'}`,
    );
  } else if (
    gateway.kind === 'exclusiveGateway' &&
    gateway.default !== undefined &&
    process.flows[gateway.default].condition !== undefined
  ) {
    problems.about(gateway.id, `default flow '${gateway.default}' cannot have a condition`);
  }
  if (
    gateway.kind === 'exclusiveGateway' &&
    gateway.outgoing.length === 1 &&
    process.flows[gateway.outgoing[0]].condition !== undefined
  ) {
    problems.about(
      gateway.id,
      `the only outgoing sequence flow '${gateway.outgoing[0]}' of an exclusive gateway cannot have a condition`,
    );
  }
};

const checkEventGatewayTargets = (gateway: GatewayNode, process: ProcessModel, problems: Problems): void => {
  for (const flowId of gateway.outgoing) {
    const target = process.nodes[process.flows[flowId].targetRef];
    // Flowable's validator allows intermediate catch events only (not receive tasks)
    const waits = target.kind === 'intermediateCatchEvent' && target.eventDefinition.type !== 'link';
    if (!waits) {
      problems.about(
        gateway.id,
        `sequence flow '${flowId}' leads to ${target.kind} '${target.id}'; an event-based gateway must lead to intermediate catch events`,
      );
    }
  }
};

const checkSubProcess = (subProcess: SubProcessNode, process: ProcessModel, problems: Problems): void => {
  const starts = subProcess.childIds
    .map((id) => process.nodes[id])
    .filter((node) => node.kind === 'startEvent');
  if (subProcess.triggeredByEvent) {
    if (starts.length !== 1) {
      problems.about(
        subProcess.id,
        `an event subprocess needs exactly one start event, not ${starts.length}`,
      );
    } else if (!hasDefinition(starts[0])) {
      problems.about(starts[0].id, 'the start event of an event subprocess needs an event definition');
    }
    return;
  }
  const noneStarts = starts.filter((node) => !hasDefinition(node));
  if (noneStarts.length === 0)
    problems.about(subProcess.id, 'an embedded subprocess needs a none start event');
  if (noneStarts.length > 1)
    problems.about(subProcess.id, 'an embedded subprocess can have only one none start event');
};

/** Link events are a goto within one (sub)process: every throw needs exactly one catch of its name. */
const checkLinks = (process: ProcessModel, problems: Problems): void => {
  const catches = new Map<string, string[]>();
  const scopeKey = (node: FlowNode, name: string): string => `${node.parentId ?? ''}\u0000${name}`;
  const links = Object.values(process.nodes).filter(
    (node) =>
      'eventDefinition' in node && node.eventDefinition?.type === 'link' && node.eventDefinition.name !== '',
  );
  for (const node of links) {
    if (node.kind !== 'intermediateCatchEvent' || node.eventDefinition.type !== 'link') continue;
    const key = scopeKey(node, node.eventDefinition.name);
    catches.set(key, [...(catches.get(key) ?? []), node.id]);
    if (catches.get(key)!.length === 2) {
      problems.about(
        node.id,
        `another link catch event in this (sub)process is named '${node.eventDefinition.name}'`,
      );
    }
  }
  for (const node of links) {
    if (node.kind !== 'intermediateThrowEvent' || node.eventDefinition?.type !== 'link') continue;
    if (!catches.has(scopeKey(node, node.eventDefinition.name))) {
      problems.about(
        node.id,
        `no link catch event named '${node.eventDefinition.name}' in the same (sub)process`,
      );
    }
  }
};
