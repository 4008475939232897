/**
 * The DMN task (a business rule task, or a service task of `flowable:type="dmn"`), as Flowable's
 * DmnActivityBehavior runs it: the decision named by `decisionTableReferenceKey` (or
 * `decisionServiceReferenceKey`) is evaluated over the execution's variables, in the command's
 * transaction, with its execution written to history linked to the instance and activity. Its
 * results become variables: a single result's outputs each under its own name; a hit policy that
 * yields a list (or several results) one JSON list under the decision key. A failed evaluation
 * fails the command; no hit fails it too when `decisionTaskThrowErrorOnNoHits` holds.
 */
import { WeirError } from '../errors.ts';
import { findDecisionOfKey, runDecision, type DecisionRun } from '../dmn/decision-runner.ts';
import type { FieldInjection } from '../model/types.ts';
import type { CommandContext } from './context.ts';
import { executionFacade } from './facades.ts';
import { readTaskFields } from './outbound-fields.ts';
import type { ExecutionState } from './runtime-types.ts';
import { evaluate, setVariable, visibleVariables } from './variable-scope.ts';

export const runDecisionTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: { readonly id: string; readonly fields: readonly FieldInjection[] },
): Promise<void> => {
  const f = readTaskFields(ctx, exec, node.fields, node.id);
  const key = (f.string('decisionTableReferenceKey') ?? f.string('decisionServiceReferenceKey') ?? '').trim();
  if (key === '')
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `DMN task '${node.id}': the decision key resolves to an empty value`,
    );
  const inst = ctx.instanceOf(exec);
  // without the field Flowable looks in the process's own deployment first (backwards compatible)
  const sameDeployment = f.raw('sameDeployment') === undefined || f.bool('sameDeployment');
  const decision = await findDecisionOfKey(ctx.tx, {
    key,
    tenantId: inst.row.tenantId,
    fallbackToDefaultTenant: f.bool('fallbackToDefaultTenant'),
    parentDeploymentId: sameDeployment ? inst.definition.deploymentId : null,
  });
  const link = {
    instanceId: inst.row.id,
    executionId: exec.id,
    activityId: node.id,
    scopeType: 'bpmn',
    tenantId: inst.row.tenantId,
  };
  const run = await runDecision(ctx.tx, decision, visibleVariables(ctx, exec), link, () => ctx.now);
  if (run.failed)
    throw new WeirError(
      'WEIR_DMN_EVALUATION',
      `DMN decision with key ${key} execution failed (task '${node.id}'). Cause: ${run.exceptionMessage}`,
    );
  const evaluateText = (text: string) => evaluate(ctx, exec, text, { execution: executionFacade(ctx, exec) });
  if (run.results.length === 0 && throwsOnNoHits(f.raw('decisionTaskThrowErrorOnNoHits'), evaluateText))
    throw new WeirError(
      'WEIR_DMN_NO_HITS',
      `DMN decision with key ${key} did not hit any rules for the provided input (task '${node.id}')`,
    );
  setDecisionResults(key, run, (name, value) => setVariable(ctx, exec, name, value));
};

/** `true`, or an expression that evaluates to true; `false` and anything else do not throw. */
export const throwsOnNoHits = (value: unknown, evaluateText: (text: string) => unknown): boolean => {
  if (value === true) return true;
  if (typeof value !== 'string' || value.trim().toLowerCase() === 'false') return false;
  if (value.trim().toLowerCase() === 'true') return true;
  return evaluateText(value) === true;
};

/**
 * A decision's results as variables, as Flowable's DMN behaviours set them: a single result's
 * outputs each under its own name; a hit policy that yields a list (or several results) one list
 * under the decision key; a decision service's results by decision under its key.
 */
export const setDecisionResults = (
  key: string,
  run: DecisionRun,
  set: (name: string, value: unknown) => void,
): void => {
  if (run.serviceResults !== null) {
    const lists = Object.values(run.serviceResults);
    if (run.multipleResults || lists.some((list) => list.length > 1)) set(key, run.serviceResults);
    else
      for (const list of lists) for (const [name, value] of Object.entries(list[0] ?? {})) set(name, value);
    return;
  }
  if (run.results.length === 0 && !run.multipleResults) return;
  if (run.multipleResults || run.results.length > 1) set(key, run.results);
  else for (const [name, value] of Object.entries(run.results[0])) set(name, value);
};
