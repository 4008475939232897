/**
 * Changing plan item states and migrating cases, as a Flowable CMMN REST client does it:
 * `change-state` with ChangePlanItemStateRequest, and `migrate`, `validate-migration`,
 * `batch-migrate` and the historic migrations with the case migration document. After
 * Flowable's `ChangeStateTest`, `CaseInstanceMigrationTest`, `CaseInstanceMigrationValidationTest`,
 * `CaseInstanceMigrationBatchTest` and `HistoricCaseInstanceMigrationTest`. The fixtures are
 * versions of one case key, deployed in the order each case needs.
 */
import { describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  cmmnFixture,
  completeCaseTask,
  deployCase,
  historicCase,
  historicPlanItemsOf,
  planItemsOf,
  startCase,
  statesOf,
  useCmmnHarness,
} from './cmmn-support.ts';
import { listOf, ok } from './support.ts';

const harness = useCmmnHarness({
  cases: ['migration/change-state.cmmn', 'migration/change-state-stage.cmmn'],
});

/** deploy a version of the migrated case; its definition id */
const deployVersion = async (h: HttpHarness, file: string): Promise<string> => {
  const res = await deployCase(h, file, await cmmnFixture(`migration/${file}`));
  expect(res.statusCode).toBe(201);
  const [definition] = await listOf<{ id: string }>(
    h,
    `${CMMN}/cmmn-repository/case-definitions?deploymentId=${(res.json() as { id: string }).id}`,
  );
  return definition.id;
};

/** a case of `from`, then `to` deployed: the case's id and the definition to migrate to */
const caseToMigrate = async (h: HttpHarness, from: string, to: string) => {
  const source = await deployVersion(h, from);
  const id = (await startCase(h, 'mgcCase', {}, {})).id as string;
  const target = await deployVersion(h, to);
  return { id, source, target };
};

const migrate = (h: HttpHarness, caseId: string, doc: Record<string, unknown>) =>
  h.request('POST', `${CMMN}/cmmn-runtime/case-instances/${caseId}/migrate`, { body: doc });

const changeState = (h: HttpHarness, caseId: string, body: Record<string, unknown>) =>
  h.request('POST', `${CMMN}/cmmn-runtime/case-instances/${caseId}/change-state`, { body });

const caseTasks = (h: HttpHarness, caseId: string) =>
  listOf<{ id: string; name: string; scopeDefinitionId: string }>(
    h,
    `${CMMN}/cmmn-runtime/tasks?caseInstanceId=${caseId}`,
  );

describe('change-state', () => {
  it('terminating one task and activating the next leaves one terminated and one active instance; the case ends with the new task (ChangeStateTest.testChangeHumanTask)', async () => {
    const h = harness();
    const id = (await startCase(h, 'mgcChange')).id as string;
    const res = await changeState(h, id, {
      terminatePlanItemDefinitionIds: ['task1'],
      activatePlanItemDefinitionIds: ['task2'],
    });
    expect(res.statusCode).toBe(200);
    expect(await statesOf(h, id, true)).toEqual({ planItem1: 'terminated', planItem2: 'active' });
    expect((await caseTasksOf(h, id)).map((t) => t.name)).toEqual(['Task Two']);
    await completeCaseTask(h, id, 'task2');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('inside a stage the stage stays active around them (ChangeStateTest.testChangeHumanTaskInStage)', async () => {
    const h = harness();
    const id = (await startCase(h, 'mgcChangeStage')).id as string;
    await changeState(h, id, {
      terminatePlanItemDefinitionIds: ['task1'],
      activatePlanItemDefinitionIds: ['task2'],
    });
    expect(await statesOf(h, id, true)).toEqual({
      stagePlanItem: 'active',
      planItem1: 'terminated',
      planItem2: 'active',
    });
    await completeCaseTask(h, id, 'task2');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('moving an active task back to available ends its task; its sentry starts it again (ChangePlanItemStateBuilder.changeToAvailableStateByPlanItemDefinitionIds)', async () => {
    const h = harness();
    const id = (await startCase(h, 'mgcChange')).id as string;
    await changeState(h, id, { activatePlanItemDefinitionIds: ['task2'] });
    await changeState(h, id, { moveToAvailablePlanItemDefinitionIds: ['task2'] });
    expect(await statesOf(h, id)).toEqual({ planItem1: 'active', planItem2: 'available' });
    expect((await caseTasksOf(h, id)).map((t) => t.name)).toEqual(['Task One']);
    await completeCaseTask(h, id, 'task1');
    expect(await statesOf(h, id)).toEqual({ planItem2: 'active' });
  });
});

describe('case instance migration', () => {
  it('a one-task case migrated with an activate mapping has both tasks active on the new definition, in runtime and history (CaseInstanceMigrationTest.withSimpleOneTaskCase)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'two-task.cmmn');
    const res = await migrate(h, id, {
      toCaseDefinitionId: target,
      activatePlanItemDefinitions: [{ planItemDefinitionId: 'humanTask2' }],
    });
    expect(res.statusCode).toBe(200);
    const migrated = (await ok(h, 'GET', `${CMMN}/cmmn-runtime/case-instances/${id}`)) as Record<
      string,
      unknown
    >;
    expect(migrated.caseDefinitionId).toBe(target);
    const items = await planItemsOf(h, id);
    expect(items.map((p) => [p.name, p.state, p.caseDefinitionId]).sort()).toEqual([
      ['Task 1', 'active', target],
      ['Task 2', 'active', target],
    ]);
    const tasks = await caseTasks(h, id);
    expect(tasks.map((t) => t.scopeDefinitionId)).toEqual([target, target]);
    for (const task of tasks)
      await ok(h, 'POST', `${CMMN}/cmmn-runtime/tasks/${task.id}`, { action: 'complete' });
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(((await historicCase(h, id)) as Record<string, unknown>).caseDefinitionId).toBe(target);
    const history = await historicPlanItemsOf(h, id);
    expect(history.map((p) => (p as Record<string, unknown>).caseDefinitionId)).toEqual([target, target]);
    const historicTasks = await listOf<{ scopeDefinitionId: string }>(
      h,
      `${CMMN}/cmmn-history/historic-task-instances?caseInstanceId=${id}`,
    );
    expect(historicTasks.map((t) => t.scopeDefinitionId)).toEqual([target, target]);
  });

  it('a task the new definition lacks is terminated; the case goes on with the one left (CaseInstanceMigrationTest.withAutomatedMigrationFromTwoTasksToOneTask)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'two-task.cmmn', 'one-task.cmmn');
    expect((await migrate(h, id, { toCaseDefinitionId: target })).statusCode).toBe(200);
    expect(await statesOf(h, id)).toEqual({ planItem1: 'active' });
    expect(await statesOf(h, id, true)).toEqual({ planItem1: 'active', planItem2: 'terminated' });
    const history = await historicPlanItemsOf(h, id);
    expect(history.map((p) => (p as Record<string, unknown>).caseDefinitionId)).toEqual([target, target]);
    await completeCaseTask(h, id, 'humanTask1');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a new task with a sentry is activated by an activate mapping, whatever its sentry (CaseInstanceMigrationTest.withSimpleOneTaskCaseIntroducingNewTaskWithSentry)', async () => {
    const h = harness();
    const { id } = await caseToMigrate(h, 'one-task.cmmn', 'second-task-after-first.cmmn');
    const res = await migrate(h, id, {
      toCaseDefinitionKey: 'mgcCase',
      activatePlanItemDefinitions: [{ planItemDefinitionId: 'humanTask2' }],
    });
    expect(res.statusCode).toBe(200);
    expect(await statesOf(h, id)).toEqual({ planItem1: 'active', planItem2: 'active' });
  });

  it('without a mapping, a new task waits for its sentry only when plan items are created automatically (enableAutomaticPlanItemInstanceCreation)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'second-task-after-first.cmmn');
    await migrate(h, id, { toCaseDefinitionId: target, enableAutomaticPlanItemInstanceCreation: true });
    expect(await statesOf(h, id)).toEqual({ planItem1: 'active', planItem2: 'available' });
    await completeCaseTask(h, id, 'humanTask1');
    expect(await statesOf(h, id)).toEqual({ planItem2: 'active' });
  });

  it('the same model again changes only the definition; the task is kept (CaseInstanceMigrationTest.withNoChanges)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'one-task.cmmn');
    const [before] = await caseTasks(h, id);
    expect((await migrate(h, id, { toCaseDefinitionId: target })).statusCode).toBe(200);
    const [after] = await caseTasks(h, id);
    expect(after.id).toBe(before.id);
    expect(after.scopeDefinitionId).toBe(target);
  });

  it('changePlanItemIds points an instance at a renamed plan item (CaseInstanceMigrationTest.withChangingPlanItemId)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'renamed-plan-item.cmmn');
    const res = await migrate(h, id, {
      toCaseDefinitionId: target,
      changePlanItemIds: [{ existingPlanItemId: 'planItem1', newPlanItemId: 'planItem1Renamed' }],
    });
    expect(res.statusCode).toBe(200);
    expect(await statesOf(h, id)).toEqual({ planItem1Renamed: 'active' });
  });

  it('changePlanItemIdsWithDefinitionId does the same through definition ids (CaseInstanceMigrationTest.withChangingPlanItemIdWithDefinitionId)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'renamed-plan-item.cmmn');
    const res = await migrate(h, id, {
      toCaseDefinitionId: target,
      changePlanItemIdsWithDefinitionId: [
        { existingPlanItemDefinitionId: 'humanTask1', newPlanItemDefinitionId: 'humanTask1' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(await statesOf(h, id)).toEqual({ planItem1Renamed: 'active' });
    await completeCaseTask(h, id, 'humanTask1');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('validation', () => {
  it("a mapping to a plan item definition the target lacks is named in Flowable's words (CaseInstanceMigrationValidationTest)", async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'two-task.cmmn');
    const res = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances/${id}/validate-migration`, {
      body: {
        toCaseDefinitionId: target,
        activatePlanItemDefinitions: [{ planItemDefinitionId: 'humanTask3' }],
        terminatePlanItemDefinitions: [{ planItemDefinitionId: 'humanTask4' }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      validationMessages: [
        "Invalid mapping for activate plan item definition 'humanTask3' cannot be found in the case definition",
        "Invalid mapping for terminate plan item definition 'humanTask4' cannot be found in the case definition",
      ],
    });
  });

  it('a target that cannot be found is the one message (CaseInstanceMigrationValidationTest)', async () => {
    const h = harness();
    const { id } = await caseToMigrate(h, 'one-task.cmmn', 'one-task.cmmn');
    const res = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances/${id}/validate-migration`, {
      body: { toCaseDefinitionKey: 'mgcCase', toCaseDefinitionVersion: 999 },
    });
    expect((res.json() as { validationMessages: string[] }).validationMessages).toEqual([
      "Cannot find the case definition to migrate to, with key 'mgcCase', version '999' and tenant ''",
    ]);
  });
});

describe('batch and historic migration', () => {
  it('batch-migrate answers a caseMigration batch with a part per case (CaseInstanceMigrationBatchTest)', async () => {
    const h = harness();
    const { id, source, target } = await caseToMigrate(h, 'one-task.cmmn', 'two-task.cmmn');
    const batch = (await ok(h, 'POST', `${CMMN}/cmmn-repository/case-definitions/${source}/batch-migrate`, {
      toCaseDefinitionId: target,
    })) as Record<string, unknown>;
    expect(batch).toMatchObject({ batchType: 'caseMigration', searchKey: source, searchKey2: target });
    const parts = (await ok(h, 'GET', `/process-api/management/batches/${String(batch.id)}/batch-parts`)) as {
      scopeId: string;
      scopeType: string;
    }[];
    expect(parts).toMatchObject([{ scopeId: id, scopeType: 'cmmn' }]);
  });

  it('an ended case history moves to another definition (HistoricCaseInstanceMigrationTest)', async () => {
    const h = harness();
    const { id, target } = await caseToMigrate(h, 'one-task.cmmn', 'two-task.cmmn');
    await completeCaseTask(h, id, 'humanTask1');
    expect(await caseIsEnded(h, id)).toBe(true);
    const res = await h.request('POST', `${CMMN}/cmmn-history/historic-case-instances/${id}/migrate`, {
      body: { toCaseDefinitionId: target },
    });
    expect(res.statusCode).toBe(200);
    expect(((await historicCase(h, id)) as Record<string, unknown>).caseDefinitionId).toBe(target);
    const history = await historicPlanItemsOf(h, id);
    expect(history.map((p) => (p as Record<string, unknown>).caseDefinitionId)).toEqual([target]);
  });
});
