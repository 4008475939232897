/**
 * Variables named like members of Object.prototype (`constructor`, `toString`, `__proto__`,
 * ...) are ordinary variables: through the REST API each one round-trips with its value and
 * type, and none appears on an instance that does not have it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'])];

/** A value per name that differs from every other, so a mix-up shows. */
const valueOf = (name: string, round = 0) => `${name}-value-${round}`;

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const instances = '/process-api/runtime/process-instances';
const variablesOf = (id: string) => `${instances}/${id}/variables`;
const one = (id: string, name: string) => `${variablesOf(id)}/${encodeURIComponent(name)}`;

const asMap = (list: { name: string; type: string; value: unknown }[]) =>
  new Map(list.map((v) => [v.name, { type: v.type, value: v.value }]));

describe('variables named like Object.prototype members', () => {
  it('covers every Object.prototype member', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'hasOwnProperty', '__proto__']));
    expect(NAMES.length).toBeGreaterThanOrEqual(13);
  });

  it('none exists on a fresh instance: each reads as 404, the list is empty', async () => {
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    expect((await h.request('GET', variablesOf(id))).json()).toEqual([]);
    for (const name of NAMES) {
      const answer = await h.request('GET', one(id, name));
      expect({ name, status: answer.statusCode }).toEqual({ name, status: 404 });
    }
  });

  it('each round-trips through start, list, read, update and delete', async () => {
    const { id } = await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: NAMES.map((name) => ({ name, type: 'string', value: valueOf(name) })),
    });
    const listed = await h.request('GET', variablesOf(id));
    expect(listed.statusCode).toBe(200);
    const byName = asMap(listed.json());
    expect([...byName.keys()].sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      expect(byName.get(name)).toEqual({ type: 'string', value: valueOf(name) });
      const read = await h.request('GET', one(id, name));
      expect({ name, status: read.statusCode }).toEqual({ name, status: 200 });
      expect(read.json()).toMatchObject({ name, type: 'string', value: valueOf(name) });
    }

    for (const name of NAMES) {
      const updated = await h.request('PUT', one(id, name), {
        body: { name, type: 'integer', value: name.length },
      });
      expect({ name, status: updated.statusCode }).toEqual({ name, status: 200 });
    }
    const afterUpdate = asMap((await h.request('GET', variablesOf(id))).json());
    for (const name of NAMES) expect(afterUpdate.get(name)).toEqual({ type: 'integer', value: name.length });

    for (const name of NAMES) {
      const deleted = await h.request('DELETE', one(id, name));
      expect({ name, status: deleted.statusCode }).toEqual({ name, status: 204 });
      expect((await h.request('GET', one(id, name))).statusCode).toBe(404);
    }
    expect((await h.request('GET', variablesOf(id))).json()).toEqual([]);
  });

  it('each can be created one at a time, and a JSON value keeps such keys', async () => {
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    // The JSON body parser refuses any "__proto__" key (400), so that name is a key only here.
    const jsonValue = (name: string) =>
      name === '__proto__' ? { nested: [name] } : { [name]: valueOf(name, 1), nested: [name] };
    for (const name of NAMES) {
      const created = await h.request('POST', variablesOf(id), {
        body: [{ name, type: 'json', value: jsonValue(name) }],
      });
      expect({ name, status: created.statusCode }).toEqual({ name, status: 201 });
    }
    for (const name of NAMES) {
      const read = (await h.request('GET', one(id, name))).json();
      expect(read).toMatchObject({ name, type: 'json' });
      // jsonb orders keys its own way: compare the entries, not their order.
      expect(Object.entries(read.value as object).sort()).toEqual(Object.entries(jsonValue(name)).sort());
    }
    const again = await h.request('POST', variablesOf(id), {
      body: [{ name: 'constructor', type: 'string', value: 'twice' }],
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a JSON value with a "__proto__" key with a 400 and writes nothing', async () => {
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    const refused = await h.app.inject({
      method: 'POST',
      url: variablesOf(id),
      headers: { authorization: basic('admin'), 'content-type': 'application/json' },
      payload: '[{"name":"polluted","type":"json","value":{"__proto__":{"admin":true}}}]',
    });
    expect(refused.statusCode).toBe(400);
    expect((await h.request('GET', variablesOf(id))).json()).toEqual([]);
  });

  it('each survives completing a task with it, and history shows it', async () => {
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    const tasks = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${id}`)).json();
    const taskVariables = `/process-api/runtime/tasks/${tasks.data[0].id}/variables`;
    expect((await h.request('GET', `${taskVariables}/constructor`)).statusCode).toBe(404);
    const local = await h.request('POST', taskVariables, {
      body: NAMES.map((name) => ({ name, type: 'string', value: valueOf(name, 3), scope: 'local' })),
    });
    expect(local.statusCode).toBe(201);
    const taskList = asMap((await h.request('GET', `${taskVariables}?scope=local`)).json());
    for (const name of NAMES) {
      expect(taskList.get(name)).toEqual({ type: 'string', value: valueOf(name, 3) });
      const read = await h.request('GET', `${taskVariables}/${encodeURIComponent(name)}`);
      expect(read.json()).toMatchObject({ name, value: valueOf(name, 3), scope: 'local' });
    }
    const completed = await h.request('POST', `/process-api/runtime/tasks/${tasks.data[0].id}`, {
      body: {
        action: 'complete',
        variables: NAMES.map((name) => ({ name, type: 'string', value: valueOf(name, 2) })),
      },
    });
    expect(completed.statusCode).toBe(200);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${id}&size=1000`,
    );
    expect(history.statusCode).toBe(200);
    const rows = history.json().data as {
      taskId: string | null;
      variable: { name: string; type: string; value: unknown };
    }[];
    const byName = asMap(rows.filter((row) => !row.taskId).map((row) => row.variable));
    expect([...byName.keys()].sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) expect(byName.get(name)).toEqual({ type: 'string', value: valueOf(name, 2) });
    const taskLocal = asMap(rows.filter((row) => row.taskId).map((row) => row.variable));
    for (const name of NAMES)
      expect(taskLocal.get(name)).toEqual({ type: 'string', value: valueOf(name, 3) });
  });
});
