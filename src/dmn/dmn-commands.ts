/**
 * The decision engine's commands for `/dmn-api`: executing a decision by key on its own. A
 * decision needs no instance lock (it is a pure function of its inputs); its execution is
 * written to history in its own transaction, which commits before a failed evaluation is
 * reported, so that failures stay visible in history as in Flowable.
 */
import { WeirError } from '../errors.ts';
import type { Engine } from '../engine/engine.ts';
import { findDecisionOfKey, runDecision, type DecisionRun } from './decision-runner.ts';
import type { Variables } from './feel.ts';

export interface ExecuteByKeyInput {
  readonly decisionKey: string;
  readonly tenantId: string;
  readonly parentDeploymentId: string | null;
  readonly variables: Variables;
  /** `decision_service` refuses a decision table's key and the other way round; null takes either */
  readonly expect: 'decision' | 'decision_service' | null;
}

const NO_LINK = { instanceId: null, executionId: null, activityId: null, scopeType: null };

export const executeDecisionByKey = async (
  engine: Engine,
  input: ExecuteByKeyInput,
): Promise<DecisionRun> => {
  const run = await engine.db.transaction(async (tx) => {
    const decision = await findDecisionOfKey(tx, {
      key: input.decisionKey,
      tenantId: input.tenantId,
      parentDeploymentId: input.parentDeploymentId,
    });
    const isService = decision.decisionType === 'decision_service';
    if (input.expect === 'decision_service' && !isService)
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Decision '${input.decisionKey}' is not a decision service`,
      );
    if (input.expect === 'decision' && isService)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Decision '${input.decisionKey}' is a decision service`);
    return runDecision(tx, decision, input.variables, NO_LINK, () => engine.services.clock.now());
  });
  if (run.failed)
    throw new WeirError('WEIR_DMN_EVALUATION', run.exceptionMessage ?? undefined, {
      details: { decisionKey: input.decisionKey, historicDecisionExecutionId: run.execution.id },
    });
  return run;
};

/** The one result of a run; more than one is an error naming how many. */
export const singleResult = (run: DecisionRun): Record<string, unknown> => {
  if (run.results.length > 1)
    throw new WeirError(
      'WEIR_DMN_EVALUATION',
      `Decision '${run.decision.key}' has ${run.results.length} results, not a single one`,
    );
  return run.results[0] ?? {};
};
