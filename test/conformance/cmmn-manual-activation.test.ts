/**
 * Manual activation: enabled plan items and the REST actions start, disable and enable; a
 * condition on the rule; manual activation after an entry sentry; manually activated stages
 * and service tasks; exit of an enabled item; how enabled and disabled items weigh on
 * completion. After Flowable's `ManualActivationRuleTest` and the CMMN REST
 * `PlanItemInstanceResourceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  actOn,
  caseIsEnded,
  caseVariablesOf,
  completeCaseTask,
  historicStatesOf,
  openCaseTaskKeys,
  planItemAction,
  planItemOf,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';

const { harness, started } = useCmmnFamily('manual-activation');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

describe('enabled plan items', () => {
  it('a manually activated task is enabled, and has no task yet (ManualActivationRuleTest.testSingleHumanTask)', async () => {
    const id = await started('maTask');
    expect(await statesOf(h, id)).toEqual({ optionalItem: 'enabled', mainItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['main']);
    expect((await planItemOf(h, id, 'optionalItem')).lastEnabledTime).not.toBeNull();
  });

  it('the start action activates it and creates its task (ManualActivationRuleTest.testSingleHumanTask)', async () => {
    const id = await started('maTask');
    const response = await actOn(h, id, 'optionalItem', 'start');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ elementId: 'optionalItem', state: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['main', 'optional']);
  });

  it('the disable action disables it (ManualActivationRuleTest.testDisableHumanTask)', async () => {
    const id = await started('maTask');
    await actOn(h, id, 'optionalItem', 'disable');
    const item = await planItemOf(h, id, 'optionalItem');
    expect(item.state).toBe('disabled');
    expect(item.lastDisabledTime).not.toBeNull();
  });

  it('the enable action enables a disabled item again (ManualActivationRuleTest.testDisableHumanTask)', async () => {
    const id = await started('maTask');
    await actOn(h, id, 'optionalItem', 'disable');
    await actOn(h, id, 'optionalItem', 'enable');
    expect((await planItemOf(h, id, 'optionalItem')).state).toBe('enabled');
  });

  it('starting an item that is not enabled is refused, and nothing changes (ManualActivationRuleTest.testInvalidStart)', async () => {
    const id = await started('maTask');
    const main = await planItemOf(h, id, 'mainItem');
    const response = await planItemAction(h, main.id, 'start');
    expect(response.statusCode).toBe(400);
    expect(await statesOf(h, id)).toEqual({ optionalItem: 'enabled', mainItem: 'active' });
  });

  it('disabling an active item is refused (ManualActivationRuleTest.testInvalidDisable)', async () => {
    const id = await started('maTask');
    const main = await planItemOf(h, id, 'mainItem');
    const response = await planItemAction(h, main.id, 'disable');
    expect(response.statusCode).toBe(400);
    expect((await planItemOf(h, id, 'mainItem')).state).toBe('active');
  });

  it('enabling an item that is not disabled is refused (ManualActivationRuleTest.testInvalidEnable)', async () => {
    const id = await started('maTask');
    const main = await planItemOf(h, id, 'mainItem');
    const response = await planItemAction(h, main.id, 'enable');
    expect(response.statusCode).toBe(400);
  });
});

describe('completion with enabled and disabled items', () => {
  it('an enabled item keeps a case without autoComplete running (ch06 "Completion Neutral Rule": stage remains active)', async () => {
    const id = await started('maTask');
    await completeCaseTask(h, id, 'main');
    expect(await caseIsEnded(h, id)).toBe(false);
    expect(await statesOf(h, id)).toEqual({ optionalItem: 'enabled' });
  });

  it('a disabled item counts as ended: the case completes when the rest is done (ch06 "Manual Activation Rule")', async () => {
    const id = await started('maTask');
    await actOn(h, id, 'optionalItem', 'disable');
    await completeCaseTask(h, id, 'main');
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('disabling the last enabled item completes the case at once, answering 204 (PlanItemInstanceResourceTest.testDisablePlanItem)', async () => {
    const id = await started('maTask');
    await completeCaseTask(h, id, 'main');
    const optional = await planItemOf(h, id, 'optionalItem');
    const response = await planItemAction(h, optional.id, 'disable');
    expect(response.statusCode).toBe(204);
    expect(await caseIsEnded(h, id)).toBe(true);
  });

  it('a manually started task that completes lets the case complete (ManualActivationRuleTest.testSingleHumanTask)', async () => {
    const id = await started('maTask');
    await actOn(h, id, 'optionalItem', 'start');
    await completeCaseTask(h, id, 'optional');
    await completeCaseTask(h, id, 'main');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('conditions, sentries, stages, service tasks, exits', () => {
  it('a manual activation condition that holds makes the item enabled (ManualActivationRuleTest.testManualActivationWithSentries)', async () => {
    const id = await started('maCondition', { needsApproval: true });
    expect(await statesOf(h, id)).toEqual({ approveItem: 'enabled' });
  });

  it('a manual activation condition that does not hold activates the item directly (ManualActivationRuleTest.testManualActivationWithSentries)', async () => {
    const id = await started('maCondition', { needsApproval: false });
    expect(await statesOf(h, id)).toEqual({ approveItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['approve']);
  });

  it('a manually activated item with an entry sentry becomes enabled, not active, when the sentry fires (ManualActivationRuleTest.testManualActivationWithSentries)', async () => {
    const id = await started('maAfterSentry');
    expect((await planItemOf(h, id, 'bItem')).state).toBe('available');
    await completeCaseTask(h, id, 'a');
    expect((await planItemOf(h, id, 'bItem')).state).toBe('enabled');
    expect(await openCaseTaskKeys(h, id)).toEqual(['keep']);
  });

  it('a manually activated stage is enabled and plans no children until started (ManualActivationRuleTest.testManuallyActivatedStage)', async () => {
    const id = await started('maStage');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'enabled', mainItem: 'active' });
    await actOn(h, id, 'stageItem', 'start');
    expect(await statesOf(h, id)).toEqual({ stageItem: 'active', checkItem: 'active', mainItem: 'active' });
    expect(await openCaseTaskKeys(h, id)).toEqual(['check', 'main']);
  });

  it('starting a manually activated service task runs its expression (ManualActivationRuleTest.testManuallyActivatedServiceTask)', async () => {
    const id = await started('maService', { base: 21 });
    expect(await caseVariablesOf(h, id)).not.toHaveProperty('doubled');
    await actOn(h, id, 'computeItem', 'start');
    expect((await caseVariablesOf(h, id)).doubled.value).toBe(42);
    expect(await statesOf(h, id)).toEqual({ mainItem: 'active' });
  });

  it('an exit sentry terminates an enabled item (ManualActivationRuleTest.testExitEnabledPlanItem)', async () => {
    const id = await started('maExitEnabled');
    await completeCaseTask(h, id, 'main');
    expect(await caseIsEnded(h, id)).toBe(true);
    expect(await historicStatesOf(h, id)).toEqual({ optionalItem: 'terminated', mainItem: 'completed' });
  });
});
