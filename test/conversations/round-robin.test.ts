/**
 * No sticky session for conversations: nginx balances two nodes round-robin (the shipped
 * config as it is), a WebSocket (STOMP) client stays on the node it reached, and a
 * long-polling client's requests land on either node in turn. They talk to each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNginxConfig } from '../../src/cluster/nginx-config.ts';
import { findNginx, startNginx, type NginxProcess } from '../../src/cluster/nginx-process.ts';
import type { RunningNode } from '../../src/node.ts';
import {
  clonePostgresDatabase,
  createTempFolder,
  type ScratchDatabase,
  type ScratchFolder,
} from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';
import { PROCESS_TEST_TIMEOUT } from '../helpers/node-process.ts';
import { addUsers, basic } from '../cluster/harness.ts';
import { startWeirNode } from './weir-node.ts';
import { rawStomp } from './stomp-client.ts';

const C = '/conversation-api/conversations';
let database: ScratchDatabase;
const folders: ScratchFolder[] = [];
const nodes: RunningNode[] = [];
const stops: (() => Promise<void>)[] = [];
let nginx: NginxProcess;
let base: string;

const startWeir = async () => {
  const node = await startWeirNode(database);
  stops.push(() => node.stop());
  nodes.push(node.running);
};

beforeAll(async () => {
  database = await clonePostgresDatabase();
  await startWeir();
  await startWeir();
  await addUsers(nodes[0].node.db);
  const prefix = await createTempFolder('weir-conv-nginx-');
  folders.push(prefix);
  const httpPort = await freePort();
  const shipped = renderNginxConfig({
    template: 'http',
    prefix: prefix.path,
    address: '127.0.0.1',
    httpPort,
    upstreams: nodes.map((n) => `127.0.0.1:${n.port}`),
  });
  // round-robin, as shipped; and, for this test only, the node that answered each request in
  // a header
  expect(shipped).not.toMatch(/ip_hash|hash |sticky/);
  const config = shipped.replace(
    '    location / {',
    '    add_header X-Upstream $upstream_addr always;\n\n    location / {',
  );
  nginx = await startNginx({ binary: findNginx()!, prefix: prefix.path, config, ports: [httpPort] });
  base = `127.0.0.1:${httpPort}`;
}, PROCESS_TEST_TIMEOUT);

afterAll(async () => {
  await nginx?.stop();
  for (const stop of stops) await stop();
  await database?.drop();
  for (const folder of folders) await folder.remove();
});

interface Answer {
  status: number;
  upstream: string | null;
  json: Record<string, unknown>;
}

const viaNginx = async (method: string, path: string, as: string, body?: unknown): Promise<Answer> => {
  const response = await fetch(`http://${base}${path}`, {
    method,
    headers: { authorization: basic(as), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    upstream: response.headers.get('x-upstream'),
    json: (await response.json()) as Record<string, unknown>,
  };
};

describe('conversations behind round-robin nginx', () => {
  it(
    'a long-polling client and a STOMP client on another node talk to each other',
    async () => {
      const created = await viaNginx('POST', C, 'kermit', { participants: [{ userId: 'fozzie' }] });
      expect(created.status).toBe(201);
      const id = created.json.id as string;

      const stomp = await rawStomp(`ws://${base}/stomp`, { authorization: basic('kermit') });
      stomp.send('CONNECT', { 'accept-version': '1.2' });
      const connected = await stomp.next();
      expect(connected.command).toBe('CONNECTED');
      const stompNode = nodes.find((n) => n.node.id === connected.headers.node)!;
      expect(stompNode).toBeDefined();
      stomp.send('SUBSCRIBE', { id: 's', destination: `/topic/conversations.${id}`, receipt: 'sub' });
      expect((await stomp.next()).headers['receipt-id']).toBe('sub');

      // fozzie polls through nginx, answered by either node in turn; kermit sends over STOMP
      let after = 0;
      const answeredBy = new Set<string>();
      const texts: string[] = [];
      for (let round = 1; round <= 4; round++) {
        const poll = viaNginx('GET', `${C}/${id}/messages/poll?after=${after}&wait=25`, 'fozzie');
        stomp.send('SEND', { destination: `/topic/conversations.${id}` }, `from kermit ${round}`);
        const answer = await poll;
        expect(answer.status).toBe(200);
        answeredBy.add(answer.upstream!);
        for (const message of answer.json.data as { text: string }[]) texts.push(message.text);
        after = answer.json.lastMessageId as number;
      }
      // a poll may return one message or several; together they are all of kermit's, in order
      while (texts.length < 4) {
        const answer = await viaNginx('GET', `${C}/${id}/messages/poll?after=${after}&wait=25`, 'fozzie');
        for (const message of answer.json.data as { text: string }[]) texts.push(message.text);
        after = answer.json.lastMessageId as number;
      }
      expect(texts).toEqual(['from kermit 1', 'from kermit 2', 'from kermit 3', 'from kermit 4']);
      // both nodes answered polls, so at least one poll was on the node kermit is not connected to
      expect(answeredBy).toEqual(new Set(nodes.map((n) => `127.0.0.1:${n.port}`)));

      // and the other way: fozzie posts through nginx (to whichever node), kermit receives live
      const posted = [];
      for (let n = 1; n <= 4; n++) {
        const answer = await viaNginx('POST', `${C}/${id}/messages`, 'fozzie', { text: `from fozzie ${n}` });
        expect(answer.status).toBe(201);
        posted.push(answer);
      }
      expect(new Set(posted.map((p) => p.upstream)).size).toBe(2);
      const received: string[] = [];
      while (received.length < 8) {
        const frame = await stomp.next();
        expect(frame.command).toBe('MESSAGE');
        received.push((JSON.parse(frame.body) as { text: string }).text);
      }
      expect(received).toEqual([...texts, ...Array.from({ length: 4 }, (_, n) => `from fozzie ${n + 1}`)]);
      stomp.close();
    },
    PROCESS_TEST_TIMEOUT,
  );
});
