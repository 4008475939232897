/**
 * Browser sessions (docs/ui.md): sign-in with a cookie kept in PostgreSQL, so that two nodes
 * on one database serve the same session and signing out on one ends it on both; expiry; CSRF
 * and Origin checks; Basic auth unchanged.
 */
import pino from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/server.ts';
import type { HttpLimits } from '../../src/http/hardening/limits.ts';
import { basic, createHttpHarness, passwordOf, type HttpHarness } from './harness.ts';

let h: HttpHarness;
/** A second node on the same database. */
let other: FastifyInstance;
/** A node whose sessions end quickly. */
const shortLived: FastifyInstance[] = [];

const nodeOn = async (limits: Partial<HttpLimits> = {}) =>
  buildHttpApp({
    id: 'other-node',
    version: '0.0.0-test',
    db: h.db,
    logger: pino({ level: 'silent' }),
    config: { server: { maxBodySize: 1024 * 1024 }, http: { trustedProxies: ['127.0.0.1'] }, limits },
    engine: h.engine,
  });

beforeAll(async () => {
  h = await createHttpHarness();
  other = await nodeOn();
}, 60_000);
afterAll(async () => {
  await Promise.all([other.close(), ...shortLived.map((app) => app.close())]);
  await h.close();
});

const ORIGIN = 'http://localhost';

interface Session {
  cookie: string;
  csrf: string;
  setCookie: string;
}

const login = async (
  app: FastifyInstance,
  user = 'kermit',
  password = passwordOf(user),
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { origin: ORIGIN, ...headers },
    payload: { username: user, password },
  });

const signIn = async (app: FastifyInstance, user = 'kermit', headers: Record<string, string> = {}) => {
  const response = await login(app, user, passwordOf(user), headers);
  expect(response.statusCode).toBe(200);
  const setCookie = String(response.headers['set-cookie']);
  const cookie = setCookie.split(';')[0];
  return { cookie, csrf: response.json().csrfToken as string, setCookie } satisfies Session;
};

const withCookie = (
  app: FastifyInstance,
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: {
    csrf?: string | null;
    origin?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
) => {
  const csrf = options.csrf === undefined ? session.csrf : options.csrf;
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  return app.inject({
    method,
    url,
    headers: {
      cookie: session.cookie,
      ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
      ...(origin === null ? {} : { origin }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
};

describe('signing in', () => {
  it('sets an HttpOnly, SameSite cookie and answers who signed in with a CSRF token', async () => {
    const response = await login(h.app, 'fozzie');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      userId: 'fozzie',
      groups: ['sales'],
      privileges: ['access-rest-api'],
    });
    expect(response.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^weir_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    // plain HTTP from a client: a Secure cookie would never come back
    expect(cookie).not.toContain('Secure');
  });

  it('marks the cookie Secure over HTTPS behind a trusted proxy, and not when anyone else claims HTTPS', async () => {
    const proxied = await login(h.app, 'kermit', passwordOf('kermit'), {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'weir.example',
      origin: 'https://weir.example',
    });
    expect(String(proxied.headers['set-cookie'])).toContain('Secure');
    const spoofed = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      remoteAddress: '10.9.8.7',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'kermit', password: passwordOf('kermit') },
    });
    expect(spoofed.statusCode).toBe(200);
    expect(String(spoofed.headers['set-cookie'])).not.toContain('Secure');
  });

  it('refuses a wrong password with 401 and no cookie, and throttles repeated failures', async () => {
    const app = await nodeOn({ maxLoginFailuresPerUser: 2 });
    shortLived.push(app);
    const wrong = await login(app, 'gonzo', 'not-gonzos-password', { 'x-requested-with': 'fetch' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // the browser app asked for no Basic challenge: no password dialog over the sign-in page
    expect(wrong.headers['www-authenticate']).toBeUndefined();
    await login(app, 'gonzo', 'still-wrong');
    const throttled = await login(app, 'gonzo', passwordOf('gonzo'));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().exception).toContain('Too many failed logins');
  });

  it('refuses a sign-in posted from another origin', async () => {
    const response = await login(h.app, 'kermit', passwordOf('kermit'), { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().exception).toBe("Requests from origin 'https://evil.example' are refused");
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('a session', () => {
  it('is served by any node and ended on every node by signing out on one', async () => {
    const session = await signIn(h.app, 'fozzie');
    const here = await withCookie(h.app, session, 'GET', '/auth/session');
    expect(here.json()).toEqual({
      userId: 'fozzie',
      groups: ['sales'],
      privileges: ['access-rest-api'],
      csrfToken: session.csrf,
    });
    const there = await withCookie(other, session, 'GET', '/process-api/runtime/tasks');
    expect(there.statusCode).toBe(200);
    const out = await withCookie(other, session, 'POST', '/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^weir_session=;/);
    for (const app of [h.app, other]) {
      const refused = await withCookie(app, session, 'GET', '/process-api/runtime/tasks');
      expect(refused.statusCode).toBe(401);
      expect(refused.json().exception).toBe('The session has ended or expired: sign in again');
    }
  });

  it('ends when idle longer than weir.session.idle-timeout', async () => {
    const app = await nodeOn({ sessionIdleTimeout: 1000 });
    shortLived.push(app);
    const session = await signIn(app);
    expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(200);
    await sleep(600);
    // used within the idle time: still alive
    expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(200);
    await sleep(600);
    expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(200);
    await sleep(1200);
    expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(401);
  });

  it('ends at weir.session.max-age however busy it is', async () => {
    const app = await nodeOn({ sessionMaxAge: 1500 });
    shortLived.push(app);
    const session = await signIn(app);
    expect(session.setCookie).toContain('Max-Age=1');
    for (let i = 0; i < 3; i++) {
      expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(200);
      await sleep(300);
    }
    await sleep(800);
    expect((await withCookie(app, session, 'GET', '/auth/session')).statusCode).toBe(401);
  });

  it('is refused for a made-up token', async () => {
    const fake = {
      cookie: 'weir_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      csrf: 'x',
      setCookie: '',
    };
    expect((await withCookie(h.app, fake, 'GET', '/process-api/runtime/tasks')).statusCode).toBe(401);
  });

  it('keeps its user privileges current: gonzo without access-rest-api gets 403 on the REST API', async () => {
    const session = await signIn(h.app, 'gonzo');
    expect((await withCookie(h.app, session, 'GET', '/process-api/runtime/tasks')).statusCode).toBe(403);
  });
});

describe('cross-site request forgery', () => {
  const newTask = { name: 'Forged' };

  it('a change made with the cookie needs the CSRF token of its own session', async () => {
    const session = await signIn(h.app, 'admin');
    const missing = await withCookie(h.app, session, 'POST', '/process-api/runtime/tasks', {
      csrf: null,
      body: newTask,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().exception).toContain('needs the header X-CSRF-Token');
    const another = await signIn(h.app);
    const wrong = await withCookie(h.app, session, 'POST', '/process-api/runtime/tasks', {
      csrf: another.csrf,
      body: newTask,
    });
    expect(wrong.statusCode).toBe(403);
    const listed = await h.request('GET', '/process-api/runtime/tasks?name=Forged');
    expect(listed.json().total).toBe(0);
    const right = await withCookie(h.app, session, 'POST', '/process-api/runtime/tasks', { body: newTask });
    expect(right.statusCode).toBe(201);
    // the same token works on the other node
    const elsewhere = await withCookie(
      other,
      session,
      'DELETE',
      `/process-api/runtime/tasks/${right.json().id}`,
    );
    expect(elsewhere.statusCode).toBe(204);
  });

  it('a change with the right token but from another origin is refused', async () => {
    const session = await signIn(h.app);
    const response = await withCookie(h.app, session, 'POST', '/process-api/runtime/tasks', {
      origin: 'https://evil.example',
      body: newTask,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().exception).toBe("Requests from origin 'https://evil.example' are refused");
  });

  it('signing out needs the token too: a forged logout ends nothing', async () => {
    const session = await signIn(h.app);
    expect((await withCookie(h.app, session, 'POST', '/auth/logout', { csrf: null })).statusCode).toBe(403);
    expect((await withCookie(h.app, session, 'GET', '/auth/session')).statusCode).toBe(200);
  });

  it('a WebSocket upgrade with the cookie must come from this origin', async () => {
    const session = await signIn(h.app);
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket' };
    const foreign = await withCookie(h.app, session, 'GET', '/events', {
      origin: 'https://evil.example',
      headers: upgrade,
    });
    expect(foreign.statusCode).toBe(403);
    const none = await withCookie(h.app, session, 'GET', '/events', { origin: null, headers: upgrade });
    expect(none.statusCode).toBe(403);
    expect(none.json().exception).toBe('A request with the session cookie must name its Origin');
  });

  it('Basic auth is unchanged: no token needed, even with a cookie alongside', async () => {
    const session = await signIn(h.app);
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/runtime/tasks',
      headers: { authorization: basic('kermit'), cookie: session.cookie },
      payload: newTask,
    });
    expect(response.statusCode).toBe(201);
    const noCredentials = await h.request('GET', '/process-api/runtime/tasks', { as: null });
    expect(noCredentials.statusCode).toBe(401);
    expect(noCredentials.headers['www-authenticate']).toContain('Basic');
  });
});
