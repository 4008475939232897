/**
 * Stages: nested stages activating their children, completion bubbling up, entry criteria on a
 * stage (children planned only once it is active), exit criteria terminating every descendant,
 * and the stage overview. After Flowable's `StageTest`, `ExitCriteriaTest` and the CMMN REST
 * `CaseInstanceResourceTest.testStageOverview`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  completeCaseTask,
  historicStatesOf,
  openCaseTaskKeys,
  planItemOf,
  planItemsOf,
  statesOf,
  stillOpen,
  useCmmnFamily,
} from './cmmn-support.ts';
import { ok } from './support.ts';

const { harness, started } = useCmmnFamily('stages');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('nested stages', () => {
  it('an active stage activates its children, which name it as their stage (StageTest.testOneNestedStage)', async () => {
    const id = await started('stNested');
    const stage = await planItemOf(h, id, 'stageItem');
    expect(stage).toMatchObject({ state: 'active', stage: true, planItemDefinitionType: 'stage' });
    for (const child of ['formItem', 'idItem'])
      expect(await planItemOf(h, id, child)).toMatchObject({ state: 'active', stageInstanceId: stage.id });
    expect(await openCaseTaskKeys(h, id)).toEqual(['checkId', 'form']);
  });

  it('the stage completes when its children have completed, and an on-part on its completion fires (StageTest.testOneNestedStage)', async () => {
    const id = await started('stNested');
    await completeCaseTask(h, id, 'form');
    expect((await planItemOf(h, id, 'stageItem')).state).toBe('active');
    await completeCaseTask(h, id, 'checkId');
    expect((await planItemOf(h, id, 'stageItem', true)).state).toBe('completed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('plan items can be listed by their stage (PlanItemInstanceCollectionResourceTest, stageInstanceId)', async () => {
    const id = await started('stNested');
    const stage = await planItemOf(h, id, 'stageItem');
    const response = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-runtime/plan-item-instances?stageInstanceId=${stage.id}`,
    );
    expect((response.data as { elementId: string }[]).map((row) => row.elementId).sort()).toEqual([
      'formItem',
      'idItem',
    ]);
  });

  it('a stage inside a stage is active from the start, and its task is created (StageTest.testTwoNestedStages)', async () => {
    const id = await started('stTwoLevels');
    expect(await statesOf(h, id)).toEqual({ outerItem: 'active', innerItem: 'active', deepItem: 'active' });
    const outer = await planItemOf(h, id, 'outerItem');
    expect((await planItemOf(h, id, 'innerItem')).stageInstanceId).toBe(outer.id);
  });

  it('completing the deepest task completes both stages and the case (StageTest.testTwoNestedStages)', async () => {
    const id = await started('stTwoLevels');
    await completeCaseTask(h, id, 'deep');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('entry criteria on a stage', () => {
  it('a stage waiting on its entry sentry is available and its children are not yet planned (StageTest.testThreeNestedStagesWithCriteria)', async () => {
    const id = await started('stEntry');
    expect(await statesOf(h, id)).toEqual({ prepareItem: 'active', stageItem: 'available' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['prepare']);
  });

  it('when the sentry fires, the stage activates and its children start (StageTest.testThreeNestedStagesWithCriteria)', async () => {
    const id = await started('stEntry');
    await completeCaseTask(h, id, 'prepare');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', doItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['do']);
  });
});

describe('exit criteria on a stage', () => {
  it('an exit sentry on a stage terminates its active tasks, nested stages included (ExitCriteriaTest.testExitThreeNestedStagesThroughPlanModel)', async () => {
    const id = await started('stExit');
    const before = await caseTasksOf(h, id);
    expect(before.map((task) => task.taskDefinitionKey)).toEqual(['a', 'b', 'stop']);
    await completeCaseTask(h, id, 'stop');
    expect(await stillOpen(h, before)).toEqual([]);
    expect(await historicStatesOf(h, id)).toEqual({
      stageItem: 'terminated',
      aItem: 'terminated',
      innerItem: 'terminated',
      bItem: 'terminated',
      stopItem: 'completed',
    });
  });

  it('after the stage is exited the case completes, as nothing is left to do (ExitCriteriaTest.testExitThreeNestedStagesThroughPlanModel)', async () => {
    const id = await started('stExit');
    await completeCaseTask(h, id, 'stop');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('the exited stage names the exit criterion that fired (PlanItemInstanceCriterionTest)', async () => {
    const id = await started('stExit');
    await completeCaseTask(h, id, 'stop');
    const history = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&elementId=stageItem`,
    );
    expect(history.data[0]).toMatchObject({ state: 'terminated', exitCriterionId: 'stageExitOnStop' });
  });

  it('a stage exit sentry whose if-part does not hold leaves the stage running (ExitCriteriaTest.testStageExitCriteriaWithConditionNotTriggering)', async () => {
    const id = await started('stExitIf', { abort: false });
    await completeCaseTask(h, id, 'signal');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', aItem: 'active' });
  });

  it('a stage exit sentry whose if-part holds terminates the stage (ExitCriteriaTest.testStageExitCriteriaWithConditionTriggering)', async () => {
    const id = await started('stExitIf', { abort: true });
    await completeCaseTask(h, id, 'signal');
    expect(await caseIsEnded(h, id)).toBe(true);
    const rows = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-planitem-instances?caseInstanceId=${id}&elementId=aItem`,
    );
    expect(rows.data[0].state).toBe('terminated');
  });
});

describe('case termination', () => {
  it('deleting a case instance removes the tasks of its nested stages (StageTest.testTerminateCaseInstanceNestedStages)', async () => {
    const id = await started('stExit');
    const before = await caseTasksOf(h, id);
    expect(before).toHaveLength(3);
    const response = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`);
    expect(response.statusCode).toBe(204);
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await stillOpen(h, before)).toEqual([]);
    expect(await planItemsOf(h, id, true)).toHaveLength(0);
  });
});

describe('stage overview', () => {
  interface StageRow {
    id: string;
    name: string;
    current: boolean;
    ended: boolean;
    endTime: string | null;
  }
  const overview = async (id: string) =>
    (await ok(h, 'GET', `${CMMN}/cmmn-runtime/case-instances/${id}/stage-overview`)) as StageRow[];

  it('lists the stages, then the milestones, the active stage being current (StageTest.testGetStageAndMilestoneOverview)', async () => {
    const id = await started('stOverview');
    const rows = await overview(id);
    expect(rows.map((row) => [row.id, row.name, row.current, row.ended])).toEqual([
      ['first', 'First phase', true, false],
      ['second', 'Second phase', false, false],
      ['done', 'All done', false, false],
    ]);
  });

  it('an ended stage is ended with its end time, and the next stage is current (StageTest.testGetStageOverview)', async () => {
    const id = await started('stOverview');
    await completeCaseTask(h, id, 'one');
    const rows = await overview(id);
    expect(rows[0]).toMatchObject({ id: 'first', current: false, ended: true });
    expect(rows[0].endTime).not.toBeNull();
    expect(rows[1]).toMatchObject({ id: 'second', current: true, ended: false, endTime: null });
  });

  it('the historic stage overview of an ended case shows every stage and milestone ended (HistoricCaseInstanceResourceTest.testStageAndMilestoneOverview)', async () => {
    const id = await started('stOverview');
    await completeCaseTask(h, id, 'one');
    await completeCaseTask(h, id, 'two');
    expect(await caseIsEnded(h, id)).toBe(true);
    const rows = (await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-case-instances/${id}/stage-overview`,
    )) as StageRow[];
    expect(rows.map((row) => [row.id, row.ended])).toEqual([
      ['first', true],
      ['second', true],
      ['done', true],
    ]);
  });

  it('the stage overview of an unknown case is a 404 (CaseInstanceResourceTest)', async () => {
    const response = await h.request(
      'GET',
      `${CMMN}/cmmn-runtime/case-instances/no-such-case/stage-overview`,
    );
    expect(response.statusCode).toBe(404);
  });
});
