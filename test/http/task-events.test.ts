import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';

interface EventJson {
  id: string;
  action: string;
  userId: string;
  message: string[];
  url: string;
  taskUrl: string;
  time: string;
}

const eventsOf = async (taskId: string, as: 'admin' | 'kermit' | 'fozzie' = 'admin') => {
  const response = await h.request('GET', `${tasks}/${taskId}/events`, { as });
  expect(response.statusCode).toBe(200);
  return response.json() as EventJson[];
};

const processTask = async () => {
  const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
  const list = await h.request('GET', `${tasks}?processInstanceId=${instance.id}`);
  return list.json().data[0].id as string;
};

describe('task events', () => {
  it('records claims, people, comments and attachments, newest first, with who did them', async () => {
    const taskId = await processTask();
    await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      as: 'fozzie',
      body: { user: 'kermit', type: 'participant' },
    });
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      as: 'fozzie',
      body: { group: 'sales', type: 'participant' },
    });
    await h.request('DELETE', `${tasks}/${taskId}/identitylinks/users/kermit/participant`, { as: 'fozzie' });
    await h.request('POST', `${tasks}/${taskId}/comments`, {
      as: 'fozzie',
      body: { message: 'Looks   fine\nto me' },
    });
    const attachment = await h.request('POST', `${tasks}/${taskId}/attachments`, {
      as: 'fozzie',
      body: { name: 'Quote', externalUrl: 'https://example.org/q' },
    });
    await h.request('DELETE', `${tasks}/${taskId}/attachments/${attachment.json().id}`, { as: 'fozzie' });
    await h.request('POST', `${tasks}/${taskId}`, { as: 'fozzie', body: { action: 'unclaim' } });

    const events = await eventsOf(taskId, 'fozzie');
    expect(events.map((e) => [e.action, e.message]).reverse()).toEqual([
      ['AddUserLink', ['fozzie', 'assignee']],
      ['AddUserLink', ['kermit', 'participant']],
      ['AddGroupLink', ['sales', 'participant']],
      ['DeleteUserLink', ['kermit', 'participant']],
      ['AddComment', ['Looks fine to me']],
      ['AddAttachment', ['Quote']],
      ['DeleteAttachment', ['Quote']],
      ['DeleteUserLink', ['fozzie', 'assignee']],
    ]);
    expect(events.every((e) => e.userId === 'fozzie')).toBe(true);
    expect(events[0]).toMatchObject({
      url: expect.stringContaining(`/process-api/runtime/tasks/${taskId}/events/${events[0].id}`),
      taskUrl: expect.stringContaining(`/process-api/runtime/tasks/${taskId}`),
      time: expect.any(String),
    });
    // comments stay comments: the event rows are not listed among them
    const comments = await h.request('GET', `${tasks}/${taskId}/comments`);
    expect(comments.json().map((c: { message: string }) => c.message)).toEqual(['Looks   fine\nto me']);
  });

  it('reads one event, and deletes it (its author or an admin)', async () => {
    const taskId = await processTask();
    await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      body: { user: 'kermit', type: 'participant' },
    });
    const [byAdmin, byFozzie] = await eventsOf(taskId);
    const one = await h.request('GET', `${tasks}/${taskId}/events/${byFozzie.id}`, { as: 'kermit' });
    expect(one.json()).toEqual(byFozzie);
    const refused = await h.request('DELETE', `${tasks}/${taskId}/events/${byAdmin.id}`, { as: 'fozzie' });
    expect(refused.statusCode).toBe(403);
    expect(
      (await h.request('DELETE', `${tasks}/${taskId}/events/${byFozzie.id}`, { as: 'fozzie' })).statusCode,
    ).toBe(204);
    expect((await eventsOf(taskId)).map((e) => e.id)).toEqual([byAdmin.id]);
    expect((await h.request('GET', `${tasks}/${taskId}/events/${byFozzie.id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${taskId}/events/nope`)).statusCode).toBe(404);
  });

  it('hides events from strangers; keeps them readable after the task ends', async () => {
    const taskId = await processTask();
    expect((await h.request('GET', `${tasks}/${taskId}/events`, { as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('GET', `${tasks}/${taskId}/events`, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', `${tasks}/nope/events`)).statusCode).toBe(404);
    await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    await h.request('POST', `${tasks}/${taskId}`, { as: 'fozzie', body: { action: 'complete' } });
    expect((await eventsOf(taskId, 'fozzie')).map((e) => e.action)).toEqual(['AddUserLink']);
  });
});

describe('identity links by family and one by one', () => {
  it('lists the users or the groups of a task and reads one link', async () => {
    const taskId = await processTask();
    await h.request('PUT', `${tasks}/${taskId}`, { body: { owner: 'kermit' } });
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      body: { user: 'fozzie', type: 'participant' },
    });
    const users = await h.request('GET', `${tasks}/${taskId}/identitylinks/users`);
    expect(users.json().map((l: { user: string; type: string }) => [l.user, l.type])).toEqual([
      ['kermit', 'owner'],
      ['fozzie', 'participant'],
    ]);
    const groups = await h.request('GET', `${tasks}/${taskId}/identitylinks/groups`, { as: 'fozzie' });
    expect(groups.json()).toEqual([
      {
        url: expect.stringContaining(
          `/process-api/runtime/tasks/${taskId}/identitylinks/groups/sales/candidate`,
        ),
        user: null,
        group: 'sales',
        type: 'candidate',
      },
    ]);
    const one = await h.request('GET', `${tasks}/${taskId}/identitylinks/groups/sales/candidate`);
    expect(one.json()).toMatchObject({ group: 'sales', type: 'candidate' });
    const owner = await h.request('GET', `${tasks}/${taskId}/identitylinks/users/kermit/owner`);
    expect(owner.json()).toMatchObject({ user: 'kermit', type: 'owner' });
    expect(
      (await h.request('GET', `${tasks}/${taskId}/identitylinks/users/kermit/candidate`)).statusCode,
    ).toBe(404);
    const badFamily = await h.request('GET', `${tasks}/${taskId}/identitylinks/teams`);
    expect(badFamily.statusCode).toBe(400);
    expect(badFamily.json().exception).toContain('family');
    expect(
      (await h.request('GET', `${tasks}/${taskId}/identitylinks/users`, { as: 'gonzo' })).statusCode,
    ).toBe(403);
  });
});
