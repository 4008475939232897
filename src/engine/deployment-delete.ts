/**
 * Deleting a deployment. Without cascade a deployment with running instances is a conflict;
 * with cascade each running root instance is cancelled in its own command first (each takes
 * only its own root lock, never two at once), then the deployment, its definitions, their
 * jobs, the form and DMN deployments it carried and, with cascade, their history and its
 * search-index entries go in one transaction.
 */
import { WeirError, isWeirError } from '../errors.ts';
import type { Transaction } from '../persistence/database.ts';
import { childDeploymentIdsOf, getDeployment } from '../persistence/repository-sql.ts';
import {
  deleteDeploymentCascade,
  runningRootInstancesOfDeployment,
} from '../persistence/rest-repository-sql.ts';
import { notFoundError } from './authorization.ts';
import { childDeployers } from './child-deployer-registry.ts';
import type { Engine } from './engine.ts';
import type { EngineServices } from './services.ts';

export const deleteDeployment = async (
  engine: Engine,
  deploymentId: string,
  cascade: boolean,
): Promise<void> => {
  if (!(await getDeployment(engine.db, deploymentId))) throw notFoundError('deployment', deploymentId);
  await endRunningInstances(engine, deploymentId, cascade);
  // the case engine's cases on the deployment's case models end with a cascade delete too
  if (cascade) for (const child of childDeployers()) await child.endRunning?.(engine, deploymentId);
  await engine.db.transaction((tx) => deleteDeploymentIn(tx, engine.services, deploymentId, cascade));
};

/** Cancel the deployment's running root instances, each in its own command; without cascade refuse. */
const endRunningInstances = async (engine: Engine, deploymentId: string, cascade: boolean) => {
  const running = await runningRootInstancesOfDeployment(engine.db, deploymentId);
  if (running.length > 0 && !cascade) {
    throw new WeirError(
      'WEIR_CONFLICT',
      `Deployment '${deploymentId}' has ${running.length} running process instance(s); delete with cascade=true to remove them too`,
    );
  }
  for (const instanceId of running) {
    await engine.deleteProcessInstance(instanceId, 'deployment deleted').catch((error: unknown) => {
      // an instance that ended meanwhile is what we wanted anyway
      if (!(isWeirError(error) && error.code === 'WEIR_NOT_FOUND')) throw error;
    });
  }
};

const deleteDeploymentIn = async (
  tx: Transaction,
  services: EngineServices,
  deploymentId: string,
  cascade: boolean,
): Promise<void> => {
  const { historicInstanceIds } = await deleteDeploymentCascade(tx, deploymentId, cascade);
  // the cancelled instances' documents stayed as history until now: they go with it
  await services.indexer?.recordRemovedInstances(tx, historicInstanceIds);
  for (const child of childDeployers()) await child.deleteChildren(tx, deploymentId, services);
};

/** An app deployment's delete, first step: cancel what runs on its process deployments. */
export const endRunningOnChildDeployments = async (engine: Engine, parentDeploymentId: string) => {
  for (const id of await childDeploymentIdsOf(engine.db, parentDeploymentId))
    await endRunningInstances(engine, id, true);
};

/** An app deployment's delete, in its transaction: its process deployments, with their history. */
export const deleteChildDeployments = async (
  tx: Transaction,
  parentDeploymentId: string,
  services: EngineServices,
) => {
  for (const id of await childDeploymentIdsOf(tx, parentDeploymentId))
    await deleteDeploymentIn(tx, services, id, true);
};
