/**
 * Limits on what one instance may hold: variables per scope (`weir.variables.max-per-scope`)
 * and the size of the instance's document (`weir.variables.max-instance-size`). Past either,
 * the REST caller gets a clear 400 or 413 and nothing is written.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultEngineConfig } from '../../src/engine/services.ts';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness({ maxBodySize: 4 * 1024 * 1024 });
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

/** The harness builds its engine with the defaults; a test lowers a limit on that engine. */
const setLimits = (limits: Partial<typeof defaultEngineConfig>) =>
  Object.assign(h.engine.services.config, limits);
afterEach(() =>
  setLimits({
    maxVariablesPerScope: defaultEngineConfig.maxVariablesPerScope,
    maxInstanceSize: defaultEngineConfig.maxInstanceSize,
  }),
);

const instances = '/process-api/runtime/process-instances';
const many = (count: number, prefix = 'v') =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, type: 'integer', value: i }));
const countOf = async (key: string) =>
  (await h.request('GET', `${instances}?processDefinitionKey=${key}&size=1`)).json().total as number;

describe('variables per scope', () => {
  it('takes 1,000 variables on an instance by default and refuses the 1,001st with a 400 naming the scope', async () => {
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask', variables: many(1000) });
    const refused = await h.request('POST', `${instances}/${id}/variables`, {
      body: [{ name: 'oneMore', type: 'string', value: 'x' }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toBe(
      `Variable 'oneMore' cannot be added: process instance '${id}' already has 1000 variables, the limit (weir.variables.max-per-scope)`,
    );
    const listed = (await h.request('GET', `${instances}/${id}/variables`)).json() as { name: string }[];
    expect(listed).toHaveLength(1000);
    expect(listed.some((v) => v.name === 'oneMore')).toBe(false);
    // Updating one that exists is no new variable.
    const updated = await h.request('PUT', `${instances}/${id}/variables/v7`, {
      body: { name: 'v7', type: 'integer', value: 70 },
    });
    expect(updated.statusCode).toBe(200);
  });

  it('refuses to start an instance with too many variables, leaving no instance behind', async () => {
    const before = await countOf('httpOneTask');
    const refused = await h.request('POST', instances, {
      body: { processDefinitionKey: 'httpOneTask', variables: many(1001) },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toContain('already has 1000 variables');
    expect(await countOf('httpOneTask')).toBe(before);
  });

  it('counts a task’s local variables separately and names the task', async () => {
    setLimits({ maxVariablesPerScope: 5 });
    const { id } = await startInstance(h, { processDefinitionKey: 'httpOneTask', variables: many(5, 'p') });
    const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${id}`)).json()
      .data[0];
    const path = `/process-api/runtime/tasks/${task.id}/variables`;
    const refused = await h.request('POST', path, {
      body: many(6, 't').map((v) => ({ ...v, scope: 'local' })),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toBe(
      `Variable 't5' cannot be added: task '${task.id}' already has 5 variables, the limit (weir.variables.max-per-scope)`,
    );
    expect((await h.request('GET', `${path}?scope=local`)).json()).toEqual([]);
    const five = await h.request('POST', path, { body: many(5, 't').map((v) => ({ ...v, scope: 'local' })) });
    expect(five.statusCode).toBe(201);
  });
});

describe('instance document size', () => {
  const text = (kib: number) => 'x'.repeat(kib * 1024);

  it('refuses a write that makes the instance larger than the limit with a 413, and keeps what was there', async () => {
    setLimits({ maxInstanceSize: 256 * 1024 });
    const { id } = await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'first', type: 'string', value: text(150) }],
    });
    const refused = await h.request('POST', `${instances}/${id}/variables`, {
      body: [{ name: 'second', type: 'string', value: text(150) }],
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().exception).toMatch(
      new RegExp(
        `^Process instance '${id}' would hold \\d+ bytes of state, more than the limit of 262144 bytes \\(weir.variables.max-instance-size\\)$`,
      ),
    );
    const listed = (await h.request('GET', `${instances}/${id}/variables`)).json() as { name: string }[];
    expect(listed.map((v) => v.name)).toEqual(['first']);
    const smaller = await h.request('POST', `${instances}/${id}/variables`, {
      body: [{ name: 'second', type: 'string', value: text(50) }],
    });
    expect(smaller.statusCode).toBe(201);
  });

  it('refuses to start an instance whose variables are too large together, leaving no instance', async () => {
    setLimits({ maxInstanceSize: 256 * 1024 });
    const before = await countOf('httpOneTask');
    const refused = await h.request('POST', instances, {
      body: {
        processDefinitionKey: 'httpOneTask',
        variables: [0, 1, 2].map((i) => ({ name: `part${i}`, type: 'string', value: text(100) })),
      },
    });
    expect(refused.statusCode).toBe(413);
    expect(await countOf('httpOneTask')).toBe(before);
  });
});
