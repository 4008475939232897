/**
 * Service tasks (`<task flowable:type="java" flowable:expression>`) with and without a result
 * variable, a result read by if-parts, an expression that fails, and plain tasks: blocking
 * (waiting for the trigger action), non-blocking, and blocking by expression. After Flowable's
 * `ServiceTaskTest`, `RuntimeServiceTest` and `VariablesTest.testBlockingExpressionBasedOnVariable`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  caseVariablesOf,
  historicCase,
  openCaseTaskKeys,
  planItemAction,
  planItemOf,
  statesOf,
  tryStartCase,
  useCmmnFamily,
} from './cmmn-support.ts';
import { listOf } from './support.ts';

const { harness, started } = useCmmnFamily('service-tasks');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('expression service tasks', () => {
  it('the expression’s value is stored in the result variable (ServiceTaskTest.testResultVariableName)', async () => {
    const id = await started('svExpression', { price: 12, quantity: 3 });
    expect((await caseVariablesOf(h, id)).total.value).toBe(36);
  });

  it('the service task completes at once, and what waits for it starts (ServiceTaskTest.testResultVariableName)', async () => {
    const id = await started('svExpression', { price: 2, quantity: 5 });
    expect((await planItemOf(h, id, 'totalItem', true)).state).toBe('completed');
    expect(await openCaseTaskKeys(h, id)).toEqual(['useTotal']);
    expect((await caseVariablesOf(h, id)).total.value).toBe(10);
  });

  it('the service task’s plan item is of type servicetask (PlanItemInstanceQueryTest)', async () => {
    const id = await started('svExpression', { price: 1, quantity: 1 });
    expect((await planItemOf(h, id, 'totalItem', true)).planItemDefinitionType).toBe('servicetask');
  });

  it('an expression without a result variable runs for its effect (ServiceTaskTest.testDefinitionExpression)', async () => {
    const id = await started('svNoResult');
    expect((await caseVariablesOf(h, id)).marked.value).toBe('yes');
    expect(await statesOf(h, id)).toEqual({ waitItem: 'active' });
  });

  it('an if-part can route on the service task’s result: high (ServiceTaskTest, IfPartTest.testOnAndIfPart)', async () => {
    const id = await started('svResultDrivesSentry', { points: 7 });
    expect(await openCaseTaskKeys(h, id)).toEqual(['high']);
    expect((await planItemOf(h, id, 'lowItem')).state).toBe('available');
  });

  it('an if-part can route on the service task’s result: low (ServiceTaskTest, IfPartTest.testOnAndIfPart)', async () => {
    const id = await started('svResultDrivesSentry', { points: 2 });
    expect(await openCaseTaskKeys(h, id)).toEqual(['low']);
  });

  it('an expression that fails fails the start, and no case instance is left behind (ServiceTaskTest.testExpressionThrowsNonFlowableException)', async () => {
    const response = await tryStartCase(h, 'svBroken');
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.json().exception as string).toContain('noSuchBean');
    const instances = await listOf(h, `${CMMN}/cmmn-runtime/case-instances?caseDefinitionKey=svBroken`);
    expect(instances).toHaveLength(0);
    const history = await listOf(
      h,
      `${CMMN}/cmmn-history/historic-case-instances?caseDefinitionKey=svBroken`,
    );
    expect(history).toHaveLength(0);
  });
});

describe('plain tasks', () => {
  it('a blocking task stays active, of type task (RuntimeServiceTest.testStartSimplePassthroughCaseWithBlockingTask)', async () => {
    const id = await started('svBlocking');
    expect(await planItemOf(h, id, 'waitItem')).toMatchObject({
      state: 'active',
      planItemDefinitionType: 'task',
    });
    expect(await caseTasksOf(h, id)).toHaveLength(0);
  });

  it('the trigger action completes it, answering 204 as the plan item ended (RuntimeServiceTest.testStartSimplePassthroughCaseWithBlockingTask, PlanItemInstanceResource)', async () => {
    const id = await started('svBlocking');
    const wait = await planItemOf(h, id, 'waitItem');
    const response = await planItemAction(h, wait.id, 'trigger');
    expect(response.statusCode).toBe(204);
    expect(await openCaseTaskKeys(h, id)).toEqual(['after']);
  });

  it('an unknown action is refused with a 400 (PlanItemInstanceResource: invalid action)', async () => {
    const id = await started('svBlocking');
    const wait = await planItemOf(h, id, 'waitItem');
    const response = await planItemAction(h, wait.id, 'explode');
    expect(response.statusCode).toBe(400);
    expect((await planItemOf(h, id, 'waitItem')).state).toBe('active');
  });

  it('a non-blocking task completes at once, and so does its case (RuntimeServiceTest.testStartSimplePassthroughCase)', async () => {
    const id = await started('svNonBlocking');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect((await historicCase(h, id)).state).toBe('completed');
  });

  it('a blocking expression that holds makes the task wait (VariablesTest.testBlockingExpressionBasedOnVariable)', async () => {
    const id = await started('svBlockingExpression', { mustWait: true });
    expect(await statesOf(h, id)).toEqual({ maybeItem: 'active' });
  });

  it('a blocking expression that does not hold lets the task complete at once (VariablesTest.testBlockingExpressionBasedOnVariable)', async () => {
    const id = await started('svBlockingExpression', { mustWait: false });
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});
