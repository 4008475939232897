import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { clonePostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { fixtureUrl, multipart } from '../http/harness.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startNode } from '../../src/node.ts';
import type { RunningNode } from '../../src/node.ts';

const ADMIN = `Basic ${Buffer.from('admin:admin-secret').toString('base64')}`;
let database: ScratchDatabase;
let running: RunningNode;

beforeAll(async () => {
  database = await clonePostgresDatabase();
  running = await startNode(
    loadConfig({
      argv: [
        '--server.port=0',
        '--server.address=127.0.0.1',
        `--database.url=${database.url}`,
        '--database.pool-size=3',
        '--flowable.rest.app.admin.user-id=admin',
        '--flowable.rest.app.admin.password=admin-secret',
      ],
      env: {},
      cwd: process.cwd(),
    }),
    { logger: pino({ level: 'silent' }) },
  );
});
afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      authorization: ADMIN,
      ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
};

/** The value of one sample line, `name{labels} value`, matching every given label. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line) ?? /^([a-z_:]+) (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match.length === 4 ? match[2] : '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`)))
      return Number(match[match.length - 1]);
  }
  return undefined;
};

test('after real work, /actuator/prometheus counts requests by route pattern, instances, tasks, pool and event loop', async () => {
  const form = multipart([
    { name: 'one-task.bpmn20.xml', content: readFileSync(fixtureUrl('http-one-task.bpmn20.xml')) },
  ]);
  const deployed = await call('POST', '/process-api/repository/deployments', form.payload, {
    'content-type': form.contentType,
  });
  expect(deployed.status).toBe(201);
  const started = await call('POST', '/process-api/runtime/process-instances', {
    processDefinitionKey: 'httpOneTask',
  });
  expect(started.status).toBe(201);
  const instanceId = (JSON.parse(started.text) as { id: string }).id;
  const tasks = await call('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
  const taskId = (JSON.parse(tasks.text) as { data: { id: string }[] }).data[0].id;
  expect((await call('POST', `/process-api/runtime/tasks/${taskId}`, { action: 'complete' })).status).toBe(
    200,
  );
  expect((await call('GET', `/process-api/runtime/tasks/${taskId}`)).status).toBe(404);
  expect((await call('GET', '/no/such/path/42')).status).toBe(404);

  const scraped = await call('GET', '/actuator/prometheus');
  expect(scraped.status).toBe(200);
  const text = scraped.text;
  const node = running.node.id;

  const requests = 'weir_http_server_requests_seconds_count';
  expect(
    sample(text, requests, {
      method: 'POST',
      route: '/process-api/runtime/process-instances',
      status: '201',
      node,
    }),
  ).toBe(1);
  expect(
    sample(text, requests, { method: 'POST', route: '/process-api/runtime/tasks/:taskId', status: '200' }),
  ).toBe(1);
  expect(
    sample(text, requests, { method: 'GET', route: '/process-api/runtime/tasks/:taskId', status: '404' }),
  ).toBe(1);
  expect(sample(text, requests, { method: 'GET', route: 'UNMATCHED', status: '404' })).toBe(1);
  expect(
    sample(text, 'weir_http_server_requests_seconds_bucket', {
      route: '/process-api/runtime/process-instances',
      le: '+Inf',
    }),
  ).toBe(1);
  // Never the raw URL: ids would make a time series per task.
  expect(text).not.toContain(taskId);
  expect(text).not.toContain('/no/such/path');

  expect(sample(text, 'weir_process_instances_started_total', { node })).toBe(1);
  expect(sample(text, 'weir_process_instances_ended_total')).toBe(1);
  expect(sample(text, 'weir_tasks_created_total')).toBe(1);
  expect(sample(text, 'weir_tasks_completed_total')).toBe(1);

  expect(sample(text, 'weir_db_pool_max_connections')).toBe(3);
  expect(sample(text, 'weir_db_pool_connections')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'weir_db_pool_waiting')).toBe(0);
  expect(sample(text, 'weir_db_pool_wait_seconds_count')).toBeGreaterThan(0);

  expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  expect(text).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge');
  // The job executor's figures are still there.
  expect(sample(text, 'weir_jobs_capacity', { node })).toBeGreaterThan(0);
});

test("every weir_ metric a node exposes is listed in docs/operations.md's table", async () => {
  const scraped = await call('GET', '/actuator/prometheus');
  expect(scraped.status).toBe(200);
  const exposed = [...scraped.text.matchAll(/^# TYPE (weir_\S+) /gm)].map((match) => match[1]);
  expect(exposed.length).toBeGreaterThan(10);
  const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  const metrics = doc.slice(doc.indexOf('## Metrics'));
  const named = [...metrics.matchAll(/`(weir_[a-z_]+\*?)`/g)].map((match) => match[1]);
  const listed = (name: string) =>
    named.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : entry === name));
  expect(exposed.filter((name) => !listed(name))).toEqual([]);
});

test('the metrics are for admins only', async () => {
  const anonymous = await fetch(`${running.url}/actuator/prometheus`);
  expect(anonymous.status).toBe(401);
});
