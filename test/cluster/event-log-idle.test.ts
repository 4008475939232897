import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startNode } from '../../src/node.ts';
import type { RunningNode } from '../../src/node.ts';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { ADMIN_FLAGS, connectEvents, fixture } from './harness.ts';
import type { EventClient } from './harness.ts';

// A node that no WebSocket client watches does not read the event log (one read per NOTIFY on
// every node was a fifth of the statements of an async step); it keeps its position from the
// ids the NOTIFYs carry, so the first client it gets starts from the right place.

let database: ScratchDatabase;
let folder: ScratchFolder;
let running: RunningNode;
let client: EventClient | undefined;
const reads: string[] = [];
let direct: RunningNode['node']['db']['query'];

const lastLoggedId = async (): Promise<number> => {
  const { rows } = await direct<{ id: number | null }>('SELECT max(id)::float8 AS id FROM weir_event_log');
  return rows[0].id ?? 0;
};

beforeAll(async () => {
  database = await clonePostgresDatabase();
  folder = await createTempFolder('weir-event-log-idle-');
  const config = loadConfig({
    argv: [`--database.url=${database.url}`, '--server.port=0', '--server.address=127.0.0.1', ...ADMIN_FLAGS],
    env: {},
    cwd: folder.path,
  });
  running = await startNode(config, { logger: pino({ level: 'silent' }) });
  await running.node.engine.deploy({
    name: 'idle',
    resources: [{ name: 'one.bpmn20.xml', content: await readFile(fixture('http-one-task.bpmn20.xml')) }],
  });
  // Every statement the node sends that reads logged events.
  const db = running.node.db;
  direct = db.query.bind(db);
  db.query = ((sql: string, params?: readonly unknown[]) => {
    if (/FROM weir_event_log WHERE id >/.test(sql)) reads.push(sql);
    return direct(sql, params);
  }) as typeof db.query;
}, 60_000);

afterAll(async () => {
  await client?.close();
  await running?.stop();
  await database?.drop();
  await folder?.remove();
});

test('without a WebSocket client the node reads no events, follows the last id, and a client then gets the next ones', async () => {
  for (let i = 0; i < 3; i++) await running.node.engine.startProcessInstanceByKey('httpOneTask');
  // the events are appended in batches after the commands: wait until the log has them all
  await expect
    .poll(async () => (await lastLoggedId()) > 0 && running.node.events.lastId === (await lastLoggedId()), {
      timeout: 10_000,
    })
    .toBe(true);
  // past the reader's poll tick (1 s) as well
  await sleep(1_500);
  const logged = await lastLoggedId();
  expect(running.node.events.lastId).toBe(logged);
  expect(reads).toEqual([]);

  client = await connectEvents(`ws://127.0.0.1:${running.port}/events`);
  const connected = await client.next((m) => 'connected' in m);
  expect((connected.connected as { lastEventId: number }).lastEventId).toBe(logged);
  client.send({ subscribe: { tasks: true } });
  await client.next((m) => 'subscribed' in m);
  const next = await running.node.engine.startProcessInstanceByKey('httpOneTask');
  const created = await client.next(
    (m) =>
      m.type === 'task:created' && (m.data as { processInstanceId: string }).processInstanceId === next.id,
  );
  expect(Number(created.id)).toBeGreaterThan(logged);
  expect(reads.length).toBeGreaterThan(0);
  // nothing from before the client came was delivered live
  expect(client.messages.filter((m) => 'id' in m && Number(m.id) <= logged)).toEqual([]);
});
