import { describe, expect, it } from 'vitest';

import { loadFixture, nodeOf, processOf } from './fixtures.ts';

describe('scopes', () => {
  it('keeps nested subprocess contents in one flat map with parent ids', async () => {
    const process = await processOf('embedded-subprocess');
    expect(process.childIds).toEqual(['start', 'check', 'ship', 'end']);
    expect(nodeOf(process, 'check', 'subProcess')).toMatchObject({
      triggeredByEvent: false,
      startEventId: 'checkStart',
      childIds: ['checkStart', 'stock', 'nested', 'checkEnd'],
      eventSubProcessIds: [],
      parentId: null,
    });
    expect(nodeOf(process, 'nested', 'subProcess')).toMatchObject({
      parentId: 'check',
      startEventId: 'nestedStart',
      childIds: ['nestedStart', 'credit', 'nestedEnd'],
    });
    expect(process.nodes.credit.parentId).toBe('nested');
    expect(process.flows.toCredit).toMatchObject({ sourceRef: 'nestedStart', targetRef: 'credit' });
    expect(process.startEventIds).toEqual(['start']);
  });

  it('lists event subprocesses on their scope, apart from the start events of the process', async () => {
    const process = await processOf('error-event-subprocess');
    expect(process.eventSubProcessIds).toEqual(['handleFailure']);
    expect(process.startEventIds).toEqual(['start']);
    expect(nodeOf(process, 'handleFailure', 'subProcess')).toMatchObject({
      triggeredByEvent: true,
      startEventId: 'onFailure',
      incoming: [],
      outgoing: [],
    });
  });
  it('reads a non-interrupting message event subprocess', async () => {
    const process = await processOf('message-event-subprocess');
    expect(process.eventSubProcessIds).toEqual(['onAddressChange']);
    expect(nodeOf(process, 'onAddressChange', 'subProcess').startEventId).toBe('addressChangeStart');
    expect(nodeOf(process, 'addressChangeStart', 'startEvent')).toMatchObject({
      interrupting: false,
      parentId: 'onAddressChange',
      eventDefinition: { type: 'message', messageRef: 'addressChanged', messageName: 'address-changed' },
    });
  });
});

describe('call activities', () => {
  it('reads the called process, in/out mappings, business key and inheritance flags', async () => {
    const call = nodeOf(await processOf('call-activity-parent'), 'callChild', 'callActivity');
    expect(call).toMatchObject({
      calledElement: 'callActivityChild',
      businessKey: '${orderId}',
      inheritBusinessKey: false,
      inheritVariables: true,
      inParameters: [
        { source: 'customer', target: 'customerName' },
        { sourceExpression: '${amount * 2}', target: 'doubled' },
      ],
      outParameters: [{ source: 'result', target: 'childResult' }],
    });
  });

  it('reads the called child process', async () => {
    const child = await processOf('call-activity-child');
    expect(child.id).toBe('callActivityChild');
    expect(nodeOf(child, 'work', 'userTask').assignee).toBe('${customerName}');
  });
});

describe('multi-instance', () => {
  it('reads a parallel multi-instance over a collection with a completion condition', async () => {
    const vote = nodeOf(await processOf('multi-instance-parallel'), 'vote', 'userTask');
    expect(vote.multiInstance).toEqual({
      sequential: false,
      collection: '${voters}',
      elementVariable: 'voter',
      elementIndexVariable: 'voterIndex',
      completionCondition: '${nrOfCompletedInstances / nrOfInstances >= 0.6}',
    });
    expect(vote.assignee).toBe('${voter}');
  });

  it('reads a sequential multi-instance with a fixed cardinality', async () => {
    const attempt = nodeOf(await processOf('multi-instance-sequential'), 'attempt', 'userTask');
    expect(attempt.multiInstance).toEqual({ sequential: true, loopCardinality: '3' });
  });

  it('leaves multiInstance absent on an ordinary activity', async () => {
    const process = await processOf('parallel-fork-join');
    expect(process.nodes.ship.multiInstance).toBeUndefined();
  });
});

describe('async continuations', () => {
  it('reads async, asyncLeave, exclusive and the retry cycle in both notations', async () => {
    const process = await processOf('async-continuations');
    expect(process.nodes.start).toMatchObject({ async: true, asyncLeave: false, exclusive: true });
    expect(process.nodes.charge).toMatchObject({
      async: true,
      asyncLeave: true,
      exclusive: false,
      failedJobRetryTimeCycle: 'R5/PT1M',
    });
    expect(process.nodes.receipt).toMatchObject({
      async: true,
      exclusive: true,
      failedJobRetryTimeCycle: 'R2/PT10S',
    });
  });

  it('defaults to synchronous and exclusive', async () => {
    const process = await processOf('parallel-fork-join');
    expect(process.nodes.ship).toMatchObject({ async: false, asyncLeave: false, exclusive: true });
    expect(process.nodes.ship.failedJobRetryTimeCycle).toBeUndefined();
  });
});

describe('listeners', () => {
  it('reads process, node and flow execution listeners; take is implied on a flow', async () => {
    const process = await processOf('listeners');
    expect(process.executionListeners).toEqual([
      { event: 'start', implementation: { type: 'class', value: 'auditLog' }, fields: [] },
      { event: 'end', implementation: { type: 'class', value: 'auditLog' }, fields: [] },
    ]);
    expect(process.nodes.start.executionListeners).toEqual([
      {
        event: 'end',
        implementation: { type: 'expression', value: "${trace.add('start:end')}" },
        fields: [],
      },
    ]);
    expect(process.flows.toReview.executionListeners).toEqual([
      { event: 'take', implementation: { type: 'delegateExpression', value: '${flowCounter}' }, fields: [] },
      { event: 'take', implementation: { type: 'class', value: 'auditLog' }, fields: [] },
    ]);
    expect(process.nodes.review.executionListeners).toEqual([
      {
        event: 'start',
        implementation: { type: 'class', value: 'auditLog' },
        fields: [{ name: 'label', stringValue: 'review started' }],
      },
    ]);
  });

  it('reads task listeners for create, assignment, complete and delete with their fields', async () => {
    const review = nodeOf(await processOf('listeners'), 'review', 'userTask');
    expect(review.taskListeners).toEqual([
      {
        event: 'create',
        implementation: { type: 'class', value: 'taskAudit' },
        fields: [
          { name: 'level', stringValue: 'info' },
          { name: 'owner', expression: '${initiator}' },
        ],
      },
      {
        event: 'assignment',
        implementation: { type: 'delegateExpression', value: '${assignmentNotifier}' },
        fields: [],
      },
      {
        event: 'complete',
        implementation: { type: 'expression', value: "${trace.add('review:complete')}" },
        fields: [],
      },
      { event: 'delete', implementation: { type: 'class', value: 'taskAudit' }, fields: [] },
    ]);
  });
});

describe('content that does not run', () => {
  it('ignores pools, lanes, data objects, annotations, unknown extensions and non-executable processes', async () => {
    const definitions = await loadFixture('ignored-content');
    expect(definitions.processes.map((process) => process.id)).toEqual(['ignoredContent']);
    const process = definitions.processes[0];
    expect(Object.keys(process.nodes)).toEqual(['start', 'work', 'end']);
    expect(Object.keys(process.flows)).toEqual(['toWork', 'toEnd']);
  });
});
