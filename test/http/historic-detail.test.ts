import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let instanceId: string;
let otherId: string;
let taskId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  instanceId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [
        { name: 'amount', value: 10 },
        { name: 'customer', value: 'Azerty' },
      ],
    })
  ).id;
  otherId = (
    await startInstance(h, { processDefinitionKey: 'httpOneTask', variables: [{ name: 'amount', value: 1 }] })
  ).id;
  const put = await h.request(
    'PUT',
    `/process-api/runtime/process-instances/${instanceId}/variables/amount`,
    {
      body: { name: 'amount', value: 20 },
    },
  );
  if (put.statusCode !== 200) throw new Error(`update failed: ${put.body}`);
  taskId = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`)).json()
    .data[0].id;
  const local = await h.request('POST', `/process-api/runtime/tasks/${taskId}/variables`, {
    body: [{ name: 'note', value: 'checked', scope: 'local' }],
  });
  if (local.statusCode !== 201) throw new Error(`task variable failed: ${local.body}`);
});
afterAll(() => h.close());

type Detail = { revision: number; variable: { name: string; value: unknown } };
const values = (r: { json(): { data: Detail[] } }) =>
  r.json().data.map((d) => [d.variable.name, d.variable.value]);

describe('historic detail', () => {
  it('lists every change of an instance variable, in Flowable shape', async () => {
    const list = await h.request(
      'GET',
      `/process-api/history/historic-detail?processInstanceId=${instanceId}&sort=time`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 4, start: 0, sort: 'time', order: 'asc', size: 4 });
    expect(values(list)).toEqual([
      ['amount', 10],
      ['customer', 'Azerty'],
      ['amount', 20],
      ['note', 'checked'],
    ]);
    const first = list.json().data[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        'id',
        'processInstanceId',
        'processInstanceUrl',
        'executionId',
        'activityInstanceId',
        'taskId',
        'taskUrl',
        'time',
        'detailType',
        'revision',
        'variable',
        'propertyId',
        'propertyValue',
      ].sort(),
    );
    expect(first).toMatchObject({
      processInstanceId: instanceId,
      processInstanceUrl: expect.stringContaining(
        `/process-api/history/historic-process-instances/${instanceId}`,
      ),
      detailType: 'variableUpdate',
      taskId: null,
      variable: { name: 'amount', type: 'integer', value: 10 },
    });
    const amounts = list.json().data.filter((d: Detail) => d.variable.name === 'amount');
    expect(amounts[1].revision).toBeGreaterThan(amounts[0].revision);
    const byId = await h.request('GET', `/process-api/history/historic-detail?id=${first.id}`);
    expect(byId.json().data).toEqual([first]);
  });

  it('filters by task and by kind, and answers the same through POST query/historic-detail', async () => {
    const ofTask = await h.request('POST', '/process-api/query/historic-detail', { body: { taskId } });
    expect(ofTask.statusCode).toBe(200);
    expect(values(ofTask)).toEqual([['note', 'checked']]);
    expect(ofTask.json().data[0].taskUrl).toContain(`/process-api/history/historic-task-instances/${taskId}`);
    const viaGet = await h.request(
      'GET',
      `/process-api/history/historic-detail?processInstanceId=${otherId}`,
    );
    const viaPost = await h.request('POST', '/process-api/query/historic-detail', {
      body: { processInstanceId: otherId, selectOnlyVariableUpdates: true },
    });
    expect(viaPost.json()).toEqual(viaGet.json());
    expect(values(viaPost)).toEqual([['amount', 1]]);
    // Weir keeps no form properties
    const forms = await h.request('POST', '/process-api/query/historic-detail', {
      body: { selectOnlyFormProperties: true },
    });
    expect(forms.json()).toMatchObject({ total: 0, data: [] });
  });

  it('pages and sorts, and refuses an unknown sort or field', async () => {
    const sorted = await h.request('POST', '/process-api/query/historic-detail?start=1&size=2', {
      body: { processInstanceId: instanceId, sort: 'name', order: 'desc' },
    });
    expect(sorted.json()).toMatchObject({ total: 4, start: 1, size: 2, sort: 'name', order: 'desc' });
    expect(values(sorted).map(([name]) => name)).toEqual(['customer', 'amount']);
    expect((await h.request('GET', '/process-api/history/historic-detail?sort=colour')).statusCode).toBe(400);
    const unknown = await h.request('POST', '/process-api/query/historic-detail', {
      body: { colour: 'red' },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('shows an uninvolved user nothing', async () => {
    const asKermit = await h.request('GET', '/process-api/history/historic-detail', { as: 'kermit' });
    expect(asKermit.json()).toMatchObject({ total: 0, data: [] });
    // fozzie is a candidate (group sales) of both instances' tasks
    const asFozzie = await h.request('POST', '/process-api/query/historic-detail', {
      as: 'fozzie',
      body: {},
    });
    expect(asFozzie.json().total).toBe(5);
    const asGonzo = await h.request('GET', '/process-api/history/historic-detail', { as: 'gonzo' });
    expect(asGonzo.statusCode).toBe(403);
  });
});
