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

const variables = (conditions: Record<string, unknown>[]) => ({ variables: conditions });

describe('variable conditions', () => {
  it('compare numbers (integer, long, double) with every ordering operation', async () => {
    const find = async (operation: string, value: unknown, name = 'amount') =>
      ids(await query('process-instances', variables([{ name, operation, value }])));
    expect(await find('equals', 700)).toEqual([glass]);
    expect(await find('notEquals', 700)).toEqual([roof, flood].sort());
    expect(await find('greaterThan', 12000)).toEqual([flood]);
    expect(await find('greaterThanOrEquals', 12000)).toEqual([roof, flood].sort());
    expect(await find('lessThan', 12000)).toEqual([glass]);
    expect(await find('lessThanOrEquals', 12000)).toEqual([glass, roof].sort());
    expect(await find('greaterThan', 0.5, 'score')).toEqual([roof]);
    expect(await find('lessThanOrEquals', 0.25, 'score')).toEqual([glass]);
  });

  it('compare dates as instants and booleans by value', async () => {
    const date = (operation: string, value: string) =>
      query('process-instances', variables([{ name: 'incidentDate', operation, value, type: 'date' }])).then(
        ids,
      );
    expect(await date('greaterThan', '2026-04-01T00:00:00Z')).toEqual([roof]);
    expect(await date('lessThan', '2026-04-01T00:00:00Z')).toEqual([glass]);
    expect(await date('equals', '2026-03-01T11:00:00+01:00')).toEqual([glass]);
    expect(await date('greaterThanOrEquals', '2026-03-01T10:00:00Z')).toEqual([glass, roof].sort());
    expect(await date('lessThanOrEquals', '2026-05-20T08:00:00Z')).toEqual([glass, roof].sort());
    expect(ids(await query('process-instances', variables([{ name: 'urgent', value: true }])))).toEqual([
      glass,
    ]);
    expect(
      ids(
        await query(
          'process-instances',
          variables([{ name: 'urgent', operation: 'notEquals', value: true }]),
        ),
      ),
    ).toEqual([roof]);
  });

  it('compare strings exactly, case-blind and with like patterns', async () => {
    const text = (operation: string, value: string) =>
      query('process-instances', variables([{ name: 'insurer', operation, value }])).then(ids);
    expect(await text('equals', 'Northwind Mutual')).toEqual([glass]);
    expect(await text('equals', 'northwind mutual')).toEqual([]);
    expect(await text('equalsIgnoreCase', 'northwind MUTUAL')).toEqual([glass]);
    expect(await text('notEquals', 'Northwind Mutual')).toEqual([roof]);
    expect(await text('notEqualsIgnoreCase', 'NORTHWIND MUTUAL')).toEqual([roof]);
    expect(await text('like', 'Contoso%')).toEqual([roof]);
    expect(await text('like', 'contoso%')).toEqual([]);
    expect(await text('likeIgnoreCase', '%MUTUAL')).toEqual([glass]);
    expect(await text('greaterThan', 'D')).toEqual([glass]);
  });

  it('combine conditions, and filter tasks by the variables of their instance', async () => {
    const both = await query(
      'process-instances',
      variables([
        { name: 'amount', operation: 'greaterThan', value: 500 },
        { name: 'urgent', value: false },
      ]),
    );
    expect(ids(both)).toEqual([roof]);
    const tasks = await query('tasks', {
      processInstanceVariables: [{ name: 'amount', operation: 'greaterThan', value: 10000 }],
    });
    expect(tasks.data.map((t) => t.processInstanceId).sort()).toEqual([roof, flood].sort());
  });

  it('follow variable writes and deletions at once', async () => {
    const put = await h.request('PUT', `/process-api/runtime/process-instances/${flood}/variables/insurer`, {
      body: { name: 'insurer', type: 'string', value: 'Fabrikam Re' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(
      ids(await query('process-instances', variables([{ name: 'insurer', value: 'Fabrikam Re' }]))),
    ).toEqual([flood]);
    expect(ids(await query('process-instances', { text: 'fabrikam' }))).toEqual([flood]);
    const removed = await h.request(
      'DELETE',
      `/process-api/runtime/process-instances/${flood}/variables/insurer`,
    );
    expect(removed.statusCode).toBe(204);
    expect(
      (await query('process-instances', variables([{ name: 'insurer', value: 'Fabrikam Re' }]))).total,
    ).toBe(0);
    expect((await query('process-instances', { text: 'fabrikam' })).total).toBe(0);
  });

  it('refuse conditions whose operation does not fit the value, naming the variable', async () => {
    const refused = async (condition: Record<string, unknown>) => {
      const response = await h.request('POST', '/search-api/query/process-instances', {
        body: variables([condition]),
      });
      expect(response.statusCode, response.body).toBe(400);
      return response.json() as { exception: string };
    };
    expect((await refused({ name: 'amount', operation: 'like', value: 7 })).exception).toMatch(
      /'amount'.*string/,
    );
    expect((await refused({ name: 'urgent', operation: 'greaterThan', value: true })).exception).toMatch(
      /boolean/,
    );
    expect((await refused({ name: 'incidentDate', type: 'date', value: 'yesterday' })).exception).toMatch(
      /ISO-8601/,
    );
    expect((await refused({ name: 'amount', type: 'integer', value: 'many' })).exception).toMatch(
      /not a number/,
    );
    await refused({ name: 'amount', operation: 'between', value: 7 });
    const sort = await h.request('POST', '/search-api/query/tasks', { body: { sort: 'relevance' } });
    expect(sort.statusCode).toBe(400);
  });
});

describe('paging, sorting and counts', () => {
  it('pages in a stable order in the Flowable envelope', async () => {
    const first = await query('process-instances', { sort: 'businessKey', order: 'asc', size: 2 });
    expect(first).toMatchObject({ total: 3, start: 0, size: 2, sort: 'businessKey', order: 'asc' });
    expect(first.data.map((d) => d.businessKey)).toEqual(['CLAIM-FLOOD-3', 'CLAIM-GLASS-1']);
    const second = await query('process-instances', { sort: 'businessKey', order: 'asc', size: 2, start: 2 });
    expect(second.data.map((d) => d.businessKey)).toEqual(['CLAIM-ROOF-2']);
  });

  it('counts by definition, state and assignee', async () => {
    const counts = async (list: string, body: Record<string, unknown>) => {
      const response = await h.request('POST', `/search-api/counts/${list}`, { body });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { data: { key: string | null; count: number }[]; total: number };
    };
    expect((await counts('process-instances', { groupBy: 'processDefinitionKey' })).data).toEqual([
      { key: 'insuranceClaim', count: 3 },
    ]);
    const byAssignee = await counts('tasks', { groupBy: 'assignee', text: 'damage' });
    expect(byAssignee).toMatchObject({ total: 3, data: [{ key: null, count: 3 }] });
    const bad = await h.request('POST', '/search-api/counts/tasks', { body: { groupBy: 'colour' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('who finds what', () => {
  it('a user finds only the tasks and instances they may see', async () => {
    expect((await query('tasks', {}, 'kermit')).total).toBe(0);
    expect((await query('process-instances', {}, 'kermit')).total).toBe(0);
    // fozzie is in sales, the candidate group of every claim's task
    expect((await query('tasks', {}, 'fozzie')).total).toBe(3);
    expect((await query('tasks', { candidateUser: 'fozzie' }, 'fozzie')).total).toBe(3);
    expect((await query('tasks', { candidateUser: 'kermit' })).total).toBe(0);
    const own = await startInstance(
      h,
      { processDefinitionKey: 'insuranceClaim', variables: [{ name: 'amount', value: 1 }] },
      'kermit',
    );
    expect(ids(await query('process-instances', {}, 'kermit'))).toEqual([own.id]);
    expect(ids(await query('process-instances', { text: 'northwind' }, 'kermit'))).toEqual([]);
    await h.request('DELETE', `/process-api/runtime/process-instances/${own.id}`);
  });
});

describe('history', () => {
  it('an ended instance leaves the runtime list and stays findable, with its variables, in history', async () => {
    const task = await taskOf(glass);
    const done = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
    expect(ids(await query('process-instances', { text: 'northwind' }))).toEqual([]);
    expect(ids(await query('tasks', { text: 'CLAIM-GLASS-1' }))).toEqual([]);
    const historic = await query('historic-process-instances', {
      finished: true,
      variables: [{ name: 'amount', value: 700 }],
    });
    expect(ids(historic)).toEqual([glass]);
    expect(historic.data[0]).toMatchObject({ state: 'completed', businessKey: 'CLAIM-GLASS-1' });
    expect(historic.data[0].endTime).toEqual(expect.any(String));
    expect(ids(await query('historic-process-instances', { finished: false, text: 'CLAIM' }))).toEqual(
      [roof, flood].sort(),
    );
  });

  it("deleting an instance's history removes it from the index", async () => {
    const deleted = await h.request('DELETE', `/process-api/history/historic-process-instances/${glass}`);
    expect(deleted.statusCode).toBe(204);
    expect((await query('historic-process-instances', { text: 'CLAIM-GLASS-1' })).total).toBe(0);
    expect(
      (await query('historic-process-instances', { variables: [{ name: 'amount', value: 700 }] })).total,
    ).toBe(0);
  });
});

it('a user without the access-rest-api privilege is refused', async () => {
  for (const path of ['query/tasks', 'counts/process-instances']) {
    const response = await h.request('POST', `/search-api/${path}`, {
      as: 'gonzo',
      body: { groupBy: 'state' },
    });
    expect(response.statusCode).toBe(403);
  }
});
