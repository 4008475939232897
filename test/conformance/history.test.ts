/**
 * History: historic process instances (times, start and end activity, initiator, delete
 * reason), historic task instances and historic activity instances, as the REST history API
 * answers them. After Flowable's `HistoricProcessInstanceTest`, `HistoricTaskInstanceTest`,
 * `HistoricActivityInstanceTest` and `ReceiveTaskTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  familyFixtures,
  fireTimerOf,
  historicActivities,
  historicInstance,
  historicTasks,
  isEnded,
  listOf,
  ok,
  start,
  tasksOf,
  useConformanceHarness,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('history'));
beforeAll(() => {
  h = use();
});

const completeOnly = async (instanceId: string, as: 'admin' | 'kermit' = 'admin') => {
  const [task] = await tasksOf(h, instanceId);
  const response = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
    as,
    body: { action: 'complete' },
  });
  expect(response.statusCode).toBe(200);
};

describe('historic process instances', () => {
  it('a running instance has a start but no end (HistoricProcessInstanceTest.testHistoricDataCreatedForProcessExecution)', async () => {
    const instance = await start(h, 'hiOneTask');
    const history = await historicInstance(h, instance.id);
    expect(history).toMatchObject({ id: instance.id, startActivityId: 'theStart', endTime: null });
    expect(history.startTime).toBeTruthy();
    expect(history.processDefinitionId).toContain('hiOneTask');
  });

  it('an ended instance has its end time, duration and end activity (HistoricProcessInstanceTest.testHistoricDataCreatedForProcessExecution)', async () => {
    const instance = await start(h, 'hiOneTask');
    await completeOnly(instance.id);
    const history = await historicInstance(h, instance.id);
    expect(history.endActivityId).toBe('theEnd');
    expect(history.endTime).toBeTruthy();
    expect(history.durationInMillis).toBeGreaterThanOrEqual(0);
    expect(history.deleteReason ?? null).toBeNull();
  });

  it('records the user who started it (HistoricProcessInstanceTest.testHistoricIdentityLinksOnProcessInstance, InitiatorTest)', async () => {
    const instance = await start(h, 'hiOneTask', {}, 'kermit');
    expect((await historicInstance(h, instance.id)).startUserId).toBe('kermit');
  });

  it('deleting an instance records the delete reason and ends it (HistoricProcessInstanceTest.testDeleteReason)', async () => {
    const instance = await start(h, 'hiOneTask');
    await ok(
      h,
      'DELETE',
      `/process-api/runtime/process-instances/${instance.id}?deleteReason=${encodeURIComponent('no longer needed')}`,
    );
    const history = await historicInstance(h, instance.id);
    expect(history.deleteReason).toBe('no longer needed');
    expect(history.endTime).toBeTruthy();
  });

  it('finished and unfinished instances are told apart by the query (HistoricProcessInstanceTest.testHistoricProcessInstanceQuery)', async () => {
    const running = await start(h, 'hiOneTask');
    const done = await start(h, 'hiOneTask');
    await completeOnly(done.id);
    const finished = (
      await listOf(
        h,
        '/process-api/history/historic-process-instances?processDefinitionKey=hiOneTask&finished=true&size=100',
      )
    ).map((row) => row.id);
    const unfinished = (
      await listOf(
        h,
        '/process-api/history/historic-process-instances?processDefinitionKey=hiOneTask&finished=false&size=100',
      )
    ).map((row) => row.id);
    expect(finished).toContain(done.id);
    expect(finished).not.toContain(running.id);
    expect(unfinished).toContain(running.id);
    expect(unfinished).not.toContain(done.id);
  });

  it('a completed task keeps its assignee, key, times and duration (HistoricTaskInstanceTest.testHistoricTaskInstance)', async () => {
    const instance = await start(h, 'hiOneTask');
    await completeOnly(instance.id, 'kermit');
    const [task] = await historicTasks(h, instance.id);
    expect(task).toMatchObject({ name: 'The task', assignee: 'kermit', taskDefinitionKey: 'theTask' });
    expect(task.startTime).toBeTruthy();
    expect(task.endTime).toBeTruthy();
    expect(task.durationInMillis).toBeGreaterThanOrEqual(0);
    expect(task.deleteReason ?? null).toBeNull();
  });

  it('an open task is in history without an end (HistoricTaskInstanceTest.testHistoricTaskInstanceQuery)', async () => {
    const instance = await start(h, 'hiOneTask');
    const [task] = await historicTasks(h, instance.id);
    expect(task.endTime ?? null).toBeNull();
    const unfinished = await listOf(
      h,
      `/process-api/history/historic-task-instances?processInstanceId=${instance.id}&finished=false`,
    );
    expect(unfinished).toHaveLength(1);
  });

  it('a task cancelled by deleting its instance records the delete reason (HistoricTaskInstanceTest.testDeleteNonCompletedHistoricTaskInstance)', async () => {
    const instance = await start(h, 'hiOneTask');
    await ok(h, 'DELETE', `/process-api/runtime/process-instances/${instance.id}?deleteReason=cancelled`);
    const [task] = await historicTasks(h, instance.id);
    expect(task.endTime).toBeTruthy();
    expect(task.deleteReason).toBe('cancelled');
  });

  it('the query by processFinished finds tasks of ended instances (HistoricTaskInstanceTest.testHistoricTaskInstanceQueryProcessFinished)', async () => {
    const instance = await start(h, 'hiOneTask');
    await completeOnly(instance.id);
    const rows = await listOf(
      h,
      `/process-api/history/historic-task-instances?processInstanceId=${instance.id}&processFinished=true`,
    );
    expect(rows).toHaveLength(1);
  });
});

describe('historic activity instances', () => {
  it('a one-task process records start event, user task and end event with their types (HistoricActivityInstanceTest.testOneTaskProcessActivityTypes)', async () => {
    const instance = await start(h, 'hiOneTask');
    await completeOnly(instance.id);
    const rows = await historicActivities(h, instance.id);
    expect(rows.map((row) => [row.activityId, row.activityType])).toEqual([
      ['theStart', 'startEvent'],
      ['f0', 'sequenceFlow'],
      ['theTask', 'userTask'],
      ['f1', 'sequenceFlow'],
      ['theEnd', 'endEvent'],
    ]);
  });

  it('the user task row carries its task id and assignee (HistoricActivityInstanceTest.testHistoricActivityInstanceProperties)', async () => {
    const instance = await start(h, 'hiOneTask');
    const [task] = await tasksOf(h, instance.id);
    const row = (await historicActivities(h, instance.id)).find(
      (candidate) => candidate.activityId === 'theTask',
    );
    expect(row).toMatchObject({ taskId: task.id, assignee: 'kermit', activityName: 'The task' });
    expect(row?.endTime ?? null).toBeNull();
  });

  it('unfinished activity instances are found by finished=false (HistoricActivityInstanceTest.testHistoricActivityInstanceUnfinished)', async () => {
    const instance = await start(h, 'hiOneTask');
    const unfinished = await listOf(
      h,
      `/process-api/history/historic-activity-instances?processInstanceId=${instance.id}&finished=false`,
    );
    expect(unfinished.map((row) => row.activityId)).toEqual(['theTask']);
  });

  it('a process without wait states records every activity as ended (HistoricActivityInstanceTest.testHistoricActivityInstanceNoop)', async () => {
    const instance = await start(h, 'hiNoop');
    expect(await isEnded(h, instance.id)).toBe(true);
    const rows = await historicActivities(h, instance.id);
    // five rows, as HistoricActivityInstanceTest.testHistoricActivityInstanceQuery counts them
    expect(rows.map((row) => row.activityId)).toEqual(['start', 'f0', 'noop', 'f1', 'end']);
    expect(rows.every((row) => row.endTime !== null && row.durationInMillis >= 0)).toBe(true);
  });

  it('a receive task waits until triggered, and is recorded as receiveTask (ReceiveTaskTest.testWaitStateBehavior, HistoricActivityInstanceTest.testHistoricActivityInstanceReceive)', async () => {
    const instance = await start(h, 'hiReceive');
    const [execution] = await listOf(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=waitHere`,
    );
    expect(execution).toBeDefined();
    await ok(h, 'PUT', `/process-api/runtime/executions/${execution.id as string}`, { action: 'trigger' });
    expect(await isEnded(h, instance.id)).toBe(true);
    const row = (await historicActivities(h, instance.id)).find(
      (candidate) => candidate.activityId === 'waitHere',
    );
    expect(row).toMatchObject({ activityType: 'receiveTask' });
    expect(row?.endTime).toBeTruthy();
  });

  it('a fired boundary event is recorded, and the cancelled task ends (HistoricActivityInstanceTest.testBoundaryEvent)', async () => {
    const instance = await start(h, 'hiBoundary');
    await fireTimerOf(h, instance.id, 'timeout');
    expect(await isEnded(h, instance.id)).toBe(true);
    const rows = await historicActivities(h, instance.id);
    expect(rows.find((row) => row.activityId === 'timeout')).toMatchObject({ activityType: 'boundaryEvent' });
    expect(rows.find((row) => row.activityId === 'task')?.endTime).toBeTruthy();
    expect(rows.map((row) => row.activityId)).toContain('timedOut');
    const [task] = await historicTasks(h, instance.id);
    expect(task.endTime).toBeTruthy();
  });
});
