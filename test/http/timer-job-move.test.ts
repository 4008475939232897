/**
 * `POST /process-api/management/timer-jobs/{id}` `{"action":"move"}` with a running executor:
 * the timer fires at once and a cycle leaves its next occurrence waiting, on schedule.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobExecutor } from '../../src/jobs/index.ts';
import { registerNode, type NodeRegistration } from '../../src/cluster/node-registry.ts';
import { testSettings } from '../jobs/in-process-cluster.ts';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let registration: NodeRegistration;
let executor: JobExecutor;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['timer-cycles.bpmn20.xml']);
  registration = await registerNode(
    h.db,
    { id: h.engine.services.nodeId, host: 'test', port: 0, version: 'test', startedAt: new Date() },
    { interval: 200, staleAfter: 5_000, log: { info: () => {}, warn: () => {} } },
  );
  executor = new JobExecutor({ engine: h.engine, settings: testSettings() });
  await executor.start();
});
afterAll(async () => {
  await executor.stop();
  await registration.deregister();
  await h.close();
});

const timerJobs = async (instanceId: string) =>
  (await h.request('GET', `/process-api/management/timer-jobs?processInstanceId=${instanceId}`)).json()
    .data as Array<{ id: string; dueDate: string }>;
const taskKeys = async (instanceId: string): Promise<string[]> =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`))
    .json()
    .data.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
    .sort();

it('moving a cycle timer fires it at once and leaves the next occurrence waiting on schedule', async () => {
  const instance = await startInstance(h, { processDefinitionKey: 'reviewReminders' });
  const [timer] = await timerJobs(instance.id);
  const moved = await h.request('POST', `/process-api/management/timer-jobs/${timer.id}`, {
    body: { action: 'move' },
  });
  expect(moved.statusCode).toBe(204);
  for (let waited = 0; (await taskKeys(instance.id)).length < 2; waited += 50) {
    if (waited > 10_000) throw new Error('the executor did not run the moved timer');
    await sleep(50);
  }
  expect(await taskKeys(instance.id)).toEqual(['a_remind', 'a_review']);
  // one waiting timer: the occurrence the moved one was scheduled for (an hour after the start)
  const next = await timerJobs(instance.id);
  expect(next).toHaveLength(1);
  expect(next[0].id).not.toBe(timer.id);
  expect(next[0].dueDate).toBe(timer.dueDate);
  const executable = await h.request('GET', `/process-api/management/jobs?processInstanceId=${instance.id}`);
  expect(executable.json().total).toBe(0);
});

it('moving an unknown timer job answers 404', async () => {
  const response = await h.request('POST', '/process-api/management/timer-jobs/no-such-job', {
    body: { action: 'move' },
  });
  expect(response.statusCode).toBe(404);
});
