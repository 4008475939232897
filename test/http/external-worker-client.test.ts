/**
 * Flowable's own JavaScript worker (`@flowable-oss/external-worker-client`, unchanged) against
 * a real listening Weir: it subscribes to a topic, receives jobs with their variables, and
 * each outcome it reports moves the instance as Flowable would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExternalWorkerClient,
  type ExternalWorkerAcquireJobResponse,
  type ExternalWorkerSubscription,
  type WorkerResultBuilder,
} from '@flowable-oss/external-worker-client';
import { createHttpHarness, passwordOf, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let subscription: ExternalWorkerSubscription;
const received: ExternalWorkerAcquireJobResponse[] = [];
let failuresLeft = 1;

const handle = (job: ExternalWorkerAcquireJobResponse, result: WorkerResultBuilder) => {
  received.push(job);
  const scenario = job.variables.find((v) => v.name === 'scenario')?.value;
  const amount = Number(job.variables.find((v) => v.name === 'amount')?.value ?? 0);
  if (scenario === 'refuse')
    return result.bpmnError().errorCode('CREDIT_REFUSED').variable('reason', 'amount too high', 'string');
  if (scenario === 'flaky' && failuresLeft-- > 0) {
    return result
      .failure()
      .errorMessage('scoring service down')
      .errorDetails('ECONNREFUSED')
      .retries(2)
      .retryTimeout('PT0S');
  }
  return result
    .success()
    .variable('score', amount > 1000 ? 500 : 800, 'integer')
    .variable('checkedBy', 'js-worker', 'string');
};

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-external-worker.bpmn20.xml']);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const address = h.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new ExternalWorkerClient({
    flowableHost: `http://127.0.0.1:${port}`,
    workerId: 'flowable-js-worker',
    auth: { username: 'kermit', password: passwordOf('kermit') },
  });
  subscription = client.subscribe({
    topic: 'credit-check',
    callbackHandler: handle,
    waitPeriodSeconds: 0.1,
    lockDuration: 'PT30S',
  });
});

afterAll(async () => {
  subscription?.unsubscribe();
  await h.close();
});

const waitForTask = async (instanceId: string) => {
  for (let i = 0; i < 100; i++) {
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
    if (tasks.json().total > 0) return tasks.json().data[0];
    await sleep(100);
  }
  throw new Error(`no task appeared for instance ${instanceId}`);
};

const variableOf = async (instanceId: string, name: string) =>
  (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables/${name}`)).json();

describe('@flowable-oss/external-worker-client against Weir', () => {
  it('receives the job with its variables and completes it with variables of its own', async () => {
    const instance = await startInstance(h, {
      processDefinitionKey: 'httpExternalWorker',
      variables: [
        { name: 'scenario', value: 'ok' },
        { name: 'amount', type: 'integer', value: 250 },
      ],
    });
    expect((await waitForTask(instance.id)).taskDefinitionKey).toBe('review');
    const job = received.find((j) => j.processInstanceId === instance.id)!;
    expect(job.elementId).toBe('checkCredit');
    expect(job.lockOwner).toBe('flowable-js-worker');
    expect(job.variables).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'amount', type: 'integer', value: 250 })]),
    );
    expect(await variableOf(instance.id, 'score')).toMatchObject({ type: 'integer', value: 800 });
    expect(await variableOf(instance.id, 'checkedBy')).toMatchObject({ value: 'js-worker' });
  });

  it('reports a failure with retries; the job comes back and then succeeds', async () => {
    const instance = await startInstance(h, {
      processDefinitionKey: 'httpExternalWorker',
      variables: [
        { name: 'scenario', value: 'flaky' },
        { name: 'amount', type: 'integer', value: 5000 },
      ],
    });
    expect((await waitForTask(instance.id)).taskDefinitionKey).toBe('review');
    const attempts = received.filter((j) => j.processInstanceId === instance.id);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ retries: 3, exceptionMessage: null });
    expect(attempts[1]).toMatchObject({
      id: attempts[0].id,
      retries: 2,
      exceptionMessage: 'scoring service down',
    });
    expect(await variableOf(instance.id, 'score')).toMatchObject({ value: 500 });
  });

  it('reports a BPMN error that the boundary event catches', async () => {
    const instance = await startInstance(h, {
      processDefinitionKey: 'httpExternalWorker',
      variables: [{ name: 'scenario', value: 'refuse' }],
    });
    expect((await waitForTask(instance.id)).taskDefinitionKey).toBe('explainRefusal');
    expect(await variableOf(instance.id, 'reason')).toMatchObject({
      type: 'string',
      value: 'amount too high',
    });
    const activities = await h.request(
      'GET',
      `/process-api/history/historic-activity-instances?processInstanceId=${instance.id}`,
    );
    expect(activities.json().data.map((a: { activityId: string }) => a.activityId)).toContain('onRefused');
  });
});
