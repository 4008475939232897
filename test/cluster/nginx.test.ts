/**
 * Two real nodes on one PostgreSQL behind real nginx, configured from the shipped
 * deploy/nginx/weir-http.conf and weir-https.conf. The tests share the cluster and run in
 * order; the last one stops a node.
 *
 * nginx balances round-robin as shipped (no sticky sessions) and runs one worker here, so one
 * client's consecutive requests reach the two nodes in turn. For the test only, every answer
 * names the node that gave it (`X-Upstream`).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, startNodeProcess } from '../helpers/node-process.ts';
import type { NodeProcess } from '../helpers/node-process.ts';
import {
  ADMIN_FLAGS,
  addUsers,
  call,
  connectEvents,
  fixture,
  passwordOf,
  startTestNginx,
} from './harness.ts';
import type { CallResult, EventClient, TestNginx } from './harness.ts';

type RunningProcess = NodeProcess & { readonly url: string; readonly port: number; readonly nodeId: string };

let database: ScratchDatabase;
let folder: ScratchFolder;
let db: Database;
let nodes: RunningProcess[];
let plain: TestNginx;
let secure: TestNginx;
let front: string;
let secureFront: string;
const clients: EventClient[] = [];

/** The node that answered through the plain nginx (the last upstream nginx tried). */
const nodeOf = (response: CallResult): string => {
  const upstream =
    String(response.headers['x-upstream'] ?? '')
      .split(', ')
      .pop() ?? '';
  const node = nodes.find((n) => upstream === `127.0.0.1:${n.port}`);
  if (!node) throw new Error(`no node behind X-Upstream '${upstream}'`);
  return node.nodeId;
};

const startInstance = async (base: string, ca?: Buffer) => {
  const response = await call(`${base}/process-api/runtime/process-instances`, {
    body: { processDefinitionKey: 'httpOneTask' },
    ca,
  });
  if (response.status !== 201) throw new Error(`start failed: ${response.status} ${response.text}`);
  return response.json<{ id: string; url: string }>();
};

beforeAll(async () => {
  database = await clonePostgresDatabase();
  db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  await addUsers(db);
  folder = await createTempFolder('weir-nginx-cluster-');
  await mkdir(join(folder.path, 'processes'));
  await copyFile(fixture('http-one-task.bpmn20.xml'), join(folder.path, 'processes', 'one-task.bpmn20.xml'));
  const args = [
    `--database.url=${database.url}`,
    `--flowable.auto-deployment.path=${join(folder.path, 'processes')}`,
    '--flowable.auto-deployment.use-lock=true',
    ...ADMIN_FLAGS,
  ];
  nodes = await Promise.all([startNodeProcess({ args }), startNodeProcess({ args })]);
  [plain, secure] = await Promise.all([
    startTestNginx(
      'http',
      nodes.map((node) => node.port),
      { revealUpstream: true },
    ),
    startTestNginx(
      'https',
      nodes.map((node) => node.port),
    ),
  ]);
  front = `http://127.0.0.1:${plain.httpPort}`;
  secureFront = `https://localhost:${secure.httpsPort}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([plain?.stop(), secure?.stop()]);
  await cleanUpNodeProcesses();
  await db?.close();
  await database?.drop();
  await folder?.remove();
});

describe('through nginx (weir-http.conf)', () => {
  test(
    "one client's consecutive requests reach both nodes in turn; an instance started on one is completed on the other; URLs name nginx",
    async () => {
      const infos = [];
      for (let n = 0; n < 4; n++) infos.push(await call(`${front}/actuator/info`, { as: null }));
      const servedBy = infos.map((info) => info.json<{ nodeId: string }>().nodeId);
      expect(infos.map(nodeOf)).toEqual(servedBy);
      expect(new Set(servedBy)).toEqual(new Set(nodes.map((node) => node.nodeId)));
      for (let n = 1; n < servedBy.length; n++) expect(servedBy[n]).not.toBe(servedBy[n - 1]);

      const started = await call(`${front}/process-api/runtime/process-instances`, {
        body: { processDefinitionKey: 'httpOneTask' },
      });
      expect(started.status).toBe(201);
      const instance = started.json<{ id: string; url: string }>();
      expect(instance.url).toBe(`${front}/process-api/runtime/process-instances/${instance.id}`);

      const tasks = await call(`${front}/process-api/runtime/tasks?processInstanceId=${instance.id}`);
      expect(tasks.status).toBe(200);
      expect(nodeOf(tasks)).not.toBe(nodeOf(started));
      const [task] = tasks.json<{ data: { id: string; url: string }[] }>().data;
      expect(task.url).toBe(`${front}/process-api/runtime/tasks/${task.id}`);
      const completed = await call(`${front}/process-api/runtime/tasks/${task.id}`, {
        body: { action: 'complete' },
      });
      expect(completed.status).toBeLessThan(300);
      expect(nodeOf(completed)).toBe(nodeOf(started));

      const history = await call(`${front}/process-api/history/historic-process-instances/${instance.id}`);
      expect(nodeOf(history)).toBe(nodeOf(tasks));
      expect(history.json()).toMatchObject({ id: instance.id, endTime: expect.any(String) });
    },
    PROCESS_TEST_TIMEOUT,
  );

  test(
    'one browser session across both nodes: the session, CSRF-checked writes, long polling and sign-out work whichever node each request reaches',
    async () => {
      const login = await call(`${front}/auth/login`, {
        as: null,
        body: { username: 'kermit', password: passwordOf('kermit') },
      });
      expect(login.status).toBe(200);
      const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0];
      const { csrfToken } = login.json<{ csrfToken: string }>();
      const served = [nodeOf(login)];
      const asBrowser = async (path: string, options: { body?: unknown; csrf?: boolean } = {}) => {
        const response = await call(`${front}${path}`, {
          as: null,
          body: options.body,
          headers: { cookie, ...(options.csrf ? { 'x-csrf-token': csrfToken } : {}) },
        });
        served.push(nodeOf(response));
        return response;
      };

      for (let n = 0; n < 2; n++) {
        const session = await asBrowser('/auth/session');
        expect(session.status).toBe(200);
        expect(session.json()).toMatchObject({ userId: 'kermit', csrfToken });
      }
      // a write with the cookie needs the page's token, on either node
      const start = { processDefinitionKey: 'httpOneTask', businessKey: 'browser' };
      for (let n = 0; n < 2; n++) {
        const refused = await asBrowser('/process-api/runtime/process-instances', { body: start });
        expect(refused.status).toBe(403);
        expect(refused.json<{ exception: string }>().exception).toMatch(/X-CSRF-Token/);
      }
      for (let n = 0; n < 2; n++) {
        const accepted = await asBrowser('/process-api/runtime/process-instances', {
          body: start,
          csrf: true,
        });
        expect(accepted.status).toBe(201);
        expect(accepted.json()).toMatchObject({ startUserId: 'kermit' });
      }

      // long polling: kermit's poll waits on one node, fozzie's message is posted on the other
      const created = await asBrowser('/conversation-api/conversations', {
        body: { participants: [{ userId: 'fozzie' }] },
        csrf: true,
      });
      expect(created.status).toBe(201);
      const id = created.json<{ id: string }>().id;
      const poll = asBrowser(`/conversation-api/conversations/${id}/messages/poll?after=0&wait=20`);
      await sleep(500);
      const posted = await call(`${front}/conversation-api/conversations/${id}/messages`, {
        as: 'fozzie',
        body: { text: 'Kermit, any node will do' },
      });
      expect(posted.status).toBe(201);
      const answer = await poll;
      expect(answer.status).toBe(200);
      expect(answer.json<{ data: { text: string }[] }>().data.map((m) => m.text)).toEqual([
        'Kermit, any node will do',
      ]);
      expect(nodeOf(answer)).not.toBe(nodeOf(posted));

      // signing out on one node ends the session on both
      const out = await asBrowser('/auth/logout', { body: {}, csrf: true });
      expect(out.status).toBe(204);
      for (let n = 0; n < 2; n++) expect((await asBrowser('/auth/session')).status).toBe(401);
      expect(new Set(served)).toEqual(new Set(nodes.map((node) => node.nodeId)));
    },
    PROCESS_TEST_TIMEOUT,
  );

  test(
    'the event stream upgrades through nginx over ws:// and wss://, and a client on one node sees within a second the task created on the other',
    async () => {
      const overWs = await connectEvents(`ws://127.0.0.1:${plain.httpPort}/events`, { as: 'fozzie' });
      clients.push(overWs);
      const nodeOfClient = async (client: EventClient) => {
        const connected = await client.next((m) => 'connected' in m);
        expect(connected.connected).toMatchObject({ userId: 'fozzie' });
        return (connected.connected as { nodeId: string }).nodeId;
      };
      const wsNode = await nodeOfClient(overWs);
      // round-robin: the next upgrade reaches the other node; until the wss client is on the
      // same node as the ws one
      let overWss: EventClient;
      for (let attempt = 1; ; attempt++) {
        overWss = await connectEvents(`wss://localhost:${secure.httpsPort}/events`, {
          as: 'fozzie',
          ca: secure.ca,
        });
        clients.push(overWss);
        if ((await nodeOfClient(overWss)) === wsNode) break;
        if (attempt === 3) throw new Error('the wss upgrades never reached the ws client node');
      }
      for (const client of [overWs, overWss]) {
        client.send({ subscribe: { tasks: 'mine' } });
        await client.next((m) => 'subscribed' in m);
      }

      // Started on the other node; fozzie's candidate group (sales) gets the task; wsNode pushes it.
      const other = nodes.find((node) => node.nodeId !== wsNode)!;
      const instance = await startInstance(other.url);
      const sent = Date.now();
      const isOurTask = (m: Record<string, unknown>) =>
        m.type === 'task:created' &&
        (m.data as { processInstanceId: string }).processInstanceId === instance.id;
      const [viaWs, viaWss] = await Promise.all([
        overWs.next(isOurTask, 1_000),
        overWss.next(isOurTask, 1_000),
      ]);
      expect(Date.now() - sent).toBeLessThan(1_000);
      expect(viaWs).toMatchObject({ type: 'task:created', data: { name: 'Approve order' } });
      expect(viaWss.id).toBe(viaWs.id);
    },
    PROCESS_TEST_TIMEOUT,
  );
});

describe('through nginx (weir-https.conf)', () => {
  test('plain HTTP redirects to HTTPS', async () => {
    const response = await call(
      `http://127.0.0.1:${secure.httpPort}/process-api/repository/deployments?size=1`,
    );
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(
      `https://127.0.0.1:${secure.httpsPort}/process-api/repository/deployments?size=1`,
    );
  });

  test('TLS 1.1 is refused by the server; TLS 1.2 and 1.3 are accepted', async () => {
    const handshake = (options: {
      minVersion?: 'TLSv1';
      maxVersion?: 'TLSv1.1' | 'TLSv1.2';
      ciphers?: string;
    }) =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: secure.httpsPort, ca: secure.ca, ...options });
        socket.once('secureConnect', () => {
          resolve(socket.getProtocol() ?? '');
          socket.end();
        });
        socket.once('error', reject);
      });
    // The client offers TLS 1.1 for real (OpenSSL 3 needs security level 0 for it); the
    // server's protocol_version alert is the refusal.
    await expect(
      handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    ).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    expect(await handshake({ maxVersion: 'TLSv1.2' })).toBe('TLSv1.2');
    expect(await handshake({})).toBe('TLSv1.3');
  });

  test('the REST API works over https:// with the self-signed certificate trusted, and its URLs are https://', async () => {
    const instance = await startInstance(secureFront, secure.ca);
    expect(instance.url).toBe(`${secureFront}/process-api/runtime/process-instances/${instance.id}`);
    const definitions = await call(`${secureFront}/process-api/repository/process-definitions`, {
      ca: secure.ca,
    });
    expect(definitions.status).toBe(200);
    expect(definitions.json<{ data: { url: string }[] }>().data[0].url).toMatch(
      new RegExp(`^${secureFront}/process-api/repository/process-definitions/`),
    );
    expect(definitions.headers['strict-transport-security']).toBeDefined();
    // Not trusted, the same certificate is refused by the client.
    await expect(call(`${secureFront}/actuator/health`, { as: null })).rejects.toThrow(/self-signed/);
  });
});

describe('failover', () => {
  test(
    'stopping a node while a client keeps calling: nginx moves the calls to the other node, nothing fails after the switch-over, nothing is lost',
    async () => {
      // Calls go to both nodes in turn until one stops; then all to the other.
      const [victim, survivor] = nodes;

      interface Outcome {
        readonly at: number;
        readonly ok: boolean;
        readonly detail: string;
        readonly instanceId?: string;
        readonly nodeId?: string;
      }
      const outcomes: Outcome[] = [];
      let stopping: Promise<unknown> | undefined;
      let stoppedAt = 0;
      for (let i = 0; i < 200; i++) {
        if (i === 60) {
          stoppedAt = Date.now();
          stopping = victim.stop('SIGTERM');
        }
        const at = Date.now();
        try {
          if (i % 2 === 0) {
            const response = await call(`${front}/process-api/runtime/process-instances`, {
              body: { processDefinitionKey: 'httpOneTask', businessKey: `failover-${i}` },
            });
            const ok = response.status === 201;
            const instanceId = ok ? response.json<{ id: string }>().id : undefined;
            outcomes.push({ at, ok, detail: `${response.status} ${ok ? '' : response.text}`, instanceId });
          } else {
            const response = await call(`${front}/actuator/info`, { as: null });
            const ok = response.status === 200;
            const nodeId = ok ? response.json<{ nodeId: string }>().nodeId : undefined;
            outcomes.push({ at, ok, detail: `${response.status}`, nodeId });
          }
        } catch (error) {
          outcomes.push({ at, ok: false, detail: error instanceof Error ? error.message : String(error) });
        }
        await sleep(10);
      }
      expect((await stopping) as { code: number }).toMatchObject({ code: 0 });

      // A request that reaches the node in the very instant it stops listening can be reset
      // (nginx answers 502 then, and does not pass a POST on, since it may have run): at most
      // the one this client had in flight. Every later request is served by the other node.
      const failures = outcomes.filter((outcome) => !outcome.ok);
      expect(failures.length, JSON.stringify(failures)).toBeLessThanOrEqual(1);
      for (const failure of failures) expect(failure.at - stoppedAt).toBeLessThan(1_000);
      const servedBy = outcomes.filter((o) => o.nodeId && o.at > stoppedAt + 1_000).map((o) => o.nodeId);
      expect(servedBy.length).toBeGreaterThan(20);
      expect(new Set(servedBy)).toEqual(new Set([survivor?.nodeId]));

      // Every start that answered 201 is an instance in the database, and none was made twice.
      const started = outcomes.flatMap((outcome) => (outcome.instanceId ? [outcome.instanceId] : []));
      expect(started.length).toBeGreaterThanOrEqual(99);
      const { rows } = await db.query<{ id: string; businessKey: string }>(
        `SELECT id, business_key AS "businessKey" FROM weir_process_instance WHERE business_key LIKE 'failover-%'`,
      );
      expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(started));
      expect(new Set(rows.map((row) => row.businessKey)).size).toBe(rows.length);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
