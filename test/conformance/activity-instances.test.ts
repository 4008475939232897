/**
 * Activity instances at each step, runtime and historic, where Flowable's rows are not simply one
 * per element passed: after an event-based gateway (a row per waiting event, the losers ended
 * with Flowable's `event based gateway cancel`), for boundary events (a row from the moment the
 * attached activity is entered, ended with it or when the event fires) and for names given as
 * expressions (evaluated for the row). After Flowable's `RuntimeActivityInstanceTest`,
 * `HistoricActivityInstanceTest`, `EventBasedGatewayTest`, `ErrorEventSubProcessTest` and
 * `ProcessInstanceMigrationEventSubProcessTest` (the rows of a fired non-interrupting timer).
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
  ok,
  openTaskKeys,
  sendMessage,
  start,
  tasksOf,
  throwSignal,
  triggerExecution,
  useConformanceHarness,
  runtimeActivities,
  typedIds,
  type ActivityRow,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('activity-instances'));
beforeAll(() => {
  h = use();
});

const runtimeRows = (instanceId: string) => runtimeActivities(h, instanceId);

const historicRows = async (instanceId: string) =>
  (await historicActivities(h, instanceId)) as unknown as ActivityRow[];

const rowsOf = (rows: ActivityRow[], activityId: string) =>
  rows.filter((row) => row.activityId === activityId);

/** `id: open` or `id: ended (reason)` for each row of the given activities, in start order */
const states = (rows: ActivityRow[], ids: string[]) =>
  rows
    .filter((row) => ids.includes(row.activityId))
    .map((row) =>
      row.endTime === null
        ? `${row.activityId}: open`
        : `${row.activityId}: ended${row.deleteReason ? ` (${row.deleteReason})` : ''}`,
    );

const executionsOf = (instanceId: string) =>
  listOf<{ id: string; activityId: string | null }>(
    h,
    `/process-api/runtime/executions?processInstanceId=${instanceId}&size=100`,
  );

/** the activity of each execution, the instance's own (at no activity) first */
const activitiesOfExecutions = (executions: { activityId: string | null }[]) =>
  executions.map((execution) => execution.activityId ?? '(instance)').sort();

describe('event-based gateway', () => {
  it('the gateway ends at once and each event after it waits with a row of its own (RuntimeActivityInstanceTest.testEventBasedGateway)', async () => {
    const instance = await start(h, 'aiEventGateway');
    const rows = await runtimeRows(instance.id);
    expect(rows.map((row) => `${row.activityType}:${row.activityId}`)).toEqual([
      'startEvent:start',
      'sequenceFlow:f0',
      'eventBasedGateway:race',
      'sequenceFlow:toStop',
      'sequenceFlow:toWait',
      'intermediateCatchEvent:onStop',
      'intermediateCatchEvent:onWait',
    ]);
    expect(rowsOf(rows, 'race')[0].endTime).not.toBeNull();
    expect(rowsOf(rows, 'race')[0].activityName).toBe('Race');
    expect(rowsOf(rows, 'onStop')[0].endTime).toBeNull();
    expect(rowsOf(rows, 'onWait')[0].endTime).toBeNull();
  });

  it('each event waits on an execution of its own, as Flowable’s execution query finds it (EventBasedGatewayTest.testCatchAlertAndTimer)', async () => {
    const instance = await start(h, 'aiEventGateway');
    const executions = await executionsOf(instance.id);
    expect(activitiesOfExecutions(executions)).toEqual(['(instance)', 'onStop', 'onWait']);
    const rows = await runtimeRows(instance.id);
    const byActivity = Object.fromEntries(
      executions.map((execution) => [execution.activityId, execution.id]),
    );
    expect(rowsOf(rows, 'onStop')[0].executionId).toBe(byActivity.onStop);
    expect(rowsOf(rows, 'onWait')[0].executionId).toBe(byActivity.onWait);
    const [timer] = await jobsOf(h, instance.id);
    expect(timer).toMatchObject({ elementId: 'onWait', executionId: byActivity.onWait });
  });

  it('the signal wins: the timer’s row ends with Flowable’s delete reason and the runtime rows match history (RuntimeActivityInstanceTest.testEventBasedGateway)', async () => {
    const instance = await start(h, 'aiEventGateway');
    await throwSignal(h, 'aiStop');
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
    const history = await historicRows(instance.id);
    expect(states(history, ['race', 'onStop', 'onWait', 'hold'])).toEqual([
      'race: ended',
      'onStop: ended',
      'onWait: ended (event based gateway cancel)',
      'hold: open',
    ]);
    const runtime = await runtimeRows(instance.id);
    expect(runtime.map((row) => [row.id, row.activityId, row.endTime])).toEqual(
      history.map((row) => [row.id, row.activityId, row.endTime]),
    );
    expect(typedIds(runtime)).toEqual(
      [
        'startEvent:start',
        'sequenceFlow:f0',
        'eventBasedGateway:race',
        'sequenceFlow:toStop',
        'sequenceFlow:toWait',
        'intermediateCatchEvent:onStop',
        'intermediateCatchEvent:onWait',
        'sequenceFlow:stopToMerge',
        'exclusiveGateway:merge',
        'sequenceFlow:f1',
        'receiveTask:hold',
      ].sort(),
    );
    expect(activitiesOfExecutions(await executionsOf(instance.id))).toEqual(['(instance)', 'hold']);
  });

  it('the timer wins: the signal’s row ends with the delete reason, its subscription goes (EventBasedGatewayTest.testCatchAlertAndTimer)', async () => {
    const instance = await start(h, 'aiEventGateway');
    await fireTimerOf(h, instance.id, 'onWait');
    const subscriptions = await listOf(
      h,
      `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}`,
    );
    expect(subscriptions).toHaveLength(0);
    const history = await historicRows(instance.id);
    expect(states(history, ['onStop', 'onWait'])).toEqual([
      'onStop: ended (event based gateway cancel)',
      'onWait: ended',
    ]);
    expect(rowsOf(history, 'waitToMerge')).toHaveLength(1);
    expect(rowsOf(history, 'stopToMerge')).toHaveLength(0);
  });

  it('after the instance ends, history keeps one row for the gateway and no runtime row is left (HistoricActivityInstanceTest.testEventBasedGateway)', async () => {
    const instance = await start(h, 'aiEventGateway');
    await throwSignal(h, 'aiStop');
    const [hold] = await listOf<{ id: string }>(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=hold`,
    );
    // the execution is gone once triggered: Flowable answers 204 then
    expect((await triggerExecution(h, hold.id)).statusCode).toBe(204);
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await runtimeRows(instance.id)).toEqual([]);
    const history = await historicRows(instance.id);
    expect(rowsOf(history, 'race')).toHaveLength(1);
    expect(history.every((row) => row.endTime !== null)).toBe(true);
  });
});

describe('boundary events', () => {
  it('the boundary event has a waiting row as soon as its task is entered (RuntimeActivityInstanceTest.testBoundaryEvent)', async () => {
    const instance = await start(h, 'aiBoundarySignal');
    const rows = await runtimeRows(instance.id);
    expect(rows.map((row) => `${row.activityType}:${row.activityId}`)).toEqual([
      'startEvent:start',
      'sequenceFlow:f0',
      'userTask:plan',
      'boundaryEvent:halted',
    ]);
    const [halted] = rowsOf(rows, 'halted');
    expect(halted).toMatchObject({ activityName: 'Halted', endTime: null });
  });

  it('completing the task ends the boundary’s one row, with no delete reason (HistoricActivityInstanceTest.testBoundaryEvent)', async () => {
    const instance = await start(h, 'aiBoundarySignal');
    await completeTask(h, instance.id, 'plan');
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicRows(instance.id);
    expect(states(history, ['plan', 'halted'])).toEqual(['plan: ended', 'halted: ended']);
    expect(rowsOf(history, 'f2')).toHaveLength(0);
  });

  it('the fired boundary keeps its one row, ended, and the task ends with Flowable’s reason (RuntimeActivityInstanceTest.testBoundaryEvent)', async () => {
    const instance = await start(h, 'aiBoundarySignal');
    const [before] = rowsOf(await runtimeRows(instance.id), 'halted');
    await throwSignal(h, 'aiHalt');
    expect(await isEnded(h, instance.id)).toBe(false);
    const runtime = await runtimeRows(instance.id);
    const [halted] = rowsOf(runtime, 'halted');
    expect(halted.id).toBe(before.id);
    expect(halted.startTime).toBe(before.startTime);
    expect(halted.endTime).not.toBeNull();
    const history = await historicRows(instance.id);
    expect(states(history, ['plan', 'halted', 'cleanup'])).toEqual([
      'plan: ended (boundary event (halted))',
      'halted: ended',
      'cleanup: open',
    ]);
    expect(rowsOf(history, 'halted')[0]).toMatchObject({ id: halted.id, endTime: halted.endTime });
  });

  it('an interrupting event ends the rows of the other boundaries of the task with its reason (MessageBoundaryEventTest.testDoubleBoundaryMessageEvent)', async () => {
    const instance = await start(h, 'aiBoundaryTwo');
    expect(states(await historicRows(instance.id), ['assess', 'withdrawn', 'expired'])).toEqual([
      'assess: open',
      'withdrawn: open',
      'expired: open',
    ]);
    await sendMessage(h, instance.id, 'aiWithdraw');
    expect(await openTaskKeys(h, instance.id)).toEqual(['archive']);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
    expect(states(await historicRows(instance.id), ['assess', 'withdrawn', 'expired'])).toEqual([
      'assess: ended (boundary event (withdrawn))',
      'withdrawn: ended',
      'expired: ended (boundary event (withdrawn))',
    ]);
  });

  it('a fired timer boundary likewise ends the message boundary’s row (BoundaryTimerEventTest.testBoundaryTimerEvent)', async () => {
    const instance = await start(h, 'aiBoundaryTwo');
    await fireTimerOf(h, instance.id, 'expired');
    expect(states(await historicRows(instance.id), ['assess', 'withdrawn', 'expired'])).toEqual([
      'assess: ended (boundary event (expired))',
      'withdrawn: ended (boundary event (expired))',
      'expired: ended',
    ]);
  });

  it('a fired non-interrupting timer ends its row and a new one waits beside the task (ProcessInstanceMigrationEventSubProcessTest, non-interrupting timer)', async () => {
    const instance = await start(h, 'aiNonInterruptingOnce');
    await fireTimerOf(h, instance.id, 'nudge');
    expect(await openTaskKeys(h, instance.id)).toEqual(['mainTask', 'sideTask']);
    const rows = await runtimeRows(instance.id);
    expect(typedIds(rows)).toEqual(
      [
        'startEvent:begin',
        'sequenceFlow:flowA',
        'userTask:mainTask',
        'boundaryEvent:nudge',
        'boundaryEvent:nudge',
        'sequenceFlow:flowC',
        'userTask:sideTask',
      ].sort(),
    );
    expect(states(rows as ActivityRow[], ['nudge'])).toEqual(['nudge: ended', 'nudge: open']);
  });

  it('completing the task ends the waiting row of its non-interrupting timer; the side path is untouched', async () => {
    const instance = await start(h, 'aiNonInterruptingOnce');
    await fireTimerOf(h, instance.id, 'nudge');
    await completeTask(h, instance.id, 'mainTask');
    expect(await openTaskKeys(h, instance.id)).toEqual(['sideTask']);
    expect(states(await historicRows(instance.id), ['mainTask', 'nudge', 'sideTask'])).toEqual([
      'mainTask: ended',
      'nudge: ended',
      'nudge: ended',
      'sideTask: open',
    ]);
  });

  it('a non-interrupting cycle timer writes one row per firing plus the one still waiting (BoundaryTimerNonInterruptingEventTest.testTimerWithCycle)', async () => {
    const instance = await start(h, 'aiNonInterruptingCycle');
    await fireTimerOf(h, instance.id, 'nudge');
    await fireTimerOf(h, instance.id, 'nudge');
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
    expect(states(await historicRows(instance.id), ['nudge'])).toEqual([
      'nudge: ended',
      'nudge: ended',
      'nudge: open',
    ]);
    expect(rowsOf(await historicRows(instance.id), 'sideEnd')).toHaveLength(2);
    await completeTask(h, instance.id, 'mainTask');
    expect(await isEnded(h, instance.id)).toBe(true);
    const history = await historicRows(instance.id);
    expect(rowsOf(history, 'nudge')).toHaveLength(3);
    expect(history.every((row) => row.endTime !== null)).toBe(true);
  });

  it('a non-interrupting message adds a row per arrival; the interrupting signal then ends the waiting rows with its reason (MessageNonInterruptingBoundaryEventTest)', async () => {
    const instance = await start(h, 'aiBoundaryMessage');
    await sendMessage(h, instance.id, 'aiQuestion');
    await sendMessage(h, instance.id, 'aiQuestion');
    expect(await openTaskKeys(h, instance.id)).toEqual(['answer', 'answer', 'draft']);
    expect(states(await runtimeRows(instance.id), ['question', 'closed'])).toEqual([
      'question: ended',
      'closed: open',
      'question: ended',
      'question: open',
    ]);
    await throwSignal(h, 'aiClose');
    expect(await openTaskKeys(h, instance.id)).toEqual(['answer', 'answer']);
    expect(states(await historicRows(instance.id), ['draft', 'question', 'closed'])).toEqual([
      'draft: ended (boundary event (closed))',
      'question: ended',
      'closed: ended',
      'question: ended',
      'question: ended (boundary event (closed))',
    ]);
  });

  it('an error boundary on a subprocess has one row, ended when it catches the error (ErrorEventSubProcessTest.testRetriggerEventSubProcessError)', async () => {
    const instance = await start(h, 'aiErrorSubprocess');
    expect(states(await historicRows(instance.id), ['checks', 'onRejected', 'verify'])).toEqual([
      'checks: open',
      'onRejected: open',
      'verify: open',
    ]);
    await completeTask(h, instance.id, 'verify', { valid: false });
    expect(await openTaskKeys(h, instance.id)).toEqual(['refused']);
    const rows = await runtimeRows(instance.id);
    expect(typedIds(rows)).toEqual(
      [
        'startEvent:start',
        'sequenceFlow:f0',
        'subProcess:checks',
        'boundaryEvent:onRejected',
        'startEvent:checksStart',
        'sequenceFlow:c0',
        'userTask:verify',
        'sequenceFlow:c1',
        'exclusiveGateway:verdict',
        'sequenceFlow:c2',
        'endEvent:reject',
        'sequenceFlow:f2',
        'userTask:refused',
      ].sort(),
    );
    expect(states(await historicRows(instance.id), ['checks', 'onRejected'])).toEqual([
      'checks: ended (boundary event (onRejected))',
      'onRejected: ended',
    ]);
  });

  it('the subprocess ending normally ends its error boundary’s row with no reason (BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess)', async () => {
    const instance = await start(h, 'aiErrorSubprocess');
    await completeTask(h, instance.id, 'verify', { valid: true });
    expect(await openTaskKeys(h, instance.id)).toEqual(['accepted']);
    expect(states(await historicRows(instance.id), ['checks', 'onRejected'])).toEqual([
      'checks: ended',
      'onRejected: ended',
    ]);
  });

  it('a compensation boundary waits for nothing and has no row (ContinueProcessOperation skips it)', async () => {
    const instance = await start(h, 'aiCompensation');
    expect(typedIds(await runtimeRows(instance.id))).toEqual(
      ['startEvent:start', 'sequenceFlow:f0', 'userTask:reserve'].sort(),
    );
  });

  it('deleting the instance ends the boundary rows with the delete reason (HistoricActivityInstanceTest, deleted instance)', async () => {
    const instance = await start(h, 'aiBoundaryTwo');
    await ok(
      h,
      'DELETE',
      `/process-api/runtime/process-instances/${instance.id}?deleteReason=withdrawn%20by%20ops`,
    );
    expect(states(await historicRows(instance.id), ['assess', 'withdrawn', 'expired'])).toEqual([
      'assess: ended (withdrawn by ops)',
      'withdrawn: ended (withdrawn by ops)',
      'expired: ended (withdrawn by ops)',
    ]);
  });
});

describe('boundary events on a multi-instance activity', () => {
  it('each boundary has one row for the whole activity, not one per instance (BoundaryTimerEventTest.testTimerOnSyncMultiInstanceActivity)', async () => {
    const instance = await start(h, 'aiMultiInstance');
    const rows = await runtimeRows(instance.id);
    expect(rowsOf(rows, 'vote')).toHaveLength(3);
    expect(states(rows, ['recalled', 'late'])).toEqual(['recalled: open', 'late: open']);
  });

  it('the message fires: every instance and the timer’s row end with its reason (MessageBoundaryEventTest.testDoubleBoundaryMessageEventMultiInstance)', async () => {
    const instance = await start(h, 'aiMultiInstance');
    await sendMessage(h, instance.id, 'aiRecall');
    expect(await openTaskKeys(h, instance.id)).toEqual(['recount']);
    expect(states(await historicRows(instance.id), ['vote', 'recalled', 'late'])).toEqual([
      'recalled: ended',
      'late: ended (boundary event (recalled))',
      'vote: ended (boundary event (recalled))',
      'vote: ended (boundary event (recalled))',
      'vote: ended (boundary event (recalled))',
    ]);
  });

  it('every instance completing ends both boundary rows with no reason', async () => {
    const instance = await start(h, 'aiMultiInstance');
    for (const task of await tasksOf(h, instance.id)) {
      const response = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
        body: { action: 'complete' },
      });
      expect(response.statusCode).toBe(200);
    }
    expect(await openTaskKeys(h, instance.id)).toEqual(['count']);
    expect(states(await historicRows(instance.id), ['recalled', 'late'])).toEqual([
      'recalled: ended',
      'late: ended',
    ]);
    expect(await jobsOf(h, instance.id)).toHaveLength(0);
  });
});

describe('names given as expressions', () => {
  it('are evaluated for the activity instance, on flow nodes and sequence flows (ActivityInstanceEntityManagerImpl.createActivityInstanceEntity)', async () => {
    const instance = await start(h, 'aiNames', { orderNo: 'A-17', team: 'Sales', note: null });
    const rows = await runtimeRows(instance.id);
    const names = Object.fromEntries(rows.map((row) => [row.activityId, row.activityName]));
    expect(names).toMatchObject({
      start: 'Order A-17 received',
      f0: 'to Sales',
      handle: 'Sales handles A-17',
    });
  });

  it('an expression that cannot be evaluated is kept as written; one that yields null leaves no name', async () => {
    const instance = await start(h, 'aiNames', { orderNo: 'A-18', team: 'Support', note: null });
    await completeTask(h, instance.id, 'handle');
    const history = await historicRows(instance.id);
    const names = Object.fromEntries(history.map((row) => [row.activityId, row.activityName]));
    expect(names.f1).toBe('${unknownLabel}');
    expect(names.noted).toBeNull();
  });
});
