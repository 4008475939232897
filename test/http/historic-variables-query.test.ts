import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let smallId: string;
let bigId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  const start = async (amount: number) =>
    (
      await startInstance(h, {
        processDefinitionKey: 'httpOneTask',
        variables: [
          { name: 'amount', value: amount },
          { name: 'customer', value: `c${amount}` },
        ],
      })
    ).id;
  smallId = await start(10);
  bigId = await start(500);
});
afterAll(() => h.close());

const url = '/process-api/query/historic-variable-instances';
const query = (body: Record<string, unknown>, as: 'admin' | 'kermit' | 'fozzie' = 'admin', qs = '') =>
  h.request('POST', `${url}${qs}`, { as, body });
const names = (r: { json(): { data: { variable: { name: string } }[] } }) =>
  r.json().data.map((v) => v.variable.name);

describe('POST query/historic-variable-instances', () => {
  it('takes the GET filters in a body, answering in Flowable shape', async () => {
    const byInstance = await query({ processInstanceId: smallId });
    expect(byInstance.statusCode).toBe(200);
    expect(byInstance.json()).toMatchObject({
      total: 2,
      start: 0,
      sort: 'variableName',
      order: 'asc',
      size: 2,
    });
    expect(names(byInstance)).toEqual(['amount', 'customer']);
    const amount = byInstance.json().data[0];
    expect(Object.keys(amount).sort()).toEqual(
      ['id', 'processInstanceId', 'processInstanceUrl', 'taskId', 'executionId', 'variable'].sort(),
    );
    expect(amount).toMatchObject({
      processInstanceId: smallId,
      processInstanceUrl: expect.stringContaining(
        `/process-api/history/historic-process-instances/${smallId}`,
      ),
      taskId: null,
      variable: { name: 'amount', type: 'integer', value: 10, scope: 'global' },
    });
    const viaGet = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?variableName=amount`,
    );
    const viaPost = await query({ variableName: 'amount' });
    expect(viaPost.json()).toEqual(viaGet.json());
    expect((await query({ variableNameLike: 'cust%' })).json().total).toBe(2);
  });

  it('filters on the variables themselves by value', async () => {
    const big = await query({ variables: [{ name: 'amount', value: 100, operation: 'greaterThan' }] });
    expect(big.json().data.map((v: { processInstanceId: string }) => v.processInstanceId)).toEqual([bigId]);
    expect(names(big)).toEqual(['amount']);
    const like = await query({ variables: [{ name: 'customer', value: 'c1%', operation: 'like' }] });
    expect(like.json().data.map((v: { processInstanceId: string }) => v.processInstanceId)).toEqual([
      smallId,
    ]);
  });

  it('pages and sorts from body or URL, and refuses an unknown sort or field', async () => {
    const all = await query({ sort: 'processInstanceId', order: 'desc' });
    expect(all.json().total).toBe(4);
    const page = await query({ sort: 'processInstanceId', order: 'desc' }, 'admin', '?start=3&size=5');
    expect(page.json()).toMatchObject({ total: 4, start: 3, size: 1 });
    expect(page.json().data[0]).toEqual(all.json().data[3]);
    expect((await query({ sort: 'colour' })).statusCode).toBe(400);
    expect((await query({ colour: 'red' })).statusCode).toBe(400);
  });

  it('shows an uninvolved user nothing', async () => {
    expect((await query({}, 'kermit')).json()).toMatchObject({ total: 0, data: [] });
    // fozzie is a candidate (group sales) of both instances' tasks
    expect((await query({}, 'fozzie')).json().total).toBe(4);
    expect((await h.request('POST', url, { as: 'gonzo', body: {} })).statusCode).toBe(403);
  });
});
