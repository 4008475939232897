import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';
import { runCli, type CliIo } from '../../src/cli/main.ts';
import { reindex } from '../../src/search/reindex.ts';
import { progressBar } from '../../src/cli/reindex.ts';

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['search-claims.bpmn20.xml']);
});
afterAll(() => h.close());

const search = async (path: string, body: Record<string, unknown>) => {
  const response = await h.request('POST', `/search-api/query/${path}`, { body: { size: 1000, ...body } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: { id: string }[]; total: number };
};

const taskIdsOf = async () =>
  ((await h.request('GET', '/process-api/runtime/tasks?size=1000')).json().data as { id: string }[])
    .map((t) => t.id)
    .sort();

const wipeIndex = () => h.db.query('TRUNCATE weir_search_document, weir_search_variable');

const io = (lines: string[]): CliIo => ({
  env: {},
  cwd: process.cwd(),
  stdout: (text) => lines.push(text),
  stderr: (text) => lines.push(text),
});

it('weir reindex rebuilds running and ended instances, tasks and variables from the engine tables', async () => {
  const started: { id: string }[] = [];
  for (let i = 0; i < 12; i++) {
    started.push(
      await startInstance(h, {
        processDefinitionKey: 'insuranceClaim',
        businessKey: `REINDEX-${i}`,
        variables: [
          { name: 'amount', type: 'integer', value: i * 100 },
          { name: 'insurer', type: 'string', value: i % 2 ? 'Odd Insurance' : 'Even Insurance' },
        ],
      }),
    );
  }
  // end three of them, so history has instances without a runtime row
  const tasks = (await h.request('GET', '/process-api/runtime/tasks?size=100')).json().data as {
    id: string;
    processInstanceId: string;
  }[];
  for (const task of tasks.filter((t) => started.slice(0, 3).some((s) => s.id === t.processInstanceId))) {
    await h.request('POST', `/process-api/runtime/tasks/${task.id}`, { body: { action: 'complete' } });
  }
  const before = {
    running: (await search('process-instances', { text: 'REINDEX' })).total,
    historic: (await search('historic-process-instances', { finished: true, text: 'REINDEX' })).total,
    odd: (await search('process-instances', { variables: [{ name: 'insurer', value: 'Odd Insurance' }] }))
      .total,
    tasks: (await search('tasks', {})).total,
  };
  expect(before).toEqual({ running: 9, historic: 3, odd: 5, tasks: 9 });

  await wipeIndex();
  expect((await search('tasks', {})).total).toBe(0);
  // a document nothing backs (as a database restored from an older backup might hold) goes
  await h.db.query(
    `INSERT INTO weir_search_document (kind, id, title, body) VALUES ('task', 'gone', 'Gone', to_tsvector('gone'))`,
  );
  const lines: string[] = [];
  expect(
    await runCli(['reindex', `--database.url=${h.url}`, '--weir.search.reindex-batch-size=4'], io(lines)),
  ).toBe(0);
  expect(lines.at(-1)).toBe(
    'Reindexed 12 process instances, 0 case instances and 9 tasks; removed 1 stale entries',
  );
  expect(lines[0]).toMatch(/^reindex: 0% \(0 of 12 /);
  expect(lines).toContain('reindex: 100% (12 of 12 process trees, instances, cases and tasks)');

  const after = {
    running: (await search('process-instances', { text: 'REINDEX' })).total,
    historic: (await search('historic-process-instances', { finished: true, text: 'REINDEX' })).total,
    odd: (await search('process-instances', { variables: [{ name: 'insurer', value: 'Odd Insurance' }] }))
      .total,
    tasks: (await search('tasks', {})).total,
  };
  expect(after).toEqual(before);
  const ranged = await search('historic-process-instances', {
    finished: true,
    variables: [{ name: 'amount', operation: 'lessThan', value: 150 }],
  });
  expect(ranged.data.map((d) => d.id).sort()).toEqual([started[0].id, started[1].id].sort());

  await h.db.query(
    `INSERT INTO weir_search_document (kind, id, title, body) VALUES ('task', 'gone', 'Gone', to_tsvector('gone'))`,
  );
  expect((await reindex(h.db, { language: 'simple', batchSize: 100 })).removed).toBe(1);
});

it('reindexing while commands run leaves the index equal to the engine state', async () => {
  await wipeIndex();
  const tasks = (await h.request('GET', '/process-api/runtime/tasks?size=100')).json().data as {
    id: string;
    processInstanceId: string;
  }[];
  const work = tasks.slice(0, 6).map(async (task, i) => {
    if (i % 2 === 0) {
      await h.request('POST', `/process-api/runtime/tasks/${task.id}`, { body: { action: 'complete' } });
    } else {
      await h.request(
        'PUT',
        `/process-api/runtime/process-instances/${task.processInstanceId}/variables/insurer`,
        {
          body: { name: 'insurer', type: 'string', value: 'Changed Mid-Reindex' },
        },
      );
    }
  });
  await Promise.all([reindex(h.db, { language: 'simple', batchSize: 1 }), ...work]);
  expect((await search('tasks', {})).data.map((t) => t.id).sort()).toEqual(await taskIdsOf());
  expect(
    (await search('process-instances', { variables: [{ name: 'insurer', value: 'Changed Mid-Reindex' }] }))
      .total,
  ).toBe(3);
  expect((await search('process-instances', {})).total).toBe(
    (await h.request('GET', '/process-api/runtime/process-instances')).json().total,
  );
});

it('draws a progress bar on a terminal', () => {
  expect(progressBar({ done: 0, total: 10 })).toBe(`[${'-'.repeat(30)}] 0% 0/10`);
  expect(progressBar({ done: 5, total: 10 })).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}] 50% 5/10`);
  expect(progressBar({ done: 0, total: 0 })).toBe(`[${'#'.repeat(30)}] 100% 0/0`);
});
