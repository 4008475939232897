/**
 * The decision engine's commands for `/dmn-api`: deploying and deleting DMN deployments of their
 * own (deployers only), and executing a decision by key on its own. A
 * decision needs no instance lock (it is a pure function of its inputs); its execution is
 * written to history in its own transaction, which commits before a failed evaluation is
 * reported, so that failures stay visible in history as in Flowable.
 */
import { WeirError } from '../errors.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import { deleteChildDeployment } from '../persistence/child-deployments-sql.ts';
import { readDmnResources, storeDmnDeployment, type StoredDecisions } from './dmn-deploy.ts';
import { isDmnResource } from './index.ts';
import { findDecisionOfKey, runDecision, type DecisionRun } from './decision-runner.ts';
import type { Variables } from './feel.ts';

export interface ExecuteByKeyInput {
  readonly decisionKey: string;
  readonly tenantId: string;
  readonly parentDeploymentId: string | null;
  readonly variables: Variables;
  /** `decision_service` refuses a decision table's key and the other way round; null takes either */
  readonly expect: 'decision' | 'decision_service' | null;
  /** run without writing the execution to history (Flowable's `disableHistory`) */
  readonly disableHistory?: boolean;
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
    return runDecision(
      tx,
      decision,
      input.variables,
      NO_LINK,
      () => engine.services.clock.now(),
      input.disableHistory !== true,
    );
  });
  if (run.failed)
    throw new WeirError('WEIR_DMN_EVALUATION', run.exceptionMessage ?? undefined, {
      details: {
        decisionKey: input.decisionKey,
        ...(input.disableHistory === true ? {} : { historicDecisionExecutionId: run.execution.id }),
      },
    });
  return run;
};

/**
 * The one result of a run; more than one is an error naming how many. A decision service's is
 * the single results of its output decisions in one map, as Flowable merges them; an output
 * decision with several results is the error.
 */
export const singleResult = (run: DecisionRun): Record<string, unknown> => {
  if (run.serviceResults !== null) {
    const merged: Record<string, unknown> = {};
    for (const [decisionId, results] of Object.entries(run.serviceResults)) {
      if (results.length > 1)
        throw new WeirError(
          'WEIR_DMN_EVALUATION',
          `Decision '${decisionId}' of decision service '${run.decision.key}' has ${results.length} results, not a single one`,
        );
      Object.assign(merged, results[0]);
    }
    return merged;
  }
  if (run.results.length > 1)
    throw new WeirError(
      'WEIR_DMN_EVALUATION',
      `Decision '${run.decision.key}' has ${run.results.length} results, not a single one`,
    );
  return run.results[0] ?? {};
};

/** Deploy `.dmn` files on their own: checked first (every problem at once), stored in one transaction. */
export const deployDecisions = async (
  engine: Engine,
  input: {
    name: string | null;
    category: string | null;
    tenantId: string;
    resources: { name: string; content: Uint8Array }[];
  },
  by: Principal,
): Promise<StoredDecisions> => {
  requireDeployer(by, 'deploy', 'decisions');
  if (input.resources.length === 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Multipart request with file content is required');
  const other = input.resources.find((r) => !isDmnResource(r.name));
  if (other)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `File '${other.name}' must be of type .dmn or .dmn.xml`);
  const { files, problems } = await readDmnResources(input.resources);
  if (problems.length > 0)
    throw new WeirError(
      'WEIR_DEPLOYMENT_INVALID',
      `DMN deployment${input.name ? ` '${input.name}'` : ''} is invalid:\n${problems.join('\n')}`,
      { details: problems.map((message) => ({ message })) },
    );
  return engine.db.transaction((tx) =>
    storeDmnDeployment(
      tx,
      { ...input, parentDeploymentId: null, now: engine.services.clock.now() },
      input.resources,
      files,
    ),
  );
};

export const undeployDecisions = async (
  engine: Engine,
  deploymentId: string,
  by: Principal,
): Promise<void> => {
  requireDeployer(by, 'delete', `DMN deployment '${deploymentId}'`);
  if (!(await deleteChildDeployment(engine.db, 'dmn', deploymentId)))
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a DMN deployment with id '${deploymentId}'.`);
};
