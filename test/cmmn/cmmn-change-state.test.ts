/**
 * `POST /cmmn-api/cmmn-runtime/case-instances/{id}/change-state` (Flowable's
 * ChangePlanItemStateRequest): each operation on a running case, what the sentry agenda does
 * afterwards, what history and the task list show, and the refusals (unknown plan item
 * definitions and plan items named, unknown cases, people who may not).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
const C = '/cmmn-api';

beforeAll(async () => {
  h = await createHttpHarness();
  const { payload, contentType } = multipart([
    {
      name: 'change-state.cmmn',
      content: await readFile(new URL('../fixtures/cmmn/change-state.cmmn', import.meta.url)),
    },
  ]);
  const res = await h.app.inject({
    method: 'POST',
    url: `${C}/cmmn-repository/deployments`,
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(res.statusCode).toBe(201);
});
afterAll(() => h?.close());

const start = async (): Promise<string> => {
  const res = await h.request('POST', `${C}/cmmn-runtime/case-instances`, {
    body: { caseDefinitionKey: 'csCase' },
  });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
};

/** element id -> states of its instances, in creation order, joined by commas */
const states = async (caseId: string): Promise<Record<string, string>> => {
  const res = await h.request(
    'GET',
    `${C}/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&includeEnded=true&size=100&sort=createTime`,
  );
  const out: Record<string, string[]> = {};
  for (const p of (res.json() as { data: { elementId: string; state: string }[] }).data)
    (out[p.elementId] ??= []).push(p.state);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(',')]));
};

const openTasks = async (caseId: string): Promise<string[]> => {
  const res = await h.request('GET', `${C}/cmmn-runtime/tasks?caseInstanceId=${caseId}&size=100`);
  return (res.json() as { data: { taskDefinitionKey: string }[] }).data
    .map((t) => t.taskDefinitionKey)
    .sort();
};

const change = (caseId: string, body: unknown, as: 'admin' | 'kermit' = 'admin') =>
  h.request('POST', `${C}/cmmn-runtime/case-instances/${caseId}/change-state`, { body, as });

const completeTask = async (caseId: string, key: string) => {
  const res = await h.request('GET', `${C}/cmmn-runtime/tasks?caseInstanceId=${caseId}&size=100`);
  const task = (res.json() as { data: { id: string; taskDefinitionKey: string }[] }).data.find(
    (t) => t.taskDefinitionKey === key,
  );
  expect(task, key).toBeDefined();
  const done = await h.request('POST', `${C}/cmmn-runtime/tasks/${task!.id}`, {
    body: { action: 'complete' },
  });
  expect(done.statusCode).toBe(200);
};

describe('change-state', () => {
  it('activatePlanItemDefinitionIds starts an available plan item whatever its sentry says', async () => {
    const id = await start();
    expect(await states(id)).toMatchObject({ aItem: 'active', bItem: 'available' });
    const res = await change(id, { activatePlanItemDefinitionIds: ['taskB'] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await states(id)).toMatchObject({ aItem: 'active', bItem: 'active' });
    expect(await openTasks(id)).toEqual(['taskA', 'taskB']);
  });

  it('activating a plan item inside a stage that has not started starts the stage first', async () => {
    const id = await start();
    expect(await change(id, { activatePlanItemDefinitionIds: ['taskC'] })).toMatchObject({ statusCode: 200 });
    expect(await states(id)).toMatchObject({ stageItem: 'active', cItem: 'active' });
    expect(await openTasks(id)).toEqual(['taskA', 'taskC']);
  });

  it('terminatePlanItemDefinitionIds terminates the open instance and its task; history shows it', async () => {
    const id = await start();
    expect(await change(id, { terminatePlanItemDefinitionIds: ['taskA'] })).toMatchObject({
      statusCode: 200,
    });
    // terminated, not completed: B's sentry waits for A's completion and does not fire
    expect(await states(id)).toMatchObject({ aItem: 'terminated', bItem: 'available' });
    expect(await openTasks(id)).toEqual([]);
    const history = await h.request(
      'GET',
      `${C}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&elementId=aItem`,
    );
    expect((history.json() as { data: { state: string; endedTime: string | null }[] }).data).toMatchObject([
      { state: 'terminated', endedTime: expect.any(String) },
    ]);
  });

  it('each change reaches the event bus that /events fans out, after the command commits', async () => {
    const id = await start();
    const seen: string[] = [];
    const off = h.engine.services.bus.on((event) => {
      if (event.type !== 'planitem:changed') return;
      const data = event.data as {
        caseInstanceId: string;
        elementId: string;
        state: string;
        transition: string | null;
      };
      if (data.caseInstanceId === id) seen.push(`${data.elementId}:${data.state}:${String(data.transition)}`);
    });
    try {
      await change(id, {
        terminatePlanItemDefinitionIds: ['taskA'],
        activatePlanItemDefinitionIds: ['taskB'],
      });
    } finally {
      off();
    }
    expect(seen).toEqual(['aItem:terminated:terminate', 'bItem:active:start']);
  });

  it('moveToAvailablePlanItemDefinitionIds ends the work of an active item, which waits for its sentry again', async () => {
    const id = await start();
    await change(id, { activatePlanItemDefinitionIds: ['taskB'] });
    const res = await change(id, { moveToAvailablePlanItemDefinitionIds: ['taskB'] });
    expect(res.statusCode).toBe(200);
    expect(await states(id)).toMatchObject({ aItem: 'active', bItem: 'available' });
    expect(await openTasks(id)).toEqual(['taskA']);
    // the sentry starts it again when its on-part happens
    await completeTask(id, 'taskA');
    expect(await states(id)).toMatchObject({ aItem: 'completed', bItem: 'active' });
  });

  it('moving a plan item to available whose stage has ended is refused, naming the stage', async () => {
    const id = await start();
    await change(id, { activatePlanItemDefinitionIds: ['laterStage'] });
    // its only task ends: the stage completes with it
    await change(id, { terminatePlanItemDefinitionIds: ['taskC'] });
    expect((await states(id)).stageItem).toBe('completed');
    const res = await change(id, { moveToAvailablePlanItemDefinitionIds: ['taskC'] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toMatch(/stage 'laterStage' is not active/);
  });

  it('addWaitingForRepetition adds one waiting instance, removeWaitingForRepetition ends it', async () => {
    const id = await start();
    expect(await change(id, { addWaitingForRepetitionPlanItemDefinitionIds: ['taskR'] })).toMatchObject({
      statusCode: 200,
    });
    expect((await states(id)).rItem).toBe('available,wait_repetition');
    // asked again, there is still one
    await change(id, { addWaitingForRepetitionPlanItemDefinitionIds: ['taskR'] });
    expect((await states(id)).rItem).toBe('available,wait_repetition');
    await change(id, { removeWaitingForRepetitionPlanItemDefinitionIds: ['taskR'] });
    expect((await states(id)).rItem).toBe('available,terminated');
  });

  it('operations combine in one command, in Flowable builder order', async () => {
    const id = await start();
    const res = await change(id, {
      terminatePlanItemDefinitionIds: ['taskA'],
      activatePlanItemDefinitionIds: ['taskB'],
    });
    expect(res.statusCode).toBe(200);
    expect(await states(id)).toMatchObject({ aItem: 'terminated', bItem: 'active' });
  });

  it('completing the last open work after a change ends the case, as the agenda decides', async () => {
    const id = await start();
    await change(id, { terminatePlanItemDefinitionIds: ['taskA', 'taskB', 'laterStage', 'taskR'] });
    const res = await h.request('GET', `${C}/cmmn-runtime/case-instances/${id}`);
    expect(res.statusCode).toBe(404);
    const history = await h.request('GET', `${C}/cmmn-history/historic-case-instances/${id}`);
    expect((history.json() as { state: string }).state).toBe('completed');
  });

  it('changePlanItemIds to a plan item the model lacks is refused, naming it; nothing changes', async () => {
    const id = await start();
    const res = await change(id, {
      terminatePlanItemDefinitionIds: ['taskA'],
      changePlanItemIds: { bItem: 'noSuchItem' },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toMatch(/'noSuchItem'/);
    expect(await states(id)).toMatchObject({ aItem: 'active' });
  });

  it('changePlanItemIdsWithDefinitionId points instances at the plan item of another definition', async () => {
    const id = await start();
    const res = await change(id, { changePlanItemIdsWithDefinitionId: { taskB: 'taskR' } });
    expect(res.statusCode).toBe(200);
    // B's instance now stands for rItem (two instances of it); none is left for bItem
    const after = await states(id);
    expect(after.bItem).toBeUndefined();
    expect(after.rItem).toBe('available,available');
  });

  it('an unknown plan item definition is a 400 naming it; an unknown case a 404', async () => {
    const id = await start();
    const bad = await change(id, { activatePlanItemDefinitionIds: ['noSuchTask'] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { exception: string }).exception).toMatch(/'noSuchTask'/);
    const unknownField = await change(id, { cancelActivityIds: ['taskA'] });
    expect(unknownField.statusCode).toBe(400);
    const gone = await change('no-such-case', { terminatePlanItemDefinitionIds: ['taskA'] });
    expect(gone.statusCode).toBe(404);
    expect((gone.json() as { exception: string }).exception).toMatch(/no-such-case/);
  });

  it('is for admins and deployers only', async () => {
    const id = await start();
    const res = await change(id, { terminatePlanItemDefinitionIds: ['taskA'] }, 'kermit');
    expect(res.statusCode).toBe(403);
    expect(await states(id)).toMatchObject({ aItem: 'active' });
  });
});
