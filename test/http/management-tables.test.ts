import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

const T = '/process-api/management/tables';

describe('management/tables', () => {
  it("lists Weir's tables with their row counts and urls", async () => {
    const answer = await h.request('GET', T);
    expect(answer.statusCode).toBe(200);
    const tables = answer.json() as { name: string; url: string; count: number }[];
    const users = tables.find((t) => t.name === 'weir_idm_user');
    expect(users).toEqual({
      name: 'weir_idm_user',
      url: expect.stringMatching(/\/process-api\/management\/tables\/weir_idm_user$/),
      count: 4,
    });
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['weir_job', 'weir_task', 'weir_migration']),
    );
    expect(tables.every((t) => t.name.startsWith('weir_'))).toBe(true);
  });

  it('answers one table, its columns, and 404 for a table that is not one of Weir’s', async () => {
    const one = await h.request('GET', `${T}/weir_idm_group`);
    expect(one.json()).toMatchObject({ name: 'weir_idm_group', count: 1 });
    expect((await h.request('GET', `${T}/WEIR_IDM_GROUP`)).json().name).toBe('weir_idm_group');
    const columns = await h.request('GET', `${T}/weir_idm_group/columns`);
    expect(columns.json()).toEqual({
      tableName: 'weir_idm_group',
      columnNames: ['id', 'name', 'type', 'created_at'],
      columnTypes: ['text', 'text', 'text', 'timestamp with time zone'],
    });
    for (const name of [
      'ACT_RU_TASK',
      'pg_class',
      'weir_idm_user;drop table weir_job',
      'information_schema.tables',
    ]) {
      for (const suffix of ['', '/columns', '/data']) {
        const answer = await h.request('GET', `${T}/${encodeURIComponent(name)}${suffix}`);
        expect(answer.statusCode).toBe(404);
        expect(answer.json().exception).toBe(`Could not find a table with name '${name}'.`);
      }
    }
  });

  it('pages rows with start and size, sorted by a column asc or desc', async () => {
    const page = await h.request('GET', `${T}/weir_idm_user/data?start=1&size=2&orderDescendingColumn=id`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body).toMatchObject({ total: 4, start: 1, size: 2, sort: 'id', order: 'desc' });
    expect(body.data.map((r: { id: string }) => r.id)).toEqual(['gonzo', 'fozzie']);
    const asc = await h.request('GET', `${T}/weir_idm_user/data?orderAscendingColumn=first_name`);
    expect(asc.json().data.map((r: { id: string }) => r.id)).toEqual(['admin', 'fozzie', 'gonzo', 'kermit']);
    const unsorted = await h.request('GET', `${T}/weir_idm_group/data`);
    expect(unsorted.json()).toMatchObject({ total: 1, start: 0, size: 1, sort: null, order: null });
    expect(unsorted.json().data[0]).toMatchObject({ id: 'sales', name: 'Sales', type: 'assignment' });
  });

  it('never shows password hashes, and shows binary columns as base64', async () => {
    const users = await h.request('GET', `${T}/weir_idm_user/data?size=10`);
    for (const row of users.json().data) {
      expect(row).toHaveProperty('password_hash', null);
      expect(row.email).toMatch(/@weir\.test$/);
    }
    const model = (await h.request('POST', '/process-api/repository/models', { body: { name: 'm' } })).json();
    const { payload, contentType } = multipart([{ name: 'm.xml', content: '<xml/>' }]);
    const put = await h.app.inject({
      method: 'PUT',
      url: `/process-api/repository/models/${model.id}/source`,
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(put.statusCode).toBe(204);
    const models = await h.request('GET', `${T}/weir_model/data`);
    expect(models.json().data[0].editor_source).toBe(Buffer.from('<xml/>').toString('base64'));
  });

  it('refuses both sort parameters at once and a column the table lacks', async () => {
    const both = await h.request(
      'GET',
      `${T}/weir_idm_user/data?orderAscendingColumn=id&orderDescendingColumn=id`,
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().exception).toContain('orderAscendingColumn');
    const unknown = await h.request(
      'GET',
      `${T}/weir_idm_user/data?orderAscendingColumn=${encodeURIComponent('id; drop table weir_job')}`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toContain("has no column 'id; drop table weir_job'");
    expect((await h.request('GET', `${T}/weir_idm_user/data?size=-1`)).statusCode).toBe(400);
    expect((await h.request('GET', `${T}/weir_job`)).statusCode).toBe(200);
  });

  it('is for admins only', async () => {
    expect((await h.request('GET', T, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', T, { as: 'kermit' })).statusCode).toBe(403);
    expect((await h.request('GET', `${T}/weir_idm_user/data`, { as: 'fozzie' })).statusCode).toBe(403);
  });
});
