import { describe, expect, it } from 'vitest';

import { nodeOf, processOf } from './fixtures.ts';

describe('gateways and sequence flows', () => {
  it('lists an exclusive gateway choice in document order with its conditions', async () => {
    const process = await processOf('user-task-approval');
    const decision = nodeOf(process, 'decision', 'exclusiveGateway');
    expect(decision.outgoing).toEqual(['toApproved', 'toRejected']);
    expect(decision.incoming).toEqual(['toDecision']);
    expect(process.flows.toApproved).toMatchObject({
      sourceRef: 'decision',
      targetRef: 'approved',
      condition: '${approved}',
      line: 22,
    });
    expect(process.flows.toRejected.condition).toBe('${!approved}');
  });

  it('keeps the default flow of an exclusive gateway and its place among the outgoing flows', async () => {
    const route = nodeOf(await processOf('exclusive-default-flow'), 'route', 'exclusiveGateway');
    expect(route.default).toBe('toNormal');
    expect(route.outgoing).toEqual(['toUrgent', 'toNormal', 'toLow']);
  });

  it('reads an inclusive split with a default flow and its merge', async () => {
    const process = await processOf('inclusive-gateway');
    const split = nodeOf(process, 'split', 'inclusiveGateway');
    expect(split).toMatchObject({ default: 'toStandard', outgoing: ['toLegal', 'toRisk', 'toStandard'] });
    expect(process.flows.toLegal.condition).toBe('${amount > 10000}');
    expect(nodeOf(process, 'merge', 'inclusiveGateway').incoming).toEqual([
      'legalToMerge',
      'riskToMerge',
      'standardToMerge',
    ]);
  });

  it('wires a parallel fork and join', async () => {
    const process = await processOf('parallel-fork-join');
    expect(nodeOf(process, 'fork', 'parallelGateway').outgoing).toEqual(['toShip', 'toInvoice']);
    expect(nodeOf(process, 'join', 'parallelGateway').incoming).toEqual(['shipToJoin', 'invoiceToJoin']);
    expect(process.nodes.ship.incoming).toEqual(['toShip']);
  });

  it('allows parallel branches that do not meet in one join', async () => {
    const process = await processOf('unstructured-parallel');
    expect(process.nodes.fork.outgoing).toEqual(['toA', 'toB', 'toC']);
    expect(process.nodes.join.incoming).toEqual(['bToJoin', 'cToJoin']);
    expect(process.nodes.endA.incoming).toEqual(['aToEnd']);
  });

  it('reads an event-based gateway racing a message, a timer and a signal catch event', async () => {
    const process = await processOf('event-based-gateway');
    const race = nodeOf(process, 'race', 'eventBasedGateway');
    expect(race.outgoing.map((flowId) => process.flows[flowId].targetRef)).toEqual([
      'gotAnswer',
      'timedOut',
      'cancelled',
    ]);
  });
});
