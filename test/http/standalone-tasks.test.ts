import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';

const create = async (body: Record<string, unknown>, as: 'admin' | 'kermit' = 'admin') => {
  const response = await h.request('POST', tasks, { as, body });
  expect(response.statusCode).toBe(201);
  return response.json() as Record<string, unknown> & { id: string };
};

describe('creating a task of no process', () => {
  it('answers Flowable task JSON with the fields sent', async () => {
    const task = await create({
      name: 'Call the supplier',
      description: 'About the late order',
      assignee: 'kermit',
      owner: 'fozzie',
      priority: 70,
      dueDate: '2030-01-02T03:04:05.000Z',
      category: 'phone',
      formKey: 'callForm',
      tenantId: 'acme',
    });
    expect(task).toMatchObject({
      name: 'Call the supplier',
      description: 'About the late order',
      assignee: 'kermit',
      owner: 'fozzie',
      priority: 70,
      dueDate: '2030-01-02T03:04:05.000Z',
      category: 'phone',
      formKey: 'callForm',
      tenantId: 'acme',
      processInstanceId: null,
      executionId: null,
      processDefinitionId: null,
      taskDefinitionKey: null,
      suspended: false,
      url: expect.stringMatching(new RegExp(`/process-api/runtime/tasks/${task.id}$`)),
    });
    const read = await h.request('GET', `${tasks}/${task.id}`, { as: 'kermit' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ name: 'Call the supplier', assignee: 'kermit' });
    const history = await h.request('GET', `/process-api/history/historic-task-instances/${task.id}`);
    expect(history.json()).toMatchObject({ name: 'Call the supplier', assignee: 'kermit', endTime: null });
  });

  it('refuses an unknown field, a wrong type and a bad date, naming them', async () => {
    const unknown = await h.request('POST', tasks, { body: { name: 'x', colour: 'red' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toContain('colour');
    const wrongType = await h.request('POST', tasks, { body: { priority: 'high' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().exception).toContain('priority');
    const badDate = await h.request('POST', tasks, { body: { dueDate: 'tomorrow' } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().exception).toContain('dueDate');
  });

  it('needs credentials', async () => {
    expect((await h.request('POST', tasks, { as: null, body: { name: 'x' } })).statusCode).toBe(401);
  });
});

describe('working on a task of no process through the ordinary routes', () => {
  it('is claimed, given variables and completed; history keeps it and its variables', async () => {
    const task = await create({ name: 'Standalone' });
    await h.request('POST', `${tasks}/${task.id}/identitylinks`, {
      body: { user: 'fozzie', type: 'candidate' },
    });
    const claim = await h.request('POST', `${tasks}/${task.id}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    expect(claim.statusCode).toBe(200);
    const variables = await h.request('POST', `${tasks}/${task.id}/variables`, {
      as: 'fozzie',
      body: [{ name: 'note', value: 'called' }],
    });
    expect(variables.statusCode).toBe(201);
    const complete = await h.request('POST', `${tasks}/${task.id}`, {
      as: 'fozzie',
      body: { action: 'complete', variables: [{ name: 'outcome', value: 'done' }] },
    });
    expect(complete.statusCode).toBe(200);
    expect((await h.request('GET', `${tasks}/${task.id}`)).statusCode).toBe(404);
    const history = await h.request('GET', `/process-api/history/historic-task-instances/${task.id}`);
    expect(history.json()).toMatchObject({
      assignee: 'fozzie',
      endTime: expect.any(String),
      processInstanceId: null,
    });
    const vars = await h.request('GET', `/process-api/history/historic-variable-instances?taskId=${task.id}`);
    expect(
      vars
        .json()
        .data.map((v: { variable: { name: string; value: unknown } }) => [v.variable.name, v.variable.value])
        .sort(),
    ).toEqual([
      ['note', 'called'],
      ['outcome', 'done'],
    ]);
  });

  it('refuses a global variable on a task of no process', async () => {
    const task = await create({ name: 'No process' });
    const response = await h.request('POST', `${tasks}/${task.id}/variables`, {
      body: [{ name: 'x', value: 1, scope: 'global' }],
    });
    expect(response.statusCode).toBe(400);
  });

  it('a second claim by someone else is a conflict', async () => {
    const task = await create({ name: 'Contested' });
    expect(
      (await h.request('POST', `${tasks}/${task.id}`, { body: { action: 'claim', assignee: 'kermit' } }))
        .statusCode,
    ).toBe(200);
    const again = await h.request('POST', `${tasks}/${task.id}`, {
      body: { action: 'claim', assignee: 'fozzie' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('concurrent completions of one task: one wins, the other is a 404', async () => {
    const task = await create({ name: 'Raced', assignee: 'kermit' });
    const both = await Promise.all([
      h.request('POST', `${tasks}/${task.id}`, { as: 'kermit', body: { action: 'complete' } }),
      h.request('POST', `${tasks}/${task.id}`, { as: 'kermit', body: { action: 'complete' } }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 404]);
  });
});

describe('subtasks', () => {
  it('lists the tasks whose parent is the task', async () => {
    const parent = await create({ name: 'Parent', assignee: 'kermit' });
    const child = await create({ name: 'Child', parentTaskId: parent.id, assignee: 'kermit' });
    await create({ name: 'Hidden child', parentTaskId: parent.id, assignee: 'fozzie' });
    expect(child).toMatchObject({
      parentTaskId: parent.id,
      parentTaskUrl: expect.stringContaining(parent.id),
    });
    const admin = await h.request('GET', `${tasks}/${parent.id}/subtasks`);
    expect(admin.statusCode).toBe(200);
    expect(
      admin
        .json()
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(['Child', 'Hidden child']);
    const kermit = await h.request('GET', `${tasks}/${parent.id}/subtasks`, { as: 'kermit' });
    expect(kermit.json().map((t: { name: string }) => t.name)).toEqual(['Child']);
    expect((await h.request('GET', `${tasks}/${parent.id}/subtasks`, { as: 'fozzie' })).statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/nope/subtasks`)).statusCode).toBe(404);
  });
});

describe('PUT runtime/tasks: the bulk update', () => {
  it('changes every task named, and answers them in the list envelope', async () => {
    const a = await create({ name: 'A' });
    const b = await create({ name: 'B' });
    const response = await h.request('PUT', tasks, {
      body: { taskIds: [a.id, b.id], priority: 99, owner: 'kermit', dueDate: null },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.data
        .map((t: { id: string; priority: number; owner: string }) => [t.id, t.priority, t.owner])
        .sort(),
    ).toEqual(
      [
        [a.id, 99, 'kermit'],
        [b.id, 99, 'kermit'],
      ].sort(),
    );
    expect(body).toMatchObject({ total: 2, start: 0 });
    const moved = await h.request('PUT', tasks, {
      body: { taskIds: [b.id], parentTaskId: a.id, tenantId: 'acme' },
    });
    expect(moved.statusCode).toBe(200);
    expect((await h.request('GET', `${tasks}/${b.id}`)).json()).toMatchObject({
      parentTaskId: a.id,
      tenantId: 'acme',
    });
    const subtasks = await h.request('GET', `${tasks}/${a.id}/subtasks`);
    expect(subtasks.json().map((t: { id: string }) => t.id)).toEqual([b.id]);
    const history = await h.request('GET', `/process-api/history/historic-task-instances/${b.id}`);
    expect(history.json()).toMatchObject({
      parentTaskId: a.id,
      priority: 99,
      owner: 'kermit',
      tenantId: 'acme',
    });
  });

  it("changes none when one id is unknown (404 naming it) or one task is not the caller's", async () => {
    const a = await create({ name: 'Kept' });
    const missing = await h.request('PUT', tasks, { body: { taskIds: [a.id, 'ghost'], name: 'Changed' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toContain('ghost');
    const mine = await create({ name: 'Mine', owner: 'kermit' });
    const refused = await h.request('PUT', tasks, {
      as: 'kermit',
      body: { taskIds: [mine.id, a.id], name: 'Changed' },
    });
    expect(refused.statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${a.id}`)).json().name).toBe('Kept');
    expect((await h.request('GET', `${tasks}/${mine.id}`)).json().name).toBe('Mine');
  });

  it('needs taskIds', async () => {
    const response = await h.request('PUT', tasks, { body: { name: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain('taskIds');
  });
});

describe('DELETE runtime/tasks/{taskId}', () => {
  it('deletes a task and its subtasks, keeping their history with the reason', async () => {
    const parent = await create({ name: 'Doomed', owner: 'kermit' });
    const child = await create({ name: 'Doomed child', parentTaskId: parent.id });
    const response = await h.request('DELETE', `${tasks}/${parent.id}?deleteReason=no%20longer%20needed`, {
      as: 'kermit',
    });
    expect(response.statusCode).toBe(204);
    expect((await h.request('GET', `${tasks}/${parent.id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${child.id}`)).statusCode).toBe(404);
    const history = await h.request('GET', `/process-api/history/historic-task-instances/${parent.id}`);
    expect(history.json()).toMatchObject({ deleteReason: 'no longer needed', endTime: expect.any(String) });
  });

  it('with cascadeHistory removes the history and the comments too', async () => {
    const task = await create({ name: 'Gone' });
    await h.request('POST', `${tasks}/${task.id}/comments`, { body: { message: 'bye' } });
    expect((await h.request('DELETE', `${tasks}/${task.id}?cascadeHistory=true`)).statusCode).toBe(204);
    expect(
      (await h.request('GET', `/process-api/history/historic-task-instances/${task.id}`)).statusCode,
    ).toBe(404);
    const { rows } = await h.db.query(`SELECT count(*)::int AS n FROM weir_comment WHERE task_id = $1`, [
      task.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a task of a process instance with 403, and strangers with 404', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    const list = await h.request('GET', `${tasks}?processInstanceId=${instance.id}`);
    const processTask = list.json().data[0].id as string;
    const response = await h.request('DELETE', `${tasks}/${processTask}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().exception).toBe('Cannot delete a task that is part of a process instance.');
    const task = await create({ name: 'Not yours', assignee: 'fozzie' });
    expect((await h.request('DELETE', `${tasks}/${task.id}`, { as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('DELETE', `${tasks}/nope`)).statusCode).toBe(404);
  });
});
