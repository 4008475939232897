/**
 * The case engine over `/cmmn-api`: a `.cmmn` file deployed, a case started with variables, its
 * plan items listed, its human task found and completed through the shared task REST API, a
 * variable set over REST satisfying an if-part, the milestone and the history read back.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
const fixture = (name: string) => readFile(new URL(`../fixtures/cmmn/${name}`, import.meta.url));

const deploy = async (files: { name: string; content: Buffer | string }[]) => {
  const { payload, contentType } = multipart(files, {});
  return h.app.inject({
    method: 'POST',
    url: '/cmmn-api/cmmn-repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
};

beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(async () => {
  await h?.close();
});

const planItems = async (caseId: string) => {
  const res = await h.request(
    'GET',
    `/cmmn-api/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&size=100&includeEnded=true`,
  );
  expect(res.statusCode).toBe(200);
  return Object.fromEntries(
    (res.json() as { data: { elementId: string; state: string }[] }).data.map((p) => [p.elementId, p.state]),
  );
};

describe('/cmmn-api', () => {
  let caseId = '';
  let definitionId = '';

  it('deploys a .cmmn file and lists its case definition', async () => {
    const res = await deploy([{ name: 'review-case.cmmn', content: await fixture('review-case.cmmn') }]);
    expect(res.statusCode).toBe(201);
    const deployment = res.json() as { id: string; name: string };
    expect(deployment.name).toBe('review-case.cmmn');
    const list = await h.request(
      'GET',
      `/cmmn-api/cmmn-repository/case-definitions?deploymentId=${deployment.id}`,
    );
    const definitions = (
      list.json() as { data: { id: string; key: string; version: number; name: string }[] }
    ).data;
    expect(definitions).toMatchObject([{ key: 'reviewCase', version: 1, name: 'Review case' }]);
    definitionId = definitions[0].id;
    const xml = await h.request(
      'GET',
      `/cmmn-api/cmmn-repository/case-definitions/${definitionId}/resourcedata`,
    );
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain('<case id="reviewCase"');
  });

  it('refuses a model it cannot run, naming element and line, and stores nothing', async () => {
    const broken = (await fixture('review-case.cmmn'))
      .toString()
      .replace('<humanTask id="review"', '<humanTask id="review" flowable:taskIdVariableName="x"');
    const res = await deploy([{ name: 'broken.cmmn', content: broken }]);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toMatch(
      /humanTask 'review' \(broken\.cmmn, line 21\): attribute 'flowable:taskIdVariableName' is not supported/,
    );
    const list = await h.request('GET', '/cmmn-api/cmmn-repository/deployments');
    expect((list.json() as { total: number }).total).toBe(1);
  });

  it('starts a case by key; its first human task is in the shared task list with scopeType cmmn', async () => {
    const res = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: {
        caseDefinitionKey: 'reviewCase',
        businessKey: 'order-7',
        variables: [{ name: 'approved', type: 'boolean', value: false }],
        returnVariables: true,
      },
    });
    expect(res.statusCode).toBe(201);
    const started = res.json() as {
      id: string;
      state: string;
      startUserId: string;
      businessKey: string;
      variables: unknown[];
    };
    expect(started).toMatchObject({
      state: 'active',
      startUserId: 'admin',
      businessKey: 'order-7',
      caseDefinitionId: definitionId,
    });
    expect(started.variables).toEqual(
      expect.arrayContaining([
        { name: 'approved', type: 'boolean', value: false, valueUrl: null, scope: 'global' },
      ]),
    );
    caseId = started.id;
    expect(await planItems(caseId)).toEqual({
      draftItem: 'active',
      reviewItem: 'available',
      reviewedItem: 'available',
    });
    const tasks = await h.request('GET', `/process-api/runtime/tasks?taskDefinitionKey=draft`);
    expect((tasks.json() as { data: unknown[] }).data).toMatchObject([
      {
        name: 'Write the draft',
        assignee: 'admin',
        scopeType: 'cmmn',
        scopeId: caseId,
        scopeDefinitionId: definitionId,
      },
    ]);
  });

  it('completing the task over REST drives the case to the next plan item', async () => {
    const tasks = await h.request('GET', `/process-api/runtime/tasks?taskDefinitionKey=draft`);
    const [task] = (tasks.json() as { data: { id: string }[] }).data;
    const done = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
      body: { action: 'complete' },
    });
    expect(done.statusCode).toBe(200);
    expect(await planItems(caseId)).toEqual({
      draftItem: 'completed',
      reviewItem: 'active',
      reviewedItem: 'available',
    });
    // the case API's task routes serve the same tasks
    const review = await h.request('GET', `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}`);
    const [reviewTask] = (review.json() as { data: { id: string; taskDefinitionKey: string }[] }).data;
    expect(reviewTask.taskDefinitionKey).toBe('review');
    const completed = await h.request('POST', `/cmmn-api/cmmn-runtime/tasks/${reviewTask.id}`, {
      body: { action: 'complete' },
    });
    expect(completed.statusCode).toBe(200);
    expect(await planItems(caseId)).toEqual({
      draftItem: 'completed',
      reviewItem: 'completed',
      reviewedItem: 'available',
    });
  });

  it('a variable set over REST satisfies the if-part: the milestone occurs and the case completes', async () => {
    const res = await h.request('PUT', `/cmmn-api/cmmn-runtime/case-instances/${caseId}/variables/approved`, {
      body: { name: 'approved', type: 'boolean', value: true },
    });
    expect(res.statusCode).toBe(200);
    expect((await h.request('GET', `/cmmn-api/cmmn-runtime/case-instances/${caseId}`)).statusCode).toBe(404);
    const historic = await h.request('GET', `/cmmn-api/cmmn-history/historic-case-instances/${caseId}`);
    expect(historic.json()).toMatchObject({ id: caseId, state: 'completed', businessKey: 'order-7' });
    expect((historic.json() as { endTime: string | null }).endTime).not.toBeNull();
    const milestones = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-milestone-instances?caseInstanceId=${caseId}`,
    );
    expect((milestones.json() as { data: unknown[] }).data).toMatchObject([
      { name: 'Reviewed', elementId: 'reviewedItem' },
    ]);
    const items = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-planitem-instances?caseInstanceId=${caseId}`,
    );
    expect((items.json() as { total: number }).total).toBe(3);
    const variables = await h.request(
      'GET',
      `/cmmn-api/cmmn-history/historic-variable-instances?caseInstanceId=${caseId}&variableName=approved`,
    );
    expect((variables.json() as { data: unknown[] }).data).toMatchObject([
      { caseInstanceId: caseId, variable: { name: 'approved', type: 'boolean', value: true } },
    ]);
  });

  it('a case timer is a job of the shared executor: listed, moved and executed through the management API', async () => {
    const timer = await fixture('timer.cmmn');
    expect((await deploy([{ name: 'timer.cmmn', content: timer }])).statusCode).toBe(201);
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: { caseDefinitionKey: 'timerCase' },
    });
    const timerCaseId = (started.json() as { id: string }).id;
    const timers = await h.request('GET', '/process-api/management/timer-jobs?size=100');
    expect(timers.statusCode).toBe(200);
    const jobs = (timers.json() as { data: { id: string; elementId: string | null }[] }).data;
    const job = jobs.find((j) => j.elementId === 'waitItem')!;
    expect(job).toBeDefined();
    const moved = await h.request('POST', `/process-api/management/timer-jobs/${job.id}`, {
      body: { action: 'move' },
    });
    expect(moved.statusCode).toBeLessThan(300);
    const executed = await h.request('POST', `/process-api/management/jobs/${job.id}`, {
      body: { action: 'execute' },
    });
    expect(executed.statusCode).toBeLessThan(300);
    const historic = await h.request('GET', `/cmmn-api/cmmn-history/historic-case-instances/${timerCaseId}`);
    expect(historic.json()).toMatchObject({ state: 'completed' });
    const engineInfo = await h.request('GET', '/cmmn-api/cmmn-management/engine');
    expect(engineInfo.json()).toMatchObject({ name: 'default' });
  });
});

describe('/cmmn-api/cmmn-management', () => {
  const FAILING = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.test/cmmn">
  <case id="failingAsync" name="A failing async task">
    <casePlanModel id="failingPlan">
      <planItem id="failItem" definitionRef="fail"/>
      <task id="fail" name="Fails" flowable:type="java" flowable:async="true" flowable:expression="\${nope.call()}"/>
    </casePlanModel>
  </case>
</definitions>`;
  const M = '/cmmn-api/cmmn-management';
  const jobsOf = async (kind: string, caseId: string) =>
    (
      (await h.request('GET', `${M}/${kind}?caseInstanceId=${caseId}`)).json() as {
        data: { id: string; retries: number; exceptionMessage: string | null }[];
      }
    ).data;

  it('a milestone list filtered by a date that is not one answers 400 naming the parameter', async () => {
    const bad = await h.request(
      'GET',
      '/cmmn-api/cmmn-history/historic-milestone-instances?reachedBefore=null',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('reachedBefore');
    const good = await h.request(
      'GET',
      '/cmmn-api/cmmn-history/historic-milestone-instances?reachedAfter=2000-01-01T00:00:00Z',
    );
    expect(good.statusCode).toBe(200);
  });

  it("a case's failing job: dead-lettered with its stack trace, moved back, and deleted", async () => {
    expect((await deploy([{ name: 'failing.cmmn', content: FAILING }])).statusCode).toBe(201);
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: { caseDefinitionKey: 'failingAsync' },
    });
    const caseId = (started.json() as { id: string }).id;
    // Run it until its retries are spent: each failure waits as a timer for its retry.
    for (let attempt = 0; attempt < 5 && (await jobsOf('deadletter-jobs', caseId)).length === 0; attempt++) {
      const [timer] = await jobsOf('timer-jobs', caseId);
      if (timer) await h.request('POST', `${M}/timer-jobs/${timer.id}`, { body: { action: 'move' } });
      const [job] = await jobsOf('jobs', caseId);
      const run = await h.request('POST', `${M}/jobs/${job.id}`, { body: { action: 'execute' } });
      expect(run.statusCode).toBeGreaterThanOrEqual(400);
    }
    const [dead] = await jobsOf('deadletter-jobs', caseId);
    expect(dead).toMatchObject({ retries: 0, exceptionMessage: expect.stringContaining('nope') });

    const trace = await h.request('GET', `${M}/deadletter-jobs/${dead.id}/exception-stacktrace`);
    expect(trace.statusCode).toBe(200);
    expect(trace.headers['content-type']).toContain('text/plain');
    expect(trace.body).toContain('nope');

    const moved = await h.request('POST', `${M}/deadletter-jobs/${dead.id}`, { body: { action: 'move' } });
    expect(moved.statusCode).toBe(204);
    expect(await jobsOf('deadletter-jobs', caseId)).toEqual([]);
    const [again] = await jobsOf('jobs', caseId);
    expect(again).toMatchObject({ id: dead.id, retries: 3 });

    expect((await h.request('DELETE', `${M}/jobs/${again.id}`)).statusCode).toBe(204);
    expect(await jobsOf('jobs', caseId)).toEqual([]);
    expect((await h.request('DELETE', `${M}/jobs/${again.id}`)).statusCode).toBe(404);
    // gone from every case route
    expect((await h.request('GET', `${M}/jobs/${again.id}/exception-stacktrace`)).statusCode).toBe(404);
  });
});
