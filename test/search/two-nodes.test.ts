/**
 * Two real node processes on one database: a write acknowledged by one is found by the very
 * next search on the other (the index is written in the command's own transaction).
 */
import { mkdtemp, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { clonePostgresDatabase, type ScratchDatabase } from '../helpers/database.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, spawnNodeProcess } from '../helpers/node-process.ts';
import { fixtureUrl } from '../http/harness.ts';

const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await cleanUpNodeProcesses();
  for (const database of scratch) await database.drop();
});

const auth = `Basic ${Buffer.from('admin:admin-secret-1').toString('base64')}`;

const call = async (base: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

test(
  'an acknowledged write through node A is found by the next search through node B',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const processes = await mkdtemp(join(tmpdir(), 'weir-search-models-'));
    await copyFile(fixtureUrl('search-claims.bpmn20.xml'), join(processes, 'search-claims.bpmn20.xml'));
    const args = [
      `--database.url=${database.url}`,
      `--flowable.auto-deployment.path=${processes}`,
      '--flowable.auto-deployment.use-lock=true',
      '--flowable.indexing.use-lock-for-index-mapping-creation=true',
      '--flowable.rest.app.admin.user-id=admin',
      '--flowable.rest.app.admin.password=admin-secret-1',
    ];
    const spawned = [
      await spawnNodeProcess({ args: [...args, '--spring.elasticsearch.uris=https://elastic:pw@es1:9200'] }),
      await spawnNodeProcess({ args }),
    ];
    const [a, b] = await Promise.all(spawned.map((node) => node.waitUntilUp()));
    // the Elasticsearch address is answered once, clearly, and its credentials are not logged
    expect(spawned[0].stdout()).toContain('keeps its search index in PostgreSQL');
    expect(spawned[0].stdout()).not.toContain('pw@es1');
    expect(spawned[1].stdout()).not.toContain('Elasticsearch');

    for (let i = 0; i < 5; i++) {
      const started = await call(a.url, 'POST', '/process-api/runtime/process-instances', {
        processDefinitionKey: 'insuranceClaim',
        businessKey: `NODE-A-${i}`,
        variables: [{ name: 'amount', type: 'integer', value: 1000 + i }],
      });
      expect(started.status).toBe(201);
      const id = started.json.id as string;
      const found = await call(b.url, 'POST', '/search-api/query/process-instances', {
        variables: [{ name: 'amount', value: 1000 + i }],
      });
      expect(found.json.data).toEqual([expect.objectContaining({ id, businessKey: `NODE-A-${i}` })]);

      const changed = await call(
        a.url,
        'PUT',
        `/process-api/runtime/process-instances/${id}/variables/amount`,
        {
          name: 'amount',
          type: 'integer',
          value: 5000 + i,
        },
      );
      expect(changed.status).toBe(200);
      const moved = await call(b.url, 'POST', '/search-api/query/process-instances', {
        variables: [{ name: 'amount', operation: 'greaterThanOrEquals', value: 5000 + i }],
        text: `NODE-A-${i}`,
      });
      expect(moved.json.total).toBe(1);

      const tasks = await call(a.url, 'GET', `/process-api/runtime/tasks?processInstanceId=${id}`);
      const taskId = (tasks.json.data as { id: string }[])[0].id;
      expect(
        (await call(a.url, 'POST', `/process-api/runtime/tasks/${taskId}`, { action: 'complete' })).status,
      ).toBe(200);
      const historic = await call(b.url, 'POST', '/search-api/query/historic-process-instances', {
        finished: true,
        text: `NODE-A-${i}`,
      });
      expect(historic.json.total).toBe(1);
      expect((await call(b.url, 'POST', '/search-api/query/tasks', { text: `NODE-A-${i}` })).json.total).toBe(
        0,
      );
    }
  },
  PROCESS_TEST_TIMEOUT * 2,
);
