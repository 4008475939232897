import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from './harness.ts';
import { migrationWorld, type MigrationWorld } from './migration-world.ts';

let h: HttpHarness;
let v1: string;
let v2: string;
let tasksOf: MigrationWorld['tasksOf'];
let startAt: MigrationWorld['startAt'];
beforeAll(async () => {
  h = await createHttpHarness();
  ({ v1, v2, tasksOf, startAt } = await migrationWorld(h));
});
afterAll(() => h.close());

const P = '/process-api';
const jobsOf = async (instanceId: string) =>
  (await h.request('GET', `${P}/management/jobs?processInstanceId=${instanceId}`)).json().data as {
    id: string;
  }[];
const runJobsOf = async (instanceId: string) => {
  for (const job of await jobsOf(instanceId)) {
    const executed = await h.request('POST', `${P}/management/jobs/${job.id}`, {
      body: { action: 'execute' },
    });
    expect(executed.statusCode).toBe(204);
  }
};
const batchMigrate = (body: unknown, as: 'admin' | 'kermit' = 'admin') =>
  h.request('POST', `${P}/repository/process-definitions/${v1}/batch-migrate`, { body, as });

describe('batch migration', () => {
  it('creates a batch with one part and one job per instance; the jobs migrate and record the outcome', async () => {
    const a = await startAt('second');
    const b = await startAt('second');
    const stuck = await startAt('legacy');
    const created = await batchMigrate({ toProcessDefinitionId: v2 });
    expect(created.statusCode).toBe(200);
    const batch = created.json();
    expect(batch).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(new RegExp(`/process-api/management/batches/${batch.id}$`)),
      batchType: 'processMigration',
      searchKey: v1,
      searchKey2: v2,
      createTime: expect.any(String),
      completeTime: null,
      status: 'inProgress',
      tenantId: '',
    });
    const parts = (await h.request('GET', `${P}/management/batches/${batch.id}/batch-parts`)).json();
    expect(parts.map((p: { scopeId: string }) => p.scopeId).sort()).toEqual([a, b, stuck].sort());
    expect(parts[0]).toMatchObject({
      batchId: batch.id,
      scopeType: 'bpmn',
      status: 'waiting',
      completeTime: null,
    });
    // nothing moved yet: the jobs do the work
    expect((await tasksOf(a))[0].processDefinitionId).toBe(v1);

    for (const id of [a, b, stuck]) await runJobsOf(id);
    expect((await tasksOf(a))[0].processDefinitionId).toBe(v2);
    expect((await tasksOf(b))[0].processDefinitionId).toBe(v2);
    expect((await tasksOf(stuck))[0].processDefinitionId).toBe(v1);

    const summary = (await h.request('GET', `${P}/management/batches/${batch.id}/summary`)).json();
    expect(summary).toMatchObject({
      id: batch.id,
      status: 'completed',
      completeTime: expect.any(String),
      totalBatchParts: 3,
      completedBatchParts: 3,
      successBatchParts: 2,
      failedBatchParts: 1,
    });
    const failed = (
      await h.request('GET', `${P}/management/batches/${batch.id}/batch-parts?status=fail`)
    ).json();
    expect(failed).toHaveLength(1);
    expect(failed[0].scopeId).toBe(stuck);
    const result = await h.request('GET', `${P}/management/batch-parts/${failed[0].id}/batch-part-document`);
    expect(result.headers['content-type']).toMatch(/application\/json/);
    expect(result.json()).toMatchObject({
      processInstanceId: stuck,
      resultStatus: 'fail',
      validationMessages: [expect.stringContaining("(id:'legacy') that is not mapped")],
    });
    const part = (await h.request('GET', `${P}/management/batch-parts/${failed[0].id}`)).json();
    expect(part).toMatchObject({ id: failed[0].id, status: 'fail', batchUrl: batch.url });

    const document = await h.request('GET', `${P}/management/batches/${batch.id}/batch-document`);
    expect(document.json()).toEqual({ toProcessDefinitionId: v2, activityMappings: [] });
  });

  it('migrates only processInstanceIdsToMigrate, with the mappings of the document', async () => {
    const chosen = await startAt('legacy');
    const other = await startAt('legacy');
    const batch = (
      await batchMigrate({
        toProcessDefinitionId: v2,
        processInstanceIdsToMigrate: [chosen],
        activityMappings: [{ fromActivityId: 'legacy', toActivityId: 'boxed' }],
      })
    ).json();
    expect((await jobsOf(other)).length).toBe(0);
    await runJobsOf(chosen);
    expect((await tasksOf(chosen))[0]).toMatchObject({ taskDefinitionKey: 'boxed', processDefinitionId: v2 });
    expect((await h.request('GET', `${P}/management/batches/${batch.id}`)).json().status).toBe('completed');
    const doc = (await h.request('GET', `${P}/management/batches/${batch.id}/batch-document`)).json();
    expect(doc.activityMappings).toEqual([{ fromActivityId: 'legacy', toActivityId: 'boxed' }]);
  });

  it('refuses a missing target definition and a user who may not deploy; 404 for an unknown definition', async () => {
    const missing = await batchMigrate({ toProcessDefinitionKey: 'nothing-like-it' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().exception).toMatch(/Cannot find the process definition to migrate to/);
    expect((await batchMigrate({ toProcessDefinitionId: v2 }, 'kermit')).statusCode).toBe(403);
    const unknown = await h.request('POST', `${P}/repository/process-definitions/nope/batch-migrate`, {
      body: { toProcessDefinitionId: v2 },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('management/batches', () => {
  it('lists with filters and paging, refuses an unknown sort, and deletes a batch with its waiting jobs', async () => {
    const waiting = await startAt('second');
    const batch = (
      await batchMigrate({ toProcessDefinitionId: v2, processInstanceIdsToMigrate: [waiting] })
    ).json();
    const list = await h.request('GET', `${P}/management/batches?searchKey=${v1}&status=inProgress`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, start: 0, sort: 'id', order: 'asc' });
    expect(list.json().data[0].id).toBe(batch.id);
    const all = (await h.request('GET', `${P}/management/batches?size=1&sort=createTime&order=desc`)).json();
    expect(all.total).toBeGreaterThan(1);
    expect(all.data).toHaveLength(1);
    expect(all.data[0].id).toBe(batch.id);
    expect((await h.request('GET', `${P}/management/batches?sort=color`)).statusCode).toBe(400);
    expect((await h.request('GET', `${P}/management/batches?createTimeAfter=soon`)).statusCode).toBe(400);

    expect((await jobsOf(waiting)).length).toBe(1);
    expect((await h.request('DELETE', `${P}/management/batches/${batch.id}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${P}/management/batches/${batch.id}`)).statusCode).toBe(404);
    expect((await jobsOf(waiting)).length).toBe(0);
    expect((await tasksOf(waiting))[0].processDefinitionId).toBe(v1);
  });

  it('answers 404 for unknown ids and 403 to a user who is no operator', async () => {
    for (const url of [
      'management/batches/nope',
      'management/batches/nope/summary',
      'management/batches/nope/batch-document',
      'management/batches/nope/batch-parts',
      'management/batch-parts/nope',
      'management/batch-parts/nope/batch-part-document',
    ])
      expect((await h.request('GET', `${P}/${url}`)).statusCode, url).toBe(404);
    expect((await h.request('DELETE', `${P}/management/batches/nope`)).statusCode).toBe(404);
    expect((await h.request('GET', `${P}/management/batches`, { as: 'kermit' })).statusCode).toBe(403);
    expect((await h.request('GET', `${P}/management/batches`, { as: null })).statusCode).toBe(401);
  });
});
