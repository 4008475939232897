import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from './harness.ts';

let h: HttpHarness;
let deploymentId: string;
beforeAll(async () => {
  h = await createHttpHarness();
  deploymentId = (await h.deploy(['http-one-task.bpmn20.xml'])).id as string;
});
afterAll(() => h.close());

const R = '/process-api/repository/models';

const create = async (body: Record<string, unknown>) => {
  const answer = await h.request('POST', R, { body });
  expect(answer.statusCode).toBe(201);
  return answer.json() as Record<string, unknown> & { id: string };
};

const putSource = (
  id: string,
  path: 'source' | 'source-extra',
  content: Buffer | string,
  as: TestUser = 'admin',
) => {
  const { payload, contentType } = multipart([{ name: 'model.json', content }]);
  return h.app.inject({
    method: 'PUT',
    url: `${R}/${id}/${path}`,
    headers: { authorization: basic(as), 'content-type': contentType },
    payload,
  });
};

describe('repository/models', () => {
  it('creates a model with Flowable’s fields and answers it with absolute urls', async () => {
    const model = await create({
      name: 'Order flow',
      key: 'orders',
      category: 'sales',
      version: 1,
      metaInfo: '{"description":"draft"}',
      deploymentId,
      tenantId: 'acme',
    });
    expect(model).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(new RegExp(`^http://[^/]+/process-api/repository/models/${model.id}$`)),
      name: 'Order flow',
      key: 'orders',
      category: 'sales',
      version: 1,
      metaInfo: '{"description":"draft"}',
      deploymentId,
      deploymentUrl: expect.stringMatching(
        new RegExp(`/process-api/repository/deployments/${deploymentId}$`),
      ),
      tenantId: 'acme',
      createTime: expect.any(String),
      lastUpdateTime: expect.any(String),
      sourceUrl: null,
      sourceExtraUrl: null,
    });
    expect((await h.request('GET', `${R}/${model.id}`, { as: 'kermit' })).json()).toEqual(model);
    const empty = await create({});
    expect(empty).toMatchObject({ name: null, key: null, version: null, tenantId: '', deploymentUrl: null });
  });

  it('updates only the fields sent; null clears a field', async () => {
    const model = await create({ name: 'Before', key: 'upd', category: 'c1', version: 3 });
    const updated = await h.request('PUT', `${R}/${model.id}`, { body: { name: 'After', category: null } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'After', key: 'upd', category: null, version: 3 });
    expect(Date.parse(updated.json().lastUpdateTime)).toBeGreaterThanOrEqual(
      Date.parse(model.lastUpdateTime as string),
    );
    expect((await h.request('PUT', `${R}/no-such-model`, { body: { name: 'x' } })).statusCode).toBe(404);
    const bad = await h.request('PUT', `${R}/${model.id}`, { body: { version: 'three' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().exception).toContain('version');
    const extra = await h.request('POST', R, { body: { name: 'x', editorSource: 'y' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('editorSource');
  });

  it('stores the source and the extra source as bytes, and links them once set', async () => {
    const model = await create({ name: 'With source' });
    const missing = await h.request('GET', `${R}/${model.id}/source`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toBe(`Model with id '${model.id}' does not have source available.`);
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    expect((await putSource(model.id, 'source', '{"modelType":"bpmn"}')).statusCode).toBe(204);
    expect((await putSource(model.id, 'source-extra', bytes)).statusCode).toBe(204);
    const source = await h.request('GET', `${R}/${model.id}/source`, { as: 'kermit' });
    expect(source.headers['content-type']).toBe('application/octet-stream');
    expect(source.body).toBe('{"modelType":"bpmn"}');
    expect((await h.request('GET', `${R}/${model.id}/source-extra`)).rawPayload).toEqual(bytes);
    expect((await h.request('GET', `${R}/${model.id}`)).json()).toMatchObject({
      sourceUrl: expect.stringMatching(/\/models\/[^/]+\/source$/),
      sourceExtraUrl: expect.stringMatching(/\/source-extra$/),
    });
    expect((await h.request('GET', `${R}/no-such-model/source`)).statusCode).toBe(404);
    expect((await putSource('no-such-model', 'source', 'x')).statusCode).toBe(404);
    const notMultipart = await h.request('PUT', `${R}/${model.id}/source`, { body: { source: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('lists models with Flowable’s filters, paging and sorts', async () => {
    for (const version of [1, 2, 3])
      await create({ name: `Invoice v${version}`, key: 'invoice', version, category: 'finance' });
    await create({
      name: 'Invoice draft',
      key: 'invoice-draft',
      version: 1,
      category: 'drafts',
      deploymentId,
    });
    const latest = await h.request('GET', `${R}?key=invoice&latestVersion=true`);
    expect(latest.json()).toMatchObject({ total: 1, data: [{ version: 3 }] });
    const paged = await h.request('GET', `${R}?nameLike=Invoice%25&sort=name&order=desc&start=1&size=2`);
    expect(paged.json()).toMatchObject({ total: 4, start: 1, size: 2, sort: 'name', order: 'desc' });
    expect(paged.json().data.map((m: { name: string }) => m.name)).toEqual(['Invoice v2', 'Invoice v1']);
    const deployed = await h.request('GET', `${R}?nameLike=Invoice%25&deployed=true`);
    expect(deployed.json().data.map((m: { name: string }) => m.name)).toEqual(['Invoice draft']);
    const notDeployed = await h.request('GET', `${R}?nameLike=Invoice%25&deployed=false`);
    expect(notDeployed.json().total).toBe(3);
    const notFinance = await h.request('GET', `${R}?nameLike=Invoice%25&categoryNotEquals=finance`);
    expect(notFinance.json().total).toBe(1);
    expect((await h.request('GET', `${R}?version=2&key=invoice`)).json().data[0].name).toBe('Invoice v2');
    const badSort = await h.request('GET', `${R}?sort=metaInfo`);
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().exception).toContain('metaInfo');
    expect((await h.request('GET', `${R}?version=two`)).statusCode).toBe(400);
  });

  it('deletes a model', async () => {
    const model = await create({ name: 'Doomed' });
    expect((await h.request('DELETE', `${R}/${model.id}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${R}/${model.id}`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${R}/${model.id}`)).statusCode).toBe(404);
  });

  it('lets every REST user read and only deployers write', async () => {
    const model = await create({ name: 'Guarded' });
    expect((await h.request('GET', R, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', R, { as: 'gonzo' })).statusCode).toBe(403);
    expect((await h.request('GET', R, { as: 'kermit' })).statusCode).toBe(200);
    expect((await h.request('POST', R, { as: 'kermit', body: { name: 'x' } })).statusCode).toBe(403);
    expect(
      (await h.request('PUT', `${R}/${model.id}`, { as: 'kermit', body: { name: 'x' } })).statusCode,
    ).toBe(403);
    expect((await h.request('DELETE', `${R}/${model.id}`, { as: 'kermit' })).statusCode).toBe(403);
    expect((await putSource(model.id, 'source', 'x', 'kermit')).statusCode).toBe(403);
    expect((await h.request('GET', `${R}/${model.id}`)).json()).toMatchObject({
      name: 'Guarded',
      sourceUrl: null,
    });
  });
});
