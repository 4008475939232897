import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

let instanceId: string;
let executionId: string;
let vars: string;
beforeEach(async () => {
  instanceId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'shared', value: 'from the instance' }],
    })
  ).id;
  const list = await h.request(
    'GET',
    `/process-api/runtime/executions?processInstanceId=${instanceId}&activityId=approve`,
  );
  executionId = list.json().data[0].id;
  vars = `/process-api/runtime/executions/${executionId}/variables`;
});

const instanceVariables = async () =>
  (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}/variables`)).json() as Array<{
    name: string;
    value: unknown;
  }>;

describe('execution variables: the collection', () => {
  it('creates local variables in one request and answers them in Flowable shape', async () => {
    const created = await h.request('POST', vars, {
      body: [
        { name: 'amount', type: 'long', value: 12 },
        { name: 'note', value: 'hello' },
        { name: 'due', type: 'date', value: '2026-01-02T03:04:05.000Z' },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual([
      { name: 'amount', type: 'long', value: 12, valueUrl: null, scope: 'local' },
      { name: 'note', type: 'string', value: 'hello', valueUrl: null, scope: 'local' },
      { name: 'due', type: 'date', value: '2026-01-02T03:04:05.000Z', valueUrl: null, scope: 'local' },
    ]);
    const local = await h.request('GET', `${vars}?scope=local`);
    expect(
      local
        .json()
        .map((v: { name: string }) => v.name)
        .sort(),
    ).toEqual(['amount', 'due', 'note']);
    // local stays on the execution: the instance does not see it
    expect((await instanceVariables()).map((v) => v.name)).toEqual(['shared']);
  });

  it('refuses to create a variable that exists (409) and creates nothing of that request', async () => {
    await h.request('POST', vars, { body: [{ name: 'a', value: 1 }] });
    const again = await h.request('POST', vars, {
      body: [
        { name: 'b', value: 2 },
        { name: 'a', value: 3 },
      ],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().exception).toContain("Variable 'a' is already present on execution");
    const local = (await h.request('GET', `${vars}?scope=local`)).json();
    expect(local).toEqual([{ name: 'a', type: 'integer', value: 1, valueUrl: null, scope: 'local' }]);
  });

  it('PUT creates or updates', async () => {
    await h.request('POST', vars, { body: [{ name: 'a', value: 1 }] });
    const put = await h.request('PUT', vars, {
      body: [
        { name: 'a', value: 5 },
        { name: 'b', value: true },
      ],
    });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toEqual([
      { name: 'a', type: 'integer', value: 5, valueUrl: null, scope: 'local' },
      { name: 'b', type: 'boolean', value: true, valueUrl: null, scope: 'local' },
    ]);
  });

  it('scope global writes what the parent sees: here the process instance', async () => {
    const put = await h.request('PUT', vars, {
      body: [
        { name: 'shared', value: 'updated', scope: 'global' },
        { name: 'fresh', value: 7, scope: 'global' },
      ],
    });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toEqual([
      { name: 'shared', type: 'string', value: 'updated', valueUrl: null, scope: 'global' },
      { name: 'fresh', type: 'integer', value: 7, valueUrl: null, scope: 'global' },
    ]);
    expect(await instanceVariables()).toMatchObject([
      { name: 'fresh', value: 7 },
      { name: 'shared', value: 'updated' },
    ]);
    expect((await h.request('GET', `${vars}?scope=local`)).json()).toEqual([]);
    const conflict = await h.request('POST', vars, { body: [{ name: 'fresh', value: 1, scope: 'global' }] });
    expect(conflict.statusCode).toBe(409);
  });

  it('refuses mixed scopes, an empty list, a bad value and global on a process instance, naming the problem', async () => {
    const mixed = await h.request('POST', vars, {
      body: [
        { name: 'a', value: 1, scope: 'local' },
        { name: 'b', value: 1, scope: 'global' },
      ],
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().exception).toContain('same scope');
    const empty = await h.request('POST', vars, { body: [] });
    expect(empty.statusCode).toBe(400);
    const bad = await h.request('POST', vars, { body: [{ name: 'n', type: 'integer', value: 'twelve' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain("'n'");
    const unknownType = await h.request('POST', vars, { body: [{ name: 'n', type: 'money', value: 1 }] });
    expect(unknownType.statusCode).toBe(400);
    const onInstance = await h.request('POST', `/process-api/runtime/executions/${instanceId}/variables`, {
      body: [{ name: 'x', value: 1, scope: 'global' }],
    });
    expect(onInstance.statusCode).toBe(400);
    expect(onInstance.json().exception).toContain('process instance');
    const unknownField = await h.request('POST', vars, { body: [{ name: 'x', value: 1, colour: 'red' }] });
    expect(unknownField.statusCode).toBe(400);
    const charset = await h.request('POST', vars, {
      body: JSON.stringify([{ name: 'x', value: 1, colour: 'red' }]),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.statusCode).toBe(400);
    const text = await h.request('POST', vars, {
      body: '[{"name": "x", "value": 1}]',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(400);
    const xml = await h.request('POST', vars, {
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.statusCode).toBe(415);
    expect((await h.request('GET', `${vars}?scope=local`)).json()).toEqual([]);
  });

  it('DELETE removes all local variables and leaves the instance its own', async () => {
    await h.request('POST', vars, {
      body: [
        { name: 'a', value: 1 },
        { name: 'b', value: 2 },
      ],
    });
    const deleted = await h.request('DELETE', vars);
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `${vars}?scope=local`)).json()).toEqual([]);
    expect((await instanceVariables()).map((v) => v.name)).toEqual(['shared']);
    // history records the removal
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?executionId=${executionId}`,
    );
    expect(history.json().total).toBe(0);
  });
});

describe('execution variables: one by name', () => {
  it('GET answers the local one first, then what the parent sees; scope narrows it', async () => {
    await h.request('POST', vars, { body: [{ name: 'shared', value: 'mine' }] });
    const any = await h.request('GET', `${vars}/shared`);
    expect(any.statusCode).toBe(200);
    expect(any.json()).toEqual({
      name: 'shared',
      type: 'string',
      value: 'mine',
      valueUrl: null,
      scope: 'local',
    });
    const global = await h.request('GET', `${vars}/shared?scope=global`);
    expect(global.json()).toMatchObject({ value: 'from the instance', scope: 'global' });
    const missing = await h.request('GET', `${vars}/nothing`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toContain("does not have a variable with name: 'nothing'");
    const onlyGlobal = await h.request('GET', `${vars}/shared?scope=local`);
    expect(onlyGlobal.statusCode).toBe(200);
    const badScope = await h.request('GET', `${vars}/shared?scope=everywhere`);
    expect(badScope.statusCode).toBe(400);
  });

  it('PUT updates an existing variable and refuses a missing one (404) or another name (400)', async () => {
    await h.request('POST', vars, { body: [{ name: 'a', value: 1 }] });
    const put = await h.request('PUT', `${vars}/a`, { body: { name: 'a', value: 'changed' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      name: 'a',
      type: 'string',
      value: 'changed',
      valueUrl: null,
      scope: 'local',
    });
    const global = await h.request('PUT', `${vars}/shared`, {
      body: { name: 'shared', value: 'via execution', scope: 'global' },
    });
    expect(global.json()).toMatchObject({ value: 'via execution', scope: 'global' });
    expect(await instanceVariables()).toMatchObject([{ name: 'shared', value: 'via execution' }]);
    expect((await h.request('PUT', `${vars}/nope`, { body: { name: 'nope', value: 1 } })).statusCode).toBe(
      404,
    );
    const mismatch = await h.request('PUT', `${vars}/a`, { body: { name: 'b', value: 1 } });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().exception).toContain('name used in the requested URL');
  });

  it('DELETE removes in the given scope (local by default)', async () => {
    await h.request('POST', vars, { body: [{ name: 'shared', value: 'mine' }] });
    expect((await h.request('DELETE', `${vars}/shared`)).statusCode).toBe(204);
    expect((await h.request('GET', `${vars}/shared`)).json()).toMatchObject({ scope: 'global' });
    expect((await h.request('DELETE', `${vars}/shared`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${vars}/shared?scope=global`)).statusCode).toBe(204);
    expect(await instanceVariables()).toEqual([]);
  });

  it('data: a variable without bytes has no byte stream (404)', async () => {
    await h.request('POST', vars, { body: [{ name: 'a', value: 1 }] });
    const data = await h.request('GET', `${vars}/a/data`);
    expect(data.statusCode).toBe(404);
    expect(data.json().exception).toBe('The variable does not have a binary data stream.');
  });
});

describe('execution variables: who may', () => {
  it('401 without credentials, 403 without the REST privilege, 404 for a user without a part', async () => {
    expect((await h.request('POST', vars, { as: null, body: [{ name: 'a', value: 1 }] })).statusCode).toBe(
      401,
    );
    expect((await h.request('POST', vars, { as: 'gonzo', body: [{ name: 'a', value: 1 }] })).statusCode).toBe(
      403,
    );
    for (const [method, url, body] of [
      ['POST', vars, [{ name: 'a', value: 1 }]],
      ['PUT', `${vars}/shared`, { name: 'shared', value: 1, scope: 'global' }],
      ['GET', `${vars}/shared`, undefined],
      ['DELETE', vars, undefined],
    ] as const) {
      const response = await h.request(method, url, { as: 'kermit', body });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.body).not.toContain(instanceId);
    }
    // fozzie is a candidate of the instance's task: may
    expect(
      (await h.request('POST', vars, { as: 'fozzie', body: [{ name: 'a', value: 1 }] })).statusCode,
    ).toBe(201);
    expect(await instanceVariables()).toMatchObject([{ name: 'shared', value: 'from the instance' }]);
  });

  it('404 for an unknown execution', async () => {
    const response = await h.request('POST', '/process-api/runtime/executions/nope/variables', {
      body: [{ name: 'a', value: 1 }],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().exception).toBe("Could not find an execution with id 'nope'.");
  });
});
