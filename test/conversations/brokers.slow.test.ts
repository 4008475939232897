/**
 * Conversations across two Weir nodes relayed through real STOMP brokers (docs/cluster.md, "A
 * message broker"): three ActiveMQ brokers in a network, and RabbitMQ's STOMP plugin. A client
 * on node A receives in order what a client on node B sends; the broker node A uses goes away
 * and node A moves to the next address while delivery goes on; a client that was disconnected
 * meanwhile catches up with every message it missed, none twice.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningNode } from '../../src/node.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { clonePostgresDatabase, type ScratchDatabase } from '../helpers/database.ts';
import { addUsers, basic } from '../cluster/harness.ts';
import { startWeirNode } from './weir-node.ts';
import { RABBITMQ_USER, startActiveMqNetwork, startRabbitMq } from './brokers.ts';
import { connectStomp, type TestStomp } from './stomp-client.ts';

const C = '/conversation-api/conversations';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

const startWeir = async (
  database: ScratchDatabase,
  brokerAddresses: readonly string[],
  extraFlags: readonly string[] = [],
): Promise<RunningNode> => {
  const node = await startWeirNode(database, [
    `--flowable.websocket.stomp-broker-addresses=${brokerAddresses.join(',')}`,
    ...extraFlags,
  ]);
  cleanups.push(() => node.stop());
  return node.running;
};

const rest = async (node: RunningNode, method: string, path: string, as: string, body?: unknown) => {
  const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
    method,
    headers: { authorization: basic(as), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

type Relay = { kind: string; connected: boolean; address?: string };
const relayOf = (node: RunningNode) =>
  rest(node, 'GET', '/conversation-api/management/relay', 'admin') as Promise<Relay>;

/** Poll (bounded) until the node's relay is connected to a broker other than `not`. */
const connectedElsewhere = async (node: RunningNode, not?: string): Promise<Relay> => {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const relay = await relayOf(node);
    if (relay.connected && relay.address !== not) return relay;
    if (Date.now() > deadline)
      throw new Error(`node ${node.node.id} did not connect: ${JSON.stringify(relay)}`);
    await sleep(200);
  }
};

const stompUrl = (node: RunningNode) => `ws://127.0.0.1:${node.port}/stomp`;

/** Every message id of the conversation, oldest first, as REST has them. */
const historyIds = async (node: RunningNode, id: string): Promise<number[]> => {
  const page = await rest(node, 'GET', `${C}/${id}/messages?size=1000&sort=id&order=asc`, 'kermit');
  return (page.data as { id: number }[]).map((m) => m.id);
};

/**
 * The scenario, for any broker set: `addressesA` and `addressesB` are the nodes' broker lists
 * (node A starts on the first of its list), `dropFirstOfA` makes the broker (or the address)
 * node A uses go away.
 */
const relayScenario = async (
  addressesA: readonly string[],
  addressesB: readonly string[],
  dropFirstOfA: () => Promise<void>,
  flagsA: readonly string[] = [],
) => {
  const database = await clonePostgresDatabase();
  cleanups.push(() => database.drop());
  const a = await startWeir(database, addressesA, flagsA);
  const b = await startWeir(database, addressesB);
  await addUsers(a.node.db);
  expect((await connectedElsewhere(a)).address).toBe(addressesA[0]);
  await connectedElsewhere(b);

  const conversation = await rest(b, 'POST', C, 'fozzie', {
    name: 'Relay',
    participants: [{ userId: 'kermit' }],
  });
  const id = conversation.id as string;
  const clients: TestStomp[] = [];
  cleanups.push(() => Promise.all(clients.map((c) => c.close())));
  const onA = async () => {
    const client = await connectStomp(stompUrl(a), { login: 'kermit', passcode: 'kermit-secret' });
    clients.push(client);
    return client;
  };
  const kermit = await onA();
  const later = await onA();
  const fozzie = await connectStomp(stompUrl(b), { login: 'fozzie', passcode: 'fozzie-secret' });
  clients.push(fozzie);
  await kermit.subscribe(id, 0);
  await later.subscribe(id, 0);

  // the brokers' network bridges come up a moment after the brokers: send until one arrives
  for (let n = 1; (kermit.received.get(id) ?? []).length === 0; n++) {
    if (n > 60) throw new Error('no message crossed the brokers within a minute');
    await fozzie.send(id, `warm-up ${n}`);
    await sleep(1_000);
  }

  for (let n = 1; n <= 10; n++) await fozzie.send(id, `before ${n}`);
  let ids = await historyIds(a, id);
  expect((await kermit.waitFor(id, ids.length)).map((m) => m.id)).toEqual(ids);
  expect((await later.waitFor(id, ids.length)).map((m) => m.id)).toEqual(ids);
  const seenByLater = ids[ids.length - 1];
  await later.close();

  await dropFirstOfA();
  const moved = await connectedElsewhere(a, addressesA[0]);
  expect(moved.address).toBe(addressesA[1]);

  for (let n = 1; n <= 10; n++) await fozzie.send(id, `after ${n}`);
  ids = await historyIds(a, id);
  const received = await kermit.waitFor(id, ids.length);
  expect(received.map((m) => m.id)).toEqual(ids);
  expect(received.slice(-10).map((m) => m.text)).toEqual(
    Array.from({ length: 10 }, (_, n) => `after ${n + 1}`),
  );

  // the client that left comes back (to node A) and catches up from its last id
  const back = await onA();
  await back.subscribe(id, seenByLater);
  const missed = ids.filter((messageId) => messageId > seenByLater);
  expect((await back.waitFor(id, missed.length)).map((m) => m.id)).toEqual(missed);
  await fozzie.send(id, 'last');
  const all = await historyIds(a, id);
  expect((await back.waitFor(id, missed.length + 1)).map((m) => m.id)).toEqual(
    all.filter((m) => m > seenByLater),
  );
  expect((await kermit.waitFor(id, all.length)).map((m) => m.id)).toEqual(all);
};

describe('conversations relayed through STOMP brokers', () => {
  it('three ActiveMQ brokers: node A loses its broker, moves to the next, and nothing is lost or doubled', async () => {
    const network = await startActiveMqNetwork(3);
    cleanups.push(() => network.stop());
    const [mq1, mq2, mq3] = network.brokers;
    await relayScenario(
      [mq1.stompAddress, mq2.stompAddress, mq3.stompAddress],
      [mq2.stompAddress, mq3.stompAddress, mq1.stompAddress],
      () => mq1.stop(),
    );
  }, 300_000);

  it("RabbitMQ's STOMP plugin: node A's address goes away, it moves to the next, nothing is lost or doubled", async () => {
    const rabbit = await startRabbitMq();
    cleanups.push(() => rabbit.remove());
    // Node A reaches RabbitMQ first through an address that can be cut (one RabbitMQ, two ways
    // to it), then directly; node B directly.
    const port = Number(rabbit.stompAddress.split(':')[1]);
    const proxy: TcpProxy = await startTcpProxy(port);
    cleanups.push(() => proxy.close());
    // node A logs in as a RabbitMQ user of its own; node B as the STOMP plugin's default user
    await relayScenario(
      [`127.0.0.1:${proxy.port}`, rabbit.stompAddress],
      [rabbit.stompAddress],
      async () => proxy.cut(),
      [
        `--spring.activemq.user=${RABBITMQ_USER.login}`,
        `--spring.activemq.password=${RABBITMQ_USER.passcode}`,
      ],
    );
  }, 300_000);
});
