/**
 * Sentries: entry and exit criteria with on-parts (complete, manualStart, exit), if-parts,
 * AND of on-parts inside one sentry, OR of several criteria, the memory of satisfied parts,
 * evaluation within one command, and an exit criterion on the case plan model. After Flowable's
 * `EntryCriteriaTest`, `ExitCriteriaTest`, `IfPartTest` and `PlanItemInstanceCriterionTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  actOn,
  caseIsEnded,
  caseTasksOf,
  completeCaseTask,
  historicCase,
  openCaseTaskKeys,
  planItemOf,
  setCaseVariables,
  statesOf,
  stillOpen,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness, started } = useCmmnFamily('sentries');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('entry criteria with on-parts', () => {
  it('a plan item guarded by an entry sentry is available, without a task, until the sentry fires (EntryCriteriaTest.testThreeEntryCriteriaOnPartsForWaitStates)', async () => {
    const id = await started('snSequence');
    expect(await statesOf(h, id)).toEqual({ aItem: 'active', bItem: 'available' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['a']);
  });

  it('completing the source activates the guarded plan item and creates its task (EntryCriteriaTest.testThreeEntryCriteriaOnPartsForWaitStates)', async () => {
    const id = await started('snSequence');
    await completeCaseTask(h, id, 'a');
    expect(await statesOf(h, id)).toEqual({ bItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['b']);
  });

  it('the activated plan item names the entry criterion that fired (PlanItemInstanceCriterionTest)', async () => {
    const id = await started('snSequence');
    await completeCaseTask(h, id, 'a');
    expect((await planItemOf(h, id, 'bItem')).entryCriterionId).toBe('bAfterA');
  });

  it('a plan item with no entry criteria has no entry criterion id (PlanItemInstanceCriterionTest)', async () => {
    const id = await started('snSequence');
    expect((await planItemOf(h, id, 'aItem')).entryCriterionId).toBeNull();
  });

  it('two on-parts in one sentry: one completed source is not enough (EntryCriteriaTest.testThreeEntryCriteriaOnPartsForWaitStates)', async () => {
    const id = await started('snAnd');
    await completeCaseTask(h, id, 'a');
    expect(await statesOf(h, id)).toEqual({ bItem: 'active', cItem: 'available' });
  });

  it('two on-parts in one sentry: both sources completed activate the plan item (EntryCriteriaTest.testThreeEntryCriteriaOnPartsForWaitStates)', async () => {
    const id = await started('snAnd');
    await completeCaseTask(h, id, 'a');
    await completeCaseTask(h, id, 'b');
    expect(await statesOf(h, id)).toEqual({ cItem: 'active' });
  });

  it('a satisfied on-part is remembered whatever the order of completion (ch06 "Sentry evaluation": default trigger mode)', async () => {
    const id = await started('snAnd');
    await completeCaseTask(h, id, 'b');
    expect((await planItemOf(h, id, 'cItem')).state).toBe('available');
    await completeCaseTask(h, id, 'a');
    expect((await planItemOf(h, id, 'cItem')).state).toBe('active');
  });

  it('several entry criteria are alternatives: the first satisfied one activates (EntryCriteriaTest.testMultipleEntryCriteria)', async () => {
    const id = await started('snOr');
    await completeCaseTask(h, id, 'b');
    const c = await planItemOf(h, id, 'cItem');
    expect(c.state).toBe('active');
    expect(c.entryCriterionId).toBe('cAfterB');
  });

  it('a plan item without repetition is activated once, even when a second criterion fires later (EntryCriteriaTest.testMultipleEntryCriteria)', async () => {
    const id = await started('snOr');
    await completeCaseTask(h, id, 'a');
    await completeCaseTask(h, id, 'b');
    expect((await caseTasksOf(h, id)).map((task) => task.taskDefinitionKey)).toEqual(['c']);
  });

  it('the case completes once the guarded item ran after its sources (EntryCriteriaTest.testMultipleEntryCriteria)', async () => {
    const id = await started('snOr');
    await completeCaseTask(h, id, 'a');
    await completeCaseTask(h, id, 'b');
    await completeCaseTask(h, id, 'c');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('an on-part on manualStart fires when an enabled item is started (ManualActivationRuleTest.testManualActivationWithSentries)', async () => {
    const id = await started('snOnStart');
    expect(await statesOf(h, id)).toEqual({ aItem: 'enabled', bItem: 'available' });
    await actOn(h, id, 'aItem', 'start');
    expect(await statesOf(h, id)).toEqual({ aItem: 'active', bItem: 'active' });
  });

  it('an on-part on exit fires when its source is exited (ExitCriteriaTest.testExitTriggersAnotherExit)', async () => {
    const id = await started('snOnExit');
    await completeCaseTask(h, id, 'b');
    expect(await statesOf(h, id)).toEqual({ cItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['c']);
  });

  it('non-blocking tasks chained by sentries all run in the start request, and the case completes (EntryCriteriaTest.testStartPassthroughCaseWithThreeEntryCriteriaOnParts)', async () => {
    const id = await started('snPassThrough');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicCase(h, id)).state).toBe('completed');
  });

  it('an item completed in the same evaluation counts for a sentry with two on-parts (EntryCriteriaTest.testNestedSentrySatisfiedInSameEvaluation)', async () => {
    const id = await started('snNestedSameCycle');
    await completeCaseTask(h, id, 'a');
    expect(await statesOf(h, id)).toEqual({ cItem: 'active' });
  });
});

describe('if-parts', () => {
  it('an if-part that holds at start activates the item at once (IfPartTest.testIfPartOnly)', async () => {
    const id = await started('snIfOnly', { amount: 500 });
    expect(await statesOf(h, id)).toEqual({ checkItem: 'active', otherItem: 'active' });
  });

  it('an if-part that does not hold leaves the item available (IfPartTest.testIfPartOnly)', async () => {
    const id = await started('snIfOnly', { amount: 50 });
    expect(await statesOf(h, id)).toEqual({ checkItem: 'available', otherItem: 'active' });
  });

  it('setting a variable re-evaluates the if-parts (IfPartTest.testIfPartConditionTriggerOnSetVariables)', async () => {
    const id = await started('snIfOnly', { amount: 50 });
    await setCaseVariables(h, id, { amount: 200 });
    expect((await planItemOf(h, id, 'checkItem')).state).toBe('active');
  });

  it('on-part and if-part: completing the source with the condition false leaves the item available (IfPartTest.testOnAndIfPart)', async () => {
    const id = await started('snOnAndIf', { approved: false });
    await completeCaseTask(h, id, 'review');
    expect(await statesOf(h, id)).toEqual({ shipItem: 'available' });
  });

  it('on-part and if-part: variables given with the completion count for the if-part (IfPartTest.testOnAndIfPart)', async () => {
    const id = await started('snOnAndIf', { approved: false });
    await completeCaseTask(h, id, 'review', { approved: true });
    expect(await statesOf(h, id)).toEqual({ shipItem: 'active' });
  });

  it('the satisfied on-part is remembered until the if-part holds (IfPartTest.testOnAndIfPart)', async () => {
    const id = await started('snOnAndIf', { approved: false });
    await completeCaseTask(h, id, 'review');
    await setCaseVariables(h, id, { approved: true });
    expect(await statesOf(h, id)).toEqual({ shipItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['ship']);
  });
});

describe('exit criteria', () => {
  it('an exit sentry on a task terminates it and removes its task (ExitCriteriaTest.testSimpleExitCriteriaBlocking)', async () => {
    const id = await started('snExitTask');
    await completeCaseTask(h, id, 'b');
    expect(await openCaseTaskKeys(h, id)).toEqual(['c']);
    const a = await planItemOf(h, id, 'aItem', true);
    expect(a.state).toBe('terminated');
    expect(a.exitCriterionId).toBe('aExitOnB');
    expect(a.exitTime).not.toBeNull();
  });

  it('an exit sentry of only an if-part fires when the variable is set (IfPartTest.testEntryAndExitConditionBothSatisfied)', async () => {
    const id = await started('snExitIf');
    expect(await openCaseTaskKeys(h, id)).toEqual(['other', 'work']);
    await setCaseVariables(h, id, { cancel: true });
    expect(await openCaseTaskKeys(h, id)).toEqual(['other']);
    expect((await planItemOf(h, id, 'workItem', true)).state).toBe('terminated');
  });

  it('an exit sentry on the plan model terminates the case and all its tasks (ExitCriteriaTest.testExitPlanModelOnMilestoneReached)', async () => {
    const id = await started('snExitPlanModel');
    const before = await caseTasksOf(h, id);
    await completeCaseTask(h, id, 'withdraw');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await stillOpen(h, before)).toEqual([]);
    expect((await historicCase(h, id)).state).toBe('terminated');
  });

  it('until its exit sentry fires, the plan model runs as usual (ExitCriteriaTest.testExitPlanModelOnMilestoneReached)', async () => {
    const id = await started('snExitPlanModel');
    await completeCaseTask(h, id, 'work');
    expect(await caseIsEnded(h, id)).toBe(false);
    expect(await openCaseTaskKeys(h, id)).toEqual(['withdraw']);
  });
});
