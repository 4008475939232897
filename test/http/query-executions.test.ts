import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let redId: string;
let blueId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  redId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      businessKey: 'red',
      variables: [{ name: 'amount', value: 10 }],
    })
  ).id;
  blueId = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      businessKey: 'blue',
      variables: [{ name: 'amount', value: 500 }],
    })
  ).id;
});
afterAll(() => h.close());

const query = (body: Record<string, unknown>, as: 'admin' | 'kermit' | 'fozzie' = 'admin', qs = '') =>
  h.request('POST', `/process-api/query/executions${qs}`, { as, body });

describe('POST query/executions', () => {
  it('takes the GET filters in a body and answers the same list', async () => {
    const viaGet = await h.request('GET', `/process-api/runtime/executions?processInstanceId=${redId}`);
    const viaPost = await query({ processInstanceId: redId });
    expect(viaPost.statusCode).toBe(200);
    expect(viaPost.json()).toEqual(viaGet.json());
    expect(viaPost.json().total).toBeGreaterThan(0);
    expect(viaPost.json().data[0]).toMatchObject({
      processInstanceId: redId,
      processDefinitionKey: 'httpOneTask',
      processInstanceUrl: expect.stringContaining(`/process-api/runtime/process-instances/${redId}`),
    });
    const atTask = await query({ activityId: 'approve', processBusinessKey: 'blue' });
    expect(atTask.json().data.map((e: { processInstanceId: string }) => e.processInstanceId)).toEqual([
      blueId,
    ]);
  });

  it('filters on instance and execution variables', async () => {
    const big = await query({
      processInstanceVariables: [{ name: 'amount', value: 100, operation: 'greaterThan' }],
    });
    const instances = new Set(big.json().data.map((e: { processInstanceId: string }) => e.processInstanceId));
    expect([...instances]).toEqual([blueId]);
    // instance variables live on the root execution: only it matches as an execution variable
    const own = await query({ variables: [{ name: 'amount', value: 10 }] });
    expect(own.json().data.map((e: { id: string }) => e.id)).toEqual([redId]);
  });

  it('pages and sorts from body or URL, and refuses an unknown sort or field', async () => {
    const all = await query({ sort: 'processInstanceId', order: 'desc' });
    const total = all.json().total;
    expect(total).toBeGreaterThanOrEqual(2);
    const page = await query({ sort: 'processInstanceId', order: 'desc' }, 'admin', '?start=1&size=1');
    expect(page.json()).toMatchObject({ total, start: 1, size: 1, sort: 'processInstanceId', order: 'desc' });
    expect(page.json().data[0]).toEqual(all.json().data[1]);
    expect((await query({ sort: 'colour' })).statusCode).toBe(400);
    expect((await query({ colour: 'red' })).statusCode).toBe(400);
  });

  it('shows an uninvolved user nothing', async () => {
    expect((await query({}, 'kermit')).json()).toMatchObject({ total: 0, data: [] });
    // fozzie is a candidate (group sales) of both instances' tasks
    expect((await query({}, 'fozzie')).json().total).toBe((await query({})).json().total);
    const gonzo = await h.request('POST', '/process-api/query/executions', { as: 'gonzo', body: {} });
    expect(gonzo.statusCode).toBe(403);
  });
});
