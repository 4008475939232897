import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['change-state.bpmn20.xml']);
});
afterAll(() => h.close());

const P = '/process-api';
const start = async () => (await startInstance(h, { processDefinitionKey: 'changeState' })).id;
const changeState = (id: string, body: unknown, as: 'admin' | 'kermit' | null = 'admin') =>
  h.request('POST', `${P}/runtime/process-instances/${id}/change-state`, { body, as });
const openTasks = async (id: string) =>
  (await h.request('GET', `${P}/runtime/tasks?processInstanceId=${id}`))
    .json()
    .data.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey);
const activities = async (id: string) =>
  (
    await h.request(
      'GET',
      `${P}/history/historic-activity-instances?processInstanceId=${id}&sort=startTime&size=50`,
    )
  ).json().data as { activityId: string; endTime: string | null; deleteReason: string | null }[];

describe('process instance change-state', () => {
  it('cancels a task with its timer and starts a task inside a subprocess, entering the subprocess', async () => {
    const id = await start();
    expect(await openTasks(id)).toEqual(['review']);
    const timers = await h.request('GET', `${P}/management/timer-jobs?processInstanceId=${id}`);
    expect(timers.json().total).toBe(1);

    const moved = await changeState(id, { cancelActivityIds: ['review'], startActivityIds: ['draft'] });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toBe('');

    expect(await openTasks(id)).toEqual(['draft']);
    expect((await h.request('GET', `${P}/management/timer-jobs?processInstanceId=${id}`)).json().total).toBe(
      0,
    );
    const history = await activities(id);
    expect(history.find((a) => a.activityId === 'review')).toMatchObject({
      deleteReason: 'Change activity to draft',
      endTime: expect.any(String),
    });
    expect(history.find((a) => a.activityId === 'work')).toMatchObject({ endTime: null });
    const review = (
      await h.request(
        'GET',
        `${P}/history/historic-task-instances?processInstanceId=${id}&taskDefinitionKey=review`,
      )
    ).json().data[0];
    expect(review.deleteReason).toBe('Change activity to draft');

    // the new path runs on: finishing the subprocess leads to approve
    for (const key of ['draft', 'polish']) {
      const task = (
        await h.request('GET', `${P}/runtime/tasks?processInstanceId=${id}&taskDefinitionKey=${key}`)
      ).json().data[0];
      await h.request('POST', `${P}/runtime/tasks/${task.id}`, { body: { action: 'complete' } });
    }
    expect(await openTasks(id)).toEqual(['approve']);
  });

  it('moving out of a subprocess cancels the subprocess it leaves empty', async () => {
    const id = await start();
    await changeState(id, { cancelActivityIds: ['review'], startActivityIds: ['polish'] });
    const moved = await changeState(id, { cancelActivityIds: ['polish'], startActivityIds: ['approve'] });
    expect(moved.statusCode).toBe(200);
    expect(await openTasks(id)).toEqual(['approve']);
    const work = (await activities(id)).find((a) => a.activityId === 'work');
    expect(work).toMatchObject({ deleteReason: 'Change activity to approve', endTime: expect.any(String) });
    const executions = (await h.request('GET', `${P}/runtime/executions?processInstanceId=${id}`)).json()
      .data;
    expect(executions.map((e: { activityId: string | null }) => e.activityId).sort()).toEqual([
      'approve',
      null,
    ]);
  });

  it('starts several activities at once, and one activity from several', async () => {
    const id = await start();
    await changeState(id, { cancelActivityIds: ['review'], startActivityIds: ['late', 'approve'] });
    expect((await openTasks(id)).sort()).toEqual(['approve', 'late']);
    await changeState(id, { cancelActivityIds: ['late', 'approve'], startActivityIds: ['review'] });
    expect(await openTasks(id)).toEqual(['review']);
    expect((await h.request('GET', `${P}/management/timer-jobs?processInstanceId=${id}`)).json().total).toBe(
      1,
    );
  });

  it('refuses, naming the reason, what it cannot do, and changes nothing', async () => {
    const id = await start();
    const cases: [unknown, RegExp][] = [
      [{ cancelActivityIds: ['review'], startActivityIds: ['nope'] }, /nope.*does not exist/],
      [{ cancelActivityIds: ['review'], startActivityIds: ['opinion'] }, /multi-instance subprocess 'panel'/],
      [{ cancelActivityIds: ['review'], startActivityIds: ['reminder'] }, /boundary event 'reminder'/],
      [{ cancelActivityIds: ['approve'], startActivityIds: ['draft'] }, /no active execution.*'approve'/],
      [{ cancelActivityIds: ['ghost'], startActivityIds: ['draft'] }, /cancelActivityIds.*'ghost'/],
      [{ cancelActivityIds: ['review'] }, /startActivityIds/],
      [{ startActivityIds: ['draft'] }, /cancelActivityIds/],
      [{ cancelActivityIds: ['review'], startActivityIds: ['draft'], moveTo: 'x' }, /moveTo/],
      [{ cancelActivityIds: 'review', startActivityIds: ['draft'] }, /cancelActivityIds/],
    ];
    for (const [body, message] of cases) {
      const response = await changeState(id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.json()), JSON.stringify(body)).toMatch(message);
    }
    expect(await openTasks(id)).toEqual(['review']);
  });

  it('answers 404 for an unknown instance, 401 without credentials, 403 to a user who is no operator', async () => {
    const body = { cancelActivityIds: ['review'], startActivityIds: ['draft'] };
    expect((await changeState('no-such-instance', body)).statusCode).toBe(404);
    const id = await start();
    expect((await changeState(id, body, null)).statusCode).toBe(401);
    const refused = await changeState(id, body, 'kermit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().exception).toMatch(/kermit/);
    expect(await openTasks(id)).toEqual(['review']);
  });
});

describe('execution change-state', () => {
  it('moves one execution to another activity', async () => {
    const id = await start();
    await changeState(id, { cancelActivityIds: ['review'], startActivityIds: ['draft'] });
    const draft = (
      await h.request('GET', `${P}/runtime/executions?processInstanceId=${id}&activityId=draft`)
    ).json().data[0];
    const moved = await h.request('POST', `${P}/runtime/executions/${draft.id}/change-state`, {
      body: { startActivityIds: ['polish'] },
    });
    expect(moved.statusCode).toBe(200);
    expect(await openTasks(id)).toEqual(['polish']);
    // the subprocess kept its scope: polish sits in the same 'work' execution
    const polish = (
      await h.request('GET', `${P}/runtime/executions?processInstanceId=${id}&activityId=polish`)
    ).json().data[0];
    expect(polish.parentId).toBe(draft.parentId);
  });

  it('refuses the process instance itself, unknown executions and cancelActivityIds', async () => {
    const id = await start();
    const onRoot = await h.request('POST', `${P}/runtime/executions/${id}/change-state`, {
      body: { startActivityIds: ['approve'] },
    });
    expect(onRoot.statusCode).toBe(400);
    expect(onRoot.json().exception).toMatch(/process instance itself/);
    const unknown = await h.request('POST', `${P}/runtime/executions/no-such-execution/change-state`, {
      body: { startActivityIds: ['approve'] },
    });
    expect(unknown.statusCode).toBe(404);
    const withCancel = await h.request('POST', `${P}/runtime/executions/${id}/change-state`, {
      body: { cancelActivityIds: ['review'], startActivityIds: ['approve'] },
    });
    expect(withCancel.statusCode).toBe(400);
  });
});
