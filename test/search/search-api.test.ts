import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;

const claim = (variables: { name: string; type?: string; value: unknown }[], businessKey?: string) =>
  startInstance(h, { processDefinitionKey: 'insuranceClaim', businessKey, variables });

const query = async (
  path: string,
  body: Record<string, unknown>,
  as: 'admin' | 'kermit' | 'fozzie' = 'admin',
) => {
  const response = await h.request('POST', `/search-api/query/${path}`, { as, body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Record<string, unknown>[]; total: number; size: number; start: number };
};

const taskOf = async (processInstanceId: string) =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${processInstanceId}`)).json()
    .data[0] as {
    id: string;
  };

let glass: string;
let roof: string;
let flood: string;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['search-claims.bpmn20.xml']);
  glass = (
    await claim(
      [
        { name: 'amount', type: 'integer', value: 700 },
        { name: 'incidentDate', type: 'date', value: '2026-03-01T10:00:00.000Z' },
        { name: 'urgent', type: 'boolean', value: true },
        { name: 'insurer', type: 'string', value: 'Northwind Mutual' },
        { name: 'score', type: 'double', value: 0.25 },
      ],
      'CLAIM-GLASS-1',
    )
  ).id;
  roof = (
    await claim(
      [
        { name: 'amount', type: 'integer', value: 12000 },
        { name: 'incidentDate', type: 'date', value: '2026-05-20T08:00:00.000Z' },
        { name: 'urgent', type: 'boolean', value: false },
        { name: 'insurer', type: 'string', value: 'Contoso Assurance' },
        { name: 'score', type: 'double', value: 0.75 },
      ],
      'CLAIM-ROOF-2',
    )
  ).id;
  flood = (await claim([{ name: 'amount', type: 'long', value: 50000 }], 'CLAIM-FLOOD-3')).id;
});
afterAll(() => h.close());

const ids = (page: { data: Record<string, unknown>[] }) => page.data.map((d) => d.id).sort();

describe('full text', () => {
  it('finds instances by business key, variable text and name, and tasks by description', async () => {
    expect(ids(await query('process-instances', { text: 'CLAIM-ROOF-2' }))).toEqual([roof]);
    expect(ids(await query('process-instances', { text: 'northwind' }))).toEqual([glass]);
    expect(ids(await query('process-instances', { text: 'northwind contoso' }))).toEqual([]);
    expect(ids(await query('process-instances', { text: 'northwind OR contoso' }))).toEqual(
      [glass, roof].sort(),
    );
    const tasks = await query('tasks', { text: 'windscreen photographs' });
    expect(tasks.total).toBe(3);
    expect(tasks.data[0]).toMatchObject({
      name: 'Assess the damage',
      processDefinitionKey: 'insuranceClaim',
    });
  });

  it('a task comment is searchable as soon as it is added', async () => {
    const task = await taskOf(flood);
    expect((await query('tasks', { text: 'sandbags' })).total).toBe(0);
    const added = await h.request('POST', `/process-api/runtime/tasks/${task.id}/comments`, {
      body: { message: 'The basement needs sandbags' },
    });
    expect(added.statusCode).toBe(201);
    expect(ids(await query('tasks', { text: 'sandbags' }))).toEqual([task.id]);
  });

  it('a task is found by the business key of its instance', async () => {
    const task = await taskOf(glass);
    expect(ids(await query('tasks', { text: 'CLAIM-GLASS-1' }))).toEqual([task.id]);
  });
});
