/**
 * Behaviours where Weir used to differ from Flowable (docs/compatibility.md, "What still
 * differs"), each now as Flowable does it: delete listeners on completion, the Java number
 * type of values set through expressions, receive tasks and messages, sequence flow history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  complete,
  executionsAt,
  familyFixtures,
  listOf,
  ok,
  openTaskKeys,
  start,
  tasksOf,
  triggerExecution,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('differences'));
beforeAll(() => {
  h = use();
});

describe('task listeners on completion (TaskListenerTest)', () => {
  it('completing a task fires its delete listeners after its complete listeners (testTaskListenersOnDeleteByComplete)', async () => {
    const instance = await start(h, 'dfTaskDelete', { heard: 0 });
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.deletedAfterComplete?.value).toBe(true);
    expect((await tasksOf(h, instance.id)).map((open) => open.name)).toEqual(['After']);
  });

  it("an 'all' listener hears create, complete and then delete (testAllEventsTaskListener)", async () => {
    const instance = await start(h, 'dfTaskDelete', { heard: 0 });
    expect((await variablesOf(h, instance.id)).lastHeard?.value).toBe('create');
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.heard?.value).toBe(3);
    expect(variables.lastHeard?.value).toBe('delete');
  });
});

describe('numbers set through expressions keep the Java type JUEL gives them', () => {
  it('execution.setVariable with a computed whole number stores a long, as a resultVariable does', async () => {
    const instance = await start(h, 'dfNumberTypes', { base: 21 });
    const variables = await variablesOf(h, instance.id);
    expect(variables.doubled).toMatchObject({ type: 'long', value: 42 });
    expect(variables.literal).toMatchObject({ type: 'long', value: 7 });
    expect(variables.resultTyped).toMatchObject({ type: 'long', value: 42 });
    expect(variables.asResult).toMatchObject({ type: 'long', value: 42 });
  });

  it('a division is a double, and a variable passed as is keeps its own type', async () => {
    const instance = await start(h, 'dfNumberTypes', { base: 21 });
    const variables = await variablesOf(h, instance.id);
    expect(variables.halved).toMatchObject({ type: 'double', value: 10.5 });
    expect(variables.copied).toMatchObject({ type: 'integer', value: 21 });
  });

  it('task.setVariableLocal with a computed number stores a long on the task', async () => {
    const instance = await start(h, 'dfNumberTypes', { base: 21 });
    const [task] = await tasksOf(h, instance.id);
    const local = await ok(h, 'GET', `/process-api/runtime/tasks/${task.id}/variables/onTask?scope=local`);
    expect(local).toMatchObject({ type: 'long', value: 22, scope: 'local' });
  });
});

describe('a receive task with a messageRef (ReceiveTaskActivityBehavior)', () => {
  it('subscribes to no message: only a trigger moves it on', async () => {
    const instance = await start(h, 'dfReceiveMessage');
    const subscriptions = await listOf(
      h,
      `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}`,
    );
    expect(subscriptions).toEqual([]);
    const [waiting] = await executionsAt(h, instance.id, 'awaitParcel');
    const message = await h.request('PUT', `/process-api/runtime/executions/${waiting.id as string}`, {
      body: { action: 'messageEventReceived', messageName: 'dfParcelArrived' },
    });
    expect(message.statusCode).toBe(404);
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect((await triggerExecution(h, waiting.id as string)).statusCode).toBe(200);
    expect(await openTaskKeys(h, instance.id)).toEqual(['unpack']);
  });

  it('a messageRef naming no declared message is read past: it deploys and waits for a trigger', async () => {
    const instance = await start(h, 'dfReceiveUndeclared');
    const [waiting] = await executionsAt(h, instance.id, 'awaitInvoice');
    expect(await openTaskKeys(h, instance.id)).toEqual([]);
    expect((await triggerExecution(h, waiting.id as string)).statusCode).toBe(200);
    expect(await openTaskKeys(h, instance.id)).toEqual(['book']);
  });
});
