/**
 * A case's lifecycle over `/cmmn-api` as a Flowable client drives it: renamed and given a
 * business status, deleted (one or a bulk, terminated in history), its history deleted once it
 * has ended (never while it runs), its historic stage overview, and its ended task's history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
const R = '/cmmn-api/cmmn-runtime/case-instances';
const H = '/cmmn-api/cmmn-history/historic-case-instances';

const STAGED = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.test/cmmn">
  <case id="lifeCase" name="Lifecycle">
    <casePlanModel id="lifePlan">
      <planItem id="workStage" definitionRef="work"/>
      <planItem id="doneItem" definitionRef="done">
        <entryCriterion id="afterWork" sentryRef="workDone"/>
      </planItem>
      <sentry id="workDone">
        <planItemOnPart id="workComplete" sourceRef="workStage"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <stage id="work" name="Work">
        <planItem id="doItem" definitionRef="doIt"/>
        <humanTask id="doIt" name="Do it" flowable:assignee="kermit"/>
      </stage>
      <milestone id="done" name="Done"/>
    </casePlanModel>
  </case>
</definitions>`;

beforeAll(async () => {
  h = await createHttpHarness();
  const deployed = await h.upload('/cmmn-api/cmmn-repository/deployments', [
    { name: 'life.cmmn', content: STAGED },
  ]);
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

const start = async (businessKey?: string) => {
  const res = await h.request('POST', R, { body: { caseDefinitionKey: 'lifeCase', businessKey } });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
};
const taskOf = async (caseId: string) =>
  (
    (await h.request('GET', `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}`)).json() as {
      data: { id: string }[];
    }
  ).data[0]?.id;
/** Complete the case's one task: the stage completes, the milestone is reached, the case ends. */
const finish = async (caseId: string) => {
  const taskId = await taskOf(caseId);
  const done = await h.request('POST', `/cmmn-api/cmmn-runtime/tasks/${taskId}`, {
    body: { action: 'complete' },
  });
  expect(done.statusCode).toBe(200);
  expect((await h.request('GET', `${R}/${caseId}`)).statusCode).toBe(404);
  return taskId;
};
const historic = async (caseId: string) => h.request('GET', `${H}/${caseId}`);

describe('PUT case-instances/{id}', () => {
  it('changes the name, business key and business status, on the case and its history', async () => {
    const id = await start('first-key');
    const res = await h.request('PUT', `${R}/${id}`, {
      body: { name: 'Renamed', businessKey: 'second-key', businessStatus: 'waiting' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      name: 'Renamed',
      businessKey: 'second-key',
      businessStatus: 'waiting',
    });
    expect((await h.request('GET', `${R}/${id}`)).json()).toMatchObject({ businessStatus: 'waiting' });
    expect((await historic(id)).json()).toMatchObject({
      name: 'Renamed',
      businessKey: 'second-key',
      businessStatus: 'waiting',
    });
    const byKey = await h.request('GET', `${R}?businessKey=second-key`);
    expect((byKey.json() as { data: { id: string }[] }).data.map((c) => c.id)).toEqual([id]);
    // a field left out stays as it was
    const again = await h.request('PUT', `${R}/${id}`, { body: { businessStatus: 'done' } });
    expect(again.json()).toMatchObject({
      name: 'Renamed',
      businessKey: 'second-key',
      businessStatus: 'done',
    });
  });

  it('refuses what the case engine does not have, by name, and changes nothing', async () => {
    const id = await start();
    for (const [body, field] of [
      [{ dueDate: '2030-01-01T00:00:00Z' }, 'dueDate'],
      [{ action: 'claim', assignee: 'kermit' }, 'action'],
      [{ assignee: 'kermit' }, 'assignee'],
    ] as const) {
      const res = await h.request('PUT', `${R}/${id}`, { body });
      expect(res.statusCode, field).toBe(400);
      expect((res.json() as { exception: string }).exception).toContain(field);
    }
    const unknown = await h.request('PUT', `${R}/${id}`, { body: { name: 'x', owner: 'kermit' } });
    expect(unknown.statusCode).toBe(400);
    expect((await h.request('GET', `${R}/${id}`)).json()).toMatchObject({ name: null });
    expect((await h.request('PUT', `${R}/no-such-case`, { body: { name: 'x' } })).statusCode).toBe(404);
  });

  it('evaluates the criteria with the evaluateCriteria action', async () => {
    const id = await start();
    const res = await h.request('PUT', `${R}/${id}`, { body: { action: 'evaluateCriteria' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, state: 'active' });
  });

  it('is refused to a user who may not see the case, as if it did not exist', async () => {
    const id = await start();
    const res = await h.request('PUT', `${R}/${id}`, { as: 'fozzie', body: { name: 'Mine' } });
    expect(res.statusCode).toBe(404);
    expect((await h.request('GET', `${R}/${id}`)).json()).toMatchObject({ name: null });
  });
});

describe('deleting running cases', () => {
  it('DELETE .../{id}/delete removes the running case and its task; its history shows it terminated', async () => {
    const id = await start();
    const taskId = await taskOf(id);
    const res = await h.request('DELETE', `${R}/${id}/delete`);
    expect(res.statusCode).toBe(204);
    expect((await h.request('GET', `${R}/${id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `/cmmn-api/cmmn-runtime/tasks/${taskId}`)).statusCode).toBe(404);
    expect((await historic(id)).json()).toMatchObject({ state: 'terminated', endTime: expect.any(String) });
    expect((await h.request('DELETE', `${R}/${id}/delete`)).statusCode).toBe(404);
  });

  it('POST case-instances/delete deletes or terminates a bulk, all or none', async () => {
    const a = await start();
    const b = await start();
    const missing = await h.request('POST', `${R}/delete`, {
      body: { action: 'delete', instanceIds: [a, 'no-such-case'] },
    });
    expect(missing.statusCode).toBe(404);
    expect((await h.request('GET', `${R}/${a}`)).statusCode).toBe(200);

    const deleted = await h.request('POST', `${R}/delete`, {
      body: { action: 'delete', instanceIds: [a, b] },
    });
    expect(deleted.statusCode).toBe(204);
    for (const id of [a, b]) expect((await historic(id)).json()).toMatchObject({ state: 'terminated' });

    const c = await start();
    const terminated = await h.request('POST', `${R}/delete`, {
      body: { action: 'terminate', instanceIds: [c] },
    });
    expect(terminated.statusCode).toBe(204);
    expect((await historic(c)).json()).toMatchObject({ state: 'terminated' });

    const bad = await h.request('POST', `${R}/delete`, { body: { action: 'suspend', instanceIds: [c] } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { exception: string }).exception).toContain("Illegal action: 'suspend'");
  });
});

describe('deleting the history of cases', () => {
  it('deleting an ended historic case answers 204, and it is gone with its plan items, milestones and tasks', async () => {
    const id = await start();
    const taskId = await finish(id);
    expect((await historic(id)).json()).toMatchObject({ state: 'completed' });
    const res = await h.request('DELETE', `${H}/${id}`);
    expect(res.statusCode).toBe(204);
    expect((await historic(id)).statusCode).toBe(404);
    for (const list of [
      `/cmmn-api/cmmn-history/historic-planitem-instances?caseInstanceId=${id}`,
      `/cmmn-api/cmmn-history/historic-milestone-instances?caseInstanceId=${id}`,
      `/cmmn-api/cmmn-history/historic-task-instances?caseInstanceId=${id}`,
    ])
      expect((await h.request('GET', list)).json(), list).toMatchObject({ total: 0 });
    expect(
      (await h.request('GET', `/cmmn-api/cmmn-history/historic-task-instances/${taskId}`)).statusCode,
    ).toBe(404);
    expect((await h.request('DELETE', `${H}/${id}`)).statusCode).toBe(404);
  });

  it('the search index forgets a case whose history is deleted', async () => {
    const id = await start('searched-then-deleted');
    await finish(id);
    const find = async () =>
      (
        await h.request('POST', '/search-api/query/case-instances', {
          body: { businessKey: 'searched-then-deleted' },
        })
      ).json() as { total: number };
    expect((await find()).total).toBe(1);
    expect((await h.request('DELETE', `${H}/${id}`)).statusCode).toBe(204);
    expect((await find()).total).toBe(0);
  });

  it("refuses to delete a running case's history with a 400 that says why", async () => {
    const id = await start();
    const res = await h.request('DELETE', `${H}/${id}`);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toContain('still running');
    expect((await historic(id)).statusCode).toBe(200);
  });

  it('deletes the history of a bulk of ended cases, none when one is running', async () => {
    const ended = await start();
    await finish(ended);
    const running = await start();
    const refused = await h.request('POST', `${H}/delete`, {
      body: { action: 'delete', instanceIds: [ended, running] },
    });
    expect(refused.statusCode).toBe(400);
    expect((await historic(ended)).statusCode).toBe(200);
    const other = await start();
    await finish(other);
    const res = await h.request('POST', `${H}/delete`, {
      body: { action: 'delete', instanceIds: [ended, other] },
    });
    expect(res.statusCode).toBe(204);
    expect((await historic(ended)).statusCode).toBe(404);
    expect((await historic(other)).statusCode).toBe(404);
  });

  it('is refused (as unknown) to a user who may not see the case', async () => {
    const id = await start();
    await finish(id);
    expect((await h.request('DELETE', `${H}/${id}`, { as: 'fozzie' })).statusCode).toBe(404);
    expect((await historic(id)).statusCode).toBe(200);
  });
});

describe('historic stage overview', () => {
  it('the historic stage overview of an ended case shows every stage and milestone ended', async () => {
    const id = await start();
    const running = await h.request('GET', `${H}/${id}/stage-overview`);
    expect(running.json()).toMatchObject([
      { id: 'work', name: 'Work', current: true, ended: false },
      { id: 'done', name: 'Done', current: false, ended: false },
    ]);
    await finish(id);
    const rows = (await h.request('GET', `${H}/${id}/stage-overview`)).json() as {
      id: string;
      ended: boolean;
      endTime: string | null;
    }[];
    expect(rows.map((r) => [r.id, r.ended])).toEqual([
      ['work', true],
      ['done', true],
    ]);
    expect(rows.every((r) => r.endTime !== null)).toBe(true);
    expect((await h.request('GET', `${H}/no-such-case/stage-overview`)).statusCode).toBe(404);
  });
});

describe('historic task instances of cases', () => {
  it("deletes an ended task's history, and refuses a running one's", async () => {
    const id = await start();
    const taskId = await taskOf(id);
    const T = '/cmmn-api/cmmn-history/historic-task-instances';
    expect((await h.request('DELETE', `${T}/${taskId}`)).statusCode).toBe(409);
    await finish(id);
    expect((await h.request('DELETE', `${T}/${taskId}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${T}/${taskId}`)).statusCode).toBe(404);
  });

  it('answers 400 for the form of a task that has none, 404 for an unknown task', async () => {
    const id = await start();
    const taskId = await taskOf(id);
    const T = '/cmmn-api/cmmn-history/historic-task-instances';
    const res = await h.request('GET', `${T}/${taskId}/form`);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toContain('no form');
    expect((await h.request('GET', `${T}/no-such-task/form`)).statusCode).toBe(404);
  });
});

describe('event subscriptions of cases', () => {
  it('are none: an empty list in Flowable envelope, and an unknown id is a 404', async () => {
    await start();
    const list = await h.request('GET', '/cmmn-api/cmmn-runtime/event-subscriptions?caseDefinitionId=x');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ data: [], total: 0, start: 0 });
    const bad = await h.request('GET', '/cmmn-api/cmmn-runtime/event-subscriptions?sort=nope');
    expect(bad.statusCode).toBe(400);
    expect((await h.request('GET', '/cmmn-api/cmmn-runtime/event-subscriptions/x')).statusCode).toBe(404);
  });
});
