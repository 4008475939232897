/**
 * Repetition rules: a condition over the repetition counter (default and custom names), a
 * repeating item re-entered by each occurrence of its on-part, `flowable:maxInstanceCount`,
 * a collection variable with element and index variables, and a repeating user event listener.
 * After Flowable's `RepetitionRuleTest`, `PlanItemRepetitionMaxCountTest` and
 * `PlanItemRepetitionWithCollectionVariableTest`.
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

/** `name priority` of the open tasks: the priority holds the repetition counter */
const taskRounds = async (id: string) =>
  (await caseTasksOf(h, id)).map((task) => `${task.name} ${task.priority}`).sort();

describe('repetition counter', () => {
  it('a repeating task exists once at a time, counting from 1 (RepetitionRuleTest.testSimpleRepeatingTask)', async () => {
    const id = await started('rpCounter');
    expect(await taskRounds(id)).toEqual(['Round 1']);
  });

  it('completing it creates the next instance while the condition holds (RepetitionRuleTest.testSimpleRepeatingTask)', async () => {
    const id = await started('rpCounter');
    await completeCaseTask(h, id, 'round');
    expect(await taskRounds(id)).toEqual(['Round 2']);
    await completeCaseTask(h, id, 'round');
    expect(await taskRounds(id)).toEqual(['Round 3']);
  });

  it('when the condition no longer holds no instance follows, and the case completes (RepetitionRuleTest.testSimpleRepeatingTask)', async () => {
    const id = await started('rpCounter');
    for (let round = 0; round < 3; round++) await completeCaseTask(h, id, 'round');
    expect(await caseTasksOf(h, id)).toHaveLength(0);
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a custom counter variable counts the repetitions instead (RepetitionRuleTest.testCustomCounterVariable)', async () => {
    const id = await started('rpCustomCounter');
    expect(await taskRounds(id)).toEqual(['Attempt 1']);
    await completeCaseTask(h, id, 'attempt');
    expect(await taskRounds(id)).toEqual(['Attempt 2']);
    await completeCaseTask(h, id, 'attempt');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
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
  it('an if-part with maxInstanceCount 1 creates one instance (PlanItemRepetitionMaxCountTest.testMaxCountOneWithIfPartCombination)', async () => {
    const id = await started('rpMaxInstances');
    expect(await openCaseTaskKeys(h, id)).toEqual(['close']);
    await setCaseVariables(h, id, { followUps: true });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close', 'followUp']);
    expect((await statesOf(h, id)).followUpItem).toBe('active,wait_repetition');
  });

  it('further evaluations do not create a second instance while one is active (PlanItemRepetitionMaxCountTest.testMaxCountOneWithIfPartCombination)', async () => {
    const id = await started('rpMaxInstances', { followUps: true });
    await setCaseVariables(h, id, { unrelated: 1 });
    await setCaseVariables(h, id, { unrelated: 2 });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close', 'followUp']);
  });

  it('completing the instance lets the next one start while the if-part holds (PlanItemRepetitionMaxCountTest.testMaxCountOneWithIfPartCombinationWithCompletion)', async () => {
    const id = await started('rpMaxInstances', { followUps: true });
    const first = (await caseTasksOf(h, id)).find((task) => task.taskDefinitionKey === 'followUp');
    await completeCaseTask(h, id, 'followUp');
    const next = (await caseTasksOf(h, id)).filter((task) => task.taskDefinitionKey === 'followUp');
    expect(next).toHaveLength(1);
    expect(next[0].id).not.toBe(first?.id);
  });
});

describe('collection variable', () => {
  it('one instance per element, each with its element and index (PlanItemRepetitionWithCollectionVariableTest)', async () => {
    const id = await started('rpCollection', { reviewers: ['kermit', 'fozzie', 'gonzo'] });
    const reviews = (await caseTasksOf(h, id)).filter((task) => task.taskDefinitionKey === 'review');
    expect(reviews.map((task) => `${task.name}:${task.assignee}`).sort()).toEqual([
      'Review 0:kermit',
      'Review 1:fozzie',
      'Review 2:gonzo',
    ]);
  });

  it('without the collection variable nothing is created until it is set (PlanItemRepetitionWithCollectionVariableTest)', async () => {
    const id = await started('rpCollection');
    expect(await openCaseTaskKeys(h, id)).toEqual(['close']);
    await setCaseVariables(h, id, { reviewers: ['kermit', 'fozzie'] });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close', 'review', 'review']);
  });

  it('an empty collection creates no instance, and the item no longer keeps the case open (ch06 "Repetition collection variable")', async () => {
    const id = await started('rpCollection', { reviewers: [] });
    expect(await openCaseTaskKeys(h, id)).toEqual(['close']);
    await completeCaseTask(h, id, 'close');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('the case completes when every element’s instance and the other work are done (PlanItemRepetitionWithCollectionVariableTest)', async () => {
    const id = await started('rpCollection', { reviewers: ['kermit', 'fozzie'] });
    for (const task of await caseTasksOf(h, id)) await completeTaskById(h, task.id);
    expect(await caseIsEnded(h, id)).toBe(true);
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
