import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

describe('/idm-api', () => {
  it('creates a user who can log in once granted access-rest-api', async () => {
    const created = await h.request('POST', '/idm-api/users', {
      body: { id: 'piggy', firstName: 'Miss', lastName: 'Piggy', email: 'piggy@weir.test', password: 'moi' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'piggy',
      displayName: 'Miss Piggy',
      url: expect.stringContaining('/idm-api/users/piggy'),
    });
    expect(created.json()).not.toHaveProperty('password');
    expect(
      (await h.request('POST', '/idm-api/users', { body: { id: 'piggy', password: 'x' } })).statusCode,
    ).toBe(409);
    const as = (password: string) => ({ authorization: basic('piggy', password) });
    const before = await h.app.inject({
      method: 'GET',
      url: '/process-api/runtime/tasks',
      headers: as('moi'),
    });
    expect(before.statusCode).toBe(403);
    const granted = await h.request('POST', '/idm-api/privileges/access-rest-api/users', {
      body: { userId: 'piggy' },
    });
    expect(granted.statusCode).toBe(201);
    const after = await h.app.inject({
      method: 'GET',
      url: '/process-api/runtime/tasks',
      headers: as('moi'),
    });
    expect(after.statusCode).toBe(200);
    const users = await h.request('GET', '/idm-api/privileges/access-rest-api/users');
    expect(users.json().map((u: { id: string }) => u.id)).toContain('piggy');

    await h.request('PUT', '/idm-api/users/piggy', { body: { password: 'kermie' } });
    expect(
      (await h.app.inject({ method: 'GET', url: '/process-api/runtime/tasks', headers: as('moi') }))
        .statusCode,
    ).toBe(401);
    expect(
      (await h.app.inject({ method: 'GET', url: '/process-api/runtime/tasks', headers: as('kermie') }))
        .statusCode,
    ).toBe(200);
  });

  it('lists users with filters and paging', async () => {
    const like = await h.request('GET', '/idm-api/users?lastNameLike=Mup%25&sort=id&order=desc&size=2');
    expect(like.json()).toMatchObject({ total: 4, size: 2 });
    expect(like.json().data.map((u: { id: string }) => u.id)).toEqual(['kermit', 'gonzo']);
    expect(
      (await h.request('GET', '/idm-api/users?memberOfGroup=sales'))
        .json()
        .data.map((u: { id: string }) => u.id),
    ).toEqual(['fozzie']);
    expect((await h.request('GET', '/idm-api/users?sort=shoeSize')).statusCode).toBe(400);
  });

  it('manages groups, members and group privileges', async () => {
    expect(
      (
        await h.request('POST', '/idm-api/groups', {
          body: { id: 'ops', name: 'Operations', type: 'security-role' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await h.request('POST', '/idm-api/groups', { body: { id: 'ops' } })).statusCode).toBe(409);
    const member = await h.request('POST', '/idm-api/groups/ops/members', { body: { userId: 'gonzo' } });
    expect(member.json()).toMatchObject({ userId: 'gonzo', groupId: 'ops' });
    expect(
      (await h.request('POST', '/idm-api/groups/ops/members', { body: { userId: 'gonzo' } })).statusCode,
    ).toBe(409);
    expect((await h.request('GET', '/process-api/runtime/tasks', { as: 'gonzo' })).statusCode).toBe(403);
    await h.request('POST', '/idm-api/privileges/access-rest-api/groups', { body: { groupId: 'ops' } });
    expect((await h.request('GET', '/process-api/runtime/tasks', { as: 'gonzo' })).statusCode).toBe(200);
    const groups = await h.request('GET', '/idm-api/groups?member=gonzo');
    expect(groups.json().data.map((g: { id: string }) => g.id)).toEqual(['ops']);
    const privileges = await h.request('GET', '/idm-api/privileges?groupId=ops');
    expect(privileges.json().data).toEqual([{ id: 'access-rest-api', name: 'access-rest-api' }]);
    expect((await h.request('DELETE', '/idm-api/groups/ops/members/gonzo')).statusCode).toBe(204);
    expect((await h.request('DELETE', '/idm-api/groups/ops/members/gonzo')).statusCode).toBe(404);
    expect((await h.request('GET', '/process-api/runtime/tasks', { as: 'gonzo' })).statusCode).toBe(403);
    expect((await h.request('DELETE', '/idm-api/groups/ops')).statusCode).toBe(204);
    expect((await h.request('GET', '/idm-api/groups/ops')).statusCode).toBe(404);
  });

  it('deletes a user, who can then no longer log in', async () => {
    expect((await h.request('DELETE', '/idm-api/users/piggy')).statusCode).toBe(204);
    expect((await h.request('GET', '/idm-api/users/piggy')).statusCode).toBe(404);
    const login = await h.app.inject({
      method: 'GET',
      url: '/idm-api/users',
      headers: { authorization: basic('piggy', 'kermie') },
    });
    expect(login.statusCode).toBe(401);
  });
});
