/**
 * Variable writes over REST check and write under the instance lock, in one command: two
 * creates of the same name at once give one 201 and one 409 (both used to pass their check
 * before either wrote), and a request with local and global task variables is written whole
 * or not at all.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const newInstance = async () => {
  const instance = await startInstance(h, {
    processDefinitionKey: 'httpOneTask',
    variables: [{ name: 'kept', value: 1 }],
  });
  const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
  return { instanceId: instance.id, taskId: (tasks.json() as { data: { id: string }[] }).data[0].id };
};

it('two creates of one instance variable at once: one is created, the other is a 409', async () => {
  const { instanceId } = await newInstance();
  const create = (value: number) =>
    h.request('POST', `/process-api/runtime/process-instances/${instanceId}/variables`, {
      body: [{ name: 'once', value }],
    });
  const statuses = (await Promise.all([create(1), create(2), create(3)])).map((r) => r.statusCode).sort();
  expect(statuses).toEqual([201, 409, 409]);
});

it('two creates of one task variable at once: one is created, the other is a 409', async () => {
  const { taskId } = await newInstance();
  const create = (value: number) =>
    h.request('POST', `/process-api/runtime/tasks/${taskId}/variables`, { body: [{ name: 'once', value }] });
  const statuses = (await Promise.all([create(1), create(2)])).map((r) => r.statusCode).sort();
  expect(statuses).toEqual([201, 409]);
});

it('a task variable create whose global name exists writes none of its variables', async () => {
  const { instanceId, taskId } = await newInstance();
  const response = await h.request('POST', `/process-api/runtime/tasks/${taskId}/variables`, {
    body: [
      { name: 'fresh', value: 'x' },
      { name: 'kept', value: 2, scope: 'global' },
    ],
  });
  expect(response.statusCode).toBe(409);
  expect(response.json().exception).toBe(`Variable 'kept' is already present on task '${taskId}'.`);
  const local = await h.request('GET', `/process-api/runtime/tasks/${taskId}/variables?scope=local`);
  expect(local.json()).toEqual([]);
  const global = await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`);
  expect(global.json()).toMatchObject([{ name: 'kept', value: 1 }]);
});

it('deleting all variables of an instance removes every one', async () => {
  const { instanceId } = await newInstance();
  await h.request('POST', `/process-api/runtime/process-instances/${instanceId}/variables`, {
    body: [
      { name: 'a', value: 1 },
      { name: 'b', value: 'two' },
    ],
  });
  const url = `/process-api/runtime/process-instances/${instanceId}/variables`;
  expect((await h.request('DELETE', url)).statusCode).toBe(204);
  expect((await h.request('GET', url)).json()).toEqual([]);
});
