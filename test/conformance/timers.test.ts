/**
 * Timers: start events (duration, date, cycle), intermediate catches (duration, expression,
 * parallel), timer event subprocesses, rescheduling. Time is moved with the management API:
 * a timer job is moved to the executable jobs and run. After Flowable's `StartTimerEventTest`,
 * `IntermediateTimerEventTest` and `TimerEventSubprocessTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  completeTask,
  deployXml,
  familyFixtures,
  fireTimer,
  fireTimerOf,
  fixture,
  isEnded,
  jobsOf,
  listOf,
  ok,
  openTaskKeys,
  start,
  useConformanceHarness,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('timers'));
beforeAll(() => {
  h = use();
});

const definitionOf = async (key: string) =>
  (await listOf(h, `/process-api/repository/process-definitions?key=${key}&latest=true`))[0];

const startTimersOf = async (key: string) => {
  const definition = await definitionOf(key);
  return listOf(h, `/process-api/management/timer-jobs?processDefinitionId=${definition.id as string}`);
};

const instancesOf = (key: string) =>
  listOf(h, `/process-api/runtime/process-instances?processDefinitionKey=${key}&size=100`);

const minutesFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 60_000;

describe('timer start events', () => {
  it('deploying a timer start event schedules one timer job and starts nothing (StartTimerEventTest.testDurationStartTimerEvent)', async () => {
    const timers = await startTimersOf('tmStartDuration');
    expect(timers).toHaveLength(1);
    expect(timers[0].processInstanceId ?? null).toBeNull();
    expect(minutesFromNow(timers[0].dueDate as string)).toBeGreaterThan(55);
    expect(minutesFromNow(timers[0].dueDate as string)).toBeLessThan(61);
    expect(await instancesOf('tmStartDuration')).toHaveLength(0);
  });

  it('when the timer fires, an instance starts (StartTimerEventTest.testDurationStartTimerEvent)', async () => {
    const [timer] = await startTimersOf('tmStartDuration');
    await fireTimer(h, timer.id as string);
    const instances = await instancesOf('tmStartDuration');
    expect(instances).toHaveLength(1);
    expect(await openTaskKeys(h, instances[0].id as string)).toEqual(['started']);
    expect(await startTimersOf('tmStartDuration')).toHaveLength(0);
  });

  it('a fixed date timer is due at that date (StartTimerEventTest.testFixedDateStartTimerEvent)', async () => {
    const [timer] = await startTimersOf('tmStartDate');
    expect(new Date(timer.dueDate as string).toISOString()).toBe('2036-02-29T12:00:00.000Z');
  });

  it('a cycle starts an instance per repetition, then stops (StartTimerEventTest.testCycleWithLimitStartTimerEvent)', async () => {
    const [first] = await startTimersOf('tmStartCycle');
    await fireTimer(h, first.id as string);
    const [second] = await startTimersOf('tmStartCycle');
    expect(second).toBeDefined();
    expect(second.id).not.toBe(first.id);
    await fireTimer(h, second.id as string);
    expect(await instancesOf('tmStartCycle')).toHaveLength(2);
    expect(await startTimersOf('tmStartCycle')).toHaveLength(0);
  });

  it('a new version replaces the timer of the old one (StartTimerEventTest.testVersionUpgradeShouldCancelJobs)', async () => {
    const [old] = await startTimersOf('tmStartDate');
    const xml = (await fixture('timers/tmStartDate.bpmn20.xml')).replace(
      '2036-02-29T12:00:00Z',
      '2037-01-01T00:00:00Z',
    );
    expect((await deployXml(h, 'tmStartDate-v2.bpmn20.xml', xml)).statusCode).toBe(201);
    const timers = await listOf(h, '/process-api/management/timer-jobs?elementId=timerStart&size=100');
    const ids = timers.map((timer) => timer.id);
    expect(ids).not.toContain(old.id);
    const [current] = await startTimersOf('tmStartDate');
    expect(new Date(current.dueDate as string).toISOString()).toBe('2037-01-01T00:00:00.000Z');
  });
});

describe('intermediate timers', () => {
  it('waits with a timer job due after the duration (IntermediateTimerEventTest.testCatchingTimerEvent)', async () => {
    const instance = await start(h, 'tmIntermediate');
    const [timer] = await jobsOf(h, instance.id);
    expect(timer.elementId).toBe('wait');
    expect(minutesFromNow(timer.dueDate as string)).toBeGreaterThan(4);
    expect(minutesFromNow(timer.dueDate as string)).toBeLessThan(6);
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
  });

  it('continues when the timer fires, and the job is gone (IntermediateTimerEventTest.testCatchingTimerEvent)', async () => {
    const instance = await start(h, 'tmIntermediate');
    await fireTimerOf(h, instance.id, 'wait');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
    expect(await jobsOf(h, instance.id, 'jobs')).toHaveLength(0);
  });

  it('takes its date from an expression (IntermediateTimerEventTest.testExpression)', async () => {
    const instance = await start(h, 'tmExpression', { wakeUp: '2031-05-06T07:08:09Z' });
    const [timer] = await jobsOf(h, instance.id);
    expect(new Date(timer.dueDate as string).toISOString()).toBe('2031-05-06T07:08:09.000Z');
  });

  it('two parallel timers fire independently, then join (IntermediateTimerEventTest.testParallelTimerEvents)', async () => {
    const instance = await start(h, 'tmParallel');
    expect((await jobsOf(h, instance.id)).map((job) => job.elementId).sort()).toEqual(['long', 'short']);
    await fireTimerOf(h, instance.id, 'short');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    await fireTimerOf(h, instance.id, 'long');
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('a rescheduled timer gets the new due date (IntermediateTimerEventTest.testRescheduleTimer)', async () => {
    const instance = await start(h, 'tmIntermediate');
    const [timer] = await jobsOf(h, instance.id);
    await ok(h, 'POST', `/process-api/management/timer-jobs/${timer.id as string}`, {
      action: 'reschedule',
      dueDate: '2040-01-01T00:00:00.000Z',
    });
    const [moved] = await jobsOf(h, instance.id);
    expect(new Date(moved.dueDate as string).toISOString()).toBe('2040-01-01T00:00:00.000Z');
  });

  it('deleting the instance deletes its timer (RuntimeServiceTest.testDeleteProcessInstance)', async () => {
    const instance = await start(h, 'tmIntermediate');
    expect(await jobsOf(h, instance.id)).toHaveLength(1);
    await ok(h, 'DELETE', `/process-api/runtime/process-instances/${instance.id}`);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });
});

describe('timer event subprocesses', () => {
  it('an interrupting timer event subprocess cancels the main flow when it fires (TimerEventSubprocessTest.testInterruptingUnderProcessDefinition)', async () => {
    const instance = await start(h, 'tmEventSubprocess');
    expect((await jobsOf(h, instance.id)).map((job) => job.elementId)).toEqual(['timeoutStart']);
    await fireTimerOf(h, instance.id, 'timeoutStart');
    expect(await openTaskKeys(h, instance.id)).toEqual(['handleTimeout']);
    await completeTask(h, instance.id, 'handleTimeout');
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('ending the main flow first removes the timer (TimerEventSubprocessTest.testInterruptingUnderProcessDefinition)', async () => {
    const instance = await start(h, 'tmEventSubprocess');
    await completeTask(h, instance.id, 'work');
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });

  it('a non-interrupting timer event subprocess runs beside the main flow (TimerEventSubprocessTest.testNonInterruptingUnderProcessDefinition)', async () => {
    const instance = await start(h, 'tmEventSubprocessNonInterrupting');
    await fireTimerOf(h, instance.id, 'reminderStart');
    expect(await openTaskKeys(h, instance.id)).toEqual(['remind', 'work']);
    await completeTask(h, instance.id, 'work');
    expect(await isEnded(h, instance.id)).toBe(false);
    await completeTask(h, instance.id, 'remind');
    expect(await isEnded(h, instance.id)).toBe(true);
  });
});
