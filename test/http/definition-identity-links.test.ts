import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, basic, createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let definitionId: string;
let openDefinitionId: string;
const links = () => `/process-api/repository/process-definitions/${definitionId}/identitylinks`;
/** As answers carry it: absolute, the id percent-encoded. */
const linkUrl = (tail: string) =>
  `http://localhost:80/process-api/repository/process-definitions/${encodeURIComponent(definitionId)}/identitylinks${tail}`;

const definitionIdOf = async (key: string) =>
  (await h.request('GET', `/process-api/repository/process-definitions?key=${key}`)).json().data[0]
    .id as string;

/** A request as any user, also those the harness does not know (piggy, rowlf). */
const send = (as: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: { authorization: basic(as) }, ...(payload ? { payload } : {}) });

const start = (as: string, id = definitionId) =>
  send(as, 'POST', '/process-api/runtime/process-instances', { processDefinitionId: id });

const startable = async (user: string) =>
  (await h.request('GET', `/process-api/repository/process-definitions?startableByUser=${user}&sort=key`))
    .json()
    .data.map((d: { key: string }) => d.key);

beforeAll(async () => {
  h = await createHttpHarness();
  await addUser(h.db, 'piggy', ['access-rest-api']);
  await addUser(h.db, 'rowlf', ['access-rest-api', 'deploy-definitions']);
  await h.deploy(['links-starters.bpmn20.xml', 'http-one-task.bpmn20.xml']);
  definitionId = await definitionIdOf('linksStarters');
  openDefinitionId = await definitionIdOf('httpOneTask');
});
afterAll(() => h.close());

describe('process-definition identity links (candidate starters)', () => {
  it("lists the model's candidate starters as Flowable's candidate links", async () => {
    const response = await h.request('GET', links(), { as: 'kermit' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      { url: linkUrl('/users/kermit'), user: 'kermit', group: null, type: 'candidate' },
      { url: linkUrl('/groups/sales'), user: null, group: 'sales', type: 'candidate' },
    ]);
    const one = await h.request('GET', `${links()}/groups/sales`, { as: 'fozzie' });
    expect(one.json()).toEqual({
      url: linkUrl('/groups/sales'),
      user: null,
      group: 'sales',
      type: 'candidate',
    });
    expect((await h.request('GET', `${links()}/users/piggy`)).statusCode).toBe(404);
    // a definition naming none has none
    const open = await h.request(
      'GET',
      `/process-api/repository/process-definitions/${openDefinitionId}/identitylinks`,
    );
    expect(open.json()).toEqual([]);
  });

  it('starting is allowed to candidate starters and admins only; startableByUser lists what each may start', async () => {
    expect((await start('kermit')).statusCode).toBe(201);
    expect((await start('fozzie')).statusCode).toBe(201); // through the sales group
    expect((await start('admin')).statusCode).toBe(201);
    const refused = await start('piggy');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().exception).toBe(`User 'piggy' may not start process definition '${definitionId}'`);
    expect(await startable('kermit')).toEqual(['httpOneTask', 'linksStarters']);
    expect(await startable('fozzie')).toEqual(['httpOneTask', 'linksStarters']);
    expect(await startable('piggy')).toEqual(['httpOneTask']);
    expect(await startable('admin')).toEqual(['httpOneTask', 'linksStarters']);
  });

  it('adding a candidate starter lets that user start the definition and list it as startable', async () => {
    const created = await send('rowlf', 'POST', links(), { user: 'piggy', type: 'ignored' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      url: linkUrl('/users/piggy'),
      user: 'piggy',
      group: null,
      type: 'candidate',
    });
    expect((await start('piggy')).statusCode).toBe(201);
    expect(await startable('piggy')).toEqual(['httpOneTask', 'linksStarters']);
    // adding it again changes nothing
    expect((await h.request('POST', links(), { body: { user: 'piggy' } })).statusCode).toBe(201);
    expect((await h.request('GET', links())).json()).toHaveLength(3);
  });

  it('removing one takes the right away; removing the model-declared group too', async () => {
    expect((await send('rowlf', 'DELETE', `${links()}/users/piggy`)).statusCode).toBe(204);
    expect((await start('piggy')).statusCode).toBe(403);
    expect((await h.request('DELETE', `${links()}/groups/sales`)).statusCode).toBe(204);
    expect((await start('fozzie')).statusCode).toBe(403);
    expect(await startable('fozzie')).toEqual(['httpOneTask']);
    const again = await h.request('DELETE', `${links()}/groups/sales`);
    expect([again.statusCode, again.json().exception]).toEqual([
      404,
      'Could not find the requested identity link.',
    ]);
    expect((await h.request('GET', links())).json().map((l: { user: string }) => l.user)).toEqual(['kermit']);
  });

  it('copies the model starters of a definition deployed before the table existed, once', async () => {
    await h.deploy(['authz-world.bpmn20.xml']);
    const old = await definitionIdOf('authzWorld');
    // as a definition stored before the migration: not yet seeded, no rows
    await h.db.query(`UPDATE weir_process_definition SET starters_seeded = false WHERE id = $1`, [old]);
    await h.db.query(`DELETE FROM weir_candidate_starter WHERE definition_id = $1`, [old]);
    expect(await startable('kermit')).toEqual(['httpOneTask', 'linksStarters']);
    expect(await startable('piggy')).toEqual(['authzWorld', 'httpOneTask']);
    expect((await start('kermit', old)).statusCode).toBe(403);
    const { rows } = await h.db.query(
      `SELECT count(*)::int AS n FROM weir_candidate_starter WHERE definition_id = $1`,
      [old],
    );
    expect(rows[0]).toEqual({ n: 2 });
  });

  it('only deployers change candidate starters; everyone with REST access reads them', async () => {
    const post = await h.request('POST', links(), { as: 'kermit', body: { group: 'sales' } });
    expect(post.statusCode).toBe(403);
    expect((await h.request('DELETE', `${links()}/users/kermit`, { as: 'fozzie' })).statusCode).toBe(403);
    expect((await h.request('GET', links(), { as: 'gonzo' })).statusCode).toBe(403);
    expect((await h.request('GET', links(), { as: null })).statusCode).toBe(401);
    expect((await h.request('POST', links(), { as: null, body: { user: 'x' } })).statusCode).toBe(401);
  });

  it('refuses bad input with 400 and unknown definitions with 404', async () => {
    const neither = await h.request('POST', links(), { body: {} });
    expect([neither.statusCode, neither.json().exception]).toEqual([
      400,
      'A group or a user is required to create an identity link.',
    ]);
    const both = await h.request('POST', links(), { body: { user: 'a', group: 'b' } });
    expect([both.statusCode, both.json().exception]).toEqual([
      400,
      'Only one of user or group can be used to create an identity link.',
    ]);
    const extra = await h.request('POST', links(), { body: { user: 'a', color: 'red' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('color');
    const family = await h.request('GET', `${links()}/teams/sales`);
    expect(family.statusCode).toBe(400);
    expect(family.json().exception).toContain('family');
    const unknown = '/process-api/repository/process-definitions/nope/identitylinks';
    for (const [method, url] of [
      ['GET', unknown],
      ['POST', unknown],
      ['GET', `${unknown}/users/kermit`],
      ['DELETE', `${unknown}/users/kermit`],
    ] as const) {
      const response = await h.request(method, url, method === 'POST' ? { body: { user: 'kermit' } } : {});
      expect([method, url, response.statusCode, response.json().exception]).toEqual([
        method,
        url,
        404,
        "Could not find a process definition with id 'nope'.",
      ]);
    }
  });
});
