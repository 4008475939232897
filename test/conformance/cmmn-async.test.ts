/**
 * Async plan items (`flowable:async="true"` on a task): the plan item becomes `async-active` and a
 * case job (Flowable's `cmmn-async-activate-plan-item-instance`) starts it in its own transaction,
 * listed and run through `/cmmn-management/jobs`. After Flowable's `AsyncTaskTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseJobsOf,
  caseVariablesOf,
  completeCaseTask,
  historicCase,
  openCaseTaskKeys,
  planItemOf,
  runCaseJobs,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';
import { ok } from './support.ts';

const { harness, started } = useCmmnFamily('async');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('async service tasks', () => {
  it('the plan item waits as async-active with one job naming its task (AsyncTaskTest.testAsyncServiceTask)', async () => {
    const id = await started('asServiceTask');
    await completeCaseTask(h, id, 'before');
    expect((await planItemOf(h, id, 'serviceItem')).state).toBe('async-active');
    const jobs = await caseJobsOf(h, id, 'jobs');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      elementId: 'asyncServiceTask',
      elementName: 'Async service task',
      handlerType: 'cmmn-async-activate-plan-item-instance',
      caseInstanceId: id,
      planItemInstanceId: (await planItemOf(h, id, 'serviceItem')).id,
    });
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
    expect((await caseVariablesOf(h, id)).javaDelegate).toBeUndefined();
  });

  it('running the job runs the service task and starts what waits for it (AsyncTaskTest.testAsyncServiceTask)', async () => {
    const id = await started('asServiceTask');
    await completeCaseTask(h, id, 'before');
    await runCaseJobs(h, id);
    expect((await caseVariablesOf(h, id)).javaDelegate.value).toBe('executed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
    expect((await planItemOf(h, id, 'serviceItem', true)).state).toBe('completed');
  });

  it('the job is run through the CMMN management API and is gone after (AsyncTaskTest.testAsyncServiceTaskWithManagementService)', async () => {
    const id = await started('asServiceTask');
    await completeCaseTask(h, id, 'before');
    const [job] = await caseJobsOf(h, id, 'jobs');
    const read = await ok(h, 'GET', `${CMMN}/cmmn-management/jobs/${job.id as string}`);
    expect(read).toMatchObject({ caseInstanceId: id, caseDefinitionId: job.caseDefinitionId });
    await ok(h, 'POST', `${CMMN}/cmmn-management/jobs/${job.id as string}`, { action: 'execute' });
    expect(await caseJobsOf(h, id, 'jobs')).toHaveLength(0);
    expect((await h.request('GET', `${CMMN}/cmmn-management/jobs/${job.id as string}`)).statusCode).toBe(404);
  });

  it('the case completes once its async task has run (AsyncTaskTest.testAsyncServiceTaskCompletesCaseInstance)', async () => {
    const id = await started('asCompletesCase', { count: 1 });
    await completeCaseTask(h, id, 'a');
    expect(await caseIsEnded(h, id)).toBe(false);
    await runCaseJobs(h, id);
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicCase(h, id)).state).toBe('completed');
  });
});

describe('async human tasks', () => {
  it('a case whose only item is async stays open with no task and one job (AsyncTaskTest.testSingleAsyncTask)', async () => {
    const id = await started('asSingleTask');
    expect(await caseIsEnded(h, id)).toBe(false);
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
    expect(await caseJobsOf(h, id, 'jobs')).toHaveLength(1);
    expect(await statesOf(h, id)).toEqual({ aItem: 'async-active' });
  });

  it('the job creates the task, and completing it completes the case (AsyncTaskTest.testSingleAsyncTask)', async () => {
    const id = await started('asSingleTask');
    await runCaseJobs(h, id);
    expect(await statesOf(h, id)).toEqual({ aItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['a']);
    await completeCaseTask(h, id, 'a');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('three async tasks on one sentry make three jobs, then three tasks (AsyncTaskTest.testMultipleAsyncHumanTasks)', async () => {
    const id = await started('asMultiple');
    await completeCaseTask(h, id, 'a');
    const jobs = await caseJobsOf(h, id, 'jobs');
    expect(jobs.map((job) => job.elementName).sort()).toEqual(['B', 'C', 'D']);
    await runCaseJobs(h, id);
    expect(await openCaseTaskKeys(h, id)).toEqual(['b', 'c', 'd']);
  });

  it('the manual activation rule is evaluated by the job: the item becomes enabled (ActivatePlanItemInstanceOperation)', async () => {
    const id = await started('asManual');
    expect(await statesOf(h, id)).toEqual({ manualItem: 'async-active' });
    await runCaseJobs(h, id);
    expect(await statesOf(h, id)).toEqual({ manualItem: 'enabled' });
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
  });
});

describe('ending a case with async items waiting', () => {
  it('each async item, in a stage too, waits as async-active with its own job (AsyncTaskTest.testTerminateCaseInstance)', async () => {
    const id = await started('asTerminate');
    expect(await statesOf(h, id)).toEqual({
      nonAsyncItem: 'active',
      aItem: 'async-active',
      stageItem: 'active',
      bItem: 'async-active',
      cItem: 'async-active',
    });
    expect(await caseJobsOf(h, id, 'jobs')).toHaveLength(3);
    expect(await openCaseTaskKeys(h, id)).toEqual(['nonAsync']);
  });

  it('terminating the case deletes the jobs that had not run (AsyncTaskTest.testTerminateCaseInstance)', async () => {
    const id = await started('asTerminate');
    const response = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`);
    expect(response.statusCode).toBe(204);
    expect(await caseJobsOf(h, id, 'jobs')).toHaveLength(0);
    expect((await historicCase(h, id)).state).toBe('terminated');
  });
});
