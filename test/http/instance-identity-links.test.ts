import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGroup } from '../../src/persistence/idm-sql.ts';
import { addUser, basic, createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let instanceId: string;
const links = () => `/process-api/runtime/process-instances/${instanceId}/identitylinks`;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
  instanceId = (await startInstance(h, { processDefinitionKey: 'httpOneTask' }, 'kermit')).id;
});
afterAll(() => h.close());

const animal = (method: 'GET', url: string) =>
  h.app.inject({ method, url, headers: { authorization: basic('animal') } });

const involvedIds = async (user: string) => {
  const response = await h.request('GET', `/process-api/runtime/process-instances?involvedUser=${user}`);
  return response.json().data.map((i: { id: string }) => i.id);
};

describe('process-instance identity links', () => {
  it('involves a user: the link is listed, read alone, makes the instance visible and involvedUser finds it', async () => {
    expect(await involvedIds('gonzo')).toEqual([]);
    expect(
      (await h.request('GET', `/process-api/runtime/process-instances/${instanceId}`, { as: 'fozzie' }))
        .statusCode,
    ).toBe(200); // candidate of the task
    const created = await h.request('POST', links(), {
      as: 'kermit',
      body: { user: 'gonzo', type: 'participant' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      url: `http://localhost:80${links()}/users/gonzo/participant`,
      user: 'gonzo',
      group: null,
      type: 'participant',
    });
    const list = await h.request('GET', links());
    expect(list.json()).toEqual([
      {
        url: `http://localhost:80${links()}/users/kermit/starter`,
        user: 'kermit',
        group: null,
        type: 'starter',
      },
      {
        url: `http://localhost:80${links()}/users/gonzo/participant`,
        user: 'gonzo',
        group: null,
        type: 'participant',
      },
    ]);
    const one = await h.request('GET', `${links()}/users/gonzo/participant`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ user: 'gonzo', type: 'participant' });
    expect(await involvedIds('gonzo')).toEqual([instanceId]);
    expect((await h.request('GET', `${links()}/users/kermit/starter`)).json().type).toBe('starter');
  });

  it('a group link makes the instance visible to its members; adding it twice keeps one', async () => {
    const other = (await startInstance(h, { processDefinitionKey: 'httpOneTask' }, 'admin')).id;
    const url = `/process-api/runtime/process-instances/${other}`;
    await insertGroup(h.db, { id: 'reviewers', name: 'Reviewers', type: 'assignment' });
    await addUser(h.db, 'animal', ['access-rest-api'], ['reviewers']);
    // animal has no part in admin's instance yet: not found
    expect((await animal('GET', url)).statusCode).toBe(404);
    for (let i = 0; i < 2; i++) {
      const created = await h.request('POST', `${url}/identitylinks`, {
        body: { group: 'reviewers', type: 'participant' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({
        url: `http://localhost:80${url}/identitylinks/groups/reviewers/participant`,
        user: null,
        group: 'reviewers',
        type: 'participant',
      });
    }
    const { rows } = await h.db.query(
      `SELECT count(*)::int AS n FROM weir_identity_link WHERE process_instance_id = $1 AND group_id = 'reviewers'`,
      [other],
    );
    expect(rows[0]).toEqual({ n: 1 });
    expect((await animal('GET', url)).statusCode).toBe(200);
    expect((await h.request('DELETE', `${url}/identitylinks/groups/reviewers/participant`)).statusCode).toBe(
      204,
    );
    expect((await animal('GET', url)).statusCode).toBe(404);
  });

  it('deletes a link: it is gone from the list and the instance no longer counts the user as involved', async () => {
    await h.request('POST', links(), { body: { user: 'admin', type: 'watcher' } });
    expect(
      (await h.request('DELETE', `${links()}/users/gonzo/participant`, { as: 'kermit' })).statusCode,
    ).toBe(204);
    expect(await involvedIds('gonzo')).toEqual([]);
    expect((await h.request('GET', `${links()}/users/gonzo/participant`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${links()}/users/gonzo/participant`)).json()).toMatchObject({
      message: 'Not found',
      exception: 'Could not find the requested identity link.',
    });
    // any type a client names is kept, as in Flowable
    expect((await h.request('GET', links())).json().map((l: { type: string }) => l.type)).toEqual([
      'starter',
      'watcher',
    ]);
  });

  it('the starter recorded on the instance cannot be removed', async () => {
    const response = await h.request('DELETE', `${links()}/users/kermit/starter`);
    expect(response.statusCode).toBe(409);
    expect(response.json().exception).toContain('starter link cannot be removed');
  });

  it('refuses bad bodies and paths with 400 naming the problem', async () => {
    const neither = await h.request('POST', links(), { body: { type: 'participant' } });
    expect([neither.statusCode, neither.json().exception]).toEqual([400, 'User or group are required.']);
    const both = await h.request('POST', links(), { body: { user: 'a', group: 'b', type: 'participant' } });
    expect([both.statusCode, both.json().exception]).toEqual([
      400,
      'Only one value of user or group is supported.',
    ]);
    const noType = await h.request('POST', links(), { body: { user: 'gonzo' } });
    expect(noType.statusCode).toBe(400);
    expect(noType.json().exception).toContain('type');
    const extra = await h.request('POST', links(), {
      body: { user: 'gonzo', type: 'participant', role: 'x' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('role');
    const family = await h.request('GET', `${links()}/people/gonzo/participant`);
    expect(family.statusCode).toBe(400);
    expect(family.json().exception).toContain('family');
  });

  it('answers 404 for an unknown instance, 401 without credentials, 404 to a user who cannot see the instance', async () => {
    const unknown = await h.request('POST', '/process-api/runtime/process-instances/nope/identitylinks', {
      body: { user: 'gonzo', type: 'participant' },
    });
    expect([unknown.statusCode, unknown.json().exception]).toEqual([
      404,
      "Could not find a process instance with id 'nope'.",
    ]);
    expect(
      (await h.request('POST', links(), { as: null, body: { user: 'x', type: 'participant' } })).statusCode,
    ).toBe(401);
    expect((await h.request('GET', `${links()}/users/kermit/starter`, { as: null })).statusCode).toBe(401);
    // gonzo has no REST privilege at all
    expect((await h.request('GET', `${links()}/users/kermit/starter`, { as: 'gonzo' })).statusCode).toBe(403);
    const stranger = (await startInstance(h, { processDefinitionKey: 'httpOneTask' }, 'admin')).id;
    const strangerLinks = `/process-api/runtime/process-instances/${stranger}/identitylinks`;
    for (const [method, url, body] of [
      ['POST', strangerLinks, { user: 'kermit', type: 'participant' }],
      ['GET', `${strangerLinks}/users/admin/starter`, undefined],
      ['DELETE', `${strangerLinks}/users/admin/starter`, undefined],
    ] as const) {
      const response = await h.request(method, url, { as: 'kermit', body });
      expect([method, response.statusCode]).toEqual([method, 404]);
    }
    expect((await h.request('GET', strangerLinks)).json()).toHaveLength(1);
  });

  it('a link added to the instance is kept in its history (history/historic-process-instances/{id}/identitylinks)', async () => {
    const created = await h.request('POST', links(), { body: { group: 'sales', type: 'candidate' } });
    expect(created.statusCode).toBe(201);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-process-instances/${instanceId}/identitylinks`,
    );
    expect(history.statusCode).toBe(200);
    expect(history.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ groupId: 'sales', type: 'candidate' })]),
    );
  });
});
