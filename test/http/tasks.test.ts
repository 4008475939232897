import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let taskId: string;
let instanceId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml', 'http-waits.bpmn20.xml']);
  instanceId = (await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'order-1' })).id;
  const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
  taskId = tasks.json().data[0].id;
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';

describe('who sees and works on a task', () => {
  it('shows a candidate-group task to group members only', async () => {
    const fozzie = await h.request('GET', tasks, { as: 'fozzie' });
    expect(fozzie.json().data.map((t: { id: string }) => t.id)).toEqual([taskId]);
    const kermit = await h.request('GET', tasks, { as: 'kermit' });
    expect(kermit.json()).toMatchObject({ total: 0, data: [] });
    expect((await h.request('GET', `${tasks}/${taskId}`, { as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${taskId}`, { as: 'fozzie' })).json()).toMatchObject({
      name: 'Approve order',
      taskDefinitionKey: 'approve',
      assignee: null,
      processInstanceId: instanceId,
    });
    const admin = await h.request('GET', `${tasks}?candidateGroup=sales`);
    expect(admin.json().total).toBe(1);
    const candidate = await h.request('GET', `${tasks}?candidateUser=fozzie`);
    expect(candidate.json().total).toBe(1);
    expect((await h.request('GET', `${tasks}?candidateUser=kermit`)).json().total).toBe(0);
  });

  it('refuses work by a user who is not a candidate, and claims for others', async () => {
    const complete = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'kermit',
      body: { action: 'complete' },
    });
    expect(complete.statusCode).toBe(404);
    const claimForOther = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'kermit' },
    });
    expect(claimForOther.statusCode).toBe(403);
  });

  it('lets a candidate claim; a second claim by someone else is a 409', async () => {
    const claim = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    expect(claim.statusCode).toBe(200);
    const task = await h.request('GET', `${tasks}/${taskId}`, { as: 'fozzie' });
    expect(task.json()).toMatchObject({ assignee: 'fozzie', claimTime: expect.any(String) });
    const conflict = await h.request('POST', `${tasks}/${taskId}`, {
      body: { action: 'claim', assignee: 'kermit' },
    });
    expect(conflict.statusCode).toBe(409);
    expect((await h.request('GET', `${tasks}?assignee=fozzie`)).json().total).toBe(1);
    expect((await h.request('GET', `${tasks}?involvedUser=fozzie`)).json().total).toBe(1);
    expect((await h.request('GET', `${tasks}?unassigned=true`)).json().total).toBe(0);
  });

  it('updates a task and filters by due date and name', async () => {
    const updated = await h.request('PUT', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { dueDate: '2026-06-01T12:00:00.000Z', priority: 80, description: 'Check the order' },
    });
    expect(updated.json()).toMatchObject({
      dueDate: '2026-06-01T12:00:00.000Z',
      priority: 80,
      description: 'Check the order',
    });
    expect((await h.request('GET', `${tasks}?dueBefore=2026-07-01T00:00:00Z`)).json().total).toBe(1);
    expect((await h.request('GET', `${tasks}?dueAfter=2026-07-01T00:00:00Z`)).json().total).toBe(0);
    expect((await h.request('GET', `${tasks}?nameLike=Approve%25`)).json().total).toBe(1);
    expect((await h.request('GET', `${tasks}?dueBefore=yesterday`)).statusCode).toBe(400);
    const notMine = await h.request('PUT', `${tasks}/${taskId}`, { as: 'kermit', body: { priority: 1 } });
    expect(notMine.statusCode).toBe(404);
  });

  it('keeps task variables local or global, as asked', async () => {
    const path = `${tasks}/${taskId}/variables`;
    const created = await h.request('POST', path, {
      as: 'fozzie',
      body: [
        { name: 'note', value: 'looks fine' },
        { name: 'approvedBy', value: 'fozzie', scope: 'global' },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().map((v: { scope: string }) => v.scope)).toEqual(['local', 'global']);
    expect(
      (await h.request('POST', path, { as: 'fozzie', body: [{ name: 'note', value: 'again' }] })).statusCode,
    ).toBe(409);
    const local = await h.request('GET', `${path}?scope=local`, { as: 'fozzie' });
    expect(local.json().map((v: { name: string }) => v.name)).toEqual(['note']);
    const instanceVars = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${instanceId}/variables`,
    );
    expect(instanceVars.json().map((v: { name: string }) => v.name)).toEqual(['approvedBy']);
    const one = await h.request('GET', `${path}/note`, { as: 'fozzie' });
    expect(one.json()).toMatchObject({ name: 'note', value: 'looks fine', scope: 'local' });
    expect((await h.request('DELETE', `${path}/note`, { as: 'fozzie' })).statusCode).toBe(204);
    expect((await h.request('GET', `${path}/note?scope=local`, { as: 'fozzie' })).statusCode).toBe(404);
  });

  it('lists identity links and adds a participant', async () => {
    const links = await h.request('GET', `${tasks}/${taskId}/identitylinks`, { as: 'fozzie' });
    expect(links.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'fozzie', group: null, type: 'assignee' }),
        expect.objectContaining({ user: null, group: 'sales', type: 'candidate' }),
      ]),
    );
    const added = await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      as: 'fozzie',
      body: { user: 'kermit', type: 'participant' },
    });
    expect(added.statusCode).toBe(201);
    expect((await h.request('GET', `${tasks}/${taskId}`, { as: 'kermit' })).statusCode).toBe(200);
    const removed = await h.request('DELETE', `${tasks}/${taskId}/identitylinks/users/kermit/participant`, {
      as: 'fozzie',
    });
    expect(removed.statusCode).toBe(204);
    expect((await h.request('GET', `${tasks}/${taskId}`, { as: 'kermit' })).statusCode).toBe(404);
  });

  it('keeps comments on a task', async () => {
    const posted = await h.request('POST', `${tasks}/${taskId}/comments`, {
      as: 'fozzie',
      body: { message: 'Called the customer', saveProcessInstanceId: true },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({
      author: 'fozzie',
      message: 'Called the customer',
      processInstanceId: instanceId,
    });
    const list = await h.request('GET', `${tasks}/${taskId}/comments`, { as: 'fozzie' });
    expect(list.json()).toHaveLength(1);
    const one = await h.request('GET', `${tasks}/${taskId}/comments/${posted.json().id}`, { as: 'fozzie' });
    expect(one.json().message).toBe('Called the customer');
    expect((await h.request('GET', `${tasks}/${taskId}/comments`, { as: 'kermit' })).statusCode).toBe(404);
    expect(
      (await h.request('POST', `${tasks}/${taskId}/comments`, { as: 'fozzie', body: {} })).statusCode,
    ).toBe(400);
  });

  it('delegates and resolves, then the assignee completes with variables', async () => {
    const delegated = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'delegate', assignee: 'kermit' },
    });
    expect(delegated.statusCode).toBe(200);
    const pending = await h.request('GET', `${tasks}/${taskId}`, { as: 'kermit' });
    expect(pending.json()).toMatchObject({ assignee: 'kermit', owner: 'fozzie', delegationState: 'pending' });
    const tooEarly = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'kermit',
      body: { action: 'complete' },
    });
    expect(tooEarly.statusCode).toBe(409);
    const resolved = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'kermit',
      body: { action: 'resolve' },
    });
    expect(resolved.statusCode).toBe(200);
    const completed = await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'complete', variables: [{ name: 'approved', type: 'boolean', value: true }] },
    });
    expect(completed.statusCode).toBe(200);
    expect((await h.request('GET', `${tasks}/${taskId}`)).statusCode).toBe(404);
    const history = await h.request('GET', `/process-api/history/historic-process-instances/${instanceId}`);
    expect(history.json()).toMatchObject({ endActivityId: 'end', durationInMillis: expect.any(Number) });
    expect(history.json().variables).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'approved', type: 'boolean', value: true })]),
    );
    const comments = await h.request('GET', `${tasks}/${taskId}/comments`, { as: 'fozzie' });
    expect(comments.json()).toHaveLength(1);
  });

  it('queries tasks in a POST body with process variables', async () => {
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'region', value: 'north' }],
    });
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'region', value: 'south' }],
    });
    const north = await h.request('POST', '/process-api/query/tasks', {
      as: 'fozzie',
      body: { processInstanceVariables: [{ name: 'region', value: 'north' }], includeProcessVariables: true },
    });
    expect(north.json().total).toBe(1);
    expect(north.json().data[0].variables).toEqual([
      expect.objectContaining({ name: 'region', value: 'north', scope: 'global' }),
    ]);
    const paged = await h.request('POST', '/process-api/query/tasks?size=1', {
      as: 'fozzie',
      body: { candidateGroup: 'sales', sort: 'createTime', order: 'desc' },
    });
    expect(paged.json()).toMatchObject({ total: 2, size: 1, sort: 'createTime', order: 'desc' });
    const kermit = await h.request('POST', '/process-api/query/tasks', { as: 'kermit', body: {} });
    expect(kermit.json().total).toBe(0);
  });
});
