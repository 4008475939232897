/**
 * Limits against slow clients, long-held job locks and password guessing; each configurable
 * through the registry, with the defaults the HTTP layer falls back on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { defaultHttpLimits } from '../../src/http/hardening/limits.ts';
import { basic, createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { slowClient } from './misbehaving-clients.ts';

let h: HttpHarness;
let port: number;

beforeAll(async () => {
  h = await createHttpHarness({
    limits: {
      headersTimeout: 1000,
      requestTimeout: 2000,
      maxLoginFailuresPerUser: 3,
      maxLoginFailuresPerAddress: 8,
    },
  });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as { port: number }).port;
});
afterAll(() => h.close());

describe('slow clients', () => {
  it('are cut off when the headers take longer than server.headers-timeout', async () => {
    const { closedAfterMs, answer } = await slowClient(
      port,
      'GET /actuator/health HTTP/1.1\r\nHost: x\r\n',
      `X-Slow: ${'a'.repeat(600)}\r\n\r\n`,
    );
    expect(answer).toContain('408');
    // 1 s limit, checked every second: cut within ~2 s, where the client would trickle for a minute
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('are cut off when the body takes longer than server.request-timeout', async () => {
    const { closedAfterMs, answer } = await slowClient(
      port,
      'POST /process-api/runtime/process-instances HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: ${basic('admin')}\r\nContent-Type: application/json\r\nContent-Length: 600\r\n\r\n`,
      '{' + ' '.repeat(598) + '}',
    );
    expect(answer).toContain('408');
    expect(closedAfterMs).toBeLessThan(5000);
  });
});

describe('external-job locks', () => {
  it.each(['PT2H', 'P1D', 'P99999999Y'])(
    'refuse a lockDuration of %s with 400 naming the field',
    async (lockDuration) => {
      const response = await h.request('POST', '/external-job-api/acquire/jobs', {
        body: { topic: 'orders', lockDuration, workerId: 'w1' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().exception).toContain(`lockDuration '${lockDuration}' is longer than the limit`);
      expect(response.json().exception).toContain('weir.external-job.max-lock-duration');
    },
  );

  it('accept one within the limit', async () => {
    const response = await h.request('POST', '/external-job-api/acquire/jobs', {
      body: { topic: 'orders', lockDuration: 'PT10M', workerId: 'w1' },
    });
    expect(response.statusCode).toBe(200);
  });
});

// each try verifies a password with scrypt: seconds in all on a loaded machine
describe('failed logins', { timeout: 30_000 }, () => {
  const asUser = (user: string, password: string) =>
    h.app.inject({
      method: 'GET',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic(user, password) },
    });

  it('are throttled per user with 429 and Retry-After, without slowing other users', async () => {
    for (let i = 0; i < 3; i++) expect((await asUser('fozzie', 'guess')).statusCode).toBe(401);
    const throttled = await asUser('fozzie', 'guess');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(throttled.json().exception).toContain('Too many failed logins');
    // even the right password waits: the guesser cannot learn it is right
    expect((await asUser('fozzie', 'fozzie-secret')).statusCode).toBe(429);
    // another user from the same address is not affected: no 429, no added wait (the
    // throttle never sleeps; a refused try costs two map look-ups)
    expect((await asUser('kermit', 'kermit-secret')).statusCode).toBe(200);
  });

  it('let a user whose credentials were verified recently in while their id is throttled', async () => {
    expect((await asUser('admin', 'admin-secret')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await asUser('admin', 'wrong');
    expect((await asUser('admin', 'wrong')).statusCode).toBe(429);
    expect((await asUser('admin', 'admin-secret')).statusCode).toBe(200);
  });

  it('are throttled per address across user ids', async () => {
    // 3 (fozzie) + 3 (admin) failures so far from this address (refused tries are not counted); the limit is 8
    expect((await asUser('nobody-1', 'x')).statusCode).toBe(401);
    expect((await asUser('nobody-2', 'x')).statusCode).toBe(401);
    const response = await asUser('nobody-3', 'x');
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBeDefined();
  });
});

describe('configuration', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'weir-limits-'));

  it('has the defaults the HTTP layer falls back on', () => {
    expect(loadConfig({ argv: [], env: {}, cwd }).limits).toEqual(defaultHttpLimits);
  });

  it('reads every limit from its key', () => {
    const config = loadConfig({
      argv: [
        '--server.headers-timeout=PT5S',
        '--server.request-timeout=PT1M',
        '--weir.external-job.max-lock-duration=PT10M',
        '--weir.login.max-failures-per-user=5',
        '--weir.deployment.archive.max-expanded-size=1MB',
      ],
      env: { WEIR_DEPLOYMENT_MAX_RESOURCES: '7' },
      cwd,
    });
    expect(config.limits).toMatchObject({
      headersTimeout: 5000,
      requestTimeout: 60_000,
      maxExternalJobLockDuration: 600_000,
      maxLoginFailuresPerUser: 5,
      maxArchiveExpandedSize: 1024 * 1024,
      maxDeploymentResources: 7,
    });
  });
});
