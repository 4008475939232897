/**
 * Milestones: reached at once without criteria, reached by sentries (on-parts, if-parts),
 * occur events driving other sentries and exiting the plan model, names as expressions, and
 * the historic milestone resources. After Flowable's `MilestoneTest`, `MilestoneQueryTest`,
 * `MilestoneHistoryServiceTest`, `ExitCriteriaTest` and the CMMN REST
 * `HistoricMilestoneInstanceResourcesTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  completeCaseTask,
  historicCase,
  historicMilestonesOf,
  openCaseTaskKeys,
  planItemOf,
  setCaseVariables,
  startCase,
  stillOpen,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';
import { ok } from './support.ts';

const { harness, started } = useCmmnFamily('milestones');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('reaching milestones', () => {
  it('a milestone without entry criteria is reached when the case starts (MilestoneTest, MilestoneQueryTest)', async () => {
    const id = await started('msPlain');
    const milestone = await planItemOf(h, id, 'openedItem', true);
    expect(milestone).toMatchObject({ state: 'completed', planItemDefinitionType: 'milestone' });
    expect(milestone.occurredTime).not.toBeNull();
  });

  it('a reached milestone is no longer among the running plan items (PlanItemInstanceQueryTest: ended items are left out)', async () => {
    const id = await started('msPlain');
    expect(await statesOf(h, id)).toEqual({ workItem: 'active' });
  });

  it('a milestone guarded by two on-parts stays available until both sources complete (EntryCriteriaTest, ch06 example)', async () => {
    const id = await started('msAfterTasks');
    await completeCaseTask(h, id, 'a');
    expect((await planItemOf(h, id, 'checkedItem')).state).toBe('available');
    expect(await historicMilestonesOf(h, id)).toHaveLength(0);
  });

  it('when both sources complete, the milestone occurs and its occur on-part starts the next task (MilestoneTest)', async () => {
    const id = await started('msAfterTasks');
    await completeCaseTask(h, id, 'a');
    await completeCaseTask(h, id, 'b');
    expect(await statesOf(h, id)).toEqual({ closeItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close']);
  });

  it('an if-part milestone is reached when a variable makes its condition hold (IfPartTest.testIfPartOnly)', async () => {
    const id = await started('msIfPart', { score: 3 });
    expect((await planItemOf(h, id, 'highItem')).state).toBe('available');
    await setCaseVariables(h, id, { score: 12 });
    expect((await planItemOf(h, id, 'highItem', true)).state).toBe('completed');
  });

  it('a milestone inside a stage is reached by a sentry within the stage (StageTest.testGetStageAndMilestoneOverview)', async () => {
    const id = await started('msInStage');
    const stage = await planItemOf(h, id, 'stageItem');
    expect((await planItemOf(h, id, 'reviewedItem')).stageInstanceId).toBe(stage.id);
    await completeCaseTask(h, id, 'review');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicMilestonesOf(h, id)).map((row) => row.elementId)).toEqual(['reviewedItem']);
  });
});

describe('milestones driving the case', () => {
  it('reaching a milestone can exit the plan model, terminating the other tasks (ExitCriteriaTest.testExitPlanModelOnMilestoneReached)', async () => {
    const id = await started('msExitPlanModel');
    const before = await caseTasksOf(h, id);
    expect(before.map((task) => task.taskDefinitionKey)).toEqual(['a', 'b']);
    await completeCaseTask(h, id, 'a');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await stillOpen(h, before)).toEqual([]);
    expect((await historicCase(h, id)).state).toBe('terminated');
  });

  it('the milestone that exited the plan model is in the milestone history (ExitCriteriaTest.testExitPlanModelOnMilestoneReached)', async () => {
    const id = await started('msExitPlanModel');
    await completeCaseTask(h, id, 'a');
    expect((await historicMilestonesOf(h, id)).map((row) => row.name)).toEqual(['Enough']);
  });
});

describe('names', () => {
  it('a milestone name expression is resolved from case variables (VariablesTest.testResolveMilestoneNameAsExpression)', async () => {
    const id = await started('msNameExpression', { level: 3 });
    expect((await historicMilestonesOf(h, id))[0].name).toBe('Level 3 reached');
    expect((await planItemOf(h, id, 'levelItem', true)).name).toBe('Level 3 reached');
  });
});

describe('historic milestone resources', () => {
  it('a historic milestone has its name, element, case instance, case definition and timestamp (HistoricMilestoneInstanceResourcesTest.testHistoricMilestoneInstanceResource)', async () => {
    const instance = await startCase(h, 'msPlain');
    const [milestone] = await historicMilestonesOf(h, instance.id as string);
    expect(milestone).toMatchObject({
      name: 'Case opened',
      elementId: 'openedItem',
      caseInstanceId: instance.id,
      caseDefinitionId: instance.caseDefinitionId,
    });
    expect(Number.isNaN(Date.parse(milestone.timestamp as string))).toBe(false);
  });

  it('a historic milestone can be read by its id (HistoricMilestoneInstanceResourcesTest.testHistoricMilestoneInstanceResource)', async () => {
    const id = await started('msPlain');
    const [milestone] = await historicMilestonesOf(h, id);
    const single = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-milestone-instances/${milestone.id as string}`,
    );
    expect(single).toMatchObject({ id: milestone.id, name: 'Case opened' });
    expect(single.url as string).toContain(
      `/cmmn-api/cmmn-history/historic-milestone-instances/${milestone.id as string}`,
    );
  });

  it('an unknown historic milestone is a 404 (HistoricMilestoneInstanceResourcesTest)', async () => {
    const response = await h.request(
      'GET',
      `${CMMN}/cmmn-history/historic-milestone-instances/no-such-milestone`,
    );
    expect(response.statusCode).toBe(404);
  });

  it('milestones can be listed by name across cases (HistoricMilestoneInstanceResourcesTest.testHistoricMilestoneInstanceCollectionResource)', async () => {
    await started('msNameExpression', { level: 41 });
    const response = await ok(
      h,
      'GET',
      `${CMMN}/cmmn-history/historic-milestone-instances?milestoneName=${encodeURIComponent('Level 41 reached')}`,
    );
    expect(response.total).toBe(1);
    expect(response.data[0].name).toBe('Level 41 reached');
  });

  it('a milestone not yet reached has no history (HistoricMilestoneInstanceResourcesTest.testHistoricMilestoneInstanceCollectionResource)', async () => {
    const id = await started('msAfterTasks');
    expect(await historicMilestonesOf(h, id)).toHaveLength(0);
  });
});
