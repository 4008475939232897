import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, fixtureUrl, multipart, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

describe('repository/deployments/{id}/resources/** (a resource name with slashes)', () => {
  it('answers a resource whose name is a path, and its data', async () => {
    const content = await readFile(fixtureUrl('http-one-task.bpmn20.xml'));
    // A browser's upload drops a file name's folders; an archive keeps them.
    const archive = Buffer.from(zipSync({ 'processes/orders/one-task.bpmn20.xml': new Uint8Array(content) }));
    const { payload, contentType } = multipart([{ name: 'orders.bar', content: archive }]);
    const deployed = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(deployed.statusCode).toBe(201);
    const id = deployed.json().id as string;
    const list = await h.request('GET', `/process-api/repository/deployments/${id}/resources`);
    expect(list.json().map((r: { id: string }) => r.id)).toEqual(['processes/orders/one-task.bpmn20.xml']);
    const one = await h.request(
      'GET',
      `/process-api/repository/deployments/${id}/resources/processes/orders/one-task.bpmn20.xml`,
      { as: 'kermit' },
    );
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: 'processes/orders/one-task.bpmn20.xml', mediaType: 'text/xml' });
    // the links the answer gives (the name percent-encoded, as one path segment) lead back to it
    const follow = (url: string) => h.request('GET', new URL(url).pathname);
    expect((await follow(one.json().url)).json()).toEqual(one.json());
    const data = await follow(one.json().contentUrl);
    expect(data.statusCode).toBe(200);
    expect(data.body).toBe(content.toString('utf8'));
    const raw = await h.request(
      'GET',
      `/process-api/repository/deployments/${id}/resourcedata/processes/orders/one-task.bpmn20.xml`,
    );
    expect(raw.body).toBe(content.toString('utf8'));
    const missing = await h.request(
      'GET',
      `/process-api/repository/deployments/${id}/resources/processes/none.xml`,
    );
    expect(missing.statusCode).toBe(404);
  });
});
