/**
 * The case engine's management API beyond one job: a bulk of dead letters moved back (all or
 * none, case jobs only), the suspended jobs of cases, and the history jobs Weir never has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
const M = '/cmmn-api/cmmn-management';

const FAILING = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.test/cmmn">
  <case id="bulkFailing" name="Fails asynchronously">
    <casePlanModel id="bulkFailingPlan">
      <planItem id="breakItem" definitionRef="break"/>
      <task id="break" name="Breaks" flowable:type="java" flowable:async="true" flowable:expression="\${broken.call()}"/>
    </casePlanModel>
  </case>
</definitions>`;

beforeAll(async () => {
  h = await createHttpHarness();
  const deployed = await h.upload('/cmmn-api/cmmn-repository/deployments', [
    { name: 'bulk-failing.cmmn', content: FAILING },
  ]);
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

type JobJson = { id: string; retries: number; caseInstanceId: string };
const jobsOf = async (kind: string, caseId: string): Promise<JobJson[]> =>
  ((await h.request('GET', `${M}/${kind}?caseInstanceId=${caseId}`)).json() as { data: JobJson[] }).data;

/** A case whose one async task has failed until its job is a dead letter. */
const deadLetteredCase = async () => {
  const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
    body: { caseDefinitionKey: 'bulkFailing' },
  });
  const caseId = (started.json() as { id: string }).id;
  for (let attempt = 0; attempt < 5 && (await jobsOf('deadletter-jobs', caseId)).length === 0; attempt++) {
    const [timer] = await jobsOf('timer-jobs', caseId);
    if (timer) await h.request('POST', `${M}/timer-jobs/${timer.id}`, { body: { action: 'move' } });
    const [job] = await jobsOf('jobs', caseId);
    await h.request('POST', `${M}/jobs/${job.id}`, { body: { action: 'execute' } });
  }
  const [dead] = await jobsOf('deadletter-jobs', caseId);
  expect(dead).toMatchObject({ retries: 0 });
  return { caseId, jobId: dead.id };
};

describe('POST /cmmn-api/cmmn-management/deadletter-jobs', () => {
  it('moves a bulk of dead letters back with their retries reset', async () => {
    const one = await deadLetteredCase();
    const two = await deadLetteredCase();
    const moved = await h.request('POST', `${M}/deadletter-jobs`, {
      body: { action: 'move', jobIds: [one.jobId, two.jobId] },
    });
    expect(moved.statusCode).toBe(204);
    for (const c of [one, two]) {
      expect(await jobsOf('deadletter-jobs', c.caseId)).toEqual([]);
      expect(await jobsOf('jobs', c.caseId)).toMatchObject([{ id: c.jobId, retries: 3 }]);
    }
  });

  it('moves none when one id is not a dead letter of a case, and names it', async () => {
    const one = await deadLetteredCase();
    const refused = await h.request('POST', `${M}/deadletter-jobs`, {
      body: { action: 'move', jobIds: [one.jobId, 'no-such-job'] },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ exception: expect.stringContaining('{no-such-job}') });
    expect(await jobsOf('deadletter-jobs', one.caseId)).toMatchObject([{ id: one.jobId }]);
  });

  it('refuses an action it does not have, and moveToHistoryJob with the reason', async () => {
    const one = await deadLetteredCase();
    const unknown = await h.request('POST', `${M}/deadletter-jobs`, {
      body: { action: 'delete', jobIds: [one.jobId] },
    });
    expect(unknown.statusCode).toBe(400);
    const history = await h.request('POST', `${M}/deadletter-jobs`, {
      body: { action: 'moveToHistoryJob', jobIds: [one.jobId] },
    });
    expect(history.statusCode).toBe(400);
    expect(history.json()).toMatchObject({ exception: expect.stringContaining('no history jobs') });
    expect(await jobsOf('deadletter-jobs', one.caseId)).toHaveLength(1);
  });

  it("does not move a process's dead letter: the case API knows only case jobs", async () => {
    await h.deploy(['http-external-worker.bpmn20.xml']);
    await startInstance(h, { processDefinitionKey: 'httpExternalWorker' });
    const ext = '/external-job-api/acquire/jobs';
    const [job] = (
      await h.request('POST', ext, {
        as: 'kermit',
        body: { topic: 'credit-check', lockDuration: 'PT1M', numberOfTasks: 1, workerId: 'w1' },
      })
    ).json() as { id: string }[];
    await h.request('POST', `${ext}/${job.id}/fail`, {
      as: 'kermit',
      body: { workerId: 'w1', errorMessage: 'gave up', retries: 0 },
    });
    const refused = await h.request('POST', `${M}/deadletter-jobs`, {
      body: { action: 'move', jobIds: [job.id] },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ exception: expect.stringContaining(job.id) });
    const still = await h.request('GET', `/process-api/management/deadletter-jobs/${job.id}`);
    expect(still.statusCode).toBe(200);
  });
});

describe('suspended and history jobs of cases', () => {
  it('lists suspended case jobs in Flowable envelope and answers 404 for an unknown one', async () => {
    const list = await h.request('GET', `${M}/suspended-jobs`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ data: [], total: 0, start: 0 });
    for (const path of ['suspended-jobs/nope', 'suspended-jobs/nope/exception-stacktrace']) {
      expect((await h.request('GET', `${M}/${path}`)).statusCode).toBe(404);
    }
    expect((await h.request('DELETE', `${M}/suspended-jobs/nope`)).statusCode).toBe(404);
  });

  it('shows a suspended case job, its stack trace, and deletes it', async () => {
    const dead = await deadLetteredCase();
    // Weir suspends a case's jobs only with its case; park this one directly to read it back
    await h.db.query(`UPDATE weir_job SET state = 'suspended' WHERE id = $1`, [dead.jobId]);
    const [suspended] = await jobsOf('suspended-jobs', dead.caseId);
    expect(suspended).toMatchObject({ id: dead.jobId, caseInstanceId: dead.caseId });
    const one = await h.request('GET', `${M}/suspended-jobs/${dead.jobId}`);
    expect(one.json()).toMatchObject({ url: expect.stringContaining(`/suspended-jobs/${dead.jobId}`) });
    const trace = await h.request('GET', `${M}/suspended-jobs/${dead.jobId}/exception-stacktrace`);
    expect(trace.body).toContain('broken');
    expect((await h.request('DELETE', `${M}/suspended-jobs/${dead.jobId}`)).statusCode).toBe(204);
    expect(await jobsOf('suspended-jobs', dead.caseId)).toEqual([]);
  });

  it('has no history jobs: an empty list, and every id unknown', async () => {
    const list = await h.request('GET', `${M}/history-jobs`);
    expect(list.json()).toMatchObject({ data: [], total: 0 });
    expect((await h.request('GET', `${M}/history-jobs/x`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${M}/history-jobs/x`)).statusCode).toBe(404);
    const run = await h.request('POST', `${M}/history-jobs/x`, { body: { action: 'execute' } });
    expect(run.statusCode).toBe(404);
  });
});
