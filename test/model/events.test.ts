import { describe, expect, it } from 'vitest';

import { loadFixture, nodeOf, processOf } from './fixtures.ts';

describe('timer events', () => {
  it('attaches three interrupting timers to one task in document order', async () => {
    const process = await processOf('timer-boundary-three');
    expect(process.nodes.work.boundaryEventIds).toEqual(['after1h', 'after2h', 'after3h']);
    const durations = ['after1h', 'after2h', 'after3h'].map((id) => {
      const boundary = nodeOf(process, id, 'boundaryEvent');
      expect(boundary).toMatchObject({ attachedToRef: 'work', cancelActivity: true, parentId: null });
      return boundary.eventDefinition;
    });
    expect(durations).toEqual([
      { type: 'timer', timeDuration: 'PT1H' },
      { type: 'timer', timeDuration: 'PT2H' },
      { type: 'timer', timeDuration: 'PT3H' },
    ]);
    expect(process.nodes.after2h.outgoing).toEqual(['toLate2']);
  });

  it('reads intermediate timers by duration and by date expression', async () => {
    const process = await processOf('timer-intermediate');
    expect(nodeOf(process, 'pause', 'intermediateCatchEvent').eventDefinition).toEqual({
      type: 'timer',
      timeDuration: 'PT5M',
    });
    expect(nodeOf(process, 'until', 'intermediateCatchEvent').eventDefinition).toEqual({
      type: 'timer',
      timeDate: '${deadline}',
    });
  });

  it('reads a timer start cycle with its end date', async () => {
    const process = await processOf('timer-start-cycle');
    expect(process.startEventIds).toEqual(['everyHour']);
    expect(process.initialStartEventId).toBeUndefined();
    expect(nodeOf(process, 'everyHour', 'startEvent').eventDefinition).toEqual({
      type: 'timer',
      timeCycle: 'R3/PT1H',
      endDate: '2030-12-31T23:59:59Z',
    });
  });
});

describe('message and signal events', () => {
  it('resolves a message start event to its message name', async () => {
    const definitions = await loadFixture('message-start');
    expect(definitions.messages).toEqual({ newOrder: 'new-order' });
    const process = definitions.processes[0];
    expect(process.startEventIds).toEqual(['orderReceived']);
    expect(process.initialStartEventId).toBeUndefined();
    expect(nodeOf(process, 'orderReceived', 'startEvent').eventDefinition).toEqual({
      type: 'message',
      messageRef: 'newOrder',
      messageName: 'new-order',
    });
  });

  it('reads an intermediate message catch event', async () => {
    const event = nodeOf(await processOf('message-catch'), 'waitForPayment', 'intermediateCatchEvent');
    expect(event.eventDefinition).toEqual({
      type: 'message',
      messageRef: 'payment',
      messageName: 'payment-received',
    });
  });

  it('reads a non-interrupting message boundary event', async () => {
    const process = await processOf('message-boundary-noninterrupting');
    expect(nodeOf(process, 'remind', 'boundaryEvent')).toMatchObject({
      cancelActivity: false,
      attachedToRef: 'work',
      eventDefinition: { type: 'message', messageName: 'reminder' },
    });
    expect(process.nodes.work.boundaryEventIds).toEqual(['remind']);
  });

  it('resolves signals with their scope, global by default', async () => {
    const definitions = await loadFixture('signal-catch-throw');
    expect(definitions.signals).toEqual({
      alertSignal: { name: 'alert', scope: 'global' },
      localSignal: { name: 'local-alert', scope: 'processInstance' },
    });
    const process = definitions.processes[0];
    expect(nodeOf(process, 'catchAlert', 'intermediateCatchEvent').eventDefinition).toEqual({
      type: 'signal',
      signalRef: 'alertSignal',
      signalName: 'alert',
      scope: 'global',
    });
    expect(nodeOf(process, 'throwLocal', 'intermediateThrowEvent').eventDefinition).toMatchObject({
      signalName: 'local-alert',
      scope: 'processInstance',
    });
  });

  it('reads a conditional catch event', async () => {
    const event = nodeOf(await processOf('conditional-event'), 'waitForStock', 'intermediateCatchEvent');
    expect(event.eventDefinition).toEqual({ type: 'conditional', condition: '${stock > 0}' });
  });
});

describe('error, escalation and terminate events', () => {
  it('resolves an error end event and boundary events to the declared error code', async () => {
    const definitions = await loadFixture('error-boundary-on-subprocess');
    expect(definitions.errors).toEqual({
      creditRefused: { name: 'Credit refused', errorCode: 'CREDIT_REFUSED' },
    });
    const process = definitions.processes[0];
    const refuse = nodeOf(process, 'refuse', 'endEvent');
    expect(refuse).toMatchObject({
      parentId: 'check',
      eventDefinition: { type: 'error', errorRef: 'creditRefused', errorCode: 'CREDIT_REFUSED' },
    });
    expect(nodeOf(process, 'onRefused', 'boundaryEvent').eventDefinition).toEqual(refuse.eventDefinition);
    expect(nodeOf(process, 'onAnyError', 'boundaryEvent').eventDefinition).toEqual({ type: 'error' });
    expect(process.nodes.check.boundaryEventIds).toEqual(['onRefused', 'onAnyError']);
  });

  it('reads an undeclared errorRef as the error code, as Flowable does', async () => {
    const process = await processOf('error-event-subprocess');
    expect(nodeOf(process, 'onFailure', 'startEvent')).toMatchObject({
      interrupting: true,
      parentId: 'handleFailure',
      eventDefinition: { type: 'error', errorRef: 'WORK_FAILED', errorCode: 'WORK_FAILED' },
    });
  });

  it('resolves escalations thrown inside a subprocess and caught on its boundary', async () => {
    const definitions = await loadFixture('escalation');
    expect(definitions.escalations).toEqual({ lateEscalation: { name: 'Late', escalationCode: 'LATE' } });
    const process = definitions.processes[0];
    const expected = { type: 'escalation', escalationRef: 'lateEscalation', escalationCode: 'LATE' };
    expect(nodeOf(process, 'raise', 'intermediateThrowEvent').eventDefinition).toEqual(expected);
    expect(nodeOf(process, 'subEnd', 'endEvent').eventDefinition).toEqual(expected);
    expect(nodeOf(process, 'onLate', 'boundaryEvent')).toMatchObject({
      cancelActivity: false,
      eventDefinition: expected,
    });
  });

  it('reads terminate end events, ending the scope or everything', async () => {
    expect(nodeOf(await processOf('terminate-end'), 'terminate', 'endEvent').eventDefinition).toEqual({
      type: 'terminate',
      terminateAll: false,
    });
    const process = await processOf('terminate-in-subprocess');
    expect(nodeOf(process, 'endSub', 'endEvent')).toMatchObject({
      parentId: 'sub',
      eventDefinition: { type: 'terminate', terminateAll: false },
    });
    expect(nodeOf(process, 'endAll', 'endEvent').eventDefinition).toEqual({
      type: 'terminate',
      terminateAll: true,
    });
  });
});

describe('compensation and link events', () => {
  it('wires a compensation handler to the activity it compensates', async () => {
    const process = await processOf('compensation');
    expect(nodeOf(process, 'bookHotel', 'serviceTask')).toMatchObject({
      compensationHandlerId: 'cancelHotel',
      boundaryEventIds: ['compensateHotel'],
    });
    expect(nodeOf(process, 'compensateHotel', 'boundaryEvent').eventDefinition).toEqual({
      type: 'compensate',
      waitForCompletion: true,
    });
    expect(nodeOf(process, 'cancelHotel', 'serviceTask')).toMatchObject({
      isForCompensation: true,
      incoming: [],
      outgoing: [],
    });
    expect(nodeOf(process, 'undo', 'intermediateThrowEvent').eventDefinition).toEqual({
      type: 'compensate',
      activityRef: 'bookHotel',
      waitForCompletion: true,
    });
    expect(process.nodes.note).toBeUndefined();
  });

  it('pairs link throw and catch events by name', async () => {
    const process = await processOf('link-events');
    expect(nodeOf(process, 'gotoReview', 'intermediateThrowEvent').eventDefinition).toEqual({
      type: 'link',
      name: 'review',
    });
    expect(nodeOf(process, 'reviewLanding', 'intermediateCatchEvent')).toMatchObject({
      incoming: [],
      eventDefinition: { type: 'link', name: 'review' },
    });
  });
});
