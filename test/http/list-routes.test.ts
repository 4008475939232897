/**
 * What every list shares (src/http/rest/list-route.ts): filters that only a query body takes
 * (arrays, variable conditions) are ignored in a list's URL, as Flowable ignores parameters it
 * does not know, rather than reaching the database as text.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let instanceId: string;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  instanceId = (
    await startInstance(h, { processDefinitionKey: 'httpOneTask', variables: [{ name: 'amount', value: 5 }] })
  ).id;
});
afterAll(() => h.close());

it('a body-only filter in the URL of a list is ignored, not a 500', async () => {
  for (const url of [
    '/process-api/runtime/process-instances?variables=x&processInstanceIds=x',
    '/process-api/runtime/tasks?taskVariables=x&processInstanceVariables=x',
    '/process-api/runtime/executions?variables=x&processInstanceVariables=x',
    '/process-api/history/historic-process-instances?variables=x&processInstanceIds=x',
    '/process-api/history/historic-variable-instances?variables=x',
    '/process-api/history/historic-activity-instances?processInstanceIds=x',
  ]) {
    const response = await h.request('GET', url);
    expect(response.statusCode, url).toBe(200);
    expect((response.json() as { total: number }).total, url).toBeGreaterThan(0);
  }
});

it('the same filter in a query body still filters', async () => {
  const response = await h.request('POST', '/process-api/query/process-instances', {
    body: { processInstanceIds: ['no-such-instance'] },
  });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toMatchObject({ total: 0, data: [] });
  const mine = await h.request('POST', '/process-api/query/process-instances', {
    body: { processInstanceIds: [instanceId] },
  });
  expect(mine.json()).toMatchObject({ total: 1, data: [{ id: instanceId }] });
});
