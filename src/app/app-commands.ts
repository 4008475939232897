/**
 * The app repository's writes besides deploying: deleting an app deployment and setting an app
 * definition's category. Deleting is always a cascade, as Flowable's app REST API does it: each
 * engine first ends what still runs on the app's child deployments (every running process
 * instance cancelled in its own command), then the children, their definitions and history,
 * and the app deployment go in one transaction.
 */
import { WeirError } from '../errors.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import {
  deleteAppDeployment,
  getAppDefinition,
  getAppDeployment,
  setAppDefinitionCategory,
  type AppDefinitionRow,
} from '../persistence/app-sql.ts';
import { appChildDeployers } from './app-deploy.ts';

export const appDeploymentNotFound = (id: string) =>
  new WeirError('WEIR_NOT_FOUND', `Could not find an app deployment with id '${id}'.`);

export const appDefinitionNotFound = (id: string) =>
  new WeirError('WEIR_NOT_FOUND', `Could not find an app definition with id '${id}'.`);

export const undeployApp = async (engine: Engine, deploymentId: string, by: Principal): Promise<void> => {
  requireDeployer(by, 'delete', `app deployment '${deploymentId}'`);
  if (!(await getAppDeployment(engine.db, deploymentId))) throw appDeploymentNotFound(deploymentId);
  for (const deployer of appChildDeployers()) await deployer.endRunning?.(engine, deploymentId);
  await engine.db.transaction(async (tx) => {
    for (const deployer of appChildDeployers())
      await deployer.deleteChildren(tx, deploymentId, engine.services);
    if (!(await deleteAppDeployment(tx, deploymentId))) throw appDeploymentNotFound(deploymentId);
  });
};

export const requireAppDefinition = async (engine: Engine, id: string): Promise<AppDefinitionRow> => {
  const found = await getAppDefinition(engine.db, id);
  if (!found) throw appDefinitionNotFound(id);
  return found;
};

export const changeAppDefinitionCategory = async (
  engine: Engine,
  id: string,
  category: string,
  by: Principal,
): Promise<AppDefinitionRow> => {
  requireDeployer(by, 'change', `app definition '${id}'`);
  return engine.db.transaction(async (tx) => {
    if (!(await setAppDefinitionCategory(tx, id, category))) throw appDefinitionNotFound(id);
    return (await getAppDefinition(tx, id))!;
  });
};
