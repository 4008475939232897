/**
 * Process tasks and case tasks: blocking (the plan item waits for the child to end) and
 * non-blocking, in and out parameters (source, sourceExpression, target), a process reference
 * expression, the links between parent plan item and child instance, and termination of a child
 * with its parent. After Flowable's `ProcessTaskTest` (flowable-cmmn-engine-configurator) and
 * `CaseTaskTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  caseVariablesOf,
  cmmnFamily,
  completeCaseTask,
  historicMilestonesOf,
  openCaseTaskKeys,
  planItemOf,
  useCmmnFamily,
} from './cmmn-support.ts';
import { complete, isEnded, ok, tasksOf, variablesOf } from './support.ts';

const { harness, started } = useCmmnFamily({
  processes: ['cmmn/process-tasks/ptOneTask.bpmn20.xml', 'cmmn/process-tasks/ptOther.bpmn20.xml'],
  cases: cmmnFamily('process-tasks'),
});
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

/** the process instance a process task plan item started */
const childOf = async (caseId: string, elementId: string, includeEnded = false) => {
  const item = await planItemOf(h, caseId, elementId, includeEnded);
  if (item.referenceId === null) throw new Error(`${elementId} started nothing`);
  return { item, childId: item.referenceId };
};

/** complete the only open task of the process instance */
const finishProcess = async (processId: string, variables: Record<string, unknown> = {}) => {
  const [task] = await tasksOf(h, processId);
  await complete(h, task.id, variables);
};

describe('process tasks', () => {
  it('a blocking process task starts the process and stays active, referring to it (ProcessTaskTest.testOneTaskProcessBlocking)', async () => {
    const id = await started('ptBlocking');
    const { item, childId } = await childOf(id, 'processItem');
    expect(item).toMatchObject({
      state: 'active',
      planItemDefinitionType: 'processtask',
      referenceType: 'cmmn-1.1-to-bpmn-2.0-child-process',
    });
    const process = await ok(h, 'GET', `/process-api/runtime/process-instances/${childId}`);
    expect(process.processDefinitionId as string).toContain('ptOneTask');
  });

  it('the started process knows the plan item that started it (ProcessTaskTest.testGetProcessInstanceByParentScopeId)', async () => {
    const id = await started('ptBlocking');
    const { item, childId } = await childOf(id, 'processItem');
    const process = await ok(h, 'GET', `/process-api/runtime/process-instances/${childId}`);
    expect(process).toMatchObject({
      callbackId: item.id,
      callbackType: 'cmmn-1.1-to-bpmn-2.0-child-process',
    });
  });

  it('when the process ends the plan item completes, and a sentry on it reaches a milestone (ProcessTaskTest.testOneTaskProcessBlocking)', async () => {
    const id = await started('ptBlocking');
    const { childId } = await childOf(id, 'processItem');
    await finishProcess(childId);
    expect(await isEnded(h, childId)).toBe(true);
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicMilestonesOf(h, id)).map((row) => row.elementId)).toEqual(['doneItem']);
  });

  it('a non-blocking process task completes at once and the case may end before the process (ProcessTaskTest.testStartProcessInstanceNonBlockingAndCaseInstanceFinished)', async () => {
    const id = await started('ptNonBlocking');
    expect(await caseIsEnded(h, id)).toBe(true);
    const history = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&elementId=processItem`,
    );
    const childId = history.data[0].referenceId as string;
    expect(await isEnded(h, childId)).toBe(false);
    expect((await tasksOf(h, childId)).map((task) => task.taskDefinitionKey)).toEqual(['procTask']);
  });

  it('in parameters copy case variables into the process, by source and by source expression (ProcessTaskTest.testProcessIOParameter, testProcessIOParameterExpressions)', async () => {
    const id = await started('ptInOut', { caseInput: 'apples' });
    const { childId } = await childOf(id, 'processItem');
    const variables = await variablesOf(h, childId);
    expect(variables.procInput.value).toBe('apples');
    expect(variables.procDerived.value).toBe('apples-plus');
    expect(variables).not.toHaveProperty('caseInput');
  });

  it('out parameters copy process variables back to the case when the process ends (ProcessTaskTest.testProcessIOParameter)', async () => {
    const id = await started('ptInOut', { caseInput: 'pears' });
    const { childId } = await childOf(id, 'processItem');
    await finishProcess(childId, { procResult: 21 });
    const variables = await caseVariablesOf(h, id);
    expect(variables.caseResult.value).toBe(21);
    expect(variables.caseDoubled.value).toBe(42);
    expect(await openCaseTaskKeys(h, id)).toEqual(['check']);
  });

  it('a process reference expression picks the process from a case variable (ProcessTaskTest.testProcessRefExpression)', async () => {
    const id = await started('ptRefExpression', { processKey: 'ptOther' });
    const { childId } = await childOf(id, 'processItem');
    expect((await tasksOf(h, childId)).map((task) => task.taskDefinitionKey)).toEqual(['otherTask']);
  });

  it('deleting the case terminates the process of a blocking process task (ProcessTaskTest.testTerminateCaseInstanceWithBlockingProcessTask)', async () => {
    const id = await started('ptBlocking');
    const { childId } = await childOf(id, 'processItem');
    const response = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`);
    expect(response.statusCode).toBe(204);
    expect(await isEnded(h, childId)).toBe(true);
  });
});

describe('case tasks', () => {
  it('a blocking case task starts the child case and stays active, referring to it (CaseTaskTest.testBasicBlocking)', async () => {
    const id = await started('ctBlocking');
    const { item, childId } = await childOf(id, 'caseItem');
    expect(item).toMatchObject({
      state: 'active',
      planItemDefinitionType: 'casetask',
      referenceType: 'cmmn-1.1-to-cmmn-1.1-child-case',
    });
    expect((await caseTasksOf(h, childId)).map((task) => task.taskDefinitionKey)).toEqual(['childWork']);
  });

  it('the child case names its parent and the plan item that started it (CaseTaskTest.testBasicBlocking)', async () => {
    const id = await started('ctBlocking');
    const { item, childId } = await childOf(id, 'caseItem');
    const child = await ok(h, 'GET', `${CMMN}/cmmn-runtime/case-instances/${childId}`);
    expect(child).toMatchObject({
      parentId: id,
      callbackId: item.id,
      callbackType: 'cmmn-1.1-to-cmmn-1.1-child-case',
    });
  });

  it('when the child case completes the case task completes (CaseTaskTest.testBasicBlocking)', async () => {
    const id = await started('ctBlocking');
    const { childId } = await childOf(id, 'caseItem');
    await completeCaseTask(h, childId, 'childWork');
    expect(await caseIsEnded(h, childId)).toBe(true);
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('a non-blocking case task completes at once; the child case runs on (CaseTaskTest.testBasicNonBlocking)', async () => {
    const id = await started('ctNonBlocking');
    expect(await caseIsEnded(h, id)).toBe(true);
    const history = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&elementId=caseItem`,
    );
    const childId = history.data[0].referenceId as string;
    expect(await caseIsEnded(h, childId)).toBe(false);
  });

  it('in and out parameters pass variables to the child case and back (CaseTaskTest.testIOParameters)', async () => {
    const id = await started('ctInOut', { parentInput: 'plums' });
    const { childId } = await childOf(id, 'caseItem');
    const [childTask] = await caseTasksOf(h, childId);
    expect(childTask.name).toBe('Child work plums');
    await completeCaseTask(h, childId, 'childWork', { childResult: 'ripe' });
    expect((await caseVariablesOf(h, id)).parentResult.value).toBe('ripe');
  });

  it('deleting the parent case terminates a blocking child case (CaseTaskTest.testTerminateCaseInstanceWithNestedCaseTasks)', async () => {
    const id = await started('ctBlocking');
    const { childId } = await childOf(id, 'caseItem');
    await ok(h, 'DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`);
    expect(await caseIsEnded(h, childId)).toBe(true);
  });
});
