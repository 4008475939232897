/**
 * Decision tasks: a case evaluates a DMN decision (deployed through /dmn-api) named by a
 * `<decision externalRef>`, its outputs become case variables, and an if-part reads them.
 * After Flowable's `DecisionTaskTest` (flowable-dmn-engine-configurator):
 * `testDecisionServiceTask` and `testUseDmnOutputInEntryCriteria`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  caseVariablesOf,
  cmmnFamily,
  openCaseTaskKeys,
  planItemOf,
  startCase,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness } = useCmmnFamily({
  decisions: ['cmmn/decision-tasks/dtDiscount.dmn'],
  cases: cmmnFamily('decision-tasks'),
});
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('decision tasks', () => {
  it('the decision’s output becomes a case variable (DecisionTaskTest.testDecisionServiceTask)', async () => {
    const id = (await startCase(h, 'dtCase', { amount: 1500 })).id as string;
    expect((await caseVariablesOf(h, id)).discount.value).toBe(10);
  });

  it('the decision task completes at once, as a decisiontask plan item (DecisionTaskTest.testDecisionServiceTask)', async () => {
    const id = (await startCase(h, 'dtCase', { amount: 1500 })).id as string;
    expect(await planItemOf(h, id, 'decideItem', true)).toMatchObject({
      state: 'completed',
      planItemDefinitionType: 'decisiontask',
    });
  });

  it('an if-part can read the decision’s output: a discount to approve (DecisionTaskTest.testUseDmnOutputInEntryCriteria)', async () => {
    const id = (await startCase(h, 'dtCase', { amount: 2000 })).id as string;
    expect(await openCaseTaskKeys(h, id)).toEqual(['approve', 'close']);
  });

  it('an if-part can read the decision’s output: no discount, nothing to approve (DecisionTaskTest.testUseDmnOutputInEntryCriteria)', async () => {
    const id = (await startCase(h, 'dtCase', { amount: 200 })).id as string;
    expect((await caseVariablesOf(h, id)).discount.value).toBe(0);
    expect(await openCaseTaskKeys(h, id)).toEqual(['close']);
  });
});
