import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness, type TestUser } from './harness.ts';

let h: HttpHarness;
let checksDefinitionId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['inject-order.bpmn20.xml', 'inject-checks.bpmn20.xml', 'inject-guarded.bpmn20.xml']);
  const defs = await h.request('GET', `${P}/repository/process-definitions?key=injectChecks`);
  checksDefinitionId = defs.json().data[0].id;
});
afterAll(() => h.close());

const P = '/process-api';
const start = async () => (await startInstance(h, { processDefinitionKey: 'injectOrder' })).id;
const inject = (id: string, body: unknown, as: TestUser | null = 'admin') =>
  h.request('POST', `${P}/runtime/process-instances/${id}/inject`, { body, as });
type Task = { id: string; taskDefinitionKey: string; name: string | null; assignee: string | null };
const openTasks = async (id: string): Promise<Task[]> =>
  (await h.request('GET', `${P}/runtime/tasks?processInstanceId=${id}&sort=name`)).json().data;
const complete = async (id: string, key: string) => {
  const task = (await openTasks(id)).find((t) => t.taskDefinitionKey === key);
  if (!task) throw new Error(`no open task ${key}`);
  const done = await h.request('POST', `${P}/runtime/tasks/${task.id}`, { body: { action: 'complete' } });
  expect(done.statusCode).toBe(200);
};
const instance = (id: string) => h.request('GET', `${P}/runtime/process-instances/${id}`);
const historicActivities = async (id: string) =>
  (
    await h.request(
      'GET',
      `${P}/history/historic-activity-instances?processInstanceId=${id}&sort=startTime&size=50`,
    )
  ).json().data as { activityId: string; activityType: string; endTime: string | null }[];

describe('injecting a user task', () => {
  it('adds the task with its name and assignee next to the open one, on a derived definition', async () => {
    const id = await start();
    const originalDefinitionId = (await instance(id)).json().processDefinitionId;

    const injected = await inject(id, {
      injectionType: 'task',
      id: 'extraReview',
      name: 'Extra review',
      assignee: 'fozzie',
    });
    expect(injected.statusCode).toBe(200);
    expect(injected.body).toBe('');

    expect(
      (await openTasks(id)).map(({ taskDefinitionKey, name, assignee }) => ({
        taskDefinitionKey,
        name,
        assignee,
      })),
    ).toEqual([
      { taskDefinitionKey: 'extraReview', name: 'Extra review', assignee: 'fozzie' },
      { taskDefinitionKey: 'pack', name: 'Pack the order', assignee: 'kermit' },
    ]);

    // the instance now runs a derived definition: version 0, never the latest of its key
    const derivedId = (await instance(id)).json().processDefinitionId;
    expect(derivedId).not.toBe(originalDefinitionId);
    const derived = (await h.request('GET', `${P}/repository/process-definitions/${derivedId}`)).json();
    expect(derived).toMatchObject({ key: 'injectOrder', version: 0 });
    const latest = (
      await h.request('GET', `${P}/repository/process-definitions?key=injectOrder&latest=true`)
    ).json();
    expect(latest.data.map((d: { id: string }) => d.id)).toEqual([originalDefinitionId]);
    const xml = (await h.request('GET', `${P}/repository/process-definitions/${derivedId}/resourcedata`))
      .body;
    expect(xml).toContain('id="extraReview"');
    expect(xml).toContain('<bpmn:parallelGateway id="dynamicForkGateway1"/>');
    expect(xml).toContain('<bpmn:sequenceFlow id="toPack" sourceRef="dynamicForkGateway1"');
    // the branch is drawn below the original drawing, which stays where it was
    expect(xml).toContain('<bpmndi:BPMNShape id="extraReview_di" bpmnElement="extraReview">');
    expect(xml).toContain('<dc:Bounds x="180" y="75" width="100" height="80"/>');
    const diagram = await h.request('GET', `${P}/runtime/process-instances/${id}/diagram`);
    expect(diagram.statusCode).toBe(200);
    expect(diagram.body).toContain('Extra review');
    // the comment that only looks like the flow is left alone
    expect(xml).toContain('<bpmn:sequenceFlow id="toPack" sourceRef="nowhere"/> must not');

    const tasks = (
      await h.request(
        'GET',
        `${P}/history/historic-task-instances?processInstanceId=${id}&taskDefinitionKey=extraReview`,
      )
    ).json();
    expect(tasks.data).toMatchObject([
      { name: 'Extra review', assignee: 'fozzie', processDefinitionId: derivedId },
    ]);
  });

  it('completing the injected task leaves the instance running until its other work is done', async () => {
    const id = await start();
    expect((await inject(id, { injectionType: 'task', name: 'Call the customer' })).statusCode).toBe(200);
    await complete(id, 'dynamicTask1');
    expect((await instance(id)).statusCode).toBe(200);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
    const history = await historicActivities(id);
    expect(history.find((a) => a.activityId === 'dynamicTask1')).toMatchObject({
      endTime: expect.any(String),
    });

    await complete(id, 'pack');
    await complete(id, 'ship');
    expect((await instance(id)).statusCode).toBe(404);
    const historic = (await h.request('GET', `${P}/history/historic-process-instances/${id}`)).json();
    expect(historic.endTime).toEqual(expect.any(String));
  });

  it('injects twice into one instance with the next free ids, and the open task may finish first', async () => {
    const id = await start();
    await inject(id, { injectionType: 'TASK', name: 'First' });
    const second = await inject(id, { injectionType: 'Task', name: 'Second' });
    expect(second.statusCode).toBe(200);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual([
      'dynamicTask1',
      'pack',
      'dynamicTask2',
    ]);
    await complete(id, 'pack');
    await complete(id, 'ship');
    await complete(id, 'dynamicTask2');
    expect((await instance(id)).statusCode).toBe(200);
    await complete(id, 'dynamicTask1');
    expect((await instance(id)).statusCode).toBe(404);
  });
});

describe('injecting next to an open task (taskId)', () => {
  it('wraps the task in a subprocess with the new task beside it; the instance goes on when both are done', async () => {
    const id = await start();
    const [pack] = await openTasks(id);
    const injected = await inject(id, {
      injectionType: 'task',
      name: 'Second opinion',
      assignee: 'fozzie',
      taskId: pack.id,
    });
    expect(injected.statusCode).toBe(200);
    const tasks = await openTasks(id);
    expect(
      tasks.map(({ id: taskId, taskDefinitionKey, name, assignee }) => ({
        taskId,
        taskDefinitionKey,
        name,
        assignee,
      })),
    ).toEqual([
      { taskId: pack.id, taskDefinitionKey: 'pack', name: 'Pack the order', assignee: 'kermit' },
      {
        taskId: expect.any(String),
        taskDefinitionKey: 'dynamicTask5',
        name: 'Second opinion',
        assignee: 'fozzie',
      },
    ]);
    // Flowable's builder ids (one counter for every prefix); the task's flows now enter and leave the subprocess
    const derivedId = (await instance(id)).json().processDefinitionId;
    const xml = (await h.request('GET', `${P}/repository/process-definitions/${derivedId}/resourcedata`))
      .body;
    expect(xml).toContain('<bpmn:subProcess id="dynamicSubProcess1" name="Pack the order">');
    expect(xml).toContain(
      '<bpmn:sequenceFlow id="toPack" sourceRef="start" targetRef="dynamicSubProcess1"/>',
    );
    expect(xml).toContain('<bpmn:sequenceFlow id="toShip" sourceRef="dynamicSubProcess1" targetRef="ship"/>');
    expect(xml).toContain(
      '<bpmn:sequenceFlow id="dynamicFlow6" sourceRef="dynamicForkGateway3" targetRef="pack"/>',
    );
    expect(xml).toContain(
      '<bpmn:sequenceFlow id="dynamicFlow11" sourceRef="dynamicTask5" targetRef="dynamicJoinGateway9"/>',
    );
    expect(xml).toContain('bpmnElement="dynamicSubProcess1" isExpanded="false">');
    const executions = (await h.request('GET', `${P}/runtime/executions?processInstanceId=${id}`)).json()
      .data;
    expect(executions.map((e: { activityId: string | null }) => e.activityId ?? '(instance)').sort()).toEqual(
      ['(instance)', 'dynamicSubProcess1', 'dynamicTask5', 'pack'],
    );
    const running = await historicActivities(id);
    expect(running.filter((a) => a.endTime === null).map((a) => `${a.activityType}:${a.activityId}`)).toEqual(
      ['userTask:pack', 'subProcess:dynamicSubProcess1', 'userTask:dynamicTask5'],
    );

    await complete(id, 'pack');
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['dynamicTask5']);
    await complete(id, 'dynamicTask5');
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['ship']);
    const history = await historicActivities(id);
    expect(history.filter((a) => a.activityId === 'dynamicJoinGateway9')).toHaveLength(2);
    expect(history.find((a) => a.activityId === 'dynamicSubProcess1')?.endTime).toEqual(expect.any(String));
    await complete(id, 'ship');
    expect((await instance(id)).statusCode).toBe(404);
  });

  it('runs an embedded subprocess beside the task, joined with it', async () => {
    const id = await start();
    const [pack] = await openTasks(id);
    const injected = await inject(id, {
      injectionType: 'subprocess',
      id: 'sideChecks',
      processDefinitionId: checksDefinitionId,
      taskId: pack.id,
    });
    expect(injected.statusCode).toBe(200);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['check', 'pack']);
    await complete(id, 'check');
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
    await complete(id, 'pack');
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['ship']);
    const history = await historicActivities(id);
    expect(history.find((a) => a.activityId === 'sideChecks')).toMatchObject({
      activityType: 'subProcess',
      endTime: expect.any(String),
    });
  });

  it('refuses a task of another instance and a task no longer open with 404, and changes nothing', async () => {
    const id = await start();
    const other = await start();
    const [otherTask] = await openTasks(other);
    const foreign = await inject(id, { injectionType: 'task', taskId: otherTask.id });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().exception).toMatch(/taskId: .* no open task/);
    const [pack] = await openTasks(id);
    await complete(id, 'pack');
    const gone = await inject(id, { injectionType: 'task', taskId: pack.id });
    expect(gone.statusCode).toBe(404);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['ship']);
    const definition = (await instance(id)).json().processDefinitionId;
    expect(definition).not.toMatch(/:0:/);
  });
  it('refuses a task whose user task has boundary events or is multi-instance with 400, and changes nothing', async () => {
    const id = (await startInstance(h, { processDefinitionKey: 'injectGuarded' })).id;
    const definition = (await instance(id)).json().processDefinitionId;
    const tasks = await openTasks(id);
    const guarded = tasks.find((t) => t.taskDefinitionKey === 'guarded')!;
    const vote = tasks.find((t) => t.taskDefinitionKey === 'votes')!;
    const boundary = await inject(id, { injectionType: 'task', taskId: guarded.id });
    expect(boundary.statusCode).toBe(400);
    expect(boundary.json().exception).toBe(
      "taskId: user task 'guarded' has boundary events, which would stay outside the subprocess that wraps it",
    );
    const multi = await inject(id, { injectionType: 'task', taskId: vote.id });
    expect(multi.statusCode).toBe(400);
    expect(multi.json().exception).toBe(
      "taskId: user task 'votes' is multi-instance; Weir injects only next to a single task",
    );
    expect((await instance(id)).json().processDefinitionId).toBe(definition);
    expect(await openTasks(id)).toHaveLength(3);
  });
});

describe('injecting an embedded subprocess', () => {
  it('runs the other definition as a subprocess next to the open work, renaming clashing ids', async () => {
    const id = await start();
    const injected = await inject(id, {
      injectionType: 'subprocess',
      id: 'qualityChecks',
      processDefinitionId: checksDefinitionId,
    });
    expect(injected.statusCode).toBe(200);
    expect(
      (await openTasks(id)).map(({ taskDefinitionKey, assignee }) => ({ taskDefinitionKey, assignee })),
    ).toEqual([
      { taskDefinitionKey: 'check', assignee: 'fozzie' },
      { taskDefinitionKey: 'pack', assignee: 'kermit' },
    ]);
    const executions = (await h.request('GET', `${P}/runtime/executions?processInstanceId=${id}`)).json()
      .data;
    expect(executions.map((e: { activityId: string | null }) => e.activityId)).toContain('qualityChecks');

    await complete(id, 'check');
    expect((await instance(id)).statusCode).toBe(200);
    const history = await historicActivities(id);
    expect(history.find((a) => a.activityId === 'qualityChecks')).toMatchObject({
      activityType: 'subProcess',
      endTime: expect.any(String),
    });
    // the subprocess' own start and end events clashed with the instance's: renamed as Flowable does
    expect(history.map((a) => a.activityId)).toEqual(
      expect.arrayContaining(['qualityChecks-start', 'qualityChecks-end']),
    );
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
  });

  it('names the missing processDefinitionId and an unknown definition', async () => {
    const id = await start();
    const missing = await inject(id, { injectionType: 'subprocess' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().exception).toBe('processDefinitionId is required');
    const unknown = await inject(id, { injectionType: 'subprocess', processDefinitionId: 'nope:1:x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().exception).toMatch(/nope:1:x/);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
  });
});

describe('refused injections', () => {
  it('answers 404 for an unknown instance', async () => {
    const response = await inject('no-such-instance', { injectionType: 'task', name: 'x' });
    expect(response.statusCode).toBe(404);
    expect(response.json().exception).toMatch(/no-such-instance/);
  });

  it('answers 400 naming the field for a bad body, and changes nothing', async () => {
    const id = await start();
    const noType = await inject(id, { name: 'x' });
    expect(noType.statusCode).toBe(400);
    expect(noType.json().exception).toMatch(/injectionType/);
    const badType = await inject(id, { injectionType: 'callActivity' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().exception).toBe('injection type is not supported callActivity');
    const unknownField = await inject(id, { injectionType: 'task', dueDate: 'tomorrow' });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().exception).toMatch(/dueDate/);
    const wrongType = await inject(id, { injectionType: 'task', assignee: 7 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().exception).toMatch(/assignee/);
    const taken = await inject(id, { injectionType: 'task', id: 'ship' });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().exception).toMatch(/'ship' already exists/);
    const noSuchTask = await inject(id, { injectionType: 'task', taskId: 'abc' });
    expect(noSuchTask.statusCode).toBe(404);
    expect(noSuchTask.json().exception).toBe(
      `taskId: process instance '${id}' has no open task with id 'abc'.`,
    );
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
  });

  it('refuses a suspended instance with 409', async () => {
    const id = await start();
    const suspended = await h.request('PUT', `${P}/runtime/process-instances/${id}`, {
      body: { action: 'suspend' },
    });
    expect(suspended.statusCode).toBe(200);
    const response = await inject(id, { injectionType: 'task', name: 'x' });
    expect(response.statusCode).toBe(409);
    expect(response.json().exception).toMatch(/suspended/);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
  });

  it('refuses a user who may not repair instances, and one without credentials', async () => {
    const id = await start();
    const refused = await inject(id, { injectionType: 'task', name: 'x' }, 'kermit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().exception).toMatch(/kermit/);
    expect((await inject(id, { injectionType: 'task', name: 'x' }, null)).statusCode).toBe(401);
    expect((await openTasks(id)).map((t) => t.taskDefinitionKey)).toEqual(['pack']);
  });
});
