import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainStatements } from '../../src/persistence/explain-sql.ts';
import { listProcessInstances } from '../../src/persistence/rest-runtime-sql.ts';
import { addSyntheticInstances, settleSearchTables } from '../../src/persistence/search-synthetic-sql.ts';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

// The process-api lists answer variable conditions from the search index's typed values
// (docs/search.md): each operation of Flowable's, on each indexed type, through the REST API.

let h: HttpHarness;
let glass: string;
let roof: string;
let flood: string;
/** longer than the index keeps of a string: compared on the stored value */
const LONG_NOTE = `${'n'.repeat(1100)} the end`;

const claim = async (businessKey: string, variables: { name: string; type?: string; value: unknown }[]) =>
  (await startInstance(h, { processDefinitionKey: 'insuranceClaim', businessKey, variables })).id;

const taskOf = async (processInstanceId: string): Promise<string> =>
  (await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${processInstanceId}`)).json().data[0]
    .id;

const post = async (path: string, body: Record<string, unknown>) => {
  const response = await h.request('POST', `/process-api/${path}`, { body: { size: 100, ...body } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Record<string, string>[]; total: number };
};

const instancesWhere = async (...variables: Record<string, unknown>[]) =>
  (await post('query/process-instances', { variables })).data.map((i) => i.businessKey).sort();

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['search-claims.bpmn20.xml']);
  glass = await claim('glass', [
    { name: 'amount', type: 'integer', value: 700 },
    { name: 'score', type: 'double', value: 0.25 },
    { name: 'incidentDate', type: 'date', value: '2026-03-01T10:00:00.000Z' },
    { name: 'urgent', type: 'boolean', value: true },
    { name: 'insurer', value: 'Northwind Mutual' },
    { name: 'note', value: LONG_NOTE },
    { name: 'lines', type: 'json', value: { sku: 'A', qty: 2 } },
  ]);
  roof = await claim('roof', [
    { name: 'amount', type: 'long', value: 12000 },
    { name: 'score', type: 'double', value: 0.75 },
    { name: 'incidentDate', type: 'date', value: '2026-05-20T08:00:00.000Z' },
    { name: 'urgent', type: 'boolean', value: false },
    { name: 'insurer', value: 'Contoso Assurance' },
  ]);
  flood = await claim('flood', [{ name: 'amount', type: 'integer', value: 50000 }]);
  for (const [instance, verdict] of [
    [glass, 'Approve'],
    [roof, 'reject'],
  ]) {
    const local = await h.request('POST', `/process-api/runtime/tasks/${await taskOf(instance)}/variables`, {
      body: [{ name: 'verdict', value: verdict, scope: 'local' }],
    });
    expect(local.statusCode, local.body).toBe(201);
  }
});
afterAll(() => h.close());

describe('POST query/process-instances', () => {
  it('compares numbers of every numeric type with each ordering operation', async () => {
    expect(await instancesWhere({ name: 'amount', value: 700 })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'amount', value: 12000, operation: 'equals' })).toEqual(['roof']);
    expect(await instancesWhere({ name: 'amount', value: 700, operation: 'notEquals' })).toEqual([
      'flood',
      'roof',
    ]);
    expect(await instancesWhere({ name: 'amount', value: 700, operation: 'greaterThan' })).toEqual([
      'flood',
      'roof',
    ]);
    expect(await instancesWhere({ name: 'amount', value: 700, operation: 'greaterThanOrEquals' })).toEqual([
      'flood',
      'glass',
      'roof',
    ]);
    expect(await instancesWhere({ name: 'amount', value: 12000, operation: 'lessThan' })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'amount', value: 12000, operation: 'lessThanOrEquals' })).toEqual([
      'glass',
      'roof',
    ]);
    expect(await instancesWhere({ name: 'score', value: 0.5, operation: 'greaterThan' })).toEqual(['roof']);
    expect(
      await instancesWhere(
        { name: 'amount', value: 500, operation: 'greaterThan' },
        { name: 'score', value: 0.25, operation: 'lessThanOrEquals' },
      ),
    ).toEqual(['glass']);
  });

  it('compares strings exactly, case-blind and with like patterns', async () => {
    expect(await instancesWhere({ name: 'insurer', value: 'Northwind Mutual' })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'insurer', value: 'northwind mutual' })).toEqual([]);
    expect(
      await instancesWhere({ name: 'insurer', value: 'northwind MUTUAL', operation: 'equalsIgnoreCase' }),
    ).toEqual(['glass']);
    expect(
      await instancesWhere({ name: 'insurer', value: 'NORTHWIND MUTUAL', operation: 'notEqualsIgnoreCase' }),
    ).toEqual(['roof']);
    expect(
      await instancesWhere({ name: 'insurer', value: 'Northwind Mutual', operation: 'notEquals' }),
    ).toEqual(['roof']);
    expect(await instancesWhere({ name: 'insurer', value: 'North%', operation: 'like' })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'insurer', value: 'north%', operation: 'like' })).toEqual([]);
    expect(
      await instancesWhere({ name: 'insurer', value: '%ASSURANCE', operation: 'likeIgnoreCase' }),
    ).toEqual(['roof']);
    expect(await instancesWhere({ name: 'insurer', value: 'D', operation: 'lessThan' })).toEqual(['roof']);
  });

  it('compares dates as instants when the query says date, and booleans by value', async () => {
    expect(
      await instancesWhere({ name: 'incidentDate', type: 'date', value: '2026-03-01T10:00:00.000Z' }),
    ).toEqual(['glass']);
    expect(
      await instancesWhere({
        name: 'incidentDate',
        type: 'date',
        value: '2026-04-01T00:00:00Z',
        operation: 'greaterThan',
      }),
    ).toEqual(['roof']);
    expect(
      await instancesWhere({
        name: 'incidentDate',
        type: 'date',
        value: '2026-05-20T08:00:00.000Z',
        operation: 'lessThanOrEquals',
      }),
    ).toEqual(['glass', 'roof']);
    expect(await instancesWhere({ name: 'urgent', value: true })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'urgent', value: false })).toEqual(['roof']);
    expect(await instancesWhere({ name: 'urgent', value: true, operation: 'notEquals' })).toEqual(['roof']);
  });

  it('compares whole long strings and JSON values on the stored value', async () => {
    expect(await instancesWhere({ name: 'note', value: LONG_NOTE })).toEqual(['glass']);
    // the same first 1,100 characters, another end: the index alone could not tell them apart
    expect(await instancesWhere({ name: 'note', value: `${'n'.repeat(1100)} another end` })).toEqual([]);
    expect(await instancesWhere({ name: 'lines', value: { sku: 'A', qty: 2 } })).toEqual(['glass']);
    expect(await instancesWhere({ name: 'lines', value: { sku: 'B', qty: 2 } })).toEqual([]);
  });

  it('follows a variable written a moment ago', async () => {
    const set = await h.request('PUT', `/process-api/runtime/process-instances/${flood}/variables`, {
      body: [{ name: 'insurer', value: 'Northwind Mutual' }],
    });
    expect(set.statusCode, set.body).toBe(201);
    expect(await instancesWhere({ name: 'insurer', value: 'Northwind Mutual' })).toEqual(['flood', 'glass']);
    const removed = await h.request(
      'DELETE',
      `/process-api/runtime/process-instances/${flood}/variables/insurer`,
    );
    expect(removed.statusCode).toBe(204);
    expect(await instancesWhere({ name: 'insurer', value: 'Northwind Mutual' })).toEqual(['glass']);
  });
});

describe('POST query/tasks and query/executions', () => {
  it("filters tasks by their own variables and by their instance's", async () => {
    const byInstance = await post('query/tasks', {
      processInstanceVariables: [{ name: 'amount', value: 1000, operation: 'greaterThan' }],
    });
    expect(byInstance.data.map((t) => t.processInstanceId).sort()).toEqual([roof, flood].sort());
    const approved = await post('query/tasks', { taskVariables: [{ name: 'verdict', value: 'Approve' }] });
    expect(approved.data.map((t) => t.processInstanceId)).toEqual([glass]);
    const rejected = await post('query/tasks', {
      taskVariables: [{ name: 'verdict', value: 'REJ%', operation: 'likeIgnoreCase' }],
    });
    expect(rejected.data.map((t) => t.processInstanceId)).toEqual([roof]);
    // an instance variable is not a task's own
    expect((await post('query/tasks', { taskVariables: [{ name: 'amount', value: 700 }] })).total).toBe(0);
  });

  it("filters executions by their instance's variables and by their own", async () => {
    const urgent = await post('query/executions', {
      processInstanceVariables: [{ name: 'urgent', value: true }],
    });
    expect(new Set(urgent.data.map((e) => e.processInstanceId))).toEqual(new Set([glass]));
    // execution-local variables are not in the index: the root execution holds the instance's
    const own = await post('query/executions', { variables: [{ name: 'amount', value: 12000 }] });
    expect(own.data.map((e) => e.id)).toEqual([roof]);
  });
});

describe('POST query/historic-process-instances', () => {
  it('finds ended and running instances by their variables', async () => {
    const done = await h.request('POST', `/process-api/runtime/tasks/${await taskOf(glass)}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
    const historic = async (body: Record<string, unknown>) =>
      (await post('query/historic-process-instances', body)).data.map((i) => i.businessKey).sort();
    expect(await historic({ variables: [{ name: 'amount', value: 700 }] })).toEqual(['glass']);
    expect(
      await historic({ finished: true, variables: [{ name: 'score', value: 0.5, operation: 'lessThan' }] }),
    ).toEqual(['glass']);
    expect(
      await historic({ variables: [{ name: 'amount', value: 700, operation: 'greaterThanOrEquals' }] }),
    ).toEqual(['flood', 'glass', 'roof']);
    expect(
      await historic({ variables: [{ name: 'insurer', value: '%mutual', operation: 'likeIgnoreCase' }] }),
    ).toEqual(['glass']);
    // the running list no longer holds the ended instance
    expect(await instancesWhere({ name: 'amount', value: 700 })).toEqual([]);
  });

  it("finds historic tasks by their own variables and by their instance's", async () => {
    const historicTasks = async (body: Record<string, unknown>) =>
      (await post('query/historic-task-instances', body)).data.map((t) => t.processInstanceId).sort();
    expect(await historicTasks({ processVariables: [{ name: 'amount', value: 700 }] })).toEqual([glass]);
    expect(
      await historicTasks({ processVariables: [{ name: 'amount', value: 700, operation: 'greaterThan' }] }),
    ).toEqual([roof, flood].sort());
    expect(await historicTasks({ taskVariables: [{ name: 'verdict', value: 'Approve' }] })).toEqual([glass]);
    expect(
      await historicTasks({
        taskVariables: [{ name: 'verdict', value: 'approve', operation: 'equalsIgnoreCase' }],
      }),
    ).toEqual([glass]);
    expect(
      await historicTasks({ finished: true, processVariables: [{ name: 'urgent', value: false }] }),
    ).toEqual([]);
  });
});

describe('query plans', () => {
  it('a variable condition is answered from the index, not by reading instance documents', async () => {
    // an index of some size, so the planner weighs the choices as it would in production
    await addSyntheticInstances(h.db, 1, 20_000, 10);
    await settleSearchTables(h.db);
    const page = { start: 0, size: 10, sort: 'id', order: 'asc' } as const;
    const filter = { variables: [{ name: 'amount', operation: 'equals', value: 12000 }] } as const;
    const indexed = await explainStatements(h.db, (db) =>
      listProcessInstances(db, { ...filter, variableIndex: true }, page),
    );
    expect(indexed.length).toBeGreaterThan(0);
    for (const { plan } of indexed) {
      expect(plan).toMatch(/Index (Only )?Scan using weir_search_variable_\w+/);
      expect(plan).not.toContain('jsonb_array_elements');
    }
    // the comparison of stored values, for contrast: what the lists did before the index
    const scanned = await explainStatements(h.db, (db) => listProcessInstances(db, filter, page));
    expect(scanned[0].plan).toContain('jsonb_array_elements');
    expect(scanned[0].plan).not.toContain('weir_search_variable');
  });
});
