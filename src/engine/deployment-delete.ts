/**
 * Deleting a deployment. Without cascade a deployment with running instances is a conflict;
 * with cascade each running root instance is cancelled in its own command first (each takes
 * only its own root lock, never two at once), then the deployment, its definitions, their
 * jobs and, with cascade, their history and its search-index entries go in one transaction.
 */
import { WeirError, isWeirError } from '../errors.ts';
import { getDeployment } from '../persistence/repository-sql.ts';
import {
  deleteDeploymentCascade,
  runningRootInstancesOfDeployment,
} from '../persistence/rest-repository-sql.ts';
import { notFoundError } from './authorization.ts';
import type { Engine } from './engine.ts';

export const deleteDeployment = async (
  engine: Engine,
  deploymentId: string,
  cascade: boolean,
): Promise<void> => {
  const db = engine.db;
  if (!(await getDeployment(db, deploymentId))) throw notFoundError('deployment', deploymentId);
  const running = await runningRootInstancesOfDeployment(db, deploymentId);
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
  await db.transaction(async (tx) => {
    const { historicInstanceIds } = await deleteDeploymentCascade(tx, deploymentId, cascade);
    // the cancelled instances' documents stayed as history until now: they go with it
    await engine.services.indexer?.recordRemovedInstances(tx, historicInstanceIds);
  });
};
