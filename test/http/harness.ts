/**
 * A Weir HTTP app on a fresh PostgreSQL clone per test file, driven with `inject()` (no
 * socket), with four users: `admin` (access-admin), `kermit` (access-rest-api), `fozzie`
 * (access-rest-api, member of `sales`), `gonzo` (no privilege).
 */
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { HttpLimits } from '../../src/http/hardening/limits.ts';
import { Engine } from '../../src/engine/index.ts';
import type { ContentEngine } from '../../src/content/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { hashPassword } from '../../src/http/auth/passwords.ts';
import { addMembership, grantPrivilege, insertGroup, insertUser } from '../../src/persistence/idm-sql.ts';
import type { Database } from '../../src/persistence/database.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { createSearchTables } from '../../src/persistence/search-index-sql.ts';
import { postgresSearchIndex } from '../../src/search/postgres-index.ts';
import { checkResponses } from './response-check.ts';

export const fixtureUrl = (name: string) => new URL(`../fixtures/bpmn/${name}`, import.meta.url);

export type TestUser = 'admin' | 'kermit' | 'fozzie' | 'gonzo';

export const passwordOf = (user: string) => `${user}-secret`;

export const basic = (user: string, password = passwordOf(user)) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface RequestOptions {
  /** default: admin; null: no credentials */
  as?: TestUser | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpHarness {
  app: FastifyInstance;
  engine: Engine;
  db: Database;
  /** the connection string of this file's database */
  url: string;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    options?: RequestOptions,
  ): Promise<LightMyRequestResponse>;
  /** Deploy fixture files through the REST API; returns the deployment JSON. */
  deploy(files: string[], fields?: Record<string, string>): Promise<Record<string, unknown>>;
  /** POST files (and form fields) as multipart/form-data, as admin unless told. */
  upload(
    url: string,
    files: { name: string; content: Buffer | string; type?: string }[],
    options?: { fields?: Record<string, string>; as?: TestUser },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const multipart = (
  files: { name: string; content: Buffer | string; type?: string }[],
  fields: Record<string, string> = {},
) => {
  const boundary = `----weir${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/xml'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
};

export const addUser = async (db: Database, id: string, privileges: string[], groups: string[] = []) => {
  await insertUser(db, {
    id,
    firstName: id[0].toUpperCase() + id.slice(1),
    lastName: 'Muppet',
    displayName: null,
    email: `${id}@weir.test`,
    tenantId: '',
    passwordHash: await hashPassword(passwordOf(id)),
  });
  for (const privilege of privileges) await grantPrivilege(db, privilege, { userId: id });
  for (const group of groups) await addMembership(db, group, id);
};

export const createHttpHarness = async (
  options: {
    maxBodySize?: number;
    trustedProxies?: string[];
    limits?: Partial<HttpLimits>;
    /** default: silent */
    logger?: FastifyBaseLogger;
    /** the search index's text search configuration (default: simple) */
    searchLanguage?: string;
    /** The content engine, built on the test's database; default: a private folder. */
    content?: (db: Database) => ContentEngine;
  } = {},
): Promise<HttpHarness> => {
  const { db, close, url } = await openTestDatabase('postgres');
  // the search index, as a node has it: written by every command, read by /search-api
  await createSearchTables(db);
  const search = postgresSearchIndex({ language: options.searchLanguage ?? 'simple' });
  const engine = new Engine({ db, indexer: search });
  await insertGroup(db, { id: 'sales', name: 'Sales', type: 'assignment' });
  await Promise.all([
    addUser(db, 'admin', ['access-admin', 'access-rest-api']),
    addUser(db, 'kermit', ['access-rest-api']),
    addUser(db, 'fozzie', ['access-rest-api'], ['sales']),
    addUser(db, 'gonzo', []),
  ]);
  const app = await buildHttpApp({
    id: 'test-node',
    version: '0.0.0-test',
    db,
    logger: options.logger ?? pino({ level: 'silent' }),
    config: {
      server: { maxBodySize: options.maxBodySize ?? 1024 * 1024 },
      http: { trustedProxies: options.trustedProxies ?? ['127.0.0.1', '::1'] },
      limits: options.limits,
    },
    engine,
    search,
    content: options.content?.(db),
  });
  // every answer of every test is held to the published OpenAPI document
  checkResponses(app);
  const request: HttpHarness['request'] = (method, url, { as = 'admin', body, headers = {} } = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(as ? { authorization: basic(as) } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const upload: HttpHarness['upload'] = (url, files, { fields = {}, as = 'admin' } = {}) => {
    const { payload, contentType } = multipart(files, fields);
    return app.inject({
      method: 'POST',
      url,
      headers: { authorization: basic(as), 'content-type': contentType },
      payload,
    });
  };
  return {
    app,
    engine,
    db,
    url: url!,
    request,
    upload,
    async deploy(files, fields = {}) {
      const contents = await Promise.all(
        files.map(async (name) => ({ name, content: await readFile(fixtureUrl(name)) })),
      );
      const response = await upload('/process-api/repository/deployments', contents, { fields });
      if (response.statusCode !== 201)
        throw new Error(`deploy failed: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    async close() {
      await app.close();
      await close();
    },
  };
};

/** Start an instance as `as` (default admin) and return its JSON. */
export const startInstance = async (
  h: HttpHarness,
  body: Record<string, unknown>,
  as: TestUser = 'admin',
) => {
  const response = await h.request('POST', '/process-api/runtime/process-instances', { as, body });
  if (response.statusCode !== 201) throw new Error(`start failed: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; [key: string]: unknown };
};
