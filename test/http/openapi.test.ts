/**
 * `/openapi.json` and `/docs`: readable without credentials, with CORS for the document; an
 * `operationId` for every operation (Flowable's where it has one), unique; a schema for each
 * answer; a document that holds together as OpenAPI 3.1. That the schemas tell the truth is
 * checked by every HTTP test: the harness holds each answer to them (response-check.ts).
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createHttpHarness, type HttpHarness } from './harness.ts';
import { ResponseCheck, isSuccess } from './response-check.ts';
import { compileEveryValidator } from '../../src/http/hardening/validation.ts';

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: object }> }>;
  security?: unknown[];
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, unknown> };
  security: unknown[];
}

/**
 * Operations without a success answer (a 2xx; for a redirect its 3xx, for a WebSocket its 101):
 * none now. The history-job routes, which never succeed in Weir (it writes history at once, so
 * a history job is never found), document the answers Flowable gives for one that exists. The
 * list may only shrink: an operation here that gains a 2xx schema fails the test until it is
 * removed.
 */
const UNDOCUMENTED = new Set<string>([]);

let h: HttpHarness;
let doc: Document;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
  );

beforeAll(async () => {
  h = await createHttpHarness();
  doc = (await h.request('GET', '/openapi.json', { as: null })).json() as Document;
});
afterAll(() => h.close());

describe('/openapi.json', () => {
  it('is readable without credentials, from any origin', async () => {
    const response = await h.request('GET', '/openapi.json', {
      as: null,
      headers: { origin: 'https://editor.example' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/openapi.json',
      headers: {
        origin: 'https://editor.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('GET');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('accept');
  });

  it('declares HTTP Basic for every operation but the open ones', () => {
    expect(doc.components.securitySchemes.basicAuth).toEqual({ type: 'http', scheme: 'basic' });
    expect(doc.security).toEqual([{ basicAuth: [] }]);
    expect(doc.paths['/actuator/health'].get.security).toEqual([]);
    expect(doc.paths['/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/process-api/runtime/tasks'].get.security).toBeUndefined();
  });

  it('names every operation once, with Flowable names where Flowable has them', () => {
    const ids = operations().map(({ key, op }) => [key, op.operationId] as const);
    expect(ids.filter(([, id]) => typeof id !== 'string' || id === '')).toEqual([]);
    const seen = new Map<string, string>();
    const clashes = ids.filter(([key, id]) => {
      const other = seen.get(id!);
      seen.set(id!, key);
      return other !== undefined;
    });
    expect(clashes).toEqual([]);
    expect(doc.paths['/process-api/repository/process-definitions'].get.operationId).toBe(
      'listProcessDefinitions',
    );
    expect(doc.paths['/process-api/runtime/tasks/{taskId}'].get.operationId).toBe('getTask');
    expect(doc.paths['/external-job-api/acquire/jobs'].post.operationId).toBe('acquireAndLockJobs');
    expect(doc.paths['/idm-api/users'].get.operationId).toBe('listUsers');
    expect(doc.paths['/process-api/identity/users'].get.operationId).toBe('listIdentityUsers');
    // the documentation and the browser app's files are not operations
    expect(Object.keys(doc.paths).filter((p) => /^\/(docs|openapi|ui|vendor)\b|^\/$/.test(p))).toEqual([]);
  });

  it('declares an answer with a schema for every status of every operation', () => {
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const { key, op } of operations()) {
      const statuses = Object.keys(op.responses);
      if (!statuses.some(isSuccess)) undocumented.push(key);
      for (const status of ['400', 'default'])
        if (!statuses.includes(status)) missing.push(`${key} ${status}`);
      if (op.security === undefined && !statuses.includes('401')) missing.push(`${key} 401`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.description) missing.push(`${key} ${status}: description`);
        for (const [type, media] of Object.entries(response.content ?? {}))
          if (!media.schema) missing.push(`${key} ${status} ${type}: schema`);
      }
    }
    expect(missing).toEqual([]);
    expect(undocumented.sort()).toEqual([...UNDOCUMENTED].sort());
  });

  it('documents redirects and WebSocket upgrades by the header that says where to go', () => {
    const login = doc.paths['/auth/oidc/{registrationId}/login'].get;
    expect(login.operationId).toBe('startOidcSignIn');
    expect(login.security).toEqual([]);
    expect(Object.keys(login.responses).filter(isSuccess)).toEqual(['302']);
    expect(login.responses['302']).toMatchObject({ headers: { Location: { required: true } } });
    expect(login.responses['302'].content).toBeUndefined();
    const callback = doc.paths['/auth/oidc/{registrationId}/callback'].get;
    expect(Object.keys(callback.responses).filter(isSuccess)).toEqual(['303']);
    const stomp = doc.paths['/stomp'].get;
    expect(stomp.operationId).toBe('openStompConnection');
    expect(Object.keys(stomp.responses).filter(isSuccess)).toEqual(['101']);
    expect(stomp.responses['101']).toMatchObject({
      headers: { Upgrade: { schema: { const: 'websocket' } } },
    });
  });

  it('holds together as OpenAPI 3.1: parameters match paths, schemas compile, references resolve', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Weir REST API');
    expect(doc.info.version).toBe('0.0.0-test');
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(doc.components.schemas.Error, '#/components/schemas/Error');
    const problems: string[] = [];
    for (const { key, path, op } of operations()) {
      if (!path.startsWith('/')) problems.push(`${key}: path`);
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      if (JSON.stringify(inPath) !== JSON.stringify(declared))
        problems.push(`${key}: path parameters ${declared}`);
      if (Object.keys(op.responses).length === 0) problems.push(`${key}: no responses`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${key}: status ${status}`);
        for (const media of Object.values(response.content ?? {})) {
          try {
            ajv.compile(media.schema ?? {});
          } catch (error) {
            problems.push(`${key} ${status}: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("compiles every route's request validators (boot leaves them to each route's first call)", () => {
    // a schema Ajv cannot compile would otherwise show only as a 500 on that route's first call
    expect(compileEveryValidator(h.app)).toBeGreaterThan(400);
  });
});

describe('the check every HTTP test makes of its answers', () => {
  const answer = (statusCode: number, body: unknown) =>
    ({
      statusCode,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      json: () => body,
    }) as unknown as LightMyRequestResponse;

  it('passes a real answer and refuses a field too many, a field missing, a wrong type and an undeclared status', async () => {
    const check = new ResponseCheck(doc as never);
    const info = (await h.request('GET', '/actuator/info')).json() as Record<string, unknown>;
    expect(check.problemWith('GET', '/actuator/info', answer(200, info))).toBeUndefined();
    expect(check.problemWith('GET', '/actuator/info', answer(200, { ...info, secret: 1 }))).toContain(
      'must NOT have additional properties',
    );
    const { nodeId: _, ...withoutNodeId } = info;
    expect(check.problemWith('GET', '/actuator/info', answer(200, withoutNodeId))).toContain(
      "must have required property 'nodeId'",
    );
    expect(check.problemWith('GET', '/actuator/info', answer(200, { ...info, version: 1 }))).toContain(
      'must be string',
    );
    expect(
      check.problemWith(
        'GET',
        '/process-api/runtime/tasks/42',
        answer(404, { message: 'Not found', exception: 'x' }),
      ),
    ).toBeUndefined();
    expect(
      check.problemWith('GET', '/process-api/runtime/tasks/42', answer(404, { message: 'Not found' })),
    ).toContain("'exception'");
    // a redirect must say where to
    const redirect = (headers: Record<string, string>) =>
      ({ statusCode: 302, headers, body: '', json: () => undefined }) as unknown as LightMyRequestResponse;
    const login = '/auth/oidc/keycloak/login';
    expect(
      check.problemWith('GET', login, redirect({ location: 'https://idp.example/auth' })),
    ).toBeUndefined();
    expect(check.problemWith('GET', login, redirect({}))).toContain('without the header Location');
    // a status the operation does not declare is held to `default`, the error envelope
    expect(check.problemWith('GET', '/actuator/info', answer(201, info))).toContain(
      'does not match its schema',
    );
  });
});

describe('/docs', () => {
  it('serves Swagger UI without credentials, its bundle included', async () => {
    const page = await h.request('GET', '/docs', { as: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<div id="swagger-ui">');
    const assets = [...page.body.matchAll(/(?:src|href)="(docs\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual([
      'docs/swagger-ui.css',
      'docs/favicon-32x32.png',
      'docs/swagger-ui-bundle.js',
      'docs/start.js',
    ]);
    for (const asset of assets) {
      const response = await h.request('GET', `/${asset}`, { as: null });
      expect(response.statusCode, asset).toBe(200);
      expect(response.body.length, asset).toBeGreaterThan(0);
    }
    const start = await h.request('GET', '/docs/start.js', { as: null });
    expect(start.headers['content-type']).toContain('text/javascript');
    expect(start.body).toContain("url: 'openapi.json'");
    expect((await h.request('GET', '/docs/package.json', { as: null })).statusCode).toBe(404);
  });

  it("lets the page run Swagger UI's scripts and nothing else; the API keeps its closed policy", async () => {
    const csp = String((await h.request('GET', '/docs', { as: null })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const api = await h.request('GET', '/process-api/runtime/tasks');
    expect(api.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});
