/**
 * Event listeners: user event listeners triggered over REST (entering a task, exiting a task,
 * a stage or the whole case), timer event listeners with durations, dates and expressions
 * (scheduled as case timer jobs, fired through the management API), timers planned only with
 * their stage and removed with it, and the removal of a listener nothing waits for any more.
 * After Flowable's `UserEventListenerTest`, `TimerEventListenerTest` and the CMMN REST
 * `HistoricMilestoneInstanceResourcesTest` (triggering listeners through plan item actions).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  actOn,
  caseIsEnded,
  caseJobsOf,
  caseRefusal,
  cmmnFixture,
  caseTasksOf,
  completeCaseTask,
  fireTimerListener,
  historicCase,
  openCaseTaskKeys,
  planItemOf,
  statesOf,
  stillOpen,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness, started } = useCmmnFamily('event-listeners');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

const minutesFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 60_000;

describe('user event listeners', () => {
  it('a user event listener is available from the start (UserEventListenerTest.testSimpleEnableTask)', async () => {
    const id = await started('elUser');
    expect(await planItemOf(h, id, 'goItem')).toMatchObject({
      state: 'available',
      planItemDefinitionType: 'usereventlistener',
      planItemDefinitionId: 'goListener',
    });
    expect(await statesOf(h, id)).toEqual({
      goItem: 'available',
      workItem: 'available',
      otherItem: 'active',
    });
  });

  it('triggering it completes it and starts the task waiting on its occurrence (UserEventListenerTest.testSimpleEnableTask)', async () => {
    const id = await started('elUser');
    await actOn(h, id, 'goItem', 'trigger');
    expect(await statesOf(h, id)).toEqual({ workItem: 'active', otherItem: 'active' });
    expect((await planItemOf(h, id, 'goItem', true)).state).toBe('completed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['other', 'work']);
  });

  it('a user event listener can exit the case plan model (UserEventListenerTest.testCaseWithoutFiringTheEvent, ExitCriteriaTest.testExitPlanModelUsingNestedEventListener)', async () => {
    const id = await started('elUserExitCase');
    const before = await caseTasksOf(h, id);
    await actOn(h, id, 'cancelItem', 'trigger');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await stillOpen(h, before)).toEqual([]);
    expect((await historicCase(h, id)).state).toBe('terminated');
  });

  it('until it is triggered the case runs, and the listener keeps it open (UserEventListenerTest.testCaseWithoutFiringTheEvent)', async () => {
    const id = await started('elUserExitCase');
    await completeCaseTask(h, id, 'work');
    expect(await caseIsEnded(h, id)).toBe(false);
    expect(await statesOf(h, id)).toEqual({ cancelItem: 'available' });
  });

  it('a user event listener can exit a task (UserEventListenerTest.testTerminateTask)', async () => {
    const id = await started('elUserExitTask');
    await actOn(h, id, 'skipItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['b']);
    expect((await planItemOf(h, id, 'aItem', true)).state).toBe('terminated');
  });

  it('a user event listener can exit a stage, terminating its tasks (UserEventListenerTest.testTerminateStage)', async () => {
    const id = await started('elUserExitStage');
    expect(await openCaseTaskKeys(h, id)).toEqual(['a', 'keep']);
    await actOn(h, id, 'stopItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['keep']);
    expect((await planItemOf(h, id, 'stageItem', true)).state).toBe('terminated');
  });
});

describe('timer event listeners', () => {
  it('a duration timer listener is available and schedules a case timer job (TimerEventListenerTest.testTimerExpressionDuration)', async () => {
    const id = await started('elTimer');
    const timerItem = await planItemOf(h, id, 'timerItem');
    expect(timerItem).toMatchObject({ state: 'available', planItemDefinitionType: 'timereventlistener' });
    const timers = await caseJobsOf(h, id);
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ caseInstanceId: id, planItemInstanceId: timerItem.id });
  });

  it('the timer is due after the duration (TimerEventListenerTest.testTimerExpressionDuration)', async () => {
    const id = await started('elTimer');
    const [timer] = await caseJobsOf(h, id);
    expect(minutesFromNow(timer.dueDate as string)).toBeGreaterThan(58);
    expect(minutesFromNow(timer.dueDate as string)).toBeLessThan(61);
  });

  it('when the timer fires the listener occurs and the waiting task starts (TimerEventListenerTest.testTimerExpressionDuration)', async () => {
    const id = await started('elTimer');
    await fireTimerListener(h, id, 'timerItem');
    expect(await openCaseTaskKeys(h, id)).toEqual(['remind', 'work']);
    expect((await planItemOf(h, id, 'timerItem', true)).state).toBe('completed');
    expect(await caseJobsOf(h, id)).toHaveLength(0);
  });

  it('a timer cycle makes a new listener instance for the next occurrence until the cycle is used up (TimerEventListenerTest.testRepeatingTimer)', async () => {
    const id = await started('elTimerCycle');
    const [first] = await caseJobsOf(h, id);
    expect(minutesFromNow(first.dueDate as string)).toBeGreaterThan(58);
    await fireTimerListener(h, id, 'tickItem');
    expect((await statesOf(h, id, true)).tickItem).toBe('available,completed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'keep']);
    // the next occurrence, an hour on
    const [second] = await caseJobsOf(h, id);
    expect(second.id).not.toBe(first.id);
    expect(minutesFromNow(second.dueDate as string)).toBeGreaterThan(58);
    expect(minutesFromNow(second.dueDate as string)).toBeLessThan(61);
    await fireTimerListener(h, id, 'tickItem');
    expect((await statesOf(h, id, true)).tickItem).toBe('completed,completed');
    expect(await caseJobsOf(h, id)).toEqual([]);
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'check', 'keep']);
  });

  it('a timer cycle and a repetition rule on one listener are refused at deployment, naming the plan item (Weir: each would make the next instance)', async () => {
    const xml = (await cmmnFixture('event-listeners/elTimerCycle.cmmn'))
      .replaceAll('elTimerCycle', 'elTimerCycleRepeated')
      .replace(
        '<planItem id="tickItem" name="Tick" definitionRef="tick"/>',
        '<planItem id="tickItem" name="Tick" definitionRef="tick"><itemControl><repetitionRule/></itemControl></planItem>',
      );
    expect(await caseRefusal(h, 'elTimerCycleRepeated.cmmn', xml)).toMatch(/tickItem.*repeats by its cycle/);
  });

  it('a timer with a start trigger waits, with no job, until its source completes; then it is scheduled and its occurrence exits the follow-up (TimerEventListenerTest.testTimerStartTrigger)', async () => {
    const id = await started('elTimerStartTrigger');
    expect((await statesOf(h, id)).deadlineItem).toBe('available');
    expect(await caseJobsOf(h, id)).toEqual([]);
    await completeCaseTask(h, id, 'gather');
    expect(await openCaseTaskKeys(h, id)).toEqual(['followUp']);
    const timers = await caseJobsOf(h, id);
    expect(timers).toHaveLength(1);
    expect(minutesFromNow(timers[0].dueDate as string)).toBeGreaterThan(178);
    await fireTimerListener(h, id, 'deadlineItem');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a timer listener can exit the case plan model (TimerEventListenerTest.testExitPlanModelOnTimerOccurrence)', async () => {
    const id = await started('elTimerExitCase');
    await fireTimerListener(h, id, 'deadlineItem');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicCase(h, id)).state).toBe('terminated');
  });

  it('a timer listener inside a stage is scheduled only once the stage is active (TimerEventListenerTest.testTimerInStage)', async () => {
    const id = await started('elTimerInStage');
    expect(await caseJobsOf(h, id)).toHaveLength(0);
    await completeCaseTask(h, id, 'first');
    const timers = await caseJobsOf(h, id);
    expect(timers).toHaveLength(1);
    expect(minutesFromNow(timers[0].dueDate as string)).toBeGreaterThan(28);
    expect(minutesFromNow(timers[0].dueDate as string)).toBeLessThan(31);
  });

  it('the timer inside the stage then drives the stage’s task (TimerEventListenerTest.testStageAfterTimer)', async () => {
    const id = await started('elTimerInStage');
    await completeCaseTask(h, id, 'first');
    await fireTimerListener(h, id, 'timerItem');
    expect(await openCaseTaskKeys(h, id)).toEqual(['later']);
  });

  it('exiting the stage removes the timer of a listener inside it (TimerEventListenerTest.testActiveTimerAndExitStage)', async () => {
    const id = await started('elTimerStageExit');
    expect(await caseJobsOf(h, id)).toHaveLength(1);
    await completeCaseTask(h, id, 'doneTask');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await caseJobsOf(h, id)).toHaveLength(0);
  });

  it('a fixed ISO 8601 date is the timer’s due date (TimerEventListenerTest.testDateExpression)', async () => {
    const id = await started('elTimerDate');
    const [timer] = await caseJobsOf(h, id);
    expect(new Date(timer.dueDate as string).toISOString()).toBe('2036-02-29T12:00:00.000Z');
  });

  it('a timer expression can read a case variable (TimerEventListenerTest.testTimerWithInstantVariableExpression)', async () => {
    const id = await started('elTimerExpression', { delay: 'PT45M' });
    const [timer] = await caseJobsOf(h, id);
    expect(minutesFromNow(timer.dueDate as string)).toBeGreaterThan(43);
    expect(minutesFromNow(timer.dueDate as string)).toBeLessThan(46);
  });
});

describe('listeners nothing waits for', () => {
  it('whichever listener occurs first starts the task (UserEventListenerTest.testTimerAndUserEventListenerForEntry)', async () => {
    const id = await started('elEitherListener');
    await actOn(h, id, 'nowItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['work']);
  });

  it('the other listener is then removed, and its timer with it (UserEventListenerTest.testTimerAndUserEventListenerForEntry)', async () => {
    const id = await started('elEitherListener');
    await actOn(h, id, 'nowItem', 'trigger');
    expect(await statesOf(h, id)).toEqual({ workItem: 'active' });
    expect(await caseJobsOf(h, id)).toHaveLength(0);
  });

  it('so the case completes when the task is done (UserEventListenerTest.testTimerAndUserEventListenerForEntry)', async () => {
    const id = await started('elEitherListener');
    await fireTimerListener(h, id, 'timerItem');
    await completeCaseTask(h, id, 'work');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});
