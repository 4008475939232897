/**
 * The decision task, as Flowable's CMMN DecisionTaskActivityBehavior runs it: the decision its
 * `decisionRef` names (a `<decision externalRef>` of the file, or the value of its
 * `decisionRefExpression`) is evaluated over the case's variables in the command's transaction,
 * the execution recorded in decision history linked to the case (instance: the case, execution:
 * the plan item instance, activity: the decision task, scope type `cmmn`). Its results become
 * case variables by the rules the BPMN DMN task follows, and the plan item completes, blocking
 * or not. A failed evaluation fails the command; no hit fails it when
 * `decisionTaskThrowErrorOnNoHits` is `true` or an expression that evaluates to true.
 */
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import { setDecisionResults, throwsOnNoHits } from '../../engine/decision-task.ts';
import { findDecisionOfKey, runDecision } from '../../dmn/decision-runner.ts';
import { getChildDeployment } from '../../persistence/child-deployments-sql.ts';
import type { DecisionTaskDef } from '../model/types.ts';
import { evaluateInCase, textValue } from './case-expressions.ts';
import { caseVariableValues, setCaseVariable } from './case-variables.ts';
import { complete, planItemOf } from './lifecycle.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';

export const runCaseDecisionTask = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: DecisionTaskDef,
): Promise<void> => {
  const planItem = planItemOf(c, item);
  const key = (textValue(ctx, c, def.decisionRef, planItem.id, item) ?? '').trim();
  if (key === '')
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Plan item '${planItem.id}': the decision reference resolves to an empty value`,
    );
  // without the field Flowable looks in the case's own deployment family first
  let parentDeploymentId: string | null = null;
  if (def.sameDeployment !== false)
    parentDeploymentId =
      (await getChildDeployment(ctx.tx, 'cmmn', c.definition.deploymentId))?.parentDeploymentId ?? null;
  const decision = await findDecisionOfKey(ctx.tx, {
    key,
    tenantId: c.row.tenantId,
    fallbackToDefaultTenant: def.fallbackToDefaultTenant,
    parentDeploymentId,
  });
  const link = {
    instanceId: c.row.id,
    executionId: item.id,
    activityId: planItem.definitionId,
    scopeType: 'cmmn',
  };
  const run = await runDecision(ctx.tx, decision, caseVariableValues(c), link, () => ctx.now);
  if (run.failed)
    throw new WeirError(
      'WEIR_DMN_EVALUATION',
      `DMN decision with key ${key} execution failed (plan item '${planItem.id}'). Cause: ${run.exceptionMessage}`,
    );
  const evaluateText = (text: string) => evaluateInCase(ctx, c, text, planItem.id, {}, item);
  if (run.results.length === 0 && throwsOnNoHits(def.throwErrorOnNoHits, evaluateText))
    throw new WeirError(
      'WEIR_DMN_NO_HITS',
      `DMN decision with key ${key} did not hit any rules for the provided input (plan item '${planItem.id}')`,
    );
  setDecisionResults(key, run, (name, value) => setCaseVariable(ctx, c, name, value));
  complete(ctx, c, item);
};
