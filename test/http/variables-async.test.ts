import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

let instanceId: string;
let executionId: string;
beforeEach(async () => {
  instanceId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'myVar', value: 'processValue' }],
    })
  ).id;
  const list = await h.request(
    'GET',
    `/process-api/runtime/executions?processInstanceId=${instanceId}&activityId=approve`,
  );
  executionId = list.json().data[0].id;
});

const jobsOfInstance = async () =>
  (await h.request('GET', `/process-api/management/jobs?processInstanceId=${instanceId}`)).json()
    .data as Array<{
    id: string;
    jobHandlerType?: string;
    executionId: string | null;
  }>;

/** Runs the instance's one pending job through the management API, as an operator would. */
const runTheJob = async () => {
  const jobs = await jobsOfInstance();
  expect(jobs).toHaveLength(1);
  const run = await h.request('POST', `/process-api/management/jobs/${jobs[0].id}`, {
    body: { action: 'execute' },
  });
  expect(run.statusCode).toBe(204);
  expect(await jobsOfInstance()).toEqual([]);
};

const instanceVariables = async () =>
  Object.fromEntries(
    (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`))
      .json()
      .map((v: { name: string; value: unknown }) => [v.name, v.value]),
  );

const executionLocal = async () =>
  Object.fromEntries(
    (await h.request('GET', `/process-api/runtime/executions/${executionId}/variables?scope=local`))
      .json()
      .map((v: { name: string; value: unknown }) => [v.name, v.value]),
  );

describe('variables-async of a process instance', () => {
  it('POST answers 201 without a body, and the variables appear only once the job ran', async () => {
    const response = await h.request(
      'POST',
      `/process-api/runtime/process-instances/${instanceId}/variables-async`,
      {
        body: [
          { name: 'stringVariable', value: 'simple string value', type: 'string' },
          { name: 'longVariable', value: 4567890, type: 'long' },
          { name: 'dateVariable', value: '2026-03-04T05:06:07.000Z', type: 'date' },
        ],
      },
    );
    expect(response.statusCode).toBe(201);
    expect(response.body).toBe('');
    expect(await instanceVariables()).toEqual({ myVar: 'processValue' });
    await runTheJob();
    expect(await instanceVariables()).toEqual({
      myVar: 'processValue',
      stringVariable: 'simple string value',
      longVariable: 4567890,
      dateVariable: '2026-03-04T05:06:07.000Z',
    });
    const long = (
      await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables/longVariable`)
    ).json();
    expect(long.type).toBe('long');
  });

  it('checks the request at once: 409 for an existing name, 400 for a bad value, no job either way', async () => {
    const url = `/process-api/runtime/process-instances/${instanceId}/variables-async`;
    expect((await h.request('POST', url, { body: [{ name: 'myVar', value: 'x' }] })).statusCode).toBe(409);
    const bad = await h.request('POST', url, { body: [{ name: 'n', type: 'integer', value: 'many' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain("'n'");
    expect(await jobsOfInstance()).toEqual([]);
  });

  it('PUT of the collection overwrites (201); PUT by name answers 204 and refuses a missing name (404)', async () => {
    const url = `/process-api/runtime/process-instances/${instanceId}/variables-async`;
    expect((await h.request('PUT', url, { body: [{ name: 'myVar', value: 'changed' }] })).statusCode).toBe(
      201,
    );
    await runTheJob();
    expect(await instanceVariables()).toEqual({ myVar: 'changed' });
    const one = await h.request('PUT', `${url}/myVar`, { body: { name: 'myVar', value: 'again' } });
    expect(one.statusCode).toBe(204);
    expect(await instanceVariables()).toEqual({ myVar: 'changed' });
    await runTheJob();
    expect(await instanceVariables()).toEqual({ myVar: 'again' });
    expect((await h.request('PUT', `${url}/other`, { body: { name: 'other', value: 1 } })).statusCode).toBe(
      404,
    );
    expect((await h.request('PUT', `${url}/myVar`, { body: { name: 'other', value: 1 } })).statusCode).toBe(
      400,
    );
  });

  it('takes a binary upload, stored when the job runs', async () => {
    const boundary = '----weirasync';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nblob\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="value"; filename="b.bin"\r\n\r\nbinary content\r\n` +
        `--${boundary}--\r\n`,
    );
    const response = await h.app.inject({
      method: 'POST',
      url: `/process-api/runtime/process-instances/${instanceId}/variables-async`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: basic('admin') },
    });
    expect(response.statusCode).toBe(201);
    const url = `/process-api/runtime/process-instances/${instanceId}/variables/blob/data`;
    expect((await h.request('GET', url)).statusCode).toBe(404);
    await runTheJob();
    expect((await h.request('GET', url)).body).toBe('binary content');
  });
});

describe('variables-async of an execution', () => {
  it('POST and PUT answer 204; local stays on the execution, global goes to what the parent sees', async () => {
    const url = `/process-api/runtime/executions/${executionId}/variables-async`;
    const post = await h.request('POST', url, { body: [{ name: 'myVar', value: 'childValue' }] });
    expect(post.statusCode).toBe(204);
    expect(await executionLocal()).toEqual({});
    await runTheJob();
    expect(await executionLocal()).toEqual({ myVar: 'childValue' });

    const local = await h.request('PUT', `${url}/myVar`, { body: { name: 'myVar', value: 'updatedValue' } });
    expect(local.statusCode).toBe(204);
    await runTheJob();
    expect(await executionLocal()).toEqual({ myVar: 'updatedValue' });
    expect(await instanceVariables()).toEqual({ myVar: 'processValue' });

    const global = await h.request('PUT', `${url}/myVar`, {
      body: { name: 'myVar', value: 'updatedValueGlobal', scope: 'global' },
    });
    expect(global.statusCode).toBe(204);
    await runTheJob();
    expect(await instanceVariables()).toEqual({ myVar: 'updatedValueGlobal' });
    expect(await executionLocal()).toEqual({ myVar: 'updatedValue' });

    expect(
      (
        await h.request('PUT', url, {
          body: [
            { name: 'a', value: 1 },
            { name: 'b', value: 2 },
          ],
        })
      ).statusCode,
    ).toBe(204);
    await runTheJob();
    expect(await executionLocal()).toEqual({ myVar: 'updatedValue', a: 1, b: 2 });
  });

  it('a pending job ends with its instance and writes nothing', async () => {
    await h.request('POST', `/process-api/runtime/executions/${executionId}/variables-async`, {
      body: [{ name: 'late', value: 1 }],
    });
    const [job] = await jobsOfInstance();
    const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json()
      .data[0];
    expect(
      (await h.request('POST', `/process-api/runtime/tasks/${task.id}`, { body: { action: 'complete' } }))
        .statusCode,
    ).toBe(200);
    const run = await h.request('POST', `/process-api/management/jobs/${job.id}`, {
      body: { action: 'execute' },
    });
    // the instance ended and took its jobs along: nothing is left to run
    expect(run.statusCode).toBe(404);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&variableName=late`,
    );
    expect(history.json().total).toBe(0);
  });

  it('404 for an unknown execution or one the user may not see; 401 without credentials', async () => {
    const url = `/process-api/runtime/executions/${executionId}/variables-async`;
    const body = [{ name: 'a', value: 1 }];
    expect(
      (await h.request('POST', '/process-api/runtime/executions/nope/variables-async', { body })).statusCode,
    ).toBe(404);
    expect((await h.request('POST', url, { body, as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('POST', url, { body, as: null })).statusCode).toBe(401);
    expect(await jobsOfInstance()).toEqual([]);
  });
});
