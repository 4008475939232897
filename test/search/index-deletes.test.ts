import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

// Whatever deletes an instance, its task or its history takes their search-index entries in
// the same transaction: the next query finds nothing, with no `weir reindex` in between.

let h: HttpHarness;

const search = async (path: string, body: Record<string, unknown>) => {
  const response = await h.request('POST', `/search-api/query/${path}`, { body });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { data: { id: string }[] }).data.map((d) => d.id).sort();
};

const claim = async (businessKey: string, amount: number) =>
  (
    await startInstance(h, {
      processDefinitionKey: 'insuranceClaim',
      businessKey,
      variables: [{ name: 'amount', type: 'integer', value: amount }],
    })
  ).id;

const taskOf = async (processInstanceId: string): Promise<string> =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${processInstanceId}`)).json().data[0]
    .id;

/** What the index holds about these ids: documents and variables (tasks' and instances'). */
const indexRows = async (ids: readonly string[]) => {
  const { rows } = await h.db.query<{ documents: string; variables: string }>(
    `SELECT (SELECT count(*) FROM weir_search_document WHERE id = ANY($1::text[])) AS documents,
            (SELECT count(*) FROM weir_search_variable WHERE scope_id = ANY($1::text[])) AS variables`,
    [ids],
  );
  return { documents: Number(rows[0].documents), variables: Number(rows[0].variables) };
};

const deploy = async () => (await h.deploy(['search-claims.bpmn20.xml'])) as { id: string };

beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

describe('deleting a running instance', () => {
  it('takes it off the runtime lists and its task off the index; its history stays findable', async () => {
    await deploy();
    const id = await claim('CLAIM-DELETE-1', 4100);
    const task = await taskOf(id);
    const local = await h.request('POST', `/process-api/runtime/tasks/${task}/variables`, {
      body: [{ name: 'verdict', value: 'pending', scope: 'local' }],
    });
    expect(local.statusCode).toBe(201);
    expect(await search('tasks', { taskVariables: [{ name: 'verdict', value: 'pending' }] })).toEqual([task]);

    const deleted = await h.request('DELETE', `/process-api/runtime/process-instances/${id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await search('process-instances', { text: 'CLAIM-DELETE-1' })).toEqual([]);
    expect(await search('tasks', { text: 'CLAIM-DELETE-1' })).toEqual([]);
    expect(await search('tasks', { taskVariables: [{ name: 'verdict', value: 'pending' }] })).toEqual([]);
    expect(await indexRows([task])).toEqual({ documents: 0, variables: 0 });
    const historic = await h.request('POST', '/search-api/query/historic-process-instances', {
      body: { variables: [{ name: 'amount', value: 4100 }] },
    });
    expect(historic.json().data).toEqual([expect.objectContaining({ id, state: 'deleted' })]);

    const history = await h.request('DELETE', `/process-api/history/historic-process-instances/${id}`);
    expect(history.statusCode).toBe(204);
    expect(
      await search('historic-process-instances', { variables: [{ name: 'amount', value: 4100 }] }),
    ).toEqual([]);
    expect(await indexRows([id])).toEqual({ documents: 0, variables: 0 });
  });
});

describe('deleting a deployment', () => {
  it('with cascade, removes its running and ended instances and their tasks from the index at once', async () => {
    const deployment = await deploy();
    const running = await claim('CLAIM-CASCADE-RUNNING', 4200);
    const ended = await claim('CLAIM-CASCADE-ENDED', 4200);
    const runningTask = await taskOf(running);
    const done = await h.request('POST', `/process-api/runtime/tasks/${await taskOf(ended)}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
    const amount = { variables: [{ name: 'amount', value: 4200 }] };
    expect(await search('historic-process-instances', amount)).toEqual([running, ended].sort());

    const deleted = await h.request(
      'DELETE',
      `/process-api/repository/deployments/${deployment.id}?cascade=true`,
    );
    expect(deleted.statusCode).toBe(204);
    expect(await search('process-instances', amount)).toEqual([]);
    expect(await search('historic-process-instances', amount)).toEqual([]);
    expect(await search('historic-process-instances', { text: 'CLAIM-CASCADE' })).toEqual([]);
    expect(await search('tasks', { text: 'CLAIM-CASCADE-RUNNING' })).toEqual([]);
    expect(await indexRows([running, ended, runningTask])).toEqual({ documents: 0, variables: 0 });
    // the process-api lists, which read the index's variable values, agree
    const listed = await h.request('POST', '/process-api/query/historic-process-instances', { body: amount });
    expect(listed.json().total).toBe(0);
  });

  it('without cascade, keeps the history of its ended instances findable', async () => {
    const deployment = await deploy();
    const ended = await claim('CLAIM-KEPT', 4300);
    const done = await h.request('POST', `/process-api/runtime/tasks/${await taskOf(ended)}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
    const deleted = await h.request('DELETE', `/process-api/repository/deployments/${deployment.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(
      await search('historic-process-instances', { variables: [{ name: 'amount', value: 4300 }] }),
    ).toEqual([ended]);
  });
});
