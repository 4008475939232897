/**
 * Boundary events: timer, message, signal, error and escalation, interrupting or not. After
 * Flowable's `BoundaryTimerEventTest`, `BoundaryTimerNonInterruptingEventTest`,
 * `MessageBoundaryEventTest`, `SignalEventTest`, `BoundaryErrorEventTest` and
 * `BoundaryEscalationEventTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  familyFixtures,
  fireTimerOf,
  historicActivities,
  isEnded,
  jobsOf,
  listOf,
  openTaskKeys,
  sendMessage,
  start,
  throwSignal,
  tryStart,
  useConformanceHarness,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('boundary-events'));
beforeAll(() => {
  h = use();
});

const subscriptionsOf = (id: string) =>
  listOf(h, `/process-api/runtime/event-subscriptions?processInstanceId=${id}&size=100`);

describe('timer boundary events', () => {
  it('a timer job waits while the task is open, due after the duration (BoundaryTimerEventTest.testBoundaryTimerEvent)', async () => {
    const before = Date.now();
    const instance = await start(h, 'beTimer');
    const [timer] = await jobsOf(h, instance.id);
    expect(timer).toMatchObject({ elementId: 'deadline' });
    const due = Date.parse(timer.dueDate as string);
    expect(due - before).toBeGreaterThanOrEqual(2 * 3600_000 - 5_000);
    expect(due - before).toBeLessThan(2 * 3600_000 + 60_000);
  });

  it('an interrupting timer cancels the task and takes its own flow (BoundaryTimerEventTest.testBoundaryTimerEvent)', async () => {
    const instance = await start(h, 'beTimer');
    await fireTimerOf(h, instance.id, 'deadline');
    expect(await openTaskKeys(h, instance.id)).toEqual(['escalate']);
    const approve = (await historicActivities(h, instance.id)).find((row) => row.activityId === 'approve');
    expect(approve?.endTime).not.toBeNull();
  });

  it('completing the task removes its timer (BoundaryTimerEventTest.testMultipleTimersOnUserTask)', async () => {
    const instance = await start(h, 'beTimer');
    await completeTask(h, instance.id, 'approve');
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
    expect(await openTaskKeys(h, instance.id)).toEqual(['done']);
  });

  it('a non-interrupting timer keeps the task and adds a path each time it fires (BoundaryTimerNonInterruptingEventTest.testTimerWithCycle)', async () => {
    const instance = await start(h, 'beTimerNonInterrupting');
    await fireTimerOf(h, instance.id, 'reminder');
    expect(await openTaskKeys(h, instance.id)).toEqual(['approve', 'remind']);
    // R2: a second repetition is scheduled
    expect((await jobsOf(h, instance.id)).map((job) => job.elementId)).toEqual(['reminder']);
    await fireTimerOf(h, instance.id, 'reminder');
    expect(await openTaskKeys(h, instance.id)).toEqual(['approve', 'remind', 'remind']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('the task after a non-interrupting timer completes on its own (BoundaryTimerNonInterruptingEventTest.testJoin)', async () => {
    const instance = await start(h, 'beTimerNonInterrupting');
    await fireTimerOf(h, instance.id, 'reminder');
    await completeTask(h, instance.id, 'approve');
    expect(await openTaskKeys(h, instance.id)).toEqual(['remind']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('a timer on a subprocess, with its duration from an expression, cancels everything inside (BoundaryTimerEventTest.testTimerOnNestingOfSubprocesses, testExpressionOnTimer)', async () => {
    const instance = await start(h, 'beTimerOnSubprocess', { wait: 'PT5M' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskA', 'taskB']);
    await fireTimerOf(h, instance.id, 'subTimer');
    expect(await openTaskKeys(h, instance.id)).toEqual(['late']);
  });
});

describe('message boundary events', () => {
  it('each boundary message has a subscription while the task is open (MessageBoundaryEventTest.testDoubleBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'beMessage');
    const names = (await subscriptionsOf(instance.id)).map((s) => s.eventName).sort();
    expect(names).toEqual(['customerPing', 'orderChanged']);
  });

  it('an interrupting message cancels the task and removes the other subscription (MessageBoundaryEventTest.testSingleBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'beMessage');
    await sendMessage(h, instance.id, 'orderChanged');
    expect(await openTaskKeys(h, instance.id)).toEqual(['repack']);
    expect(await subscriptionsOf(instance.id)).toHaveLength(0);
  });

  it('a non-interrupting message keeps the task and its subscriptions (MessageNonInterruptingBoundaryEventTest.testSingleNonInterruptingBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'beMessage');
    await sendMessage(h, instance.id, 'customerPing');
    expect(await openTaskKeys(h, instance.id)).toEqual(['answer', 'pack']);
    expect((await subscriptionsOf(instance.id)).map((s) => s.eventName).sort()).toEqual([
      'customerPing',
      'orderChanged',
    ]);
  });

  it('completing the task removes its boundary subscriptions (MessageBoundaryEventTest.testSingleBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'beMessage');
    await completeTask(h, instance.id, 'pack');
    expect(await subscriptionsOf(instance.id)).toHaveLength(0);
    expect(await openTaskKeys(h, instance.id)).toEqual(['ship']);
  });

  it('message variables land on the instance (MessageBoundaryEventTest.testSingleBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'beMessage');
    await sendMessage(h, instance.id, 'orderChanged', { newQuantity: 3 });
    const variables = await listOf(
      h,
      `/process-api/history/historic-variable-instances?processInstanceId=${instance.id}`,
    );
    expect(variables.map((row) => row.variable.name)).toContain('newQuantity');
  });
});

describe('signal boundary events', () => {
  it('a non-interrupting signal on a task inside a subprocess adds a path (SignalEventTest.testNonInterruptingSignalWithSubProcess)', async () => {
    const instance = await start(h, 'beSignal');
    await throwSignal(h, 'notice');
    expect(await openTaskKeys(h, instance.id)).toEqual(['read', 'work']);
  });

  it('an interrupting signal on the subprocess cancels all of its contents (SignalEventTest.testSignalBoundaryOnSubProcess)', async () => {
    const instance = await start(h, 'beSignal');
    await throwSignal(h, 'notice');
    await throwSignal(h, 'alarm');
    expect(await openTaskKeys(h, instance.id)).toEqual(['evacuate']);
    expect(await subscriptionsOf(instance.id)).toHaveLength(0);
  });

  it('a global signal reaches every waiting instance (SignalEventTest.testSignalCatchBoundary)', async () => {
    const first = await start(h, 'beSignal');
    const second = await start(h, 'beSignal');
    await throwSignal(h, 'alarm');
    expect(await openTaskKeys(h, first.id)).toEqual(['evacuate']);
    expect(await openTaskKeys(h, second.id)).toEqual(['evacuate']);
  });
});

describe('error boundary events', () => {
  it('an error end event in a subprocess is caught by the boundary on the subprocess (BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess)', async () => {
    const instance = await start(h, 'beError');
    await completeTask(h, instance.id, 'review', { ok: false });
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleRejection']);
    const ids = (await historicActivities(h, instance.id)).map((row) => row.activityId);
    expect(ids).toContain('onRejected');
    expect(ids).not.toContain('subEnd');
  });

  it('the normal end leaves the boundary untouched (BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess)', async () => {
    const instance = await start(h, 'beError');
    await completeTask(h, instance.id, 'review', { ok: true });
    expect(await openTaskKeys(h, instance.id)).toEqual(['accepted']);
  });

  it('an error from an inner subprocess is caught by a catch-all boundary on the outer one (BoundaryErrorEventTest.testCatchErrorOfInnerSubprocessOnOuterSubprocess, testCatchErrorOnEmbeddedSubprocessWithoutErrorCode)', async () => {
    const instance = await start(h, 'beErrorNested');
    expect(await openTaskKeys(h, instance.id)).toEqual(['caught']);
  });

  it('an uncaught error end event fails the command and leaves nothing behind (BoundaryErrorEventTest.testUncaughtError)', async () => {
    const response = await tryStart(h, 'beErrorUncaught');
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).toContain('REJECTED');
    expect(
      await listOf(h, '/process-api/runtime/process-instances?processDefinitionKey=beErrorUncaught'),
    ).toEqual([]);
  });
});

describe('escalation boundary events', () => {
  it('an intermediate escalation caught non-interrupting on the subprocess adds a path (BoundaryEscalationEventTest.testCatchEscalationOnEmbeddedSubprocess)', async () => {
    const instance = await start(h, 'beEscalation');
    expect(await openTaskKeys(h, instance.id)).toEqual(['informBoss', 'work']);
    await completeTask(h, instance.id, 'work');
    await completeTask(h, instance.id, 'informBoss');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('an escalation end event caught interrupting cancels the subprocess (EscalationEventSubProcessTest.testCatchEscalationInEmbeddedSubProcess)', async () => {
    const instance = await start(h, 'beEscalationInterrupting');
    expect(await openTaskKeys(h, instance.id)).toEqual(['informBoss']);
  });
});

describe('boundary events on call activities and multi-instance activities', () => {
  const childOf = async (parentId: string) =>
    (await listOf(h, `/process-api/runtime/process-instances?superProcessInstanceId=${parentId}`))[0];

  it('an error end event of the called process is caught on the call activity (BoundaryErrorEventTest.testCatchErrorOnCallActivity)', async () => {
    const instance = await start(h, 'beOnCallActivity', { mode: 'fail' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleError']);
    expect(
      await listOf(h, `/process-api/runtime/process-instances?superProcessInstanceId=${instance.id}`),
    ).toEqual([]);
  });

  it('an escalation thrown in the called process is caught non-interrupting on the call activity (BoundaryEscalationEventTest.testCatchEscalationOnCallActivity)', async () => {
    const instance = await start(h, 'beOnCallActivity', { mode: 'escalate' });
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleLate']);
    const child = await childOf(instance.id);
    expect(await openTaskKeys(h, child.id as string)).toEqual(['childWork']);
  });

  it('a timer on the call activity ends the running child when it fires (CallActivityAdvancedTest.testTimerOnCallActivity)', async () => {
    const instance = await start(h, 'beOnCallActivity', { mode: 'wait' });
    const child = await childOf(instance.id);
    await fireTimerOf(h, instance.id, 'onTooLong');
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleTimeout']);
    expect(await isEnded(h, child.id as string)).toBe(true);
  });

  it('a message boundary on a parallel multi-instance task cancels every instance (MessageBoundaryEventTest.testDoubleBoundaryMessageEventMultiInstance)', async () => {
    const instance = await start(h, 'beOnMultiInstance');
    expect(await openTaskKeys(h, instance.id)).toEqual(['review', 'review', 'review']);
    await sendMessage(h, instance.id, 'stopAll');
    expect(await openTaskKeys(h, instance.id)).toEqual(['stopped']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('a timer on a multi-instance task is one timer for the whole activity (BoundaryTimerEventTest.testTimerOnSyncMultiInstanceActivity)', async () => {
    const instance = await start(h, 'beOnMultiInstance');
    expect((await jobsOf(h, instance.id)).map((job) => job.elementId)).toEqual(['onSlow']);
    await fireTimerOf(h, instance.id, 'onSlow');
    expect(await openTaskKeys(h, instance.id)).toEqual(['slow']);
  });
});
