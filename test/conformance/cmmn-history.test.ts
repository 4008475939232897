/**
 * CMMN history over REST: historic case instances (state, times, starter; list filters and the
 * query body, with the case's variables when asked for), historic plan item instances (states
 * and lifecycle times), historic tasks and variables of cases. (Deleting a historic case is not
 * in Weir yet: its case is listed in docs/compatibility.md.) After Flowable's `HistoryServiceTest`,
 * `PlanItemInstanceHistoryServiceTest`, `HistoricPlanItemInstanceQueryTest` and the CMMN REST
 * `HistoricCaseInstanceCollectionResourceTest`, `HistoricCaseInstanceQueryResourceTest`,
 * `HistoricCaseInstanceResourceTest`, `HistoricPlanItemInstanceResourcesTest`,
 * `HistoricTaskInstanceCollectionResourceTest` and `HistoricVariableInstanceCollectionResourceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  actOn,
  completeCaseTask,
  historicCase,
  historicCaseTasksOf,
  historicPlanItemsOf,
  historicStatesOf,
  setCaseVariables,
  useCmmnFamily,
} from './cmmn-support.ts';
import { listOf, ok, restVariables } from './support.ts';

const { harness, started } = useCmmnFamily('history');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('historic case instances', () => {
  it('a running case is in history as active, without an end time (HistoricCaseInstanceResourceTest.testGetCaseInstance)', async () => {
    const id = await started('hsOneTask');
    const history = await historicCase(h, id);
    expect(history).toMatchObject({
      id,
      state: 'active',
      endTime: null,
      startUserId: 'admin',
      caseDefinitionName: 'Historic one task',
    });
    expect(history.url as string).toContain(`/cmmn-api/cmmn-history/historic-case-instances/${id}`);
  });

  it('a completed case is in history as completed, with its end time (HistoryServiceTest.testStartSimplePassthroughCaseWithBlockingTask)', async () => {
    const id = await started('hsOneTask');
    await completeCaseTask(h, id, 'doIt');
    const history = await historicCase(h, id);
    expect(history.state).toBe('completed');
    expect(Date.parse(history.endTime as string)).toBeGreaterThanOrEqual(
      Date.parse(history.startTime as string),
    );
  });

  it('a case exited through its plan model is in history as terminated (CaseCompletionExitSentryTest, HistoricCaseInstanceResourceTest)', async () => {
    const id = await started('hsCancelled');
    await actOn(h, id, 'cancelItem', 'trigger');
    const history = await historicCase(h, id);
    expect(history.state).toBe('terminated');
    expect(history.endTime).not.toBeNull();
  });

  it('the starter is the authenticated user (RuntimeServiceTest.testCaseInstanceStarterIdentityLink)', async () => {
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      as: 'kermit',
      body: { caseDefinitionKey: 'hsOneTask' },
    });
    expect(response.statusCode).toBe(201);
    expect((await historicCase(h, response.json().id as string)).startUserId).toBe('kermit');
  });

  it('finished=true and finished=false split ended and running cases (HistoricCaseInstanceCollectionResourceTest)', async () => {
    const running = await started('hsOneTask', {}, { businessKey: 'split-running' });
    const ended = await started('hsOneTask', {}, { businessKey: 'split-ended' });
    await completeCaseTask(h, ended, 'doIt');
    const finished = await listOf(
      h,
      `${CMMN}/cmmn-history/historic-case-instances?caseDefinitionKey=hsOneTask&finished=true&size=100`,
    );
    const unfinished = await listOf(
      h,
      `${CMMN}/cmmn-history/historic-case-instances?caseDefinitionKey=hsOneTask&finished=false&size=100`,
    );
    expect(finished.map((row) => row.id)).toContain(ended);
    expect(finished.map((row) => row.id)).not.toContain(running);
    expect(unfinished.map((row) => row.id)).toContain(running);
    expect(unfinished.map((row) => row.id)).not.toContain(ended);
  });

  it('historic cases can be listed by business key (HistoricCaseInstanceCollectionResourceTest)', async () => {
    const id = await started('hsOneTask', {}, { businessKey: 'order-77' });
    const rows = await listOf(h, `${CMMN}/cmmn-history/historic-case-instances?businessKey=order-77`);
    expect(rows.map((row) => row.id)).toEqual([id]);
    expect(rows[0].businessKey).toBe('order-77');
  });

  it('the query body filters historic cases by a variable value (HistoricCaseInstanceQueryResourceTest)', async () => {
    const id = await started('hsOneTask', { region: 'north-7' });
    await started('hsOneTask', { region: 'south-7' });
    const response = await ok(h, 'POST', `${CMMN}/cmmn-query/historic-case-instances`, {
      caseDefinitionKey: 'hsOneTask',
      variables: [{ name: 'region', value: 'north-7', operation: 'equals', type: 'string' }],
    });
    expect((response.data as { id: string }[]).map((row) => row.id)).toEqual([id]);
  });

  it('deleting an ended historic case answers 204, and it is gone (HistoricCaseInstanceResourceTest.testGetCaseInstance)', async () => {
    const id = await started('hsOneTask');
    await completeCaseTask(h, id, 'doIt');
    const response = await h.request('DELETE', `${CMMN}/cmmn-history/historic-case-instances/${id}`);
    expect(response.statusCode).toBe(204);
    expect((await h.request('GET', `${CMMN}/cmmn-history/historic-case-instances/${id}`)).statusCode).toBe(
      404,
    );
  });

  it('an unknown historic case is a 404 (HistoricCaseInstanceResourceTest)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-history/historic-case-instances/no-such-case`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toHaveProperty('exception');
  });
});

describe('historic plan item instances', () => {
  it('every plan item instance of the case is in history with its state (HistoricPlanItemInstanceQueryTest)', async () => {
    const id = await started('hsStaged');
    await completeCaseTask(h, id, 'inner');
    expect(await historicStatesOf(h, id)).toEqual({
      stageItem: 'completed',
      innerItem: 'completed',
      reachedItem: 'completed',
    });
  });

  it('a completed human task’s plan item has its lifecycle times (PlanItemInstanceHistoryServiceTest)', async () => {
    const id = await started('hsOneTask');
    await completeCaseTask(h, id, 'doIt');
    const [item] = await historicPlanItemsOf(h, id);
    expect(item).toMatchObject({
      elementId: 'taskItem',
      planItemDefinitionId: 'doIt',
      planItemDefinitionType: 'humantask',
    });
    for (const field of ['createTime', 'lastAvailableTime', 'lastStartedTime', 'completedTime', 'endedTime'])
      expect(item[field], field).not.toBeNull();
    expect(item.terminatedTime).toBeNull();
  });

  it('a terminated plan item has its exit and terminated times, and no completed time (PlanItemInstanceHistoryServiceTest)', async () => {
    const id = await started('hsCancelled');
    await actOn(h, id, 'cancelItem', 'trigger');
    const work = (await historicPlanItemsOf(h, id)).find((row) => row.elementId === 'workItem');
    expect(work?.state).toBe('terminated');
    expect(work?.completedTime).toBeNull();
    expect(work?.endedTime).not.toBeNull();
  });

  it('historic plan items can be filtered by definition type (HistoricPlanItemInstanceResourcesTest)', async () => {
    const id = await started('hsStaged');
    await completeCaseTask(h, id, 'inner');
    const milestones = await listOf(
      h,
      `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&planItemDefinitionType=milestone`,
    );
    expect(milestones.map((row) => row.elementId)).toEqual(['reachedItem']);
  });

  it('a historic plan item inside a stage names the stage (HistoricPlanItemInstanceResourcesTest)', async () => {
    const id = await started('hsStaged');
    const rows = await historicPlanItemsOf(h, id);
    const stage = rows.find((row) => row.elementId === 'stageItem');
    expect(rows.find((row) => row.elementId === 'innerItem')?.stageInstanceId).toBe(stage?.id);
  });

  it('a historic plan item can be read by its id, and an unknown one is a 404 (HistoricPlanItemInstanceResourcesTest)', async () => {
    const id = await started('hsOneTask');
    const [item] = await historicPlanItemsOf(h, id);
    const single = await ok(h, 'GET', `${CMMN}/cmmn-history/historic-planitem-instances/${item.id}`);
    expect(single).toMatchObject({ id: item.id, caseInstanceId: id, state: 'active' });
    const missing = await h.request('GET', `${CMMN}/cmmn-history/historic-planitem-instances/no-such-item`);
    expect(missing.statusCode).toBe(404);
  });
});

describe('historic tasks and variables', () => {
  it('a completed case task is in task history with its case, assignee and end time (HistoricTaskInstanceCollectionResourceTest)', async () => {
    const id = await started('hsOneTask');
    await completeCaseTask(h, id, 'doIt');
    const [task] = await historicCaseTasksOf(h, id);
    expect(task).toMatchObject({
      taskDefinitionKey: 'doIt',
      name: 'Do it',
      assignee: 'kermit',
      caseInstanceId: id,
    });
    expect(task.endTime).not.toBeNull();
  });

  it('a historic case task can be read by its id (HistoricTaskInstanceResourceTest)', async () => {
    const id = await started('hsOneTask');
    const [task] = await historicCaseTasksOf(h, id);
    const single = await ok(h, 'GET', `${CMMN}/cmmn-history/historic-task-instances/${task.id as string}`);
    expect(single).toMatchObject({ id: task.id, caseInstanceId: id, endTime: null });
  });

  it('the task of an exited case ends in history (HistoricTaskInstanceCollectionResourceTest)', async () => {
    const id = await started('hsCancelled');
    await actOn(h, id, 'cancelItem', 'trigger');
    const [task] = await historicCaseTasksOf(h, id);
    expect(task.endTime).not.toBeNull();
  });

  it('case variables are in variable history, with their last value (HistoricVariableInstanceCollectionResourceTest)', async () => {
    const id = await started('hsOneTask', { colour: 'red' });
    await setCaseVariables(h, id, { colour: 'blue', size: 3 });
    await completeCaseTask(h, id, 'doIt');
    const rows = await listOf<{ caseInstanceId: string; variable: { name: string; value: unknown } }>(
      h,
      `${CMMN}/cmmn-history/historic-variable-instances?caseInstanceId=${id}&size=100`,
    );
    const values = Object.fromEntries(rows.map((row) => [row.variable.name, row.variable.value]));
    expect(values).toMatchObject({ colour: 'blue', size: 3 });
    expect(rows.every((row) => row.caseInstanceId === id)).toBe(true);
  });

  it('the variable query body finds historic variables by name (HistoricVariableInstanceQueryResourceTest)', async () => {
    const id = await started('hsOneTask', { flavour: 'mint' });
    const response = await ok(h, 'POST', `${CMMN}/cmmn-query/historic-variable-instances`, {
      caseInstanceId: id,
      variableName: 'flavour',
    });
    expect(response.data).toHaveLength(1);
    expect(response.data[0].variable).toMatchObject({ name: 'flavour', value: 'mint' });
  });

  it('variables given at start are on the historic case when asked for (HistoricCaseInstanceCollectionResourceTest, includeCaseVariables)', async () => {
    const id = await started('hsOneTask', {}, { variables: restVariables({ tag: 'x1' }) });
    const rows = await listOf(
      h,
      `${CMMN}/cmmn-history/historic-case-instances?caseInstanceId=${id}&includeCaseVariables=true`,
    );
    const variables = rows[0].variables as { name: string; value: unknown }[];
    expect(variables.find((variable) => variable.name === 'tag')?.value).toBe('x1');
  });
});
