import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startNode } from '../../src/node.ts';
import type { RunningNode } from '../../src/node.ts';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { ADMIN_FLAGS, addUsers, call, connectEvents, fixture } from './harness.ts';
import { deployCases, startCase } from '../../src/cmmn/index.ts';
import type { EventClient } from './harness.ts';

/** Short, so the test of a resume from before the window need not wait a minute. */
const REPLAY_WINDOW_MS = 3_000;

let database: ScratchDatabase;
let folder: ScratchFolder;
let running: RunningNode;
let eventsUrl: string;
const clients: EventClient[] = [];

const connect = async (as: string | null, query = '') => {
  const client = await connectEvents(`${eventsUrl}${query}`, { as });
  clients.push(client);
  await client.next((m) => 'connected' in m);
  return client;
};

const subscribe = async (client: EventClient, subscription: Record<string, unknown>, extra = {}) => {
  client.send({ subscribe: subscription, ...extra });
  return client.next((m) => 'subscribed' in m);
};

const ofType = (type: string, field: string, value: unknown) => (m: Record<string, unknown>) =>
  m.type === type && (m.data as Record<string, unknown>)[field] === value;

const startInstance = (key: string) => running.node.engine.startProcessInstanceByKey(key);
const caseFixture = (name: string) => new URL(`../fixtures/cmmn/${name}`, import.meta.url);

beforeAll(async () => {
  database = await clonePostgresDatabase();
  folder = await createTempFolder('weir-events-');
  const config = loadConfig({
    argv: [
      `--database.url=${database.url}`,
      '--server.port=0',
      '--server.address=127.0.0.1',
      '--database.pool-size=4',
      `--weir.events.replay-window=PT${REPLAY_WINDOW_MS / 1000}S`,
      ...ADMIN_FLAGS,
    ],
    env: {},
    cwd: folder.path,
  });
  running = await startNode(config, { logger: pino({ level: 'silent' }) });
  eventsUrl = `ws://127.0.0.1:${running.port}/events`;
  await addUsers(running.node.db);
  await running.node.engine.deploy({
    name: 'events',
    resources: await Promise.all(
      ['http-one-task.bpmn20.xml', 'user-task-potential-owner.bpmn20.xml'].map(async (name) => ({
        name,
        content: await readFile(fixture(name)),
      })),
    ),
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await running?.stop();
  await database?.drop();
  await folder?.remove();
});

describe('the /events WebSocket', () => {
  test("is in a full node's /openapi.json as an upgrade, and every operation there has a name", async () => {
    type Operation = { operationId?: string; responses: Record<string, { headers?: object }> };
    const document = (await call(`http://127.0.0.1:${running.port}/openapi.json`, { as: null })).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const events = document.paths['/events'].get;
    expect(events.operationId).toBe('openEventStream');
    expect(events.responses['101'].headers).toMatchObject({ Upgrade: { schema: { const: 'websocket' } } });
    const unnamed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => !operation.operationId)
        .map(([method]) => `${method} ${path}`),
    );
    expect(unnamed).toEqual([]);
  });

  test('refuses the upgrade without credentials, with a wrong password, and without access-rest-api', async () => {
    await expect(connectEvents(eventsUrl, { as: null })).rejects.toThrow('upgrade refused: 401');
    await expect(connectEvents(eventsUrl, { as: 'nobody' })).rejects.toThrow('upgrade refused: 401');
    await expect(connectEvents(eventsUrl, { as: 'gonzo' })).rejects.toThrow('upgrade refused: 403');
  });

  test('a user receives the events of the tasks they are assignee or candidate of, an admin all of them', async () => {
    const [kermit, fozzie, admin] = await Promise.all([
      connect('kermit'),
      connect('fozzie'),
      connect('admin'),
    ]);
    await subscribe(kermit, { tasks: 'mine' });
    await subscribe(fozzie, { tasks: 'mine' });
    await subscribe(admin, { tasks: true });

    // Candidate group sales: fozzie's. Then candidate user kermit.
    const forSales = await startInstance('httpOneTask');
    const forKermit = await startInstance('potentialOwner');
    const salesTask = await fozzie.next(ofType('task:created', 'processInstanceId', forSales.id));
    const kermitTask = await kermit.next(ofType('task:created', 'processInstanceId', forKermit.id));
    await admin.next(ofType('task:created', 'processInstanceId', forSales.id));
    await admin.next(ofType('task:created', 'processInstanceId', forKermit.id));
    expect(salesTask).toMatchObject({ type: 'task:created', data: { name: 'Approve order' } });
    expect(typeof salesTask.id).toBe('number');
    expect(Number(kermitTask.id)).toBeGreaterThan(Number(salesTask.id));

    // Later events of a task carry no candidates; the audience is remembered from its creation.
    const salesTaskId = (salesTask.data as { taskId: string }).taskId;
    await running.node.engine.completeTask(salesTaskId);
    await fozzie.next(ofType('task:completed', 'taskId', salesTaskId));
    await admin.next(ofType('task:completed', 'taskId', salesTaskId));

    // Events arrive in id order, so once kermit has a later event, the earlier ones are decided.
    const kermitTaskId = (kermitTask.data as { taskId: string }).taskId;
    await running.node.engine.completeTask(kermitTaskId);
    await kermit.next(ofType('task:completed', 'taskId', kermitTaskId));
    const instanceIds = (client: EventClient) =>
      client.messages.flatMap((m) =>
        'id' in m ? [(m.data as { processInstanceId: string }).processInstanceId] : [],
      );
    expect(new Set(instanceIds(kermit))).toEqual(new Set([forKermit.id]));
    expect(instanceIds(fozzie)).not.toContain(forKermit.id);
  });

  test('process instance events go to the clients subscribed to that instance', async () => {
    const watcher = await connect('kermit');
    // kermit started the one he watches: a user may watch only instances they may see
    const watched = await running.node.engine.startProcessInstanceByKey('httpOneTask', {
      startUserId: 'kermit',
    });
    const other = await startInstance('httpOneTask');
    await subscribe(watcher, { processInstances: [watched.id] });

    // The other instance ends first: had its events been sent, they would come before these.
    for (const instance of [other, watched]) {
      const tasks = await running.node.db.query<{ id: string }>(
        'SELECT id FROM weir_task WHERE process_instance_id = $1',
        [instance.id],
      );
      await running.node.engine.completeTask(tasks.rows[0].id);
    }
    await watcher.next(ofType('instance:ended', 'processInstanceId', watched.id));
    // Task events follow the task's audience, not the instance subscription: kermit is not in it.
    const seen = watcher.messages.filter((m) => 'id' in m);
    expect(seen.map((m) => (m.data as { processInstanceId: string }).processInstanceId)).not.toContain(
      other.id,
    );
    expect(seen.map((m) => m.type)).not.toContain('task:completed');
  });

  test('a user cannot watch an instance they may not see: refused whole, and none of its events arrive', async () => {
    const kermit = await connect('kermit');
    const own = await running.node.engine.startProcessInstanceByKey('httpOneTask', { startUserId: 'kermit' });
    const others = await running.node.engine.startProcessInstanceByKey('httpOneTask', {
      startUserId: 'fozzie',
    });
    kermit.send({ subscribe: { processInstances: [own.id, others.id] } });
    const refused = await kermit.next((m) => 'error' in m);
    expect(JSON.stringify(refused)).toContain(`Could not find a process instance with id '${others.id}'`);
    // fozzie's instance waits in a task of the sales group, which kermit is not in.
    // Nothing of the refused request was subscribed, not even the visible one
    const described = await subscribe(kermit, {});
    expect(described.subscribed).toMatchObject({ processInstances: [] });
    const admin = await connect('admin');
    await subscribe(admin, { processInstances: [others.id] });
    const task = await running.node.db.query<{ id: string }>(
      'SELECT id FROM weir_task WHERE process_instance_id = $1',
      [others.id],
    );
    await running.node.engine.completeTask(task.rows[0].id);
    await admin.next(ofType('instance:ended', 'processInstanceId', others.id));
    expect(kermit.messages.filter((m) => 'id' in m && JSON.stringify(m).includes(others.id))).toEqual([]);
  });

  test('all tasks need access-admin; a bad message gets an error and the connection stays', async () => {
    const kermit = await connect('kermit');
    kermit.send({ subscribe: { tasks: true } });
    const refused = await kermit.next((m) => 'error' in m);
    expect(JSON.stringify(refused)).toContain('access-admin');
    kermit.send({ listen: 'everything' });
    await kermit.next((m) => 'error' in m && JSON.stringify(m).includes("Unknown field 'listen'"));
    kermit.socket.send('not json');
    await kermit.next((m) => 'error' in m && JSON.stringify(m).includes('JSON object'));
    expect((await subscribe(kermit, { tasks: 'mine' })).subscribed).toEqual({
      tasks: 'mine',
      processInstances: [],
      caseInstances: [],
    });
  });

  test('a client that reconnects with the last id it received gets every event it missed, in order', async () => {
    const first = await connect('admin');
    await subscribe(first, { tasks: true });
    const before = await startInstance('httpOneTask');
    const last = await first.next(ofType('task:created', 'processInstanceId', before.id));
    await first.close();

    const missed = [await startInstance('httpOneTask'), await startInstance('httpOneTask')];

    const second = await connect('admin');
    await subscribe(second, { tasks: true }, { resume: last.id });
    const resumed = await second.next((m) => 'resumed' in m);
    expect(resumed.resumed).toMatchObject({ after: last.id, complete: true });
    // The replay ends where the log was when it ran; what was logged later follows live.
    await second.next(ofType('task:created', 'processInstanceId', missed[1].id));
    const replayed = second.messages.filter((m) => 'id' in m);
    expect(replayed.map((m) => (m.data as { processInstanceId: string }).processInstanceId)).toEqual(
      missed.map((instance) => instance.id),
    );
    const ids = replayed.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // The same with ?since= on the URL, applied at the first subscribe.
    const third = await connect('admin', `?since=${String(last.id)}`);
    await subscribe(third, { tasks: true });
    await third.next((m) => 'resumed' in m);
    expect(third.messages.filter((m) => 'id' in m).map((m) => m.id)).toEqual(replayed.map((m) => m.id));
  });

  test('a resume from before the replay window says that events are missing', async () => {
    const client = await connect('admin');
    await subscribe(client, { tasks: true });
    const old = await startInstance('httpOneTask');
    const seen = await client.next(ofType('task:created', 'processInstanceId', old.id));
    await startInstance('httpOneTask');
    await sleep(REPLAY_WINDOW_MS + 500);
    client.send({ resume: seen.id });
    const resumed = await client.next((m) => 'resumed' in m);
    expect(resumed.resumed).toMatchObject({ replayed: 0, complete: false });
  });

  test('case events go to the users who may see the case and subscribed to it: started, plan item changes, completed', async () => {
    await deployCases(running.node.engine, {
      name: 'events-case',
      category: null,
      tenantId: '',
      resources: [{ name: 'review-case.cmmn', content: await readFile(caseFixture('review-case.cmmn')) }],
    });
    const admin = await connect('admin');
    const kermit = await connect('kermit');
    const fozzie = await connect('fozzie');
    const from = (admin.messages.find((m) => 'connected' in m)?.connected as { lastEventId: number })
      .lastEventId;
    const started = await startCase(running.node.engine, {
      caseDefinitionKey: 'reviewCase',
      startUserId: 'kermit',
    });
    // subscribed after the start: a resume from before it replays the case's first events
    await subscribe(admin, { caseInstances: [started.id] }, { resume: from });
    await admin.next(ofType('case:started', 'caseInstanceId', started.id));
    const draftActive = await admin.next(
      (m) =>
        ofType('planitem:changed', 'caseInstanceId', started.id)(m) &&
        (m.data as { elementId: string; state: string }).elementId === 'draftItem' &&
        (m.data as { state: string }).state === 'active',
    );
    expect(draftActive.data).toMatchObject({ transition: 'start', name: expect.anything() });

    // kermit started the case: he may watch it; fozzie has no part in it
    await subscribe(kermit, { caseInstances: [started.id] });
    fozzie.send({ subscribe: { caseInstances: [started.id] } });
    const refused = await fozzie.next((m) => 'error' in m);
    expect(JSON.stringify(refused)).toContain(`Could not find a case instance with id '${started.id}'`);

    // drive the case to its end: the draft and review tasks, then the variable the milestone waits for
    const taskOf = async () =>
      (
        await running.node.db.query<{ id: string }>(
          `SELECT id FROM weir_task WHERE scope_id = $1 AND scope_type = 'cmmn'`,
          [started.id],
        )
      ).rows[0].id;
    await running.node.engine.completeTask(await taskOf(), { variables: { approved: true } });
    await running.node.engine.completeTask(await taskOf());
    await admin.next(ofType('case:completed', 'caseInstanceId', started.id));
    const states = admin.messages
      .filter((m) => m.type === 'planitem:changed')
      .map((m) => `${(m.data as { elementId: string }).elementId}:${(m.data as { state: string }).state}`);
    expect(states).toContain('draftItem:completed');
    expect(states).toContain('reviewedItem:completed');
    await kermit.next(ofType('case:completed', 'caseInstanceId', started.id));
    expect(fozzie.messages.filter((m) => 'id' in m && JSON.stringify(m).includes(started.id))).toEqual([]);
  });
});

describe('/actuator/cluster', () => {
  test('lists the live nodes with heartbeat, version and the jobs they hold, for admins only', async () => {
    const base = `http://127.0.0.1:${running.port}`;
    const response = await call(`${base}/actuator/cluster`);
    expect(response.status).toBe(200);
    const body = response.json<{ total: number; nodes: Record<string, unknown>[] }>();
    expect(body.total).toBe(1);
    expect(body.nodes[0]).toMatchObject({
      id: running.node.id,
      self: true,
      version: running.node.version,
      port: running.port,
      jobsHeld: 0,
    });
    expect(body.nodes[0].heartbeatAgeMs).toBeGreaterThanOrEqual(0);
    expect((await call(`${base}/actuator/cluster`, { as: 'kermit' })).status).toBe(403);
    expect((await call(`${base}/actuator/cluster`, { as: null })).status).toBe(401);
  });
});
