import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminUser } from '../../src/http/auth/bootstrap-admin.ts';
import { authenticate } from '../../src/http/auth/basic-auth.ts';
import { CredentialCache } from '../../src/http/auth/credential-cache.ts';
import { getUser } from '../../src/persistence/idm-sql.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { basic, createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness({ maxBodySize: 64 * 1024 });
});
afterAll(() => h.close());

describe('HTTP Basic authentication and privileges', () => {
  it('answers 401 with WWW-Authenticate without credentials', async () => {
    const response = await h.request('GET', '/process-api/repository/deployments', { as: null });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="Weir"/);
    expect(response.json()).toEqual({
      message: 'Unauthorized',
      exception: expect.stringContaining('HTTP Basic'),
    });
  });

  it('answers 401 for a wrong password and for an unknown user', async () => {
    for (const authorization of [basic('kermit', 'wrong'), basic('nobody'), 'Basic !!!', 'Bearer abc']) {
      const response = await h.app.inject({
        method: 'GET',
        url: '/process-api/runtime/tasks',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
    }
  });

  it('lets the health check through without credentials', async () => {
    expect((await h.request('GET', '/actuator/health', { as: null })).statusCode).toBe(200);
  });

  it('answers 403 to a user without access-rest-api', async () => {
    const response = await h.request('GET', '/process-api/runtime/tasks', { as: 'gonzo' });
    expect(response.statusCode).toBe(403);
    expect(response.json().exception).toContain("'access-rest-api'");
    expect((await h.request('GET', '/external-job-api/jobs', { as: 'gonzo' })).statusCode).toBe(403);
  });

  it('keeps management and identity writes for access-admin', async () => {
    expect((await h.request('GET', '/process-api/management/jobs', { as: 'kermit' })).statusCode).toBe(403);
    expect((await h.request('GET', '/process-api/management/jobs', { as: 'admin' })).statusCode).toBe(200);
    expect((await h.request('GET', '/idm-api/users', { as: 'kermit' })).statusCode).toBe(200);
    const write = await h.request('POST', '/idm-api/users', {
      as: 'kermit',
      body: { id: 'piggy', password: 'x' },
    });
    expect(write.statusCode).toBe(403);
  });

  it('checks the privilege on the matched route, not the raw URL', async () => {
    const response = await h.request('GET', '/process-api/%6Danagement/jobs', { as: 'kermit' });
    expect([403, 404]).toContain(response.statusCode);
    expect(response.statusCode).not.toBe(200);
  });

  it('verifies a password once, then trusts the cached principal until it is forgotten', async () => {
    const cache = new CredentialCache();
    const first = await authenticate(h.db, cache, 'kermit', 'kermit-secret');
    expect(first?.privileges).toEqual(['access-rest-api']);
    expect(cache.get('kermit', 'kermit-secret')).toBe(first);
    expect(cache.get('kermit', 'other')).toBeUndefined();
    cache.forgetUser('kermit');
    expect(cache.get('kermit', 'kermit-secret')).toBeUndefined();
    expect(await authenticate(h.db, cache, 'kermit', 'wrong')).toBeUndefined();
  });
});

describe('errors as Flowable renders them', () => {
  it('404 for an unknown resource, with message and exception', async () => {
    const response = await h.request('GET', '/process-api/runtime/tasks/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      message: 'Not found',
      exception: "Could not find a task with id 'nope'.",
    });
  });

  it('400 for malformed JSON', async () => {
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: '{"processDefinitionKey": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe('The request body is not valid JSON');
  });

  it('400 naming an unknown field, a wrong type and a missing field', async () => {
    const unknown = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'x', colour: 'red' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toBe("body has an unknown field 'colour'");
    const wrongType = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'x', variables: [{ name: { first: 'a' } }] },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().exception).toBe('body.variables[0].name must be string');
    const missing = await h.request('POST', '/process-api/runtime/signals', { body: {} });
    expect(missing.json().exception).toBe("body is missing the required field 'signalName'");
  });

  it('400 for an invalid sort property', async () => {
    const response = await h.request('GET', '/process-api/repository/deployments?sort=colour');
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain("'colour' is not a valid property");
  });

  it('413 for a body over server.max-body-size', async () => {
    const response = await h.request('POST', '/process-api/runtime/signals', {
      body: { signalName: 'x'.repeat(70 * 1024) },
    });
    expect(response.statusCode).toBe(413);
  });

  it('415 for an unsupported content type', async () => {
    const response = await h.request('POST', '/process-api/runtime/signals', {
      body: 'signalName=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toBe('Unsupported media type');
  });

  it('400 for an unknown variable type, naming the variable', async () => {
    await h.deploy(['http-one-task.bpmn20.xml']);
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'httpOneTask', variables: [{ name: 'amount', type: 'money', value: 5 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain("'amount'");
  });
});

describe('the first admin', () => {
  it('creates admin with a random password printed once when nothing is configured', async () => {
    const { db, close } = await openTestDatabase('postgres');
    try {
      const printed: string[] = [];
      const log = { info: () => {}, warn: () => {} };
      const first = await ensureAdminUser(db, { http: {} }, log, (line) => printed.push(line));
      expect(first?.created).toBe(true);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain(first!.generatedPassword!);
      const cache = new CredentialCache();
      const principal = await authenticate(db, cache, 'admin', first!.generatedPassword!);
      expect(principal?.privileges).toEqual(['access-admin', 'access-rest-api']);
      expect(await ensureAdminUser(db, { http: {} }, log, (line) => printed.push(line))).toBeUndefined();
      expect(printed).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('creates the configured admin from flowable.rest.app.admin.*', async () => {
    const { db, close } = await openTestDatabase('postgres');
    try {
      const log = { info: () => {}, warn: () => {} };
      const result = await ensureAdminUser(
        db,
        { http: { adminUserId: 'boss', adminPassword: 'pw' } },
        log,
        () => {},
      );
      expect(result).toEqual({ userId: 'boss', created: true });
      expect((await getUser(db, 'boss'))?.passwordHash).toMatch(/^scrypt\$/);
      expect(await authenticate(db, new CredentialCache(), 'boss', 'pw')).toBeDefined();
    } finally {
      await close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the REST routes from their validation schemas', async () => {
    const response = await h.request('GET', '/openapi.json', { as: 'kermit' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const start = doc.paths['/process-api/runtime/process-instances'].post;
    expect(start.requestBody.content['application/json'].schema.properties.processDefinitionKey).toEqual({
      type: 'string',
    });
    expect(doc.paths['/external-job-api/acquire/jobs'].post).toBeDefined();
    expect(doc.paths['/process-api/runtime/tasks/{taskId}'].get.parameters[0]).toMatchObject({
      name: 'taskId',
      in: 'path',
    });
    const docs = await h.request('GET', '/docs', { as: 'kermit' });
    expect(docs.body).toContain('swagger-ui-bundle.js');
  });
});
