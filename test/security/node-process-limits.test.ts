/**
 * The limits hold in a real `weir start` process, configured through the registry: a 1 GB
 * upload is refused quickly while the node's own resident memory stays flat and health keeps
 * answering, and a slow client is cut off at the configured headers timeout.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic } from '../http/harness.ts';
import { cleanUpNodeProcesses, PROCESS_TEST_TIMEOUT, startNodeProcess } from '../helpers/node-process.ts';
import { slowClient, uploadGigabyte } from './misbehaving-clients.ts';

const MB = 1024 * 1024;

let node: Awaited<ReturnType<typeof startNodeProcess>>;

/** Resident memory of the node process, read from the kernel. */
const nodeRss = (): number => {
  const status = readFileSync(`/proc/${node.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
};

beforeAll(async () => {
  node = await startNodeProcess({
    args: [
      '--flowable.rest.app.admin.user-id=admin',
      '--flowable.rest.app.admin.password=admin-secret',
      '--server.headers-timeout=PT1S',
      '--server.request-timeout=PT3S',
    ],
  });
}, PROCESS_TEST_TIMEOUT);
afterAll(cleanUpNodeProcesses);

describe('a node process', () => {
  it(
    'refuses a 1 GB upload after reading about 10 MB, with its memory flat, and stays healthy',
    async () => {
      // verify the password once first: scrypt's time is not what this test is about
      const login = await fetch(`${node.url}/process-api/repository/deployments`, {
        headers: { authorization: basic('admin') },
      });
      expect(login.status).toBe(200);
      const outcome = await uploadGigabyte(node.port, basic('admin'), nodeRss);
      expect(outcome.status).toBe(413);
      // ~200 ms on an idle machine; the bound leaves room for a loaded one (the whole suite on
      // two cores took 1.7 s). The proof that reading stopped is the byte count below.
      expect(outcome.answeredAfterMs).toBeLessThan(3000);
      expect(outcome.bytesSent).toBeLessThan(100 * MB);
      expect(outcome.maxRssGrowth).toBeLessThan(100 * MB);
      const started = performance.now();
      expect((await fetch(`${node.url}/actuator/health`)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
    },
    PROCESS_TEST_TIMEOUT,
  );

  it(
    'cuts off a client that trickles its headers, at server.headers-timeout',
    async () => {
      const { closedAfterMs, answer } = await slowClient(
        node.port,
        'GET /actuator/health HTTP/1.1\r\nHost: x\r\n',
        `X-Slow: ${'a'.repeat(600)}\r\n\r\n`,
      );
      expect(answer).toContain('408');
      expect(closedAfterMs).toBeLessThan(4000);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
