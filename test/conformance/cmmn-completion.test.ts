/**
 * When stages and cases complete: autoComplete with required rules (plain and conditional),
 * active and enabled work, available items waiting on sentries, autoCompleteCondition, an
 * auto-completing plan model, and the `completable` flag. After Flowable's `RequiredRuleTest`,
 * `AutoCompleteEvaluationTest`, `PlanItemCompletionTest` and ch06 "Required Rule" and
 * "Completion Neutral Rule".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  actOn,
  caseIsEnded,
  completeCaseTask,
  historicCase,
  openCaseTaskKeys,
  planItemOf,
  setCaseVariables,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness, started } = useCmmnFamily('completion');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('autoComplete and the required rule', () => {
  it('an autoComplete stage completes when its required work is done, leaving an enabled optional item (RequiredRuleTest.testOneRequiredHumanTaskInStage)', async () => {
    const id = await started('cpAutoRequired');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', mustItem: 'active', mayItem: 'enabled' });
    await completeCaseTask(h, id, 'must');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicCase(h, id)).state).toBe('completed');
  });

  it('an autoComplete stage does not complete while a non-required item is still active (ch06 "Required Rule")', async () => {
    const id = await started('cpAutoActive');
    await completeCaseTask(h, id, 'must');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', alsoItem: 'active' });
    await completeCaseTask(h, id, 'also');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('completing the optional active item first leaves the stage waiting for the required one (ch06 "Required Rule")', async () => {
    const id = await started('cpAutoActive');
    await completeCaseTask(h, id, 'also');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', mustItem: 'active' });
  });

  it('a required item that is manually activated keeps the stage open until it is started and completed (ch06 "Required Rule", ManualActivationRuleTest.testManuallyActivatedRequiredAndRepeatingTask)', async () => {
    const id = await started('cpRequiredManual');
    await completeCaseTask(h, id, 'first');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', mustItem: 'enabled' });
    await actOn(h, id, 'mustItem', 'start');
    await completeCaseTask(h, id, 'must');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a required rule whose condition holds keeps the stage open (RequiredRuleTest.testComplexCase)', async () => {
    const id = await started('cpRequiredCondition', { mustAudit: true });
    await completeCaseTask(h, id, 'first');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', auditItem: 'enabled' });
  });

  it('a required rule whose condition does not hold lets the stage complete (RequiredRuleTest.testComplexCase)', async () => {
    const id = await started('cpRequiredCondition', { mustAudit: false });
    await completeCaseTask(h, id, 'first');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('without autoComplete', () => {
  it('an enabled optional item keeps a stage without autoComplete open (RequiredRuleTest.testNonAutoCompleteStageManualCompleteable)', async () => {
    const id = await started('cpNotAuto');
    await completeCaseTask(h, id, 'first');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', mayItem: 'enabled' });
  });

  it('such a stage is completable once no active or required work is left (RequiredRuleTest.testNonAutoCompleteStageManualCompleteable)', async () => {
    const id = await started('cpNotAuto');
    expect((await planItemOf(h, id, 'stageItem')).completable).toBe(false);
    await completeCaseTask(h, id, 'first');
    expect((await planItemOf(h, id, 'stageItem')).completable).toBe(true);
  });

  it('an item waiting on its sentry keeps a case without autoComplete open (ch06 "Completion Neutral Rule")', async () => {
    const id = await started('cpAvailable');
    await completeCaseTask(h, id, 'first');
    expect(await caseIsEnded(h, id)).toBe(false);
    expect(await statesOf(h, id)).toEqual({ laterItem: 'available', goItem: 'available' });
  });

  it('once the waiting item ran, the case completes (UserEventListenerTest.testSimpleEnableTask)', async () => {
    const id = await started('cpAvailable');
    await completeCaseTask(h, id, 'first');
    await actOn(h, id, 'goItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['later']);
    await completeCaseTask(h, id, 'later');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('autoCompleteCondition and the plan model', () => {
  it('an autoCompleteCondition that does not hold leaves the stage open with optional work enabled (AutoCompleteEvaluationTest.testEnableStageAutoCompleteConditionDynamic)', async () => {
    const id = await started('cpAutoCompleteCondition');
    await completeCaseTask(h, id, 'first');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', mayItem: 'enabled' });
  });

  it('setting the variable that makes it hold completes the stage (AutoCompleteEvaluationTest.testEnableStageAutoCompleteConditionDynamic)', async () => {
    const id = await started('cpAutoCompleteCondition');
    await completeCaseTask(h, id, 'first');
    await setCaseVariables(h, id, { done: true });
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('an autoCompleteCondition that holds at start still waits for the active work (AutoCompleteEvaluationTest.testEnableStageAutoCompleteConditionOnStart)', async () => {
    const id = await started('cpAutoCompleteCondition', { done: true });
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', firstItem: 'active', mayItem: 'enabled' });
    await completeCaseTask(h, id, 'first');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('an autoComplete plan model completes the case when its active work is done (AutoCompleteEvaluationTest.testEnablePlanModelAutoCompleteConditionOnStart)', async () => {
    const id = await started('cpPlanModelAuto');
    expect(await statesOf(h, id)).toEqual({ firstItem: 'active', mayItem: 'enabled' });
    await completeCaseTask(h, id, 'first');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});
