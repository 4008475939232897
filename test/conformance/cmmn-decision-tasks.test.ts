/**
 * Decision tasks: a case evaluates a DMN decision (deployed through /dmn-api) named by a
 * `<decision externalRef>` or a `decisionRefExpression`, its outputs become case variables, and
 * an if-part reads them; no hit fails the start when `decisionTaskThrowErrorOnNoHits` holds; the
 * execution is in the DMN history of the case; a case deployed with its decision uses that
 * version unless `sameDeployment` is false. After Flowable's `DecisionTaskTest`
 * (flowable-dmn-engine-configurator).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseVariablesOf,
  cmmnFamily,
  deployFiles,
  openCaseTaskKeys,
  planItemOf,
  startCase,
  tryStartCase,
  useCmmnFamily,
} from './cmmn-support.ts';
import { fixture, listOf } from './support.ts';

const { harness } = useCmmnFamily({
  decisions: [
    'cmmn/decision-tasks/dtDiscount.dmn',
    'cmmn/decision-tasks/dtGold.dmn',
    'cmmn/decision-tasks/dtTags.dmn',
  ],
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

describe('no hits', () => {
  it('with the flag’s expression true, no hit fails the start and leaves no case (DecisionTaskTest.testHitFlag)', async () => {
    const response = await tryStartCase(h, 'dtHitFlag', { category: 'silver', throwErrorOnNoHits: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toContain('did not hit any rules');
    expect(await listOf(h, `${CMMN}/cmmn-runtime/case-instances?caseDefinitionKey=dtHitFlag`)).toHaveLength(
      0,
    );
  });

  it('with the flag’s expression false, no hit sets nothing and the case goes on (DecisionTaskTest.testHitFlag)', async () => {
    const id = (await startCase(h, 'dtHitFlag', { category: 'silver', throwErrorOnNoHits: false }))
      .id as string;
    expect((await caseVariablesOf(h, id)).bonus).toBeUndefined();
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('a hit is not affected by the flag (DecisionTaskTest.testHitFlag)', async () => {
    const id = (await startCase(h, 'dtHitFlag', { category: 'gold', throwErrorOnNoHits: true })).id as string;
    expect((await caseVariablesOf(h, id)).bonus.value).toBe(5);
  });

  it('the flag as the string true throws too (DecisionTaskActivityBehavior)', async () => {
    const response = await tryStartCase(h, 'dtHitFlagString', { category: 'silver' });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toContain('dtGold');
  });
});

describe('references and results', () => {
  it('a decisionRefExpression names the decision at run time (DecisionTaskTest.testExpressionReferenceKey)', async () => {
    const id = (await startCase(h, 'dtExpressionRef', { referenceKey: 'dtDiscount', amount: 1200 }))
      .id as string;
    expect((await caseVariablesOf(h, id)).discount.value).toBe(10);
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('an expression naming no decision fails the start with a 400 naming the key, as a start naming nothing does (DecisionTaskTest.testExpressionReferenceKey)', async () => {
    const response = await tryStartCase(h, 'dtExpressionRef', { referenceKey: 'noSuchDecision' });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toContain('noSuchDecision');
  });

  it('a table that answers a list stores the list under the decision key (DecisionTaskActivityBehavior.setVariablesOnPlanItemInstance)', async () => {
    const id = (await startCase(h, 'dtRuleOrder', { amount: 1500 })).id as string;
    expect((await caseVariablesOf(h, id)).dtTags.value).toEqual([{ tag: 'any' }, { tag: 'big' }]);
  });

  it('the execution is in the DMN history of the case, linked to the plan item (DecisionTaskTest.testDecisionServiceTask)', async () => {
    const id = (await startCase(h, 'dtCase', { amount: 1500 })).id as string;
    const item = await planItemOf(h, id, 'decideItem', true);
    const executions = await listOf(
      h,
      `/dmn-api/dmn-history/historic-decision-executions?instanceId=${id}&scopeType=cmmn`,
    );
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({
      decisionKey: 'dtDiscount',
      instanceId: id,
      executionId: item.id,
      activityId: 'decide',
      scopeType: 'cmmn',
      failed: false,
    });
  });
});

describe('the decision deployed with the case', () => {
  let h2: HttpHarness;
  beforeAll(async () => {
    h2 = harness();
    const names = [
      'dtCarrier.bpmn20.xml',
      'dtVersionOne.dmn',
      'dtSameDefault.cmmn',
      'dtSameFalse.cmmn',
      'dtSameAttribute.cmmn',
    ];
    const files = await Promise.all(
      names.map(async (name) => ({ name, content: await fixture(`cmmn/decision-deployment/${name}`) })),
    );
    expect((await deployFiles(h2, '/process-api/repository/deployments', files)).statusCode).toBe(201);
    const later = [
      { name: 'dtVersionTwo.dmn', content: await fixture('cmmn/decision-deployment/dtVersionTwo.dmn') },
    ];
    expect((await deployFiles(h2, '/dmn-api/dmn-repository/deployments', later)).statusCode).toBe(201);
  });

  it('without the sameDeployment field the version deployed with the case answers (DecisionTaskTest.testDecisionServiceTaskSameDeployment)', async () => {
    const id = (await startCase(h2, 'dtSameDefault', { amount: 1 })).id as string;
    expect((await caseVariablesOf(h2, id)).version.value).toBe('deployed with the case');
  });

  it('sameDeployment true, written as a flowable: attribute, does the same (Weir reads the attribute too)', async () => {
    const id = (await startCase(h2, 'dtSameAttribute', { amount: 1 })).id as string;
    expect((await caseVariablesOf(h2, id)).version.value).toBe('deployed with the case');
  });

  it('the sameDeployment field false takes the latest version (DecisionTaskTest.testDecisionServiceTaskSameDeploymentFalse)', async () => {
    const id = (await startCase(h2, 'dtSameFalse', { amount: 1 })).id as string;
    expect((await caseVariablesOf(h2, id)).version.value).toBe('latest');
  });
});
