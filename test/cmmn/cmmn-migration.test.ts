/**
 * Case migration over `/cmmn-api` with Flowable's case migration document: a running case moved
 * to a new version (its plan items mapped, new plan items made available and started as the
 * new model's sentries say), validation naming what blocks a move, the migration of every case
 * of a definition, a batch run by the job executor, and the migration of ended cases' history.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';
import { JobExecutor } from '../../src/jobs/index.ts';
import { testSettings } from '../jobs/in-process-cluster.ts';

let h: HttpHarness;
const C = '/cmmn-api';
let v1 = '';
let v2 = '';
let v3 = '';

const deploy = async (file: string): Promise<string> => {
  const { payload, contentType } = multipart([
    { name: file, content: await readFile(new URL(`../fixtures/cmmn/${file}`, import.meta.url)) },
  ]);
  const res = await h.app.inject({
    method: 'POST',
    url: `${C}/cmmn-repository/deployments`,
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(res.statusCode).toBe(201);
  const list = await h.request(
    'GET',
    `${C}/cmmn-repository/case-definitions?deploymentId=${(res.json() as { id: string }).id}`,
  );
  return (list.json() as { data: { id: string }[] }).data[0].id;
};

beforeAll(async () => {
  h = await createHttpHarness();
  v1 = await deploy('migration-v1.cmmn');
  v2 = await deploy('migration-v2.cmmn');
  v3 = await deploy('migration-v3.cmmn');
});
afterAll(() => h?.close());

const start = async (definitionId = v1): Promise<string> => {
  const res = await h.request('POST', `${C}/cmmn-runtime/case-instances`, {
    body: { caseDefinitionId: definitionId },
  });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
};

const planItems = async (caseId: string) => {
  const res = await h.request(
    'GET',
    `${C}/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&includeEnded=true&size=100`,
  );
  return (res.json() as { data: { elementId: string; state: string; caseDefinitionId: string }[] }).data;
};
const states = async (caseId: string) =>
  Object.fromEntries((await planItems(caseId)).map((p) => [p.elementId, p.state]));

const tasks = async (caseId: string) => {
  const res = await h.request('GET', `${C}/cmmn-runtime/tasks?caseInstanceId=${caseId}&size=100`);
  return (res.json() as { data: { id: string; taskDefinitionKey: string }[] }).data;
};

const completeTask = async (caseId: string, key: string) => {
  const task = (await tasks(caseId)).find((t) => t.taskDefinitionKey === key);
  expect(task, key).toBeDefined();
  const res = await h.request('POST', `${C}/cmmn-runtime/tasks/${task!.id}`, {
    body: { action: 'complete' },
  });
  expect(res.statusCode).toBe(200);
};

const caseDefinitionOf = async (caseId: string) =>
  (
    (await h.request('GET', `${C}/cmmn-runtime/case-instances/${caseId}`)).json() as {
      caseDefinitionId: string;
    }
  ).caseDefinitionId;

const historicDefinitionOf = async (caseId: string) =>
  (
    (await h.request('GET', `${C}/cmmn-history/historic-case-instances/${caseId}`)).json() as {
      caseDefinitionId: string;
    }
  ).caseDefinitionId;

const post = (url: string, body: unknown, as: 'admin' | 'kermit' = 'admin') =>
  h.request('POST', `${C}${url}`, { body, as });

describe('migrating a running case', () => {
  it('moves it to the new version: plan items mapped, its task kept, new plan items created as the new model says', async () => {
    const id = await start();
    const [taskA] = await tasks(id);
    const res = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {
      toCaseDefinitionId: v2,
      enableAutomaticPlanItemInstanceCreation: true,
      caseInstanceVariables: { migrated: true },
    });
    expect(res.statusCode).toBe(200);
    expect(await caseDefinitionOf(id)).toBe(v2);
    expect(await historicDefinitionOf(id)).toBe(v2);
    // A kept its task; B is bItemRenamed now (same definition); C waits for A; D has no sentry: started
    expect(await states(id)).toEqual({
      aItem: 'active',
      bItemRenamed: 'available',
      cItem: 'available',
      dItem: 'active',
    });
    expect((await planItems(id)).every((p) => p.caseDefinitionId === v2)).toBe(true);
    const open = await tasks(id);
    expect(open.map((t) => t.taskDefinitionKey).sort()).toEqual(['taskA', 'taskD']);
    expect(open.find((t) => t.taskDefinitionKey === 'taskA')!.id).toBe(taskA.id);
    const variable = await h.request('GET', `${C}/cmmn-runtime/case-instances/${id}/variables/migrated`);
    expect(variable.json()).toMatchObject({ name: 'migrated', value: true });
    // the new model's sentries drive the case from here
    await completeTask(id, 'taskA');
    expect(await states(id)).toMatchObject({ bItemRenamed: 'active', cItem: 'active' });
  });

  it('without enableAutomaticPlanItemInstanceCreation, new plan items come only through mappings', async () => {
    const id = await start();
    const res = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {
      toCaseDefinitionKey: 'mgCase',
      toCaseDefinitionVersion: 2,
      activatePlanItemDefinitions: [{ planItemDefinitionId: 'taskC' }],
      changePlanItemIds: [{ existingPlanItemId: 'bItem', newPlanItemId: 'bItemRenamed' }],
    });
    expect(res.statusCode).toBe(200);
    expect(await states(id)).toEqual({ aItem: 'active', bItemRenamed: 'available', cItem: 'active' });
  });

  it('validate-migration answers no messages for a move that can run, and changes nothing', async () => {
    const id = await start();
    const res = await post(`/cmmn-runtime/case-instances/${id}/validate-migration`, {
      toCaseDefinitionId: v2,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ validationMessages: [] });
    expect(await caseDefinitionOf(id)).toBe(v1);
  });

  it('an invalid migration is refused naming the plan item; validation lists the same messages', async () => {
    const id = await start();
    const doc = { toCaseDefinitionId: v3 };
    const validation = await post(`/cmmn-runtime/case-instances/${id}/validate-migration`, doc);
    expect(validation.statusCode).toBe(200);
    const { validationMessages } = validation.json() as { validationMessages: string[] };
    expect(validationMessages).toHaveLength(1);
    expect(validationMessages[0]).toMatch(
      /plan item 'aItem' cannot be migrated: it sits in the case plan model, plan item 'aItem' of the target in stage 'firstStage'/,
    );
    const res = await post(`/cmmn-runtime/case-instances/${id}/migrate`, doc);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { exception: string }).exception).toMatch(/plan item 'aItem'/);
    expect(await caseDefinitionOf(id)).toBe(v1);
    expect(await states(id)).toEqual({ aItem: 'active', bItem: 'available' });
  });

  it("a mapping naming a plan item definition the target lacks gets Flowable's message", async () => {
    const id = await start();
    const res = await post(`/cmmn-runtime/case-instances/${id}/validate-migration`, {
      toCaseDefinitionId: v2,
      activatePlanItemDefinitions: [{ planItemDefinitionId: 'noSuchTask' }],
    });
    expect((res.json() as { validationMessages: string[] }).validationMessages).toEqual([
      "Invalid mapping for activate plan item definition 'noSuchTask' cannot be found in the case definition",
    ]);
  });

  it('refuses what Weir cannot honour by name, an unknown target, an unknown case, and non-deployers', async () => {
    const id = await start();
    const refused = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {
      toCaseDefinitionId: v2,
      activatePlanItemDefinitions: [{ planItemDefinitionId: 'taskC', newAssignee: 'kermit' }],
    });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { exception: string }).exception).toMatch(
      /activatePlanItemDefinitions\[0\]\.newAssignee: not supported/,
    );
    const noTarget = await post(`/cmmn-runtime/case-instances/${id}/migrate`, { toCaseDefinitionId: 'nope' });
    expect(noTarget.statusCode).toBe(400);
    expect((noTarget.json() as { exception: string }).exception).toMatch(
      /Cannot find the case definition to migrate to, with id 'nope'/,
    );
    const listed = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {
      toCaseDefinitionId: v2,
      caseInstanceIdsToMigrate: [id],
    });
    expect(listed.statusCode).toBe(400);
    expect((listed.json() as { exception: string }).exception).toMatch(/^caseInstanceIdsToMigrate:/);
    const noName = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {});
    expect(noName.statusCode).toBe(400);
    expect((noName.json() as { exception: string }).exception).toMatch(/toCaseDefinitionId/);
    expect(
      (await post('/cmmn-runtime/case-instances/no-such-case/migrate', { toCaseDefinitionId: v2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/cmmn-runtime/case-instances/${id}/migrate`, { toCaseDefinitionId: v2 }, 'kermit'))
        .statusCode,
    ).toBe(403);
    expect(await caseDefinitionOf(id)).toBe(v1);
  });

  it('pre- and post-upgrade expressions are evaluated on the case; one that fails undoes the migration', async () => {
    const id = await start();
    const fine = await post(`/cmmn-runtime/case-instances/${id}/migrate`, {
      toCaseDefinitionId: v2,
      preUpgradeExpression: "${caseInstance.setVariable('before', caseInstance.caseDefinitionId)}",
      postUpgradeExpression: "${caseInstance.setVariable('after', caseInstance.caseDefinitionId)}",
    });
    expect(fine.statusCode).toBe(200);
    const variables = await h.request('GET', `/cmmn-api/cmmn-runtime/case-instances/${id}/variables`);
    expect(
      Object.fromEntries(
        (variables.json() as { name: string; value: unknown }[]).map((v) => [v.name, v.value]),
      ),
    ).toMatchObject({ before: v1, after: v2 });
    for (const which of ['preUpgradeExpression', 'postUpgradeExpression']) {
      const other = await start();
      const res = await post(`/cmmn-runtime/case-instances/${other}/migrate`, {
        toCaseDefinitionId: v2,
        [which]: '${caseInstance.noSuchMethod(1)}',
      });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { exception: string }).exception).toContain(which);
      expect(await caseDefinitionOf(other)).toBe(v1);
    }
  });
});

describe('migrating every case of a definition', () => {
  it('migrates the cases named by caseInstanceIdsToMigrate, validating all first', async () => {
    const a = await start();
    const b = await start();
    const res = await post(`/cmmn-repository/case-definitions/${v1}/migrate`, {
      toCaseDefinitionId: v2,
      caseInstanceIdsToMigrate: [a],
    });
    expect(res.statusCode).toBe(200);
    expect(await caseDefinitionOf(a)).toBe(v2);
    expect(await caseDefinitionOf(b)).toBe(v1);
    const invalid = await post(`/cmmn-repository/case-definitions/${v1}/migrate`, {
      toCaseDefinitionId: v3,
      caseInstanceIdsToMigrate: [b],
    });
    expect(invalid.statusCode).toBe(400);
    expect(await caseDefinitionOf(b)).toBe(v1);
    expect(
      (await post('/cmmn-repository/case-definitions/no-such/migrate', { toCaseDefinitionId: v2 }))
        .statusCode,
    ).toBe(404);
  });
});

describe('batch migration', () => {
  it('creates a caseMigration batch whose parts the job executor runs, recording each outcome', async () => {
    const ok = await start();
    const stuck = await start();
    const created = await post(`/cmmn-repository/case-definitions/${v1}/batch-migrate`, {
      toCaseDefinitionId: v2,
      caseInstanceIdsToMigrate: [ok, stuck],
    });
    expect(created.statusCode).toBe(200);
    const batch = created.json() as Record<string, unknown>;
    expect(batch).toMatchObject({
      batchType: 'caseMigration',
      searchKey: v1,
      searchKey2: v2,
      status: 'inProgress',
      completeTime: null,
      tenantId: '',
    });
    const parts = (
      await h.request('GET', `/process-api/management/batches/${String(batch.id)}/batch-parts`)
    ).json() as {
      scopeId: string;
      scopeType: string;
      status: string;
    }[];
    expect(parts.map((p) => p.scopeId).sort()).toEqual([ok, stuck].sort());
    expect(parts.every((p) => p.scopeType === 'cmmn' && p.status === 'waiting')).toBe(true);
    // nothing moved yet: the jobs do the work
    expect(await caseDefinitionOf(ok)).toBe(v1);
    // the second case ends before its part runs: its part fails, naming it
    await h.request('DELETE', `${C}/cmmn-runtime/case-instances/${stuck}`);

    const executor = new JobExecutor({ engine: h.engine, settings: testSettings() });
    await executor.start();
    try {
      const deadline = Date.now() + 15_000;
      let summary: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        summary = (
          await h.request('GET', `/process-api/management/batches/${String(batch.id)}/summary`)
        ).json();
        if (summary.status === 'completed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(summary).toMatchObject({
        status: 'completed',
        totalBatchParts: 2,
        successBatchParts: 1,
        failedBatchParts: 1,
      });
    } finally {
      await executor.stop();
    }
    expect(await caseDefinitionOf(ok)).toBe(v2);
    const [failed] = (
      await h.request('GET', `/process-api/management/batches/${String(batch.id)}/batch-parts?status=fail`)
    ).json() as { id: string }[];
    const result = await h.request(
      'GET',
      `/process-api/management/batch-parts/${failed.id}/batch-part-document`,
    );
    expect(result.json()).toMatchObject({
      caseInstanceId: stuck,
      resultStatus: 'fail',
      validationMessages: [`Cannot find case instance with id:'${stuck}'`],
    });
    const document = await h.request(
      'GET',
      `/process-api/management/batches/${String(batch.id)}/batch-document`,
    );
    expect(document.json()).toMatchObject({ toCaseDefinitionId: v2 });
  });
});

describe('historic case migration', () => {
  it('moves an ended case history onto another definition; a running one is refused', async () => {
    const ended = await start();
    await h.request('DELETE', `${C}/cmmn-runtime/case-instances/${ended}`);
    const running = await start();
    const res = await post(`/cmmn-history/historic-case-instances/${ended}/migrate`, {
      toCaseDefinitionId: v2,
    });
    expect(res.statusCode).toBe(200);
    expect(await historicDefinitionOf(ended)).toBe(v2);
    const history = await h.request(
      'GET',
      `${C}/cmmn-history/historic-planitem-instances?caseInstanceId=${ended}&size=100`,
    );
    expect(
      (history.json() as { data: { caseDefinitionId: string }[] }).data.every(
        (p) => p.caseDefinitionId === v2,
      ),
    ).toBe(true);
    const refused = await post(`/cmmn-history/historic-case-instances/${running}/migrate`, {
      toCaseDefinitionId: v2,
    });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { exception: string }).exception).toMatch(/has not ended/);
    expect(
      (await post('/cmmn-history/historic-case-instances/nope/migrate', { toCaseDefinitionId: v2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await post(`/cmmn-history/historic-case-instances/${ended}/migrate`, {
          toCaseDefinitionId: v2,
          activatePlanItemDefinitions: [],
        })
      ).statusCode,
    ).toBe(400);
  });

  it('migrates all ended cases of a definition, at once or as a batch', async () => {
    const a = await start(v2);
    await h.request('DELETE', `${C}/cmmn-runtime/case-instances/${a}`);
    const res = await post(`/cmmn-repository/case-definitions/${v2}/migrate-historic-instances`, {
      toCaseDefinitionId: v3,
    });
    expect(res.statusCode).toBe(200);
    expect(await historicDefinitionOf(a)).toBe(v3);
    const batch = await post(`/cmmn-repository/case-definitions/${v3}/batch-migrate-historic-instances`, {
      toCaseDefinitionId: v1,
    });
    expect(batch.statusCode).toBe(200);
    const { id } = batch.json() as { id: string };
    expect(batch.json()).toMatchObject({ batchType: 'caseMigration', searchKey: v3, searchKey2: v1 });
    // every ended case of v3 has a part (the one of the test above too); run their jobs by hand
    const parts = (await h.request('GET', `/process-api/management/batches/${id}/batch-parts`)).json() as {
      scopeId: string;
    }[];
    expect(parts.map((p) => p.scopeId)).toContain(a);
    for (const part of parts) {
      const jobs = (
        await h.request('GET', `${C}/cmmn-management/jobs?caseInstanceId=${part.scopeId}`)
      ).json() as {
        data: { id: string }[];
      };
      expect(jobs.data).toHaveLength(1);
      const run = await h.request('POST', `${C}/cmmn-management/jobs/${jobs.data[0].id}`, {
        body: { action: 'execute' },
      });
      expect(run.statusCode).toBe(204);
    }
    expect(await historicDefinitionOf(a)).toBe(v1);
    const summary = (await h.request('GET', `/process-api/management/batches/${id}/summary`)).json();
    expect(summary).toMatchObject({ status: 'completed', successBatchParts: parts.length });
  });
});
