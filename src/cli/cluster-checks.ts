/**
 * What `weir cluster` checks so that "the cluster is up" is true: before starting, that every
 * port it will use is free (a node of an earlier cluster still on server.port+1 would answer
 * the health check in place of ours, and nginx would proxy to it); after starting nginx, that
 * health answers through nginx, as a user's request would travel.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const isFree = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });

/** The ports of `ports` that something already listens on at `host`. */
export const portsInUse = async (host: string, ports: readonly number[]): Promise<number[]> => {
  const free = await Promise.all(ports.map((port) => isFree(host, port)));
  return ports.filter((_, i) => !free[i]);
};

/** One health probe over HTTPS, trusting only the cluster's own certificate. */
const httpsStatus = (url: string, ca: Buffer) =>
  new Promise<number>((resolve, reject) => {
    const call = request(url, { ca, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    call.once('timeout', () => call.destroy(new Error('no answer within 2 s')));
    call.once('error', reject);
    call.end();
  });

/**
 * Wait until `${front}/actuator/health` answers 200 through nginx. nginx accepts connections
 * before its workers reach the upstreams, so a few tries are normal; the last failure is
 * thrown after `timeoutMs`.
 */
export const waitForHealthThrough = async (
  front: string,
  certificate: string | undefined,
  timeoutMs = 10_000,
): Promise<void> => {
  const url = `${front}/actuator/health`;
  const ca = certificate ? await readFile(certificate) : undefined;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const status = ca ? await httpsStatus(url, ca) : (await fetch(url)).status;
      if (status === 200) return;
      last = `status ${status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`health through nginx at ${url} did not answer 200 within ${timeoutMs / 1000} s (${last})`);
};
