/**
 * Bodies are validated as sent (no type coercion); query strings still coerce numbers and
 * booleans. Input the database or our recursion cannot take is a 400 that names the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const rawJson = (method: 'POST' | 'PUT', url: string, text: string) =>
  h.app.inject({
    method,
    url,
    headers: { authorization: basic('admin'), 'content-type': 'application/json' },
    payload: text,
  });

const openTask = async () => {
  const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
  const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
  return (tasks.json() as { data: { id: string }[] }).data[0].id;
};

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON bodies are not coerced', () => {
  it('refuses {"action": ["complete"]} and leaves the task open', async () => {
    const taskId = await openTask();
    const response = await h.request('POST', `/process-api/runtime/tasks/${taskId}`, {
      body: { action: ['complete'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe('body.action must be string');
    expect((await h.request('GET', `/process-api/runtime/tasks/${taskId}`)).statusCode).toBe(200);
  });

  it('refuses a number where the body needs a string, naming the field', async () => {
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 42 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toBe('body.processDefinitionKey must be string');
  });

  it('still reads numbers and booleans from the query string', async () => {
    const response = await h.request('GET', '/process-api/runtime/tasks?size=1&start=0&active=true');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ size: expect.any(Number), start: 0 });
  });
});

describe('input the database cannot take is a 400 naming the field', () => {
  it.each([
    [
      'a NUL in a query parameter',
      'GET',
      '/process-api/runtime/tasks?name=a%00b',
      'query.name contains a NUL',
    ],
    [
      'a like filter ending in a backslash',
      'GET',
      '/process-api/repository/deployments?nameLike=abc%5C',
      'query.nameLike ends with an escape character',
    ],
    [
      'a page size beyond any integer column',
      'GET',
      '/process-api/runtime/tasks?size=99999999999999999999',
      'size',
    ],
    ['a NUL in a path parameter', 'GET', '/process-api/runtime/tasks/a%00b', 'path.taskId contains a NUL'],
  ])('%s', async (_, method, url, message) => {
    const response = await h.request(method as 'GET', url);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain(message);
  });

  it.each([
    [
      'a NUL in a string',
      '{"processDefinitionKey":"httpOneTask","businessKey":"a\\u0000b"}',
      'body.businessKey contains a NUL',
    ],
    [
      'a lone surrogate',
      '{"processDefinitionKey":"httpOneTask","businessKey":"\\ud800"}',
      'body.businessKey contains a lone UTF-16 surrogate',
    ],
    [
      'a number too large for a double',
      '{"processDefinitionKey":"httpOneTask","variables":[{"name":"n","value":1e400}]}',
      'body.variables[0].value is not a finite number',
    ],
    [
      'JSON nested 5,000 deep',
      `{"processDefinitionKey":"httpOneTask","variables":[{"name":"deep","value":${nested(5000)}}]}`,
      'body.variables[0].value',
    ],
    [
      'a like filter on a variable ending in a backslash',
      '{"variables":[{"name":"x","value":"a\\\\","operation":"like"}]}',
      'body.variables[0].value ends with an escape character',
    ],
  ])('%s in a JSON body', async (_, text, message) => {
    const url = text.includes('operation')
      ? '/process-api/query/process-instances'
      : '/process-api/runtime/process-instances';
    const before = await h.request('GET', '/process-api/runtime/process-instances');
    const response = await rawJson('POST', url, text);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain(message);
    const after = await h.request('GET', '/process-api/runtime/process-instances');
    expect(after.json().total).toBe(before.json().total);
  });
});

describe('an unsupported method on a known path', () => {
  it('is a 405 with Allow, not a 404', async () => {
    const response = await h.request('DELETE', '/process-api/runtime/tasks');
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST, PUT');
    expect(response.json().exception).toContain('DELETE is not allowed');
  });

  it('works for paths with parameters too', async () => {
    const response = await h.request('PATCH', '/process-api/repository/deployments/some-id');
    expect(response.statusCode).toBe(405);
    expect(String(response.headers.allow).split(', ')).toEqual(expect.arrayContaining(['DELETE', 'GET']));
  });

  it('leaves unknown paths a 404', async () => {
    expect((await h.request('GET', '/process-api/no-such-thing')).statusCode).toBe(404);
  });
});
