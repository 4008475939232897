import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await addUser(h.db, 'rowlf', ['access-rest-api', 'deploy-definitions']);
});
afterAll(() => h.close());

const M = '/process-api/management';

describe('management/properties and management/engine-properties', () => {
  it("answers Weir's own properties: the schema's version and history, the engine version, the id generator", async () => {
    const answer = await h.request('GET', `${M}/properties`);
    expect(answer.statusCode).toBe(200);
    const { rows } = await h.db.query<{ id: number; name: string }>(
      'SELECT id, name FROM weir_migration ORDER BY id',
    );
    expect(answer.json()).toEqual({
      'schema.version': String(rows.at(-1)!.id),
      'schema.history': rows.map((r) => `${r.id}-${r.name}`).join(' '),
      'engine.version': '0.0.0-test',
      'id.generator': 'uuid',
    });
    expect(answer.json()['schema.history']).toContain('1-foundation');
  });

  it('creates, updates and deletes an engine property, which both lists show', async () => {
    const created = await h.request('POST', `${M}/engine-properties`, {
      body: { name: 'ops.contact', value: 'pager@weir.test' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toBe('');
    expect((await h.request('GET', `${M}/engine-properties`)).json()).toMatchObject({
      'ops.contact': 'pager@weir.test',
      'id.generator': 'uuid',
    });
    const again = await h.request('POST', `${M}/engine-properties`, {
      body: { name: 'ops.contact', value: 'x' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().exception).toBe('Engine property ops.contact already exists');

    const updated = await h.request('PUT', `${M}/engine-properties/ops.contact`, {
      body: { name: 'ops.contact', value: 'oncall@weir.test' },
    });
    expect(updated.statusCode).toBe(200);
    expect((await h.request('GET', `${M}/properties`)).json()['ops.contact']).toBe('oncall@weir.test');
    const { rows } = await h.db.query('SELECT value, revision FROM weir_property WHERE name = $1', [
      'ops.contact',
    ]);
    expect(rows).toEqual([{ value: 'oncall@weir.test', revision: 2 }]);

    expect((await h.request('DELETE', `${M}/engine-properties/ops.contact`)).statusCode).toBe(204);
    expect((await h.request('GET', `${M}/engine-properties`)).json()).not.toHaveProperty('ops.contact');
    const gone = await h.request('DELETE', `${M}/engine-properties/ops.contact`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().exception).toBe('Engine property ops.contact does not exist');
    expect(
      (await h.request('PUT', `${M}/engine-properties/ops.contact`, { body: { value: 'x' } })).statusCode,
    ).toBe(404);
  });

  it('keeps the derived properties read-only', async () => {
    const create = await h.request('POST', `${M}/engine-properties`, {
      body: { name: 'schema.version', value: '99' },
    });
    expect(create.statusCode).toBe(409);
    const change = await h.request('PUT', `${M}/engine-properties/schema.version`, { body: { value: '99' } });
    expect(change.statusCode).toBe(409);
    expect(change.json().exception).toContain('derived');
    expect((await h.request('DELETE', `${M}/engine-properties/id.generator`)).statusCode).toBe(409);
    expect((await h.request('GET', `${M}/properties`)).json()['schema.version']).not.toBe('99');
  });

  it('refuses bodies without a name or with unknown fields, naming the field', async () => {
    const noName = await h.request('POST', `${M}/engine-properties`, { body: { value: 'x' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().exception).toContain('name');
    const extra = await h.request('POST', `${M}/engine-properties`, {
      body: { name: 'a', value: 'b', revision: 3 },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('revision');
  });

  it('lets deployers read the properties, and only admins the engine properties', async () => {
    expect((await h.request('GET', `${M}/properties`, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', `${M}/properties`, { as: 'kermit' })).statusCode).toBe(403);
    const rowlf = { authorization: `Basic ${Buffer.from('rowlf:rowlf-secret').toString('base64')}` };
    const asRowlf = (method: 'GET' | 'POST', url: string, payload?: object) =>
      h.app.inject({ method, url, headers: rowlf, ...(payload ? { payload } : {}) });
    expect((await asRowlf('GET', `${M}/properties`)).statusCode).toBe(200);
    expect((await asRowlf('GET', `${M}/engine-properties`)).statusCode).toBe(403);
    const create = await asRowlf('POST', `${M}/engine-properties`, { name: 'by.rowlf', value: 'x' });
    expect(create.statusCode).toBe(403);
    expect((await h.request('GET', `${M}/engine-properties`)).json()).not.toHaveProperty('by.rowlf');
  });
});
