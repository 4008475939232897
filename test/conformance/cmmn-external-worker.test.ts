/**
 * External-worker plan items (`<task flowable:type="external-worker" flowable:topic>`): the
 * plan item stays active with a job of its topic that workers acquire through
 * `/external-job-api` (scope type `cmmn`), then complete (the plan item completes with the
 * worker's variables on the case) or terminate (`cmmnTerminate`). After Flowable's CMMN
 * `ExternalWorkerServiceTaskTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseJobsOf,
  caseVariablesOf,
  openCaseTaskKeys,
  planItemOf,
  useCmmnFamily,
} from './cmmn-support.ts';
import { restVariables, type Json } from './support.ts';

const { harness, started } = useCmmnFamily('external-worker');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

const api = '/external-job-api';

const acquire = async (topic: string, extra: Record<string, unknown> = {}): Promise<Json[]> => {
  const response = await h.request('POST', `${api}/acquire/jobs`, {
    body: { topic, lockDuration: 'PT10M', numberOfTasks: 10, workerId: 'testWorker', ...extra },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Json[];
};

/** acquire the topic's jobs and give the one of this case (an earlier test's stay locked) */
const acquireFor = async (caseId: string, topic = 'ewSimpleTopic'): Promise<Json> => {
  const job = (await acquire(topic)).find((candidate) => candidate.scopeId === caseId);
  if (job === undefined) throw new Error(`no job of case ${caseId} acquired`);
  return job;
};

const report = (jobId: string, action: string, body: Record<string, unknown> = {}) =>
  h.request('POST', `${api}/acquire/jobs/${jobId}/${action}`, { body: { workerId: 'testWorker', ...body } });

describe('external-worker tasks', () => {
  it('the plan item is active and its job is acquired with the case’s scope and variables (ExternalWorkerServiceTaskTest.testSimple)', async () => {
    const id = await started('ewSimple', { customer: 'Gonzo' });
    const item = await planItemOf(h, id, 'workItem');
    expect(item).toMatchObject({ state: 'active', planItemDefinitionType: 'externalworkerservicetask' });
    const [job, ...more] = await acquire('ewSimpleTopic');
    expect(more).toHaveLength(0);
    expect(job).toMatchObject({
      elementId: 'externalWorkerTask',
      elementName: 'External worker task',
      scopeId: id,
      subScopeId: item.id,
      scopeDefinitionId: item.caseDefinitionId,
      scopeType: 'cmmn',
      processInstanceId: null,
      lockOwner: 'testWorker',
      retries: 3,
    });
    expect(job.variables).toEqual([{ name: 'customer', type: 'string', value: 'Gonzo', valueUrl: null }]);
  });

  it('completing the job sets the worker’s variables on the case and completes the plan item (ExternalWorkerServiceTaskTest.testSimpleSimpleWithVariables)', async () => {
    const id = await started('ewSimple');
    const job = await acquireFor(id);
    const done = await report(job.id as string, 'complete', {
      variables: restVariables({ approved: true }),
    });
    expect(done.statusCode).toBe(204);
    expect((await caseVariablesOf(h, id)).approved.value).toBe(true);
    expect((await planItemOf(h, id, 'workItem', true)).state).toBe('completed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
    expect((await h.request('GET', `${api}/jobs/${job.id as string}`)).statusCode).toBe(404);
  });

  it('cmmnTerminate terminates the plan item: what waits on its completion does not start (ExternalWorkerJobTerminateCmd)', async () => {
    const id = await started('ewSimple');
    const job = await acquireFor(id);
    const done = await report(job.id as string, 'cmmnTerminate', {
      variables: restVariables({ reason: 'cancelled' }),
    });
    expect(done.statusCode).toBe(204);
    expect((await caseVariablesOf(h, id)).reason.value).toBe('cancelled');
    expect((await planItemOf(h, id, 'workItem', true)).state).toBe('terminated');
    expect(await openCaseTaskKeys(h, id)).toEqual([]);
  });

  it('another worker may not complete it (ExternalWorkerServiceTaskTest.testSimpleCompleteByDifferentWorker)', async () => {
    const id = await started('ewSimple');
    const job = await acquireFor(id);
    const stolen = await h.request('POST', `${api}/acquire/jobs/${job.id as string}/complete`, {
      body: { workerId: 'otherWorker' },
    });
    expect(stolen.statusCode).toBe(409);
    expect((await planItemOf(h, id, 'workItem')).state).toBe('active');
  });

  it('a BPMN error cannot be reported on a case’s job (ExternalWorkerJobBpmnErrorCmd)', async () => {
    const id = await started('ewSimple');
    const job = await acquireFor(id);
    const response = await report(job.id as string, 'bpmnError', { errorCode: 'E1' });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toContain("is from scope 'cmmn'");
  });

  it('acquiring with scopeType bpmn leaves case jobs alone; cmmn takes them (ExternalWorkerServiceTaskTest.testSimpleAcquireByScopeType)', async () => {
    await started('ewSimple');
    expect(await acquire('ewSimpleTopic', { scopeType: 'bpmn' })).toHaveLength(0);
    expect(await acquire('ewSimpleTopic', { scopeType: 'cmmn' })).toHaveLength(1);
  });

  it('the topic may be an expression, evaluated when the task starts (ExternalWorkerTaskActivityBehavior)', async () => {
    const id = await started('ewTopicExpression', { topicName: 'computedTopic' });
    const job = await acquireFor(id, 'computedTopic');
    expect(job.elementId).toBe('externalWorkerTask');
  });

  it('terminating the case deletes its external job (PlanItemInstanceEntityManager: jobs of ended plan items)', async () => {
    const id = await started('ewSimple');
    const listed = await h.request('GET', `${api}/jobs?topic=ewSimpleTopic&size=100`);
    const before = (listed.json() as { data: Json[] }).data.filter((job) => job.scopeId === id);
    expect(before).toHaveLength(1);
    expect((await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${api}/jobs/${before[0].id as string}`)).statusCode).toBe(404);
    expect(await caseJobsOf(h, id, 'jobs')).toHaveLength(0);
  });
});
