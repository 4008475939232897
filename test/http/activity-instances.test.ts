import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let finishedId: string;
let runningId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  finishedId = (await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'done' })).id;
  runningId = (await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'open' })).id;
  const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${finishedId}`)).json()
    .data[0];
  await h.request('POST', `/process-api/runtime/tasks/${task.id}`, { body: { action: 'complete' } });
});
afterAll(() => h.close());

const ids = (response: { json(): { data: { activityId: string }[] } }) =>
  response.json().data.map((a) => a.activityId);

describe('runtime activity instances', () => {
  it('lists only the activities of running instances, in Flowable shape', async () => {
    const list = await h.request('GET', '/process-api/runtime/activity-instances');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ total: 3, start: 0, sort: 'startTime', order: 'asc', size: 3 });
    expect(ids(list)).toEqual(['start', 'toApprove', 'approve']);
    const approve = body.data[2];
    expect(Object.keys(approve).sort()).toEqual(
      [
        'id',
        'activityId',
        'activityName',
        'activityType',
        'processDefinitionId',
        'processDefinitionUrl',
        'processInstanceId',
        'processInstanceUrl',
        'executionId',
        'taskId',
        'calledProcessInstanceId',
        'assignee',
        'startTime',
        'endTime',
        'durationInMillis',
        'tenantId',
      ].sort(),
    );
    expect(approve).toMatchObject({
      activityName: 'Approve order',
      activityType: 'userTask',
      processInstanceId: runningId,
      processInstanceUrl: expect.stringMatching(
        new RegExp(`/process-api/runtime/process-instances/${runningId}$`),
      ),
      endTime: null,
    });
  });

  it('filters, sorts and pages, and refuses an unknown sort', async () => {
    const base = '/process-api/runtime/activity-instances';
    expect(ids(await h.request('GET', `${base}?activityType=userTask`))).toEqual(['approve']);
    expect(ids(await h.request('GET', `${base}?finished=true`))).toEqual(['start', 'toApprove']);
    expect(ids(await h.request('GET', `${base}?processInstanceId=${finishedId}`))).toEqual([]);
    expect(ids(await h.request('GET', `${base}?sort=activityId&order=desc`))).toEqual([
      'toApprove',
      'start',
      'approve',
    ]);
    const page = await h.request('GET', `${base}?start=2&size=1`);
    expect(page.json()).toMatchObject({ total: 3, start: 2, size: 1 });
    expect(ids(page)).toEqual(['approve']);
    const bad = await h.request('GET', `${base}?sort=colour`);
    expect(bad.statusCode).toBe(400);
  });

  it('records the sequence flow taken as an activity instance that starts and ends at once (RuntimeActivityInstanceTest.testSequenceFlowActivityInstance)', async () => {
    const list = await h.request('GET', '/process-api/runtime/activity-instances?activityType=sequenceFlow');
    expect(list.json().total).toBe(1);
    const flow = list.json().data[0];
    expect(flow).toMatchObject({
      activityId: 'toApprove',
      activityName: null,
      activityType: 'sequenceFlow',
      processInstanceId: runningId,
      taskId: null,
      durationInMillis: 0,
    });
    expect(flow.executionId).toEqual(expect.any(String));
    expect(flow.endTime).toBe(flow.startTime);
  });

  it('answers the same through POST query/activity-instances', async () => {
    const queried = await h.request('POST', '/process-api/query/activity-instances', {
      body: { activityId: 'approve', processInstanceIds: [runningId, finishedId], sort: 'activityName' },
    });
    expect(queried.statusCode).toBe(200);
    expect(queried.json()).toMatchObject({ total: 1, sort: 'activityName' });
    expect(queried.json().data[0].processInstanceId).toBe(runningId);
    const unknownField = await h.request('POST', '/process-api/query/activity-instances', {
      body: { colour: 'red' },
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it('shows a user only the activities of instances they may see', async () => {
    // fozzie is a candidate (group sales) of both tasks; kermit has no part in either
    const asFozzie = await h.request('GET', '/process-api/runtime/activity-instances', { as: 'fozzie' });
    expect(asFozzie.json().total).toBe(3);
    const asKermit = await h.request('POST', '/process-api/query/activity-instances', {
      as: 'kermit',
      body: {},
    });
    expect(asKermit.json()).toMatchObject({ total: 0, data: [] });
    const asGonzo = await h.request('GET', '/process-api/runtime/activity-instances', { as: 'gonzo' });
    expect(asGonzo.statusCode).toBe(403);
  });
});

describe('historic activity instances', () => {
  it('queries through POST query/historic-activity-instances with the GET filters', async () => {
    const queried = await h.request('POST', '/process-api/query/historic-activity-instances', {
      body: { processInstanceId: finishedId, finished: true, sort: 'startTime' },
    });
    expect(queried.statusCode).toBe(200);
    expect(ids(queried)).toEqual(['start', 'toApprove', 'approve', 'toEnd', 'end']);
    expect(queried.json().data[0]).toHaveProperty('deleteReason');
    expect(queried.json().data[0].processInstanceUrl).toMatch(
      new RegExp(`/process-api/history/historic-process-instances/${finishedId}$`),
    );
    const paged = await h.request('POST', '/process-api/query/historic-activity-instances?start=2&size=1', {
      body: { processInstanceId: finishedId },
    });
    expect(paged.json()).toMatchObject({ total: 5, start: 2, size: 1 });
    expect(ids(paged)).toEqual(['approve']);
    const flows = await h.request('POST', '/process-api/query/historic-activity-instances', {
      body: { processInstanceId: finishedId, activityType: 'sequenceFlow' },
    });
    expect(ids(flows)).toEqual(['toApprove', 'toEnd']);
    const byGet = await h.request(
      'GET',
      `/process-api/history/historic-activity-instances?processInstanceId=${finishedId}&activityType=sequenceFlow`,
    );
    expect(ids(byGet)).toEqual(['toApprove', 'toEnd']);
    expect(byGet.json().data[1]).toMatchObject({ durationInMillis: 0, deleteReason: null });
    expect(byGet.json().data[1].endTime).toBe(byGet.json().data[1].startTime);
    const bad = await h.request('POST', '/process-api/query/historic-activity-instances', {
      body: { sort: 'colour' },
    });
    expect(bad.statusCode).toBe(400);
    const asKermit = await h.request('POST', '/process-api/query/historic-activity-instances', {
      as: 'kermit',
      body: {},
    });
    expect(asKermit.json().total).toBe(0);
  });
});
