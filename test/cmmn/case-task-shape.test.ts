/**
 * A case's task as Flowable's CMMN REST API shows it: on both task routes (`/cmmn-api` and the
 * shared `/process-api` list) it names its case, case definition, plan item instance and the
 * stage it sits in; in `/cmmn-api/cmmn-history/historic-task-instances` the same, once ended too.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { deployCase } from '../conformance/cmmn-support.ts';

let h: HttpHarness;
let caseId = '';
let definitionId = '';

interface PlanItem {
  id: string;
  elementId: string;
}

beforeAll(async () => {
  h = await createHttpHarness();
  const xml = await readFile(new URL('../fixtures/cmmn/stage-exit.cmmn', import.meta.url), 'utf8');
  expect((await deployCase(h, 'stage-exit.cmmn', xml)).statusCode).toBe(201);
  const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
    body: { caseDefinitionKey: 'stageCase' },
  });
  expect(started.statusCode).toBe(201);
  ({ id: caseId, caseDefinitionId: definitionId } = started.json() as {
    id: string;
    caseDefinitionId: string;
  });
});
afterAll(async () => {
  await h?.close();
});

const itemsOf = async (): Promise<Record<string, string>> => {
  const res = await h.request('GET', `/cmmn-api/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}`);
  return Object.fromEntries((res.json() as { data: PlanItem[] }).data.map((p) => [p.elementId, p.id]));
};

describe("a case task's shape", () => {
  it('names its case, definition, plan item and stage on both task routes', async () => {
    const items = await itemsOf();
    const expected = {
      scopeId: caseId,
      scopeType: 'cmmn',
      scopeDefinitionId: definitionId,
      subScopeId: items.aItem,
      propagatedStageInstanceId: items.workItem,
      caseInstanceId: caseId,
      caseInstanceUrl: expect.stringMatching(`/cmmn-api/cmmn-runtime/case-instances/${caseId}$`),
      caseDefinitionId: definitionId,
      caseDefinitionUrl: expect.stringMatching(
        `/cmmn-api/cmmn-repository/case-definitions/${encodeURIComponent(definitionId)}$`,
      ),
      processInstanceId: null,
      executionId: null,
    };
    const cmmn = await h.request(
      'GET',
      `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}&taskDefinitionKey=a`,
    );
    const [task] = (cmmn.json() as { data: Record<string, unknown>[] }).data;
    expect(task).toMatchObject({
      ...expected,
      url: expect.stringMatching(`/cmmn-api/cmmn-runtime/tasks/${task.id as string}$`),
    });
    const shared = await h.request('GET', `/process-api/runtime/tasks/${task.id as string}`);
    expect(shared.json()).toMatchObject({
      ...expected,
      url: expect.stringMatching(`/process-api/runtime/tasks/${task.id as string}$`),
    });
  });

  it('a process task has none of them', async () => {
    await h.deploy(['http-one-task.bpmn20.xml']);
    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'httpOneTask' },
    });
    const instanceId = (started.json() as { id: string }).id;
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
    expect((tasks.json() as { data: unknown[] }).data[0]).toMatchObject({
      scopeId: null,
      scopeType: null,
      subScopeId: null,
      propagatedStageInstanceId: null,
      caseInstanceId: null,
      caseInstanceUrl: null,
      caseDefinitionId: null,
      caseDefinitionUrl: null,
    });
  });

  it('keeps them in the CMMN task history, and ends there with the case', async () => {
    const items = await itemsOf();
    // a candidate of b, for its history's people below
    const tasks = await h.request(
      'GET',
      `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}&taskDefinitionKey=b`,
    );
    const b = (tasks.json() as { data: { id: string }[] }).data[0];
    const added = await h.request('POST', `/cmmn-api/cmmn-runtime/tasks/${b.id}/identitylinks`, {
      body: { user: 'kermit', type: 'candidate' },
    });
    expect(added.statusCode).toBe(201);
    const cancel = await h.request('PUT', `/cmmn-api/cmmn-runtime/plan-item-instances/${items.cancelItem}`, {
      body: { action: 'trigger' },
    });
    expect(cancel.statusCode).toBe(204);
    const history = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-task-instances?caseInstanceId=${caseId}&sort=taskDefinitionKey`,
    );
    const body = history.json() as { total: number; data: Record<string, unknown>[] };
    expect(body.total).toBe(2);
    expect(body.data.map((t) => t.taskDefinitionKey)).toEqual(['a', 'b']);
    for (const task of body.data) {
      expect(task).toMatchObject({
        url: expect.stringMatching(`/cmmn-api/cmmn-history/historic-task-instances/${task.id as string}$`),
        caseInstanceId: caseId,
        caseInstanceUrl: expect.stringMatching(`/cmmn-api/cmmn-history/historic-case-instances/${caseId}$`),
        caseDefinitionId: definitionId,
        scopeType: 'cmmn',
        propagatedStageInstanceId: items.workItem,
        processInstanceId: null,
      });
      expect(task.endTime).not.toBeNull();
    }
    const one = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-task-instances/${body.data[0].id as string}`,
    );
    expect(one.json()).toEqual(body.data[0]);
    const missing = await h.request('GET', '/cmmn-api/cmmn-history/historic-task-instances/no-such-task');
    expect(missing.statusCode).toBe(404);
  });

  it("lists a historic task's people, naming its case", async () => {
    const history = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-task-instances?caseInstanceId=${caseId}&taskDefinitionKey=b`,
    );
    const [task] = (history.json() as { data: { id: string }[] }).data;
    const links = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-task-instances/${task.id}/identitylinks`,
    );
    expect(links.json()).toEqual([
      {
        type: 'candidate',
        userId: 'kermit',
        groupId: null,
        taskId: task.id,
        taskUrl: expect.stringMatching(`/cmmn-api/cmmn-history/historic-task-instances/${task.id}$`),
        caseInstanceId: caseId,
        caseInstanceUrl: expect.stringMatching(`/cmmn-api/cmmn-history/historic-case-instances/${caseId}$`),
      },
    ]);
  });
});
