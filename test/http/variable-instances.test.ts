import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let first: string;
let second: string;
let ended: string;
let taskId: string;
let executionId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  first = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [
        { name: 'amount', value: 100 },
        { name: 'customer', value: 'Acme' },
      ],
    })
  ).id;
  second = (
    await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      variables: [{ name: 'amount', value: 200 }],
    })
  ).id;
  ended = (
    await startInstance(h, { processDefinitionKey: 'httpOneTask', variables: [{ name: 'amount', value: 1 }] })
  ).id;
  const endedTask = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${ended}`)).json()
    .data[0];
  await h.request('POST', `/process-api/runtime/tasks/${endedTask.id}`, { body: { action: 'complete' } });
  const task = (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${first}`)).json()
    .data[0];
  taskId = task.id;
  executionId = task.executionId;
  await h.request('POST', `/process-api/runtime/tasks/${taskId}/variables`, {
    body: [{ name: 'comment', value: 'ok' }],
  });
  await h.request('POST', `/process-api/runtime/executions/${executionId}/variables`, {
    body: [{ name: 'step', value: 3 }],
  });
});
afterAll(() => h.close());

type Row = {
  id: string;
  processInstanceId: string;
  taskId: string | null;
  executionId: string;
  variable: { name: string; value: unknown; scope: string };
};
const names = (rows: Row[]) => rows.map((r) => `${r.variable.name}=${String(r.variable.value)}`);

describe('runtime variable instances', () => {
  it('lists the variables of running instances and open tasks in Flowable shape, sorted by name', async () => {
    const list = await h.request('GET', '/process-api/runtime/variable-instances');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ total: 5, start: 0, sort: 'variableName', order: 'asc', size: 5 });
    expect((body.data as Row[]).map((r) => r.variable.name)).toEqual([
      'amount',
      'amount',
      'comment',
      'customer',
      'step',
    ]);
    expect(names(body.data).sort()).toEqual([
      'amount=100',
      'amount=200',
      'comment=ok',
      'customer=Acme',
      'step=3',
    ]);
    const byName = Object.fromEntries(
      (body.data as Row[]).filter((r) => r.processInstanceId === first).map((r) => [r.variable.name, r]),
    );
    expect(Object.keys(byName).sort()).toEqual(['amount', 'comment', 'customer', 'step']);
    expect(byName.amount).toEqual({
      id: expect.any(String),
      processInstanceId: first,
      processInstanceUrl: expect.stringMatching(
        new RegExp(`/process-api/runtime/process-instances/${first}$`),
      ),
      taskId: null,
      executionId: first,
      variable: { name: 'amount', type: 'integer', value: 100, valueUrl: null, scope: 'global' },
    });
    expect(byName.comment).toMatchObject({ taskId, executionId, variable: { scope: 'local', value: 'ok' } });
    expect(byName.step).toMatchObject({ taskId: null, executionId, variable: { scope: 'local', value: 3 } });
    // the ended instance's variable is history, not runtime
    expect((body.data as Row[]).some((r) => r.processInstanceId === ended)).toBe(false);
  });

  it('filters as Flowable does', async () => {
    const get = async (query: string) =>
      (await h.request('GET', `/process-api/runtime/variable-instances?${query}`)).json().data as Row[];
    expect(names(await get(`processInstanceId=${first}`))).toEqual([
      'amount=100',
      'comment=ok',
      'customer=Acme',
      'step=3',
    ]);
    expect(names(await get(`processInstanceId=${first}&excludeTaskVariables=true`))).toEqual([
      'amount=100',
      'customer=Acme',
      'step=3',
    ]);
    expect(names(await get(`processInstanceId=${first}&excludeLocalVariables=true`))).toEqual([
      'amount=100',
      'customer=Acme',
    ]);
    expect(names(await get(`taskId=${taskId}`))).toEqual(['comment=ok']);
    expect(names(await get(`executionId=${executionId}&excludeTaskVariables=true`))).toEqual(['step=3']);
    expect(names(await get('variableName=amount&sort=processInstanceId'))).toHaveLength(2);
    expect(names(await get('variableNameLike=cust%25'))).toEqual(['customer=Acme']);
  });

  it('POST query takes variable conditions (equals only, with a value) and pages', async () => {
    const query = await h.request('POST', '/process-api/query/variable-instances', {
      body: { variables: [{ name: 'amount', value: 200, operation: 'equals' }] },
    });
    expect(query.statusCode).toBe(200);
    expect((query.json().data as Row[]).map((r) => r.processInstanceId)).toEqual([second]);
    const paged = await h.request('POST', '/process-api/query/variable-instances?size=2&start=1', {
      body: { processInstanceId: first, sort: 'variableName', order: 'desc' },
    });
    expect(paged.json()).toMatchObject({ total: 4, start: 1, size: 2, order: 'desc' });
    expect(names(paged.json().data)).toEqual(['customer=Acme', 'comment=ok']);
    const notEquals = await h.request('POST', '/process-api/query/variable-instances', {
      body: { variables: [{ name: 'amount', value: 200, operation: 'greaterThan' }] },
    });
    expect(notEquals.statusCode).toBe(400);
    expect(notEquals.json().exception).toContain('Unsupported variable query operation');
    const noValue = await h.request('POST', '/process-api/query/variable-instances', {
      body: { variables: [{ name: 'amount' }] },
    });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().exception).toContain('Variable value is missing');
    const unknownField = await h.request('POST', '/process-api/query/variable-instances', {
      body: { processInstanceIds: [first] },
    });
    expect(unknownField.statusCode).toBe(400);
    const badSort = await h.request('GET', '/process-api/runtime/variable-instances?sort=value');
    expect(badSort.statusCode).toBe(400);
  });

  it('shows a user only the variables of instances they may see', async () => {
    const kermit = await h.request('GET', '/process-api/runtime/variable-instances', { as: 'kermit' });
    expect(kermit.json()).toMatchObject({ total: 0, data: [] });
    const fozzie = await h.request('GET', '/process-api/runtime/variable-instances', { as: 'fozzie' });
    expect(fozzie.json().total).toBe(5);
    expect((await h.request('GET', '/process-api/runtime/variable-instances', { as: null })).statusCode).toBe(
      401,
    );
    expect(
      (await h.request('GET', '/process-api/runtime/variable-instances', { as: 'gonzo' })).statusCode,
    ).toBe(403);
  });

  it('data: the bytes of a binary variable instance; 404 for a plain one, an unknown id or an outsider', async () => {
    const boundary = '----weirvi';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nphoto\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.bin"\r\n\r\npixels\r\n` +
        `--${boundary}--\r\n`,
    );
    const created = await h.app.inject({
      method: 'POST',
      url: `/process-api/runtime/process-instances/${second}/variables`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: basic('admin') },
    });
    expect(created.statusCode).toBe(201);
    const [photo] = (
      await h.request('GET', '/process-api/runtime/variable-instances?variableName=photo')
    ).json().data as Array<Row & { variable: { valueUrl: string; value: unknown } }>;
    expect(photo.variable.value).toBeNull();
    expect(photo.variable.valueUrl).toMatch(
      new RegExp(`/process-api/runtime/variable-instances/${photo.id}/data$`),
    );
    const data = await h.request('GET', `/process-api/runtime/variable-instances/${photo.id}/data`);
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-type']).toBe('application/octet-stream');
    expect(data.body).toBe('pixels');
    expect(
      (await h.request('GET', `/process-api/runtime/variable-instances/${photo.id}/data`, { as: 'kermit' }))
        .statusCode,
    ).toBe(404);
    const [amount] = (
      await h.request(
        'GET',
        `/process-api/runtime/variable-instances?processInstanceId=${second}&variableName=amount`,
      )
    ).json().data as Row[];
    expect(
      (await h.request('GET', `/process-api/runtime/variable-instances/${amount.id}/data`)).statusCode,
    ).toBe(404);
    expect((await h.request('GET', '/process-api/runtime/variable-instances/nope/data')).statusCode).toBe(
      404,
    );
  });
});
