/**
 * The real parts of a cluster for tests: nginx from the shipped deploy configs (on free ports,
 * from a temp prefix), a self-signed certificate from deploy/tls/make-self-signed.sh, users,
 * and HTTP and WebSocket clients that can pick their source address (127.x.y.z are all this
 * machine) and trust the test certificate.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import type { Database } from '../../src/persistence/database.ts';
import { hashPassword } from '../../src/http/auth/passwords.ts';
import { addMembership, grantPrivilege, insertGroup, insertUser } from '../../src/persistence/idm-sql.ts';
import { findNginx, startNginx } from '../../src/cluster/nginx-process.ts';
import type { NginxProcess } from '../../src/cluster/nginx-process.ts';
import { renderNginxConfig } from '../../src/cluster/nginx-config.ts';
import { createTempFolder } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';
import type { ScratchFolder } from '../helpers/database.ts';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/bpmn/${name}`, import.meta.url));

export const passwordOf = (user: string) => `${user}-secret`;
export const basic = (user: string) =>
  `Basic ${Buffer.from(`${user}:${passwordOf(user)}`).toString('base64')}`;

/** Nodes create `admin` (access-admin) at boot from these flags. */
export const ADMIN_FLAGS = [
  '--flowable.rest.app.admin.user-id=admin',
  `--flowable.rest.app.admin.password=${passwordOf('admin')}`,
];

/** kermit (access-rest-api), fozzie (access-rest-api, group sales), gonzo (none); admin comes from `ADMIN_FLAGS`. */
export const addUsers = async (db: Database): Promise<void> => {
  await insertGroup(db, { id: 'sales', name: 'Sales', type: 'assignment' });
  const add = async (id: string, privileges: string[], groups: string[] = []) => {
    await insertUser(db, {
      id,
      firstName: null,
      lastName: null,
      displayName: id,
      email: null,
      tenantId: '',
      passwordHash: await hashPassword(passwordOf(id)),
    });
    for (const privilege of privileges) await grantPrivilege(db, privilege, { userId: id });
    for (const group of groups) await addMembership(db, group, id);
  };
  await Promise.all([
    add('kermit', ['access-rest-api']),
    add('fozzie', ['access-rest-api'], ['sales']),
    add('gonzo', []),
  ]);
};

export interface TestNginx {
  readonly httpPort: number;
  /** `https` only. */
  readonly httpsPort?: number;
  /** `https` only: the certificate clients must trust. */
  readonly ca?: Buffer;
  readonly process: NginxProcess;
  /** nginx's error log so far: why it failed a request or marked a node down. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

const nginxBinary = () => {
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed; the cluster tests need it (apt-get install nginx)');
  return binary;
};

/** `deploy/tls/make-self-signed.sh` into `folder`: weir.crt and weir.key for localhost and 127.0.0.1. */
export const makeCertificate = async (folder: string) => {
  const script = fileURLToPath(new URL('../../deploy/tls/make-self-signed.sh', import.meta.url));
  await promisify(execFile)('sh', [script, folder]);
  return { certificate: join(folder, 'weir.crt'), certificateKey: join(folder, 'weir.key') };
};

export interface TestNginxOptions {
  /**
   * For the test only: every answer names the node that gave it (`X-Upstream: host:port`), so
   * a test can see where the shipped round-robin sent each request.
   */
  readonly revealUpstream?: boolean;
  /** Ports chosen beforehand (an identity provider must know the callback URL before nginx starts). */
  readonly httpPort?: number;
  readonly httpsPort?: number;
}

/** nginx with `deploy/nginx/weir-<template>.conf` in front of the given node ports. */
export const startTestNginx = async (
  template: 'http' | 'https',
  nodePorts: readonly number[],
  options: TestNginxOptions = {},
): Promise<TestNginx> => {
  const folder: ScratchFolder = await createTempFolder('weir-nginx-');
  const httpPort = options.httpPort ?? (await freePort());
  const httpsPort = template === 'https' ? (options.httpsPort ?? (await freePort())) : undefined;
  const tls = template === 'https' ? await makeCertificate(join(folder.path, 'tls')) : undefined;
  const config = renderNginxConfig({
    template,
    prefix: folder.path,
    address: '127.0.0.1',
    httpPort,
    httpsPort,
    ...tls,
    upstreams: nodePorts.map((port) => `127.0.0.1:${port}`),
  });
  const revealed = options.revealUpstream
    ? config.replaceAll(
        '    location / {',
        '    add_header X-Upstream $upstream_addr always;\n\n    location / {',
      )
    : config;
  if (options.revealUpstream && revealed === config)
    throw new Error('the nginx config has no `location /` to reveal the upstream in');
  const nginx = await startNginx({
    binary: nginxBinary(),
    prefix: folder.path,
    config: revealed,
    ports: httpsPort ? [httpPort, httpsPort] : [httpPort],
  });
  return {
    httpPort,
    httpsPort,
    ca: tls ? await readFile(tls.certificate) : undefined,
    process: nginx,
    errorLog: () => readFile(join(folder.path, 'logs', 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      await nginx.stop();
      await folder.remove();
    },
  };
};

export interface CallOptions {
  readonly method?: string;
  readonly as?: string | null;
  readonly body?: unknown;
  /** The client's source address, e.g. 127.0.3.1. */
  readonly localAddress?: string;
  /** Certificates to trust for https. */
  readonly ca?: Buffer;
  /** More request headers (a bearer token with `as: null`, a cookie). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP(S) request on a fresh connection (no keep-alive, so the source address counts each time). */
export const call = (url: string, options: CallOptions = {}): Promise<CallResult> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const as = options.as === undefined ? 'admin' : options.as;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        agent: false,
        localAddress: options.localAddress,
        ca: options.ca,
        headers: {
          ...(as ? { authorization: basic(as) } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

export interface EventClient {
  readonly socket: WebSocket;
  /** Every message received so far, parsed. */
  readonly messages: Record<string, unknown>[];
  send(message: unknown): void;
  /** The first message (already received or coming) that matches, within `timeoutMs`. */
  next(
    match: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A WebSocket to `/events`, open when this resolves; rejects with the HTTP status on a refused upgrade. */
export const connectEvents = (
  url: string,
  options: { as?: string | null; ca?: Buffer; localAddress?: string } = {},
): Promise<EventClient> =>
  new Promise((resolve, reject) => {
    const as = options.as === undefined ? 'admin' : options.as;
    const socket = new WebSocket(url, {
      headers: as ? { authorization: basic(as) } : {},
      ca: options.ca,
      localAddress: options.localAddress,
    });
    const messages: Record<string, unknown>[] = [];
    const waiters = new Set<() => void>();
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as Record<string, unknown>);
      for (const waiter of waiters) waiter();
    });
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        send: (message) => socket.send(JSON.stringify(message)),
        next(match, timeoutMs = 5_000) {
          let seen = 0;
          return new Promise((found, fail) => {
            const check = () => {
              for (; seen < messages.length; seen++) {
                if (match(messages[seen])) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  found(messages[seen]);
                  return;
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () =>
          new Promise<void>((done) => {
            if (socket.readyState === socket.CLOSED) return done();
            socket.once('close', () => done());
            socket.close();
          }),
      }),
    );
  });
