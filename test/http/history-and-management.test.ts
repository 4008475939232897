import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let finishedId: string;
let runningId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml', 'http-waits.bpmn20.xml']);
  finishedId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      businessKey: 'done',
      variables: [{ name: 'n', value: 1 }],
    })
  ).id;
  runningId = (await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'open' })).id;
  const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${finishedId}`)).json()
    .data[0];
  await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
    body: { action: 'claim', assignee: 'fozzie' },
  });
  await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
    body: { action: 'complete', variables: [{ name: 'n', value: 2 }] },
  });
});
afterAll(() => h.close());

const history = '/process-api/history';

describe('history', () => {
  it('lists historic process instances by finished, business key and variables', async () => {
    const finished = await h.request('GET', `${history}/historic-process-instances?finished=true`);
    expect(finished.json().data.map((i: { id: string }) => i.id)).toEqual([finishedId]);
    const open = await h.request(
      'GET',
      `${history}/historic-process-instances?finished=false&processDefinitionKey=httpOneTask`,
    );
    expect(open.json().data.map((i: { id: string }) => i.id)).toEqual([runningId]);
    const sorted = await h.request('GET', `${history}/historic-process-instances?sort=startTime&order=desc`);
    expect(sorted.json().data.map((i: { id: string }) => i.id)).toEqual([runningId, finishedId]);
    const queried = await h.request('POST', '/process-api/query/historic-process-instances', {
      body: { variables: [{ name: 'n', value: 2 }], includeProcessVariables: true },
    });
    expect(queried.json().data).toEqual([
      expect.objectContaining({
        id: finishedId,
        businessKey: 'done',
        variables: [expect.objectContaining({ name: 'n', value: 2 })],
      }),
    ]);
    expect((await h.request('GET', `${history}/historic-process-instances?sort=colour`)).statusCode).toBe(
      400,
    );
  });

  it('lists the activities an instance went through', async () => {
    const activities = await h.request(
      'GET',
      `${history}/historic-activity-instances?processInstanceId=${finishedId}&sort=startTime`,
    );
    expect(activities.json().data.map((a: { activityId: string }) => a.activityId)).toEqual(
      expect.arrayContaining(['start', 'approve', 'end']),
    );
    const task = activities.json().data.find((a: { activityId: string }) => a.activityId === 'approve');
    // (the engine does not yet copy the assignee onto an activity started in an earlier command)
    expect(task).toMatchObject({ activityType: 'userTask', endTime: expect.any(String) });
    const unfinished = await h.request(
      'GET',
      `${history}/historic-activity-instances?processInstanceId=${runningId}&finished=false`,
    );
    expect(unfinished.json().data.map((a: { activityId: string }) => a.activityId)).toEqual(['approve']);
  });

  it('lists historic tasks, visible to those who worked on them', async () => {
    const done = await h.request(
      'GET',
      `${history}/historic-task-instances?processInstanceId=${finishedId}&finished=true`,
    );
    expect(done.json().data[0]).toMatchObject({
      assignee: 'fozzie',
      taskDefinitionKey: 'approve',
      endTime: expect.any(String),
    });
    const asFozzie = await h.request('GET', `${history}/historic-task-instances?finished=true`, {
      as: 'fozzie',
    });
    expect(asFozzie.json().total).toBe(1);
    const asKermit = await h.request('GET', `${history}/historic-task-instances`, { as: 'kermit' });
    expect(asKermit.json().total).toBe(0);
    const queried = await h.request('POST', '/process-api/query/historic-task-instances', {
      body: { taskAssignee: 'fozzie', processFinished: true },
    });
    expect(queried.json().total).toBe(1);
    const one = await h.request('GET', `${history}/historic-task-instances/${done.json().data[0].id}`);
    expect(one.json().id).toBe(done.json().data[0].id);
  });

  it('lists historic variables by instance and name', async () => {
    const vars = await h.request(
      'GET',
      `${history}/historic-variable-instances?processInstanceId=${finishedId}&variableName=n`,
    );
    expect(vars.json().data).toEqual([
      expect.objectContaining({
        processInstanceId: finishedId,
        variable: expect.objectContaining({ name: 'n', type: 'integer', value: 2 }),
      }),
    ]);
  });
});

describe('management', () => {
  it('lists, reschedules, moves and deletes timer jobs', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpTimer' });
    const timers = await h.request(
      'GET',
      `/process-api/management/timer-jobs?processInstanceId=${instance.id}`,
    );
    expect(timers.json().total).toBe(1);
    const timer = timers.json().data[0];
    expect(timer).toMatchObject({ elementId: 'waitAnHour', retries: 3, processInstanceId: instance.id });
    const later = '2030-01-01T00:00:00.000Z';
    const rescheduled = await h.request('POST', `/process-api/management/timer-jobs/${timer.id}`, {
      body: { action: 'reschedule', dueDate: later },
    });
    expect(rescheduled.statusCode).toBe(204);
    expect((await h.request('GET', `/process-api/management/timer-jobs/${timer.id}`)).json().dueDate).toBe(
      later,
    );
    const moved = await h.request('POST', `/process-api/management/timer-jobs/${timer.id}`, {
      body: { action: 'move' },
    });
    expect(moved.statusCode).toBe(204);
    expect((await h.request('GET', `/process-api/management/timer-jobs/${timer.id}`)).statusCode).toBe(404);
    const executed = await h.request('POST', `/process-api/management/jobs/${timer.id}`, {
      body: { action: 'execute' },
    });
    expect(executed.statusCode).toBe(204);
    expect((await h.request('GET', `/process-api/runtime/process-instances/${instance.id}`)).statusCode).toBe(
      404,
    );
  });

  it('lists executable jobs and executes one', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpAsync' });
    const jobs = await h.request(
      'GET',
      `/process-api/management/jobs?processInstanceId=${instance.id}&sort=dueDate`,
    );
    expect(jobs.json()).toMatchObject({ total: 1, sort: 'dueDate' });
    const job = jobs.json().data[0];
    expect(
      (await h.request('GET', `/process-api/management/jobs/${job.id}/exception-stacktrace`)).statusCode,
    ).toBe(404);
    const bad = await h.request('POST', `/process-api/management/jobs/${job.id}`, {
      body: { action: 'move' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await h.request('POST', `/process-api/management/jobs/${job.id}`, { body: { action: 'execute' } }))
        .statusCode,
    ).toBe(204);
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
    expect(tasks.json().data[0].taskDefinitionKey).toBe('later');
    expect((await h.request('GET', `/process-api/management/jobs/${job.id}`)).statusCode).toBe(404);
  });

  it('deletes a job, and answers 404 for jobs of another kind', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpTimer' });
    const timer = (
      await h.request('GET', `/process-api/management/timer-jobs?processInstanceId=${instance.id}`)
    ).json().data[0];
    expect((await h.request('GET', `/process-api/management/jobs/${timer.id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `/process-api/management/deadletter-jobs/${timer.id}`)).statusCode).toBe(
      404,
    );
    expect((await h.request('DELETE', `/process-api/management/timer-jobs/${timer.id}`)).statusCode).toBe(
      204,
    );
    expect((await h.request('DELETE', `/process-api/management/timer-jobs/${timer.id}`)).statusCode).toBe(
      404,
    );
  });

  it('suspended instances park their jobs in suspended-jobs', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpTimer' });
    await h.request('PUT', `/process-api/runtime/process-instances/${instance.id}`, {
      body: { action: 'suspend' },
    });
    const suspended = await h.request(
      'GET',
      `/process-api/management/suspended-jobs?processInstanceId=${instance.id}`,
    );
    expect(suspended.json().total).toBe(1);
    expect(
      (await h.request('GET', `/process-api/management/suspended-jobs/${suspended.json().data[0].id}`))
        .statusCode,
    ).toBe(200);
  });

  it('describes the engine', async () => {
    const engine = await h.request('GET', '/process-api/management/engine');
    expect(engine.json()).toMatchObject({ name: 'default', version: '0.0.0-test' });
  });
});
