/**
 * Who sees a case (docs/security.md): its starter, the people linked to it, the candidates of
 * its open tasks and the assignee of its tasks, even once it has ended; an uninvolved user is
 * told it does not exist, on every route, and lists leave it out of their rows and their total.
 * The case's people are read, added and removed through its identity links.
 */
import { readFile } from 'node:fs/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, basic, createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { deployCase } from '../conformance/cmmn-support.ts';

let h: HttpHarness;
let caseId = '';
let planItemId = '';

const C = '/cmmn-api/cmmn-runtime/case-instances';
const H = '/cmmn-api/cmmn-history';

/** kermit starts, fozzie is a candidate (group sales), scooter has no part, rowlf deploys. */
const send = (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
  h.app.inject({
    method,
    url,
    headers: { authorization: basic(user) },
    ...(body !== undefined ? { payload: body as object } : {}),
  });

const json = async (response: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};

beforeAll(async () => {
  h = await createHttpHarness();
  await addUser(h.db, 'scooter', ['access-rest-api']);
  await addUser(h.db, 'rowlf', ['access-rest-api', 'deploy-definitions']);
  const xml = await readFile(new URL('../fixtures/cmmn/authz-case.cmmn', import.meta.url), 'utf8');
  const deployed = await deployCase(h, 'authz-case.cmmn', xml);
  expect(deployed.statusCode).toBe(201);
  const started = await json(
    send('kermit', 'POST', C, { caseDefinitionKey: 'authzCase', variables: [{ name: 'secret', value: 7 }] }),
    201,
  );
  caseId = started.id;
  const items = await json(
    send(
      'admin',
      'GET',
      `/cmmn-api/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&elementId=handleItem`,
    ),
  );
  planItemId = items.data[0].id;
});
afterAll(async () => {
  await h?.close();
});

const caseReads = () => [
  `${C}/${caseId}`,
  `${C}/${caseId}/variables`,
  `${C}/${caseId}/variables/secret`,
  `${C}/${caseId}/stage-overview`,
  `${C}/${caseId}/identitylinks`,
  `/cmmn-api/cmmn-runtime/plan-item-instances/${planItemId}`,
  `${H}/historic-case-instances/${caseId}`,
  `${H}/historic-case-instances/${caseId}/identitylinks`,
  `${H}/historic-planitem-instances/${planItemId}`,
];

const caseLists = () => [
  `${C}?id=${caseId}`,
  `/cmmn-api/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}`,
  `${H}/historic-case-instances?caseInstanceId=${caseId}`,
  `${H}/historic-planitem-instances?caseInstanceId=${caseId}`,
  `${H}/historic-milestone-instances?caseInstanceId=${caseId}`,
  `${H}/historic-variable-instances?caseInstanceId=${caseId}`,
];

describe('who sees a case', () => {
  it('its starter reads it, its plan items, variables, people and history', async () => {
    for (const url of caseReads()) expect((await send('kermit', 'GET', url)).statusCode, url).toBe(200);
    for (const url of caseLists())
      expect((await json(send('kermit', 'GET', url))).total, url).toBeGreaterThan(0);
    const people = await json(send('kermit', 'GET', `${C}/${caseId}/identitylinks`));
    expect(people).toEqual([
      {
        url: expect.stringMatching(
          `/cmmn-api/cmmn-runtime/case-instances/${caseId}/identitylinks/users/kermit/starter$`,
        ),
        user: 'kermit',
        group: null,
        type: 'starter',
      },
    ]);
  });

  it('an uninvolved user, and a deployer, are told it does not exist, and lists leave it out', async () => {
    for (const user of ['scooter', 'rowlf']) {
      for (const url of caseReads()) {
        const r = await send(user, 'GET', url);
        expect(r.statusCode, `${user} ${url}`).toBe(404);
      }
      expect((await send(user, 'GET', `${C}/${caseId}`)).json().exception).toBe(
        `Could not find a case instance with id '${caseId}'.`,
      );
      for (const url of caseLists()) {
        const list = await json(send(user, 'GET', url));
        expect([list.total, list.data], `${user} ${url}`).toEqual([0, []]);
      }
      const query = await json(send(user, 'POST', '/cmmn-api/cmmn-query/case-instances', { id: caseId }));
      expect(query.total).toBe(0);
    }
  });

  it('an uninvolved user changes nothing: variables, people, plan items and the case stay as they were', async () => {
    const attempts: [string, 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['scooter', 'PUT', `${C}/${caseId}/variables/secret`, { name: 'secret', value: 0 }],
      ['scooter', 'POST', `${C}/${caseId}/variables`, [{ name: 'other', value: 1 }]],
      ['scooter', 'DELETE', `${C}/${caseId}/variables/secret`],
      ['scooter', 'POST', `${C}/${caseId}/identitylinks`, { user: 'scooter', type: 'participant' }],
      ['scooter', 'PUT', `/cmmn-api/cmmn-runtime/plan-item-instances/${planItemId}`, { action: 'trigger' }],
      ['scooter', 'DELETE', `${C}/${caseId}`],
    ];
    for (const [user, method, url, body] of attempts)
      expect((await send(user, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    const variables = await json(send('admin', 'GET', `${C}/${caseId}/variables`));
    expect(variables.map((v: { name: string; value: unknown }) => [v.name, v.value])).toEqual([
      ['secret', 7],
    ]);
    expect(await json(send('admin', 'GET', `${C}/${caseId}/identitylinks`))).toHaveLength(1);
    expect(
      (await json(send('admin', 'GET', `/cmmn-api/cmmn-runtime/plan-item-instances/${planItemId}`))).state,
    ).toBe('active');
  });

  it('a candidate of its open task sees it', async () => {
    for (const url of caseReads()) expect((await send('fozzie', 'GET', url)).statusCode, url).toBe(200);
    const list = await json(send('fozzie', 'GET', `${C}?id=${caseId}`));
    expect(list.total).toBe(1);
  });

  it('a user linked to it sees it, until the link is removed; the starter link stays', async () => {
    const added = await json(
      send('kermit', 'POST', `${C}/${caseId}/identitylinks`, { user: 'scooter', type: 'participant' }),
      201,
    );
    expect(added).toMatchObject({ user: 'scooter', group: null, type: 'participant' });
    expect((await send('scooter', 'GET', `${C}/${caseId}`)).statusCode).toBe(200);
    expect(
      (await send('scooter', 'GET', `${C}/${caseId}/identitylinks/users/scooter/participant`)).statusCode,
    ).toBe(200);
    const history = await json(
      send('scooter', 'GET', `${H}/historic-case-instances/${caseId}/identitylinks`),
    );
    expect(history.map((l: { userId: string; type: string }) => [l.userId, l.type])).toEqual([
      ['kermit', 'starter'],
      ['scooter', 'participant'],
    ]);
    expect(history[1]).toMatchObject({ groupId: null, taskId: null, taskUrl: null, caseInstanceId: caseId });

    expect(
      (await send('scooter', 'DELETE', `${C}/${caseId}/identitylinks/users/scooter/participant`)).statusCode,
    ).toBe(204);
    expect((await send('scooter', 'GET', `${C}/${caseId}`)).statusCode).toBe(404);
    expect(
      (await send('kermit', 'DELETE', `${C}/${caseId}/identitylinks/users/kermit/starter`)).statusCode,
    ).toBe(409);
    expect(
      (await send('kermit', 'DELETE', `${C}/${caseId}/identitylinks/users/nobody/participant`)).statusCode,
    ).toBe(404);
  });

  it('a group link makes its members see it', async () => {
    await json(send('admin', 'POST', '/idm-api/groups', { id: 'muppets', name: 'Muppets' }), 201);
    await json(send('admin', 'POST', '/idm-api/groups/muppets/members', { userId: 'scooter' }), 201);
    await json(
      send('kermit', 'POST', `${C}/${caseId}/identitylinks`, { group: 'muppets', type: 'participant' }),
      201,
    );
    expect((await json(send('scooter', 'GET', `${C}?id=${caseId}`))).total).toBe(1);
    expect(
      (await send('kermit', 'DELETE', `${C}/${caseId}/identitylinks/groups/muppets/participant`)).statusCode,
    ).toBe(204);
    expect((await json(send('scooter', 'GET', `${C}?id=${caseId}`))).total).toBe(0);
  });

  it('a link needs a user or a group, not both', async () => {
    const neither = await send('kermit', 'POST', `${C}/${caseId}/identitylinks`, { type: 'participant' });
    expect([neither.statusCode, neither.json().exception]).toEqual([400, 'User or group are required.']);
    const both = await send('kermit', 'POST', `${C}/${caseId}/identitylinks`, {
      user: 'scooter',
      group: 'sales',
      type: 'participant',
    });
    expect(both.statusCode).toBe(400);
  });

  it('the candidate who completed its task still sees the case once it has ended', async () => {
    const tasks = await json(send('fozzie', 'GET', `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}`));
    expect(tasks.total).toBe(1);
    const taskId = tasks.data[0].id;
    expect(
      (
        await send('fozzie', 'POST', `/cmmn-api/cmmn-runtime/tasks/${taskId}`, {
          action: 'claim',
          assignee: 'fozzie',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await send('fozzie', 'POST', `/cmmn-api/cmmn-runtime/tasks/${taskId}`, { action: 'complete' }))
        .statusCode,
    ).toBe(200);
    // the case has ended: its runtime routes find nothing, its history is the starter's and fozzie's
    expect((await send('admin', 'GET', `${C}/${caseId}`)).statusCode).toBe(404);
    for (const user of ['kermit', 'fozzie']) {
      const historic = await json(send(user, 'GET', `${H}/historic-case-instances/${caseId}`));
      expect(historic.endTime, user).not.toBeNull();
      expect(
        (await json(send(user, 'GET', `${H}/historic-case-instances?caseInstanceId=${caseId}`))).total,
      ).toBe(1);
    }
    expect((await send('scooter', 'GET', `${H}/historic-case-instances/${caseId}`)).statusCode).toBe(404);
  });
});
