import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-external-worker.bpmn20.xml']);
});
afterAll(() => h.close());

const api = '/external-job-api';
const acquire = (workerId: string, extra: Record<string, unknown> = {}) =>
  h.request('POST', `${api}/acquire/jobs`, {
    as: 'kermit',
    body: { topic: 'credit-check', lockDuration: 'PT1M', numberOfTasks: 1, workerId, ...extra },
  });

const taskOf = async (instanceId: string) =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json().data[0];

describe('the external-worker API', () => {
  it('locks a job to the worker that acquired it, with the variables of its execution', async () => {
    const instance = await startInstance(h, {
      processDefinitionKey: 'httpExternalWorker',
      variables: [
        { name: 'customer', value: 'Gonzo' },
        { name: 'amount', type: 'long', value: 900 },
      ],
    });
    const acquired = await acquire('worker-1', { numberOfTasks: 5 });
    expect(acquired.statusCode).toBe(200);
    expect(acquired.json()).toHaveLength(1);
    const job = acquired.json()[0];
    expect(job).toMatchObject({
      processInstanceId: instance.id,
      elementId: 'checkCredit',
      elementName: 'Check credit',
      lockOwner: 'worker-1',
      retries: 3,
      lockExpirationTime: expect.any(String),
    });
    expect(job.variables).toEqual([
      { name: 'amount', type: 'long', value: 900, valueUrl: null },
      { name: 'customer', type: 'string', value: 'Gonzo', valueUrl: null },
    ]);
    expect((await acquire('worker-2')).json()).toEqual([]);

    const stolen = await h.request('POST', `${api}/acquire/jobs/${job.id}/complete`, {
      as: 'kermit',
      body: { workerId: 'worker-2' },
    });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().exception).toContain('worker-2 does not hold a lock');

    const listed = await h.request('GET', `${api}/jobs?processInstanceId=${instance.id}&locked=true`, {
      as: 'kermit',
    });
    expect(listed.json().total).toBe(1);
    expect((await h.request('GET', `${api}/jobs/${job.id}`, { as: 'kermit' })).json().lockOwner).toBe(
      'worker-1',
    );

    const completed = await h.request('POST', `${api}/acquire/jobs/${job.id}/complete`, {
      as: 'kermit',
      body: { workerId: 'worker-1', variables: [{ name: 'score', type: 'integer', value: 710 }] },
    });
    expect(completed.statusCode).toBe(204);
    expect((await taskOf(instance.id)).taskDefinitionKey).toBe('review');
    const score = await h.request(
      'GET',
      `/process-api/runtime/process-instances/${instance.id}/variables/score`,
    );
    expect(score.json()).toMatchObject({ type: 'integer', value: 710 });
    expect((await h.request('GET', `${api}/jobs/${job.id}`, { as: 'kermit' })).statusCode).toBe(404);
    expect(
      (
        await h.request('POST', `${api}/acquire/jobs/${job.id}/complete`, {
          as: 'kermit',
          body: { workerId: 'worker-1' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('propagates a BPMN error to the boundary event', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpExternalWorker' });
    const [job] = (await acquire('worker-1')).json();
    const refused = await h.request('POST', `${api}/acquire/jobs/${job.id}/bpmnError`, {
      as: 'kermit',
      body: {
        workerId: 'worker-1',
        errorCode: 'CREDIT_REFUSED',
        variables: [{ name: 'reason', value: 'too risky' }],
      },
    });
    expect(refused.statusCode).toBe(204);
    expect((await taskOf(instance.id)).taskDefinitionKey).toBe('explainRefusal');
  });

  it('counts retries down on failure, dead-letters at zero, and an operator moves it back', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpExternalWorker' });
    let [job] = (await acquire('worker-1')).json();
    const failed = await h.request('POST', `${api}/acquire/jobs/${job.id}/fail`, {
      as: 'kermit',
      body: {
        workerId: 'worker-1',
        errorMessage: 'scoring service down',
        errorDetails: 'ECONNREFUSED',
        retryTimeout: 'PT1H',
      },
    });
    expect(failed.statusCode).toBe(204);
    const waiting = (await h.request('GET', `${api}/jobs/${job.id}`, { as: 'kermit' })).json();
    expect(waiting).toMatchObject({ retries: 2, exceptionMessage: 'scoring service down', lockOwner: null });
    expect((await acquire('worker-1')).json()).toEqual([]); // not before the retry timeout

    await h.db.query(`UPDATE weir_job SET due_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
    [job] = (await acquire('worker-1')).json();
    const dead = await h.request('POST', `${api}/acquire/jobs/${job.id}/fail`, {
      as: 'kermit',
      body: { workerId: 'worker-1', errorMessage: 'gave up', retries: 0 },
    });
    expect(dead.statusCode).toBe(204);
    const deadLetters = await h.request(
      'GET',
      `/process-api/management/deadletter-jobs?processInstanceId=${instance.id}`,
    );
    expect(deadLetters.json().data[0]).toMatchObject({ id: job.id, retries: 0, exceptionMessage: 'gave up' });
    const trace = await h.request(
      'GET',
      `/process-api/management/deadletter-jobs/${job.id}/exception-stacktrace`,
    );
    expect(trace.body).toBe('gave up');
    expect(
      (
        await h.request('POST', `/process-api/management/deadletter-jobs/${job.id}`, {
          body: { action: 'move' },
        })
      ).statusCode,
    ).toBe(204);
    const back = (await acquire('worker-1')).json();
    expect(back).toMatchObject([{ id: job.id, retries: 3 }]);
  });

  it('unacquires a worker’s jobs', async () => {
    await startInstance(h, { processDefinitionKey: 'httpExternalWorker' });
    const jobs = (await acquire('worker-3', { numberOfTasks: 10 })).json();
    expect(jobs.length).toBeGreaterThan(0);
    const one = await h.request('POST', `${api}/unacquire/jobs/${jobs[0].id}`, {
      as: 'kermit',
      body: { workerId: 'someone-else' },
    });
    expect(one.statusCode).toBe(409);
    expect(
      (await h.request('POST', `${api}/unacquire/jobs`, { as: 'kermit', body: { workerId: 'worker-3' } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await h.request('GET', `${api}/jobs?workerId=worker-3&locked=true`, { as: 'kermit' })).json().total,
    ).toBe(0);
    expect((await acquire('worker-4', { numberOfTasks: 10 })).json().length).toBe(jobs.length);
  });

  it('validates acquire requests', async () => {
    const noTopic = await h.request('POST', `${api}/acquire/jobs`, {
      as: 'kermit',
      body: { lockDuration: 'PT1M', workerId: 'w' },
    });
    expect(noTopic.json().exception).toBe("body is missing the required field 'topic'");
    const badDuration = await acquire('w', { lockDuration: 'one minute' });
    expect(badDuration.statusCode).toBe(400);
    const otherScope = await acquire('w', { scopeType: 'dmn' });
    expect(otherScope.statusCode).toBe(400);
    expect(otherScope.json().exception).toContain("scopeType 'dmn' is not supported");
  });
});
