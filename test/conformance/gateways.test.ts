/**
 * Gateways: exclusive (first true condition, default flow, no flow is an error), parallel fork
 * and join, inclusive (every true condition, join of what was started), event-based (the first
 * event wins, the others are cancelled). After Flowable's `test/bpmn/gateway/*Test`.
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
const use = useConformanceHarness(familyFixtures('gateways'));
beforeAll(() => {
  h = use();
});

const subscriptionsOf = (id: string) =>
  listOf(h, `/process-api/runtime/event-subscriptions?processInstanceId=${id}&size=100`);

describe('exclusive gateway', () => {
  it('takes the flow whose condition holds (ExclusiveGatewayTest.testDivergingExclusiveGateway)', async () => {
    for (const [amount, key] of [
      [5, 'small'],
      [500, 'medium'],
      [2000, 'large'],
    ] as const) {
      const instance = await start(h, 'gwExclusive', { amount });
      expect(await openTaskKeys(h, instance.id)).toEqual([key]);
    }
  });

  it('takes only the first flow in document order when several conditions hold (ExclusiveGatewayTest.testMultipleValidConditions)', async () => {
    const instance = await start(h, 'gwExclusive', { amount: 50 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['small']);
  });

  it('takes the default flow when no condition holds (ExclusiveGatewayTest.testDefaultSequenceFlow)', async () => {
    const instance = await start(h, 'gwExclusive', { amount: 9000 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['other']);
  });

  it('reads conditions with whitespace around the expression (ExclusiveGatewayTest.testWhitespaceInExpression)', async () => {
    const instance = await start(h, 'gwExclusive', { amount: 4999 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['large']);
  });

  it('refuses to continue when no flow can be selected and there is no default (ExclusiveGatewayTest.testNoSequenceFlowSelected)', async () => {
    const response = await tryStart(h, 'gwExclusiveNoDefault', { choice: 'c' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).toContain('route');
    const left = await listOf(
      h,
      '/process-api/runtime/process-instances?processDefinitionKey=gwExclusiveNoDefault',
    );
    expect(left).toHaveLength(0);
  });

  it('fails on a condition that reads an unknown variable (ExclusiveGatewayTest.testUnknownVariableInExpression)', async () => {
    const response = await tryStart(h, 'gwExclusiveNoDefault');
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).toContain('choice');
  });

  it('merges incoming paths without waiting: each arriving path passes (ExclusiveGatewayTest.testMergingExclusiveGateway)', async () => {
    const instance = await start(h, 'gwExclusiveMerge');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after', 'after']);
  });

  it('decides on a bean property and goes straight to an end event (ExclusiveGatewayTest.testDecideBasedOnBeanProperty, testExclusiveDirectlyToEnd)', async () => {
    const vip = await start(h, 'gwExclusiveBean', { order: { customer: { vip: true }, items: [] } });
    expect(await isEnded(h, vip.id)).toBe(true);
    const regular = await start(h, 'gwExclusiveBean', { order: { customer: { vip: false }, items: [1] } });
    expect(await openTaskKeys(h, regular.id)).toEqual(['review']);
  });

  it('records the gateway and the chosen path in history (ExclusiveGatewayTest.testDivergingExclusiveGateway)', async () => {
    const instance = await start(h, 'gwExclusive', { amount: 5 });
    // the sequence flows taken are activity instances too (activityType sequenceFlow)
    const rows = await historicActivities(h, instance.id);
    expect(rows.map((row) => row.activityId)).toEqual(['start', 'f0', 'route', 'toSmall', 'small']);
    expect(rows.find((row) => row.activityId === 'toSmall')).toMatchObject({
      activityType: 'sequenceFlow',
    });
    expect(rows.find((row) => row.activityId === 'route')).toMatchObject({
      activityType: 'exclusiveGateway',
    });
  });
});

describe('parallel gateway', () => {
  it('forks into one task per outgoing flow (ParallelGatewayTest.testForkJoin)', async () => {
    const instance = await start(h, 'gwParallel');
    expect(await openTaskKeys(h, instance.id)).toEqual(['receivePayment', 'shipOrder']);
  });

  it('joins only when every incoming path arrived (ParallelGatewayTest.testForkJoin)', async () => {
    const instance = await start(h, 'gwParallel');
    await completeTask(h, instance.id, 'receivePayment');
    expect(await openTaskKeys(h, instance.id)).toEqual(['shipOrder']);
    await completeTask(h, instance.id, 'shipOrder');
    expect(await openTaskKeys(h, instance.id)).toEqual(['archive']);
    await completeTask(h, instance.id, 'archive');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('forks and joins without wait states in one go (ParallelGatewayTest.testSplitMergeNoWaitstates)', async () => {
    const instance = await start(h, 'gwParallelNoWait');
    expect(await isEnded(h, instance.id)).toBe(true);
    const joins = (await historicActivities(h, instance.id)).filter((row) => row.activityId === 'join');
    // Flowable records one activity instance per arrival at a join
    expect(joins).toHaveLength(3);
    const flows = (await historicActivities(h, instance.id)).filter(
      (row) => row.activityType === 'sequenceFlow',
    );
    expect(flows.map((row) => row.activityId).sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(joins.every((row) => row.endTime !== null)).toBe(true);
  });

  it('ends the instance only when the last branch reaches its end event (ParallelGatewayTest.testForkFollowedByOnlyEndEvents)', async () => {
    const instance = await start(h, 'gwParallelEnds');
    expect(await openTaskKeys(h, instance.id)).toEqual(['task1', 'task2']);
    await completeTask(h, instance.id, 'task1');
    expect(await isEnded(h, instance.id)).toBe(false);
    await completeTask(h, instance.id, 'task2');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('joins nested forks in turn (ParallelGatewayTest.testNestedForkJoin)', async () => {
    const instance = await start(h, 'gwParallelNested');
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskA', 'taskB', 'taskC']);
    await completeTask(h, instance.id, 'taskC');
    await completeTask(h, instance.id, 'taskA');
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskB']);
    await completeTask(h, instance.id, 'taskB');
    expect(await openTaskKeys(h, instance.id)).toEqual(['final']);
  });

  it('gives each parallel gateway passage an ended history row (ParallelGatewayTest.testHistoricActivityInstanceEndTimes)', async () => {
    const instance = await start(h, 'gwParallel');
    await completeTask(h, instance.id, 'receivePayment');
    await completeTask(h, instance.id, 'shipOrder');
    const rows = await historicActivities(h, instance.id);
    const gateways = rows.filter((row) => row.activityType === 'parallelGateway');
    expect(gateways.length).toBeGreaterThanOrEqual(2);
    expect(gateways.every((row) => row.endTime !== null)).toBe(true);
  });
});

describe('inclusive gateway', () => {
  it('takes every flow whose condition holds (InclusiveGatewayTest.testDivergingInclusiveGateway)', async () => {
    const one = await start(h, 'gwInclusive', { level: 1 });
    expect(await openTaskKeys(h, one.id)).toEqual(['a']);
    const three = await start(h, 'gwInclusive', { level: 3 });
    expect(await openTaskKeys(h, three.id)).toEqual(['a', 'b', 'c']);
  });

  it('takes the default flow only when no condition holds (InclusiveGatewayTest.testDefaultSequenceFlow)', async () => {
    const instance = await start(h, 'gwInclusive', { level: 0 });
    expect(await openTaskKeys(h, instance.id)).toEqual(['fallback']);
    await completeTask(h, instance.id, 'fallback');
    expect(await openTaskKeys(h, instance.id)).toEqual(['done']);
  });

  it('joins the branches it started, and waits for all of them (InclusiveGatewayTest.testMergingInclusiveGateway)', async () => {
    const instance = await start(h, 'gwInclusive', { level: 2 });
    await completeTask(h, instance.id, 'a');
    expect(await openTaskKeys(h, instance.id)).toEqual(['b']);
    await completeTask(h, instance.id, 'b');
    expect(await openTaskKeys(h, instance.id)).toEqual(['done']);
  });

  it('refuses to continue when no condition holds and there is no default (InclusiveGatewayTest.testNoSequenceFlowSelected)', async () => {
    const response = await tryStart(h, 'gwInclusiveNoDefault', { level: 2 });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).toContain('fork');
  });

  it('as a join after a parallel fork, waits for every branch that can still reach it (InclusiveGatewayTest.testJoinAfterParallelGateway)', async () => {
    const instance = await start(h, 'gwInclusivePartial');
    await completeTask(h, instance.id, 'taskB');
    expect(await openTaskKeys(h, instance.id)).toEqual(['taskA']);
    await completeTask(h, instance.id, 'taskA');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });
});

describe('event-based gateway', () => {
  it('waits on every event after it, with a subscription or timer each (EventBasedGatewayTest.testCatchSignalAndMessageAndTimer)', async () => {
    const instance = await start(h, 'gwEventBased');
    const subscriptions = await subscriptionsOf(instance.id);
    expect(subscriptions.map((s) => `${s.eventType}:${s.eventName}`).sort()).toEqual([
      'message:paymentReceived',
      'signal:orderCancelled',
    ]);
    expect((await jobsOf(h, instance.id)).map((job) => job.elementId)).toEqual(['onTimeout']);
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
  });

  it('the message wins: the signal subscription and the timer are removed (EventBasedGatewayTest.testCatchSignalAndMessageAndTimer)', async () => {
    const instance = await start(h, 'gwEventBased');
    await sendMessage(h, instance.id, 'paymentReceived');
    expect(await openTaskKeys(h, instance.id)).toEqual(['ship']);
    expect(await subscriptionsOf(instance.id)).toHaveLength(0);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('a signal cancels the timer (EventBasedGatewayTest.testCatchSignalCancelsTimer)', async () => {
    const instance = await start(h, 'gwEventBased');
    await throwSignal(h, 'orderCancelled');
    expect(await openTaskKeys(h, instance.id)).toEqual(['refund']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('the timer cancels the signal and message subscriptions (EventBasedGatewayTest.testCatchTimerCancelsSignal)', async () => {
    const instance = await start(h, 'gwEventBased');
    await fireTimerOf(h, instance.id, 'onTimeout');
    expect(await openTaskKeys(h, instance.id)).toEqual(['remind']);
    expect(await subscriptionsOf(instance.id)).toHaveLength(0);
  });
});
