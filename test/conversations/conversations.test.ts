import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness, type TestUser } from '../http/harness.ts';

const C = '/conversation-api/conversations';
let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['conversation-review.bpmn20.xml']);
});
afterAll(() => h?.close());

const create = async (body: Record<string, unknown>, as: TestUser = 'kermit') => {
  const response = await h.request('POST', C, { as, body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; [key: string]: unknown };
};

const post = async (id: string, body: Record<string, unknown>, as: TestUser = 'kermit') => {
  const response = await h.request('POST', `${C}/${id}/messages`, { as, body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; text: string; [key: string]: unknown };
};

const offerTask = async () => {
  const instance = await startInstance(h, { processDefinitionKey: 'conversationReview' });
  const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
  return { instanceId: instance.id, taskId: tasks.json().data[0].id as string };
};

describe('conversations over REST', () => {
  it('a standalone conversation is seen by its participants only', async () => {
    const conversation = await create({ name: 'Lunch', participants: [{ userId: 'fozzie' }] });
    expect(conversation).toMatchObject({ name: 'Lunch', createdBy: 'kermit', taskId: null, unreadCount: 0 });
    const participants = await h.request('GET', `${C}/${conversation.id}/participants`, { as: 'fozzie' });
    expect(participants.json().map((p: { user: string }) => p.user)).toEqual(['fozzie', 'kermit']);

    const listed = await h.request('GET', `${C}?sort=createdAt`, { as: 'fozzie' });
    expect(listed.json().data.map((c: { id: string }) => c.id)).toContain(conversation.id);
    // admin is no participant here but sees every conversation; gonzo has no REST privilege
    expect((await h.request('GET', `${C}/${conversation.id}`, { as: 'admin' })).statusCode).toBe(200);
    expect((await h.request('GET', `${C}/${conversation.id}`, { as: 'gonzo' })).statusCode).toBe(403);
    const create2 = await create({ name: 'Not for kermit' }, 'fozzie');
    const hidden = await h.request('GET', `${C}/${create2.id}`, { as: 'kermit' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().exception).toBe(`Could not find a conversation with id '${create2.id}'.`);
    // nor can kermit join it
    const join = await h.request('POST', `${C}/${create2.id}/participants`, {
      as: 'kermit',
      body: { userId: 'kermit' },
    });
    expect(join.statusCode).toBe(404);
  });

  it('messages count as unread for the others until they read them, and page backwards by id', async () => {
    const conversation = await create({ participants: [{ groupId: 'sales' }] });
    const sent = [];
    for (let n = 1; n <= 5; n++) sent.push(await post(conversation.id, { text: `message ${n}` }));
    const ids = sent.map((m) => m.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    // fozzie takes part through the sales group
    const forFozzie = await h.request('GET', `${C}/${conversation.id}`, { as: 'fozzie' });
    expect(forFozzie.json()).toMatchObject({ unreadCount: 5, lastMessageId: ids[4], lastReadMessageId: 0 });
    expect((await h.request('GET', `${C}/${conversation.id}`, { as: 'kermit' })).json().unreadCount).toBe(0);

    const newest = await h.request('GET', `${C}/${conversation.id}/messages?order=desc&size=2`, {
      as: 'fozzie',
    });
    expect(newest.json()).toMatchObject({ total: 5, size: 2, sort: 'id', order: 'desc' });
    expect(newest.json().data.map((m: { text: string }) => m.text)).toEqual(['message 5', 'message 4']);
    const older = await h.request(
      'GET',
      `${C}/${conversation.id}/messages?order=desc&size=2&before=${ids[3]}`,
      {
        as: 'fozzie',
      },
    );
    expect(older.json().data.map((m: { text: string }) => m.text)).toEqual(['message 3', 'message 2']);

    const read = await h.request('PUT', `${C}/${conversation.id}/read`, {
      as: 'fozzie',
      body: { messageId: ids[2] },
    });
    expect(read.json()).toEqual({ lastReadMessageId: ids[2], unreadCount: 2 });
    const listed = await h.request('GET', `${C}?id=${conversation.id}`, { as: 'fozzie' });
    expect(listed.json().data[0].unreadCount).toBe(2);
    const beyond = await h.request('PUT', `${C}/${conversation.id}/read`, {
      as: 'fozzie',
      body: { messageId: ids[4] + 1000 },
    });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().exception).toContain(`its newest message is ${ids[4]}`);
  });

  it('mentions must name participants, and a content item is attached by id', async () => {
    const conversation = await create({ participants: [{ groupId: 'sales' }] });
    const mentioned = await post(conversation.id, { text: 'over to you', mentions: ['fozzie'] });
    expect(mentioned.mentions).toEqual(['fozzie']);
    const outsider = await h.request('POST', `${C}/${conversation.id}/messages`, {
      as: 'kermit',
      body: { text: 'hello', mentions: ['gonzo'] },
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().exception).toBe(
      `Message field 'mentions': user 'gonzo' does not take part in conversation '${conversation.id}'`,
    );
    const byMention = await h.request('GET', `${C}/${conversation.id}/messages?mentions=fozzie`, {
      as: 'fozzie',
    });
    expect(byMention.json().data.map((m: { text: string }) => m.text)).toEqual(['over to you']);

    const item = await h.request('POST', '/content-api/content-service/content-items', {
      as: 'kermit',
      body: { name: 'offer.pdf' },
    });
    expect(item.statusCode).toBe(201);
    const attached = await post(conversation.id, { text: 'the offer', contentItemId: item.json().id });
    expect(attached.contentItemUrl).toMatch(/\/content-api\/content-service\/content-items\//);
    const missing = await h.request('POST', `${C}/${conversation.id}/messages`, {
      as: 'kermit',
      body: { text: 'x', contentItemId: 'no-such-item' },
    });
    expect(missing.statusCode).toBe(404);
    // nothing of the refused posts was stored
    const all = await h.request('GET', `${C}/${conversation.id}/messages`, { as: 'kermit' });
    expect(all.json().total).toBe(2);
  });

  it('bad input is refused naming the field', async () => {
    const conversation = await create({});
    const blank = await h.request('POST', `${C}/${conversation.id}/messages`, {
      as: 'kermit',
      body: { text: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().exception).toBe("Message field 'text' is required and may not be blank");
    const long = await h.request('POST', `${C}/${conversation.id}/messages`, {
      as: 'kermit',
      body: { text: 'x'.repeat(10_001) },
    });
    expect(long.json().exception).toBe(
      "Message field 'text' has 10001 characters; at most 10000 are allowed",
    );
    const extra = await h.request('POST', C, { as: 'kermit', body: { name: 'x', colour: 'red' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().exception).toContain('colour');
    const both = await h.request('POST', `${C}/${conversation.id}/participants`, {
      as: 'kermit',
      body: { userId: 'fozzie', groupId: 'sales' },
    });
    expect(both.json().exception).toBe('A participant has either a userId or a groupId (one of them)');
    const nobody = await h.request('POST', `${C}/${conversation.id}/participants`, {
      as: 'kermit',
      body: { userId: 'nobody' },
    });
    expect(nobody.json().exception).toBe("Participant user 'nobody' does not exist");
    const sort = await h.request('GET', `${C}?sort=colour`, { as: 'kermit' });
    expect(sort.statusCode).toBe(400);
    expect((await h.request('GET', C, { as: null })).statusCode).toBe(401);
  });

  it("a task's people may join its conversation; others may not see it", async () => {
    const { taskId, instanceId } = await offerTask();
    const conversation = await create({ taskId, name: 'The offer' }, 'kermit');
    expect(conversation).toMatchObject({ taskId, processInstanceId: instanceId });
    const again = await h.request('POST', C, { as: 'kermit', body: { taskId } });
    expect(again.statusCode).toBe(409);
    expect(again.json().exception).toBe(`Task '${taskId}' already has conversation '${conversation.id}'`);

    // fozzie is a candidate (sales): joins, then reads and posts
    const join = await h.request('POST', `${C}/${conversation.id}/participants`, {
      as: 'fozzie',
      body: { userId: 'fozzie' },
    });
    expect(join.statusCode, join.body).toBe(201);
    await post(conversation.id, { text: 'I can take it' }, 'fozzie');
    const byTask = await h.request('GET', `${C}?taskId=${taskId}`, { as: 'fozzie' });
    expect(byTask.json().data.map((c: { id: string }) => c.id)).toEqual([conversation.id]);

    // a user with no part in the task cannot create, see or join
    await h.request('POST', '/idm-api/users', {
      body: { id: 'rowlf', password: 'rowlf-secret', firstName: 'Rowlf' },
    });
    await h.request('POST', '/idm-api/privileges/access-rest-api/users', { body: { userId: 'rowlf' } });
    const rowlf = { authorization: `Basic ${Buffer.from('rowlf:rowlf-secret').toString('base64')}` };
    const joinRowlf = await h.app.inject({
      method: 'POST',
      url: `${C}/${conversation.id}/participants`,
      headers: rowlf,
      payload: { userId: 'rowlf' },
    });
    expect(joinRowlf.statusCode).toBe(404);
    const createRowlf = await h.app.inject({
      method: 'POST',
      url: C,
      headers: rowlf,
      payload: { processInstanceId: instanceId },
    });
    expect(createRowlf.statusCode).toBe(404);
  });

  it('includeTaskPeople adds the assignee and candidates; the creator deletes', async () => {
    const { taskId } = await offerTask();
    const conversation = await create({ taskId, includeTaskPeople: true }, 'admin');
    const participants = await h.request('GET', `${C}/${conversation.id}/participants`, { as: 'kermit' });
    expect(
      participants
        .json()
        .map((p: { user: string | null; group: string | null }) => p.user ?? `group:${p.group}`),
    ).toEqual(['admin', 'kermit', 'group:sales']);
    const byKermit = await h.request('DELETE', `${C}/${conversation.id}`, { as: 'kermit' });
    expect(byKermit.statusCode).toBe(403);
    expect(byKermit.json().exception).toContain('may not delete conversation');
    const leave = await h.request('DELETE', `${C}/${conversation.id}/participants/users/kermit`, {
      as: 'kermit',
    });
    expect(leave.statusCode).toBe(204);
    expect((await h.request('DELETE', `${C}/${conversation.id}`, { as: 'admin' })).statusCode).toBe(204);
    expect((await h.request('GET', `${C}/${conversation.id}`, { as: 'admin' })).statusCode).toBe(404);
  });

  it('a long poll answers at once when messages are waiting, and otherwise when one is posted', async () => {
    const conversation = await create({ participants: [{ userId: 'fozzie' }] });
    const first = await post(conversation.id, { text: 'first' });
    const ready = await h.request('GET', `${C}/${conversation.id}/messages/poll?after=0`, { as: 'fozzie' });
    expect(ready.json()).toMatchObject({ size: 1, lastMessageId: first.id });

    const polling = h.request('GET', `${C}/${conversation.id}/messages/poll?after=${first.id}&wait=25`, {
      as: 'fozzie',
    });
    const second = await post(conversation.id, { text: 'second' });
    const answer = await polling;
    expect(answer.json()).toMatchObject({ size: 1, lastMessageId: second.id });
    expect(answer.json().data[0].text).toBe('second');

    const empty = await h.request('GET', `${C}/${conversation.id}/messages/poll?after=${second.id}&wait=0`, {
      as: 'fozzie',
    });
    expect(empty.json()).toEqual({ data: [], size: 0, lastMessageId: second.id });
    const tooLong = await h.request('GET', `${C}/${conversation.id}/messages/poll?after=0&wait=60`, {
      as: 'fozzie',
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('the relay status is for admins', async () => {
    expect((await h.request('GET', '/conversation-api/management/relay', { as: 'kermit' })).statusCode).toBe(
      403,
    );
    const status = await h.request('GET', '/conversation-api/management/relay', { as: 'admin' });
    expect(status.json()).toEqual({ kind: 'postgres', connected: true });
  });
});
