import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(() => h.close());

const I = '/process-api/identity';

const putPicture = (
  userId: string,
  content: Buffer,
  fields: Record<string, string> = {},
  as: TestUser = 'admin',
) => {
  const { payload, contentType } = multipart([{ name: 'face.png', content }], fields);
  return h.app.inject({
    method: 'PUT',
    url: `${I}/users/${userId}/picture`,
    headers: { authorization: basic(as), 'content-type': contentType },
    payload,
  });
};

describe('/process-api/identity: the same users and groups as /idm-api', () => {
  it('answers users and groups in both places, with urls of the api asked', async () => {
    const process = await h.request('GET', `${I}/users/kermit`, { as: 'kermit' });
    const idm = await h.request('GET', '/idm-api/users/kermit', { as: 'kermit' });
    expect(process.statusCode).toBe(200);
    expect(process.json()).toEqual({
      ...idm.json(),
      url: expect.stringMatching(/\/process-api\/identity\/users\/kermit$/),
    });
    expect(process.json()).toMatchObject({ id: 'kermit', firstName: 'Kermit', pictureUrl: null });
    const groups = await h.request('GET', `${I}/groups?member=fozzie`);
    expect(groups.json()).toMatchObject({
      total: 1,
      data: [
        { id: 'sales', name: 'Sales', url: expect.stringMatching(/\/process-api\/identity\/groups\/sales$/) },
      ],
    });
    const users = await h.request('GET', `${I}/users?memberOfGroup=sales`);
    expect(users.json().data.map((u: { id: string }) => u.id)).toEqual(['fozzie']);
    await h.request('PUT', '/idm-api/users/gonzo', { body: { displayName: 'The Great Gonzo' } });
    const byDisplayName = await h.request('GET', `${I}/users?displayNameLike=%25Great%25&sort=displayName`);
    expect(byDisplayName.json().data.map((u: { id: string }) => u.id)).toEqual(['gonzo']);
    expect((await h.request('GET', `${I}/users?displayName=The%20Great%20Gonzo`)).json().total).toBe(1);
    expect((await h.request('GET', `${I}/users?tenantId=acme`)).json().total).toBe(0);
    expect((await h.request('GET', `${I}/users?tenantId=`)).json().total).toBe(4);
  });

  it('creates, changes and deletes users, groups and memberships (admins only)', async () => {
    const created = await h.request('POST', `${I}/users`, {
      body: { id: 'beaker', firstName: 'Beaker', password: 'meep' },
    });
    expect(created.statusCode).toBe(201);
    expect((await h.request('GET', '/idm-api/users/beaker')).json().firstName).toBe('Beaker');
    expect((await h.request('POST', `${I}/groups`, { body: { id: 'lab', name: 'Lab' } })).statusCode).toBe(
      201,
    );
    const member = await h.request('POST', `${I}/groups/lab/members`, { body: { userId: 'beaker' } });
    expect(member.json()).toEqual({
      userId: 'beaker',
      groupId: 'lab',
      url: expect.stringMatching(/\/process-api\/identity\/groups\/lab\/members\/beaker$/),
    });
    expect((await h.request('PUT', `${I}/groups/lab`, { body: { name: 'Laboratory' } })).json().name).toBe(
      'Laboratory',
    );
    expect(
      (await h.request('POST', `${I}/users`, { as: 'kermit', body: { id: 'x', password: 'y' } })).statusCode,
    ).toBe(403);
    expect((await h.request('DELETE', `${I}/groups/lab/members/beaker`, { as: 'kermit' })).statusCode).toBe(
      403,
    );
    expect((await h.request('DELETE', `${I}/groups/lab/members/beaker`)).statusCode).toBe(204);
    expect((await h.request('DELETE', `${I}/users/beaker`)).statusCode).toBe(204);
    expect((await h.request('GET', `${I}/users/beaker`)).statusCode).toBe(404);
    expect((await h.request('GET', `${I}/users`, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', `${I}/users`, { as: 'gonzo' })).statusCode).toBe(403);
  });

  it('has no privileges routes (they are /idm-api only)', async () => {
    expect((await h.request('GET', `${I}/privileges`)).statusCode).toBe(404);
  });
});

describe('user info', () => {
  it('creates, reads, updates and deletes info entries', async () => {
    const created = await h.request('POST', `${I}/users/kermit/info`, {
      body: { key: 'phone', value: '555-0100' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      key: 'phone',
      value: '555-0100',
      url: expect.stringMatching(/\/process-api\/identity\/users\/kermit\/info\/phone$/),
    });
    const again = await h.request('POST', `${I}/users/kermit/info`, { body: { key: 'phone', value: 'x' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().exception).toBe("User info with key 'phone' already exists for this user.");
    await h.request('POST', `${I}/users/kermit/info`, { body: { key: 'desk', value: '4B' } });
    const keys = await h.request('GET', `${I}/users/kermit/info`, { as: 'fozzie' });
    expect(keys.json()).toEqual([
      { key: 'desk', value: null, url: expect.stringMatching(/\/info\/desk$/) },
      { key: 'phone', value: null, url: expect.stringMatching(/\/info\/phone$/) },
    ]);
    const updated = await h.request('PUT', `${I}/users/kermit/info/phone`, { body: { value: '555-0199' } });
    expect(updated.json()).toMatchObject({ key: 'phone', value: '555-0199' });
    expect((await h.request('GET', `${I}/users/kermit/info/phone`)).json().value).toBe('555-0199');
    const mismatch = await h.request('PUT', `${I}/users/kermit/info/phone`, {
      body: { key: 'desk', value: 'x' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect((await h.request('DELETE', `${I}/users/kermit/info/phone`)).statusCode).toBe(204);
    const gone = await h.request('GET', `${I}/users/kermit/info/phone`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().exception).toBe("User info with key 'phone' does not exists for user 'kermit'.");
    expect(
      (await h.request('PUT', `${I}/users/kermit/info/phone`, { body: { value: 'x' } })).statusCode,
    ).toBe(404);
    expect((await h.request('GET', `${I}/users/nobody/info`)).statusCode).toBe(404);
  });

  it('refuses an entry without a value, naming the field', async () => {
    const noValue = await h.request('POST', `${I}/users/kermit/info`, { body: { key: 'room' } });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().exception).toContain('value');
  });

  it('lets a user change their own info, and only an admin anyone’s', async () => {
    const own = await h.request('POST', `${I}/users/fozzie/info`, {
      as: 'fozzie',
      body: { key: 'joke', value: 'wocka' },
    });
    expect(own.statusCode).toBe(201);
    const other = await h.request('POST', `${I}/users/fozzie/info`, {
      as: 'kermit',
      body: { key: 'x', value: 'y' },
    });
    expect(other.statusCode).toBe(403);
    expect((await h.request('DELETE', `${I}/users/fozzie/info/joke`, { as: 'kermit' })).statusCode).toBe(403);
    expect((await h.request('GET', `${I}/users/fozzie/info/joke`, { as: 'kermit' })).json().value).toBe(
      'wocka',
    );
  });
});

describe('user picture', () => {
  it('stores a picture with its media type, serves it back and links it from the user', async () => {
    expect((await h.request('GET', `${I}/users/kermit/picture`)).statusCode).toBe(404);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    expect((await putPicture('kermit', png, { mimeType: 'image/png' }, 'kermit')).statusCode).toBe(204);
    const picture = await h.request('GET', `${I}/users/kermit/picture`, { as: 'fozzie' });
    expect(picture.headers['content-type']).toBe('image/png');
    expect(picture.rawPayload).toEqual(png);
    const pictureUrl = expect.stringMatching(/\/process-api\/identity\/users\/kermit\/picture$/);
    expect((await h.request('GET', `${I}/users/kermit`)).json().pictureUrl).toEqual(pictureUrl);
    expect((await h.request('GET', '/idm-api/users?id=kermit')).json().data[0].pictureUrl).toEqual(
      pictureUrl,
    );
    expect((await putPicture('fozzie', png)).statusCode).toBe(204);
    expect((await h.request('GET', `${I}/users/fozzie/picture`)).headers['content-type']).toBe('image/jpeg');
  });

  it('refuses a non-image type, a picture over 1 MiB, another user’s picture and an unknown user', async () => {
    const html = await putPicture('kermit', Buffer.from('<script>alert(1)</script>'), {
      mimeType: 'text/html',
    });
    expect(html.statusCode).toBe(400);
    expect(html.json().exception).toContain('mimeType');
    const svg = await putPicture('kermit', Buffer.from('<svg/>'), { mimeType: 'image/svg+xml' });
    expect(svg.statusCode).toBe(400);
    const large = await putPicture('kermit', Buffer.alloc(1024 * 1024 + 1));
    expect(large.statusCode).toBe(413);
    expect((await putPicture('kermit', Buffer.from('x'), {}, 'fozzie')).statusCode).toBe(403);
    expect((await putPicture('nobody', Buffer.from('x'))).statusCode).toBe(404);
    expect((await putPicture('kermit', Buffer.from('x'), { colour: 'green' })).statusCode).toBe(400);
  });
});

describe('/idm-api/idm-management/engine', () => {
  it('describes the engine to REST users', async () => {
    const answer = await h.request('GET', '/idm-api/idm-management/engine', { as: 'kermit' });
    expect(answer.json()).toEqual({
      name: 'default',
      version: '0.0.0-test',
      resourceUrl: null,
      exception: null,
    });
    expect((await h.request('GET', '/idm-api/idm-management/engine', { as: 'gonzo' })).statusCode).toBe(403);
  });
});

describe('/idm-api privileges at Flowable’s paths', () => {
  it('revokes a group’s privilege at .../privileges/{id}/group/{groupId}', async () => {
    expect(
      (await h.request('POST', '/idm-api/privileges/access-rest-api/groups', { body: { groupId: 'sales' } }))
        .statusCode,
    ).toBe(201);
    expect((await h.request('DELETE', '/idm-api/privileges/access-rest-api/groups/sales')).statusCode).toBe(
      404,
    );
    expect(
      (await h.request('DELETE', '/idm-api/privileges/access-rest-api/group/sales', { as: 'kermit' }))
        .statusCode,
    ).toBe(403);
    expect((await h.request('DELETE', '/idm-api/privileges/access-rest-api/group/sales')).statusCode).toBe(
      204,
    );
    const groups = await h.request('GET', '/idm-api/privileges/access-rest-api/groups');
    expect(groups.json()).toEqual([]);
    expect((await h.request('DELETE', '/idm-api/privileges/access-rest-api/group/sales')).statusCode).toBe(
      404,
    );
  });
});
