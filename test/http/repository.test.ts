import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  createHttpHarness,
  fixtureUrl,
  multipart,
  startInstance,
  type HttpHarness,
} from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

describe('deployments', () => {
  it('deploys several files in one multipart upload and lists their resources', async () => {
    const deployment = await h.deploy(['http-one-task.bpmn20.xml', 'http-waits.bpmn20.xml'], {
      deploymentName: 'orders',
      deploymentKey: 'orders-key',
      category: 'shop',
    });
    expect(deployment).toMatchObject({ name: 'orders', key: 'orders-key', category: 'shop', tenantId: '' });
    expect(deployment.url).toBe(`http://localhost:80/process-api/repository/deployments/${deployment.id}`);
    const resources = await h.request(
      'GET',
      `/process-api/repository/deployments/${deployment.id}/resources`,
    );
    expect(resources.json().map((r: { id: string }) => r.id)).toEqual([
      'http-one-task.bpmn20.xml',
      'http-waits.bpmn20.xml',
    ]);
    expect(resources.json()[0]).toMatchObject({ type: 'processDefinition', mediaType: 'text/xml' });
    const data = await h.request(
      'GET',
      `/process-api/repository/deployments/${deployment.id}/resourcedata/http-one-task.bpmn20.xml`,
    );
    expect(data.headers['content-type']).toContain('text/xml');
    expect(data.body).toBe(await readFile(fixtureUrl('http-one-task.bpmn20.xml'), 'utf8'));
    const one = await h.request(
      'GET',
      `/process-api/repository/deployments/${deployment.id}/resources/http-waits.bpmn20.xml`,
    );
    expect(one.json().contentUrl).toContain('/resourcedata/http-waits.bpmn20.xml');
  });

  it('lists deployments with filters, paging and sorting', async () => {
    await h.deploy(['http-external-worker.bpmn20.xml'], { deploymentName: 'workers', tenantId: '' });
    const byName = await h.request('GET', '/process-api/repository/deployments?nameLike=ord%25');
    expect(byName.json()).toMatchObject({ total: 1, start: 0, size: 1, sort: 'id', order: 'asc' });
    const paged = await h.request('GET', '/process-api/repository/deployments?sort=name&order=desc&size=1');
    expect(paged.json()).toMatchObject({ total: 2, size: 1, sort: 'name', order: 'desc' });
    expect(paged.json().data[0].name).toBe('workers');
    const second = await h.request(
      'GET',
      '/process-api/repository/deployments?sort=name&order=desc&size=1&start=1',
    );
    expect(second.json().data[0].name).toBe('orders');
    const category = await h.request('GET', '/process-api/repository/deployments?category=shop');
    expect(category.json().total).toBe(1);
  });

  it('refuses an invalid model with 400 and stores nothing', async () => {
    const { payload, contentType } = multipart([
      { name: 'broken.bpmn20.xml', content: '<definitions><process id="x"' },
    ]);
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('Bad request');
    const list = await h.request('GET', '/process-api/repository/deployments?name=broken.bpmn20.xml');
    expect(list.json().total).toBe(0);
  });

  it('refuses a deployment without a file, or as JSON', async () => {
    const { payload, contentType } = multipart([], { deploymentName: 'empty' });
    const empty = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(empty.statusCode).toBe(400);
    const json = await h.request('POST', '/process-api/repository/deployments', { body: { name: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('deletes a deployment: 409 with running instances unless cascade=true', async () => {
    const deployment = await h.deploy(['http-one-task.bpmn20.xml'], { deploymentName: 'doomed' });
    const definitions = await h.request(
      'GET',
      `/process-api/repository/process-definitions?deploymentId=${deployment.id}`,
    );
    const instance = await startInstance(h, { processDefinitionId: definitions.json().data[0].id });
    const refused = await h.request('DELETE', `/process-api/repository/deployments/${deployment.id}`);
    expect(refused.statusCode).toBe(409);
    const deleted = await h.request(
      'DELETE',
      `/process-api/repository/deployments/${deployment.id}?cascade=true`,
    );
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `/process-api/repository/deployments/${deployment.id}`)).statusCode).toBe(
      404,
    );
    expect((await h.request('GET', `/process-api/runtime/process-instances/${instance.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await h.request('GET', `/process-api/history/historic-process-instances/${instance.id}`)).statusCode,
    ).toBe(404);
  });

  it('answers 404 for an unknown deployment', async () => {
    const response = await h.request('GET', '/process-api/repository/deployments/nope');
    expect(response.json()).toEqual({
      message: 'Not found',
      exception: "Could not find a deployment with id 'nope'.",
    });
  });
});

describe('process definitions', () => {
  it('lists definitions by key, latest and name, and sorts them', async () => {
    await h.deploy(['http-one-task.bpmn20.xml'], { deploymentName: 'orders v2' });
    const all = await h.request(
      'GET',
      '/process-api/repository/process-definitions?key=httpOneTask&sort=version&order=desc',
    );
    expect(all.json().data.map((d: { version: number }) => d.version)).toEqual([2, 1]); // version 2 of the deleted deployment is gone, so the new one is 2 again
    const latest = await h.request(
      'GET',
      '/process-api/repository/process-definitions?key=httpOneTask&latest=true',
    );
    expect(latest.json()).toMatchObject({ total: 1, data: [{ version: 2, name: 'Approve an order' }] });
    const like = await h.request(
      'GET',
      '/process-api/repository/process-definitions?keyLike=http%25&latest=true&sort=key',
    );
    expect(like.json().data.map((d: { key: string }) => d.key)).toEqual([
      'httpAsync',
      'httpExternalWorker',
      'httpMessage',
      'httpOneTask',
      'httpSignal',
      'httpTimer',
    ]);
    const bad = await h.request('GET', '/process-api/repository/process-definitions?sort=colour');
    expect(bad.statusCode).toBe(400);
  });

  it('gets a definition with its links and its BPMN', async () => {
    const latest = await h.request(
      'GET',
      '/process-api/repository/process-definitions?key=httpOneTask&latest=true',
    );
    const definition = latest.json().data[0];
    const one = await h.request('GET', `/process-api/repository/process-definitions/${definition.id}`);
    expect(one.json()).toMatchObject({
      id: definition.id,
      key: 'httpOneTask',
      suspended: false,
      deploymentUrl: expect.stringContaining(
        `/process-api/repository/deployments/${definition.deploymentId}`,
      ),
    });
    const xml = await h.request(
      'GET',
      `/process-api/repository/process-definitions/${definition.id}/resourcedata`,
    );
    expect(xml.body).toContain('id="httpOneTask"');
  });

  it('suspends and activates a definition; a suspended definition starts nothing; twice is 409', async () => {
    const latest = await h.request(
      'GET',
      '/process-api/repository/process-definitions?key=httpSignal&latest=true',
    );
    const id = latest.json().data[0].id;
    const suspended = await h.request('PUT', `/process-api/repository/process-definitions/${id}`, {
      body: { action: 'suspend' },
    });
    expect(suspended.json().suspended).toBe(true);
    const again = await h.request('PUT', `/process-api/repository/process-definitions/${id}`, {
      body: { action: 'suspend' },
    });
    expect(again.statusCode).toBe(409);
    const start = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionId: id },
    });
    expect(start.statusCode).toBe(409);
    const filtered = await h.request('GET', '/process-api/repository/process-definitions?suspended=true');
    expect(filtered.json().data.map((d: { id: string }) => d.id)).toEqual([id]);
    const active = await h.request('PUT', `/process-api/repository/process-definitions/${id}`, {
      body: { action: 'activate' },
    });
    expect(active.json().suspended).toBe(false);
    const badAction = await h.request('PUT', `/process-api/repository/process-definitions/${id}`, {
      body: { action: 'explode' },
    });
    expect(badAction.statusCode).toBe(400);
    expect(badAction.json().exception).toContain("'suspend', 'activate'");
  });

  it('builds links from X-Forwarded-* only when the peer is a trusted proxy', async () => {
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'weir.example.com',
      'x-forwarded-prefix': '/bpm',
    };
    const trusted = await h.request('GET', '/process-api/repository/process-definitions?size=1', {
      headers: forwarded,
    });
    expect(trusted.json().data[0].url).toMatch(
      /^https:\/\/weir\.example\.com\/bpm\/process-api\/repository\/process-definitions\//,
    );
    const untrusted = await h.app.inject({
      method: 'GET',
      url: '/process-api/repository/process-definitions?size=1',
      headers: { authorization: basic('admin'), ...forwarded },
      remoteAddress: '10.1.2.3',
    });
    expect(untrusted.json().data[0].url).toMatch(/^http:\/\/localhost:80\/process-api\//);
  });
});
