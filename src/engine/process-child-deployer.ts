/**
 * The process engine as a child deployer of app deployments, as Flowable's app engine uses its
 * `BpmnDeployer`: the app's `.bpmn20.xml` / `.bpmn` resources become one process deployment
 * whose `parentDeploymentId` is the app deployment, with the app deployment's name, key and
 * tenant. Deleting the app deletes it with cascade: running instances are cancelled first.
 */
import type { ChildDeployer } from './child-deployers.ts';
import { isProcessResource, readProcessResources, storeProcessDeployment } from './deploy.ts';
import { deleteChildDeployments, endRunningOnChildDeployments } from './deployment-delete.ts';
import { newId } from './ids.ts';

export const processChildDeployer: ChildDeployer = {
  engine: 'process',
  accepts: isProcessResource,
  read: async (resources, services) => {
    const { problems, parsed } = await readProcessResources(services, resources);
    return {
      problems,
      store: async (tx, parent) => {
        const deployment = {
          id: newId(),
          name: parent.name,
          category: parent.category,
          key: parent.key,
          tenantId: parent.tenantId,
          parentDeploymentId: parent.parentDeploymentId,
          deployedAt: parent.now,
        };
        await storeProcessDeployment(services, tx, deployment, resources, parsed);
      },
    };
  },
  endRunning: endRunningOnChildDeployments,
  deleteChildren: deleteChildDeployments,
};
