import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let taskId: string;
let instanceId: string;
let definitionId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
  instanceId = instance.id;
  definitionId = instance.processDefinitionId as string;
  taskId = (await h.request('GET', `${tasks}?processInstanceId=${instanceId}`)).json().data[0].id;
  await h.request('POST', `${tasks}/${taskId}`, {
    as: 'fozzie',
    body: { action: 'claim', assignee: 'fozzie' },
  });
  await h.request('PUT', `${tasks}/${taskId}`, {
    as: 'fozzie',
    body: { name: 'Approve quickly', priority: 80, dueDate: '2030-01-01T00:00:00.000Z', owner: 'kermit' },
  });
  await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
    as: 'fozzie',
    body: { group: 'sales', type: 'participant' },
  });
  await h.request('DELETE', `${tasks}/${taskId}/identitylinks/groups/sales/participant`, { as: 'fozzie' });
  await h.request('POST', `${tasks}/${taskId}`, { as: 'fozzie', body: { action: 'complete' } });
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';
const log = '/process-api/history/historic-task-log-entries';

interface Entry {
  logNumber: number;
  type: string;
  taskId: string;
  userId: string | null;
  data: string;
}

describe('GET history/historic-task-log-entries', () => {
  it('lists what the task commands did, in order, as Flowable names it', async () => {
    const response = await h.request('GET', `${log}?taskId=${taskId}&size=50`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const entries = body.data as Entry[];
    expect(entries.map((e) => e.type)).toEqual([
      'USER_TASK_CREATED',
      'USER_TASK_ASSIGNEE_CHANGED',
      'USER_TASK_OWNER_CHANGED',
      'USER_TASK_PRIORITY_CHANGED',
      'USER_TASK_DUEDATE_CHANGED',
      'USER_TASK_NAME_CHANGED',
      'USER_TASK_IDENTITY_LINK_ADDED',
      'USER_TASK_IDENTITY_LINK_REMOVED',
      'USER_TASK_COMPLETED',
    ]);
    expect(body).toMatchObject({ total: 9, start: 0, sort: 'logNumber', order: 'asc', size: 9 });
    const [created, assignee, owner, priority, due, name, added] = entries;
    expect(created).toMatchObject({
      taskId,
      processInstanceId: instanceId,
      processDefinitionId: definitionId,
      executionId: expect.any(String),
      timeStamp: expect.any(String),
      tenantId: '',
      scopeId: null,
      scopeType: null,
    });
    expect(JSON.parse(assignee.data)).toEqual({ newAssigneeId: 'fozzie', previousAssigneeId: null });
    expect(assignee.userId).toBe('fozzie');
    expect(JSON.parse(owner.data)).toEqual({ newOwnerId: 'kermit', previousOwnerId: null });
    expect(JSON.parse(priority.data)).toEqual({ newPriority: 80, previousPriority: 50 });
    expect(JSON.parse(due.data)).toEqual({
      newDueDate: Date.parse('2030-01-01T00:00:00.000Z'),
      previousDueDate: null,
    });
    expect(JSON.parse(name.data)).toEqual({ newName: 'Approve quickly', previousName: 'Approve order' });
    expect(JSON.parse(added.data)).toEqual({ groupId: 'sales', type: 'participant' });
    const numbers = entries.map((e) => e.logNumber);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('filters by type, user, instance, log numbers and dates; sorts and pages', async () => {
    const all = (await h.request('GET', `${log}?taskId=${taskId}&size=50`)).json().data as Entry[];
    const byType = await h.request('GET', `${log}?type=USER_TASK_COMPLETED&processInstanceId=${instanceId}`);
    expect(byType.json().data.map((e: Entry) => e.taskId)).toEqual([taskId]);
    const byUser = await h.request('GET', `${log}?userId=fozzie&taskId=${taskId}&size=50`);
    expect(byUser.json().total).toBe(8);
    const range = await h.request(
      'GET',
      `${log}?taskId=${taskId}&fromLogNumber=${all[1].logNumber}&toLogNumber=${all[3].logNumber}`,
    );
    expect(range.json().data.map((e: Entry) => e.type)).toEqual([
      'USER_TASK_ASSIGNEE_CHANGED',
      'USER_TASK_OWNER_CHANGED',
      'USER_TASK_PRIORITY_CHANGED',
    ]);
    const future = await h.request('GET', `${log}?taskId=${taskId}&from=2100-01-01T00:00:00Z`);
    expect(future.json().total).toBe(0);
    const desc = await h.request('GET', `${log}?taskId=${taskId}&sort=logNumber&order=desc&start=1&size=2`);
    expect(desc.json().data.map((e: Entry) => e.type)).toEqual([
      'USER_TASK_IDENTITY_LINK_REMOVED',
      'USER_TASK_IDENTITY_LINK_ADDED',
    ]);
    const badSort = await h.request('GET', `${log}?sort=colour`);
    expect(badSort.statusCode).toBe(400);
    const badDate = await h.request('GET', `${log}?from=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().exception).toContain('from');
  });

  it('shows a user only the entries of tasks they see', async () => {
    expect((await h.request('GET', `${log}?taskId=${taskId}`, { as: 'fozzie' })).json().total).toBe(9);
    expect((await h.request('GET', `${log}?taskId=${taskId}`, { as: 'gonzo' })).statusCode).toBe(403);
    const task = await h.request('POST', tasks, { body: { name: 'Private', assignee: 'admin' } });
    const kermit = await h.request('GET', `${log}?taskId=${task.json().id}`, { as: 'kermit' });
    expect(kermit.json().total).toBe(0);
    expect((await h.request('GET', log, { as: null })).statusCode).toBe(401);
  });
});

describe('suspension in the task log', () => {
  it('logs the suspension and activation of a task with its instance', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    const id = (await h.request('GET', `${tasks}?processInstanceId=${instance.id}`)).json().data[0]
      .id as string;
    const path = `/process-api/runtime/process-instances/${instance.id}`;
    expect((await h.request('PUT', path, { body: { action: 'suspend' } })).statusCode).toBe(200);
    expect((await h.request('PUT', path, { body: { action: 'activate' } })).statusCode).toBe(200);
    const entries = await h.request('GET', `${log}?taskId=${id}&type=USER_TASK_SUSPENSIONSTATE_CHANGED`);
    expect(entries.json().data.map((e: Entry) => JSON.parse(e.data))).toEqual([
      { previousSuspensionState: 1, newSuspensionState: 2 },
      { previousSuspensionState: 2, newSuspensionState: 1 },
    ]);
  });
});
