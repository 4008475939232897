/**
 * Repetition rules: a repeating item re-entered by each occurrence of its on-part and waiting
 * for it again, `flowable:maxInstanceCount`, and a repeating user event listener. After
 * Flowable's `RepetitionRuleTest` and `PlanItemRepetitionMaxCountTest`. (The repetition
 * counter and collection variables are not yet visible to expressions in Weir: their cases are
 * listed in docs/compatibility.md and left out until they are.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  actOn,
  caseIsEnded,
  caseTasksOf,
  completeCaseTask,
  completeTaskById,
  openCaseTaskKeys,
  setCaseVariables,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness, started } = useCmmnFamily('repetition');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('repetition with an entry sentry', () => {
  it('each occurrence of the on-part activates a new instance (RepetitionRuleTest.testRepetitionRuleWithExitCriteria, ch06 repetition rule)', async () => {
    const id = await started('rpOnPart');
    await completeCaseTask(h, id, 'submit');
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'submit']);
    await completeCaseTask(h, id, 'submit');
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'check', 'submit']);
  });

  it('after firing, a repeating item waits for its sentry again in state wait_repetition (PlanItemRepetitionMaxCountTest.testMaxCountOneWithIfPartCombination)', async () => {
    const id = await started('rpOnPart');
    await completeCaseTask(h, id, 'submit');
    expect((await statesOf(h, id)).checkItem).toBe('active,wait_repetition');
  });

  it('the repeated instances complete on their own, and the case ends when all are done (RepetitionRuleTest)', async () => {
    const id = await started('rpOnPart');
    for (let round = 0; round < 3; round++) await completeCaseTask(h, id, 'submit');
    for (const task of await caseTasksOf(h, id)) await completeTaskById(h, task.id);
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('maxInstanceCount', () => {
  it('further evaluations do not create a second instance while one is active (PlanItemRepetitionMaxCountTest.testMaxCountOneWithIfPartCombination)', async () => {
    const id = await started('rpMaxInstances', { followUps: true });
    await setCaseVariables(h, id, { unrelated: 1 });
    await setCaseVariables(h, id, { unrelated: 2 });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close', 'followUp']);
  });
});

describe('repeating event listener', () => {
  it('a repeating user event listener creates a task each time it is triggered (RepetitionRuleTest.testRepeatingRuleUserEventListener)', async () => {
    const id = await started('rpRepeatingListener');
    await actOn(h, id, 'clickItem', 'trigger');
    await actOn(h, id, 'clickItem', 'trigger');
    expect(await openCaseTaskKeys(h, id)).toEqual(['stop', 'work', 'work']);
  });

  it('the repeating listener is available again after each trigger (RepetitionRuleTest.testRepeatingRuleUserEventListener)', async () => {
    const id = await started('rpRepeatingListener');
    await actOn(h, id, 'clickItem', 'trigger');
    expect((await statesOf(h, id)).clickItem).toBe('available');
  });
});
