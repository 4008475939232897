/**
 * Deploying cases: `.cmmn` / `.cmmn.xml` resources are read and checked first (every problem at
 * once, each naming file, element and line), then stored as a case deployment with a new
 * version of each case, keyed by the `<case>` id, in the caller's transaction. A process or app
 * deployment that carries case models gets a child case deployment, as in Flowable.
 */
import { WeirError } from '../../errors.ts';
import { newId } from '../../engine/ids.ts';
import type { ChildDeployer } from '../../engine/child-deployers.ts';
import type { Queryable } from '../../persistence/database.ts';
import type { ValidationProblem } from '../../model/types.ts';
import {
  deleteChildDeploymentsOf,
  insertChildDeployment,
  nextDefinitionVersion,
  type ChildDeploymentRow,
} from '../../persistence/child-deployments-sql.ts';
import { insertCaseDefinition, runningCaseIdsOfParent } from '../../persistence/cmmn-sql.ts';
import { isCmmnResource, parseCmmn } from '../model/index.ts';
import type { CaseDefinitions } from '../model/types.ts';
import type { CaseDefinitionRow } from './types.ts';

export interface CmmnResource {
  readonly name: string;
  readonly content: Uint8Array;
}

export interface ParsedCmmnFile {
  readonly resourceName: string;
  readonly definitions: CaseDefinitions;
}

export const readCmmnResources = async (
  resources: readonly CmmnResource[],
): Promise<{ files: ParsedCmmnFile[]; problems: ValidationProblem[] }> => {
  const files: ParsedCmmnFile[] = [];
  const problems: ValidationProblem[] = [];
  const keys = new Map<string, string>();
  for (const resource of resources.filter((r) => isCmmnResource(r.name))) {
    const parsed = await parseCmmn(resource.name, Buffer.from(resource.content).toString('utf8'));
    problems.push(...parsed.problems);
    if (!parsed.definitions) continue;
    for (const model of parsed.definitions.cases) {
      const other = keys.get(model.key);
      if (other !== undefined)
        problems.push({
          resource: resource.name,
          elementId: model.key,
          message: `case key '${model.key}' is also defined by ${other}`,
        });
      keys.set(model.key, resource.name);
    }
    files.push({ resourceName: resource.name, definitions: parsed.definitions });
  }
  return { files, problems };
};

export const storeCaseDeployment = async (
  tx: Queryable,
  input: {
    name: string | null;
    category: string | null;
    tenantId: string;
    parentDeploymentId: string | null;
    now: Date;
  },
  resources: readonly CmmnResource[],
  files: readonly ParsedCmmnFile[],
): Promise<{ deployment: ChildDeploymentRow; definitions: CaseDefinitionRow[] }> => {
  const deployment: ChildDeploymentRow = {
    id: newId(),
    name: input.name,
    category: input.category,
    tenantId: input.tenantId,
    parentDeploymentId: input.parentDeploymentId,
    deployedAt: input.now,
  };
  await insertChildDeployment(tx, 'cmmn', deployment, resources);
  const definitions: CaseDefinitionRow[] = [];
  for (const { resourceName, definitions: parsed } of files)
    for (const model of parsed.cases) {
      const version = await nextDefinitionVersion(tx, 'cmmn', model.key, input.tenantId);
      const definition: CaseDefinitionRow = {
        id: `${model.key}:${version}:${newId()}`,
        key: model.key,
        version,
        name: model.name,
        description: model.documentation,
        category: parsed.targetNamespace,
        tenantId: input.tenantId,
        deploymentId: deployment.id,
        resourceName,
        hasStartFormKey: model.startFormKey !== null,
        createdAt: input.now,
      };
      await insertCaseDefinition(tx, definition);
      definitions.push(definition);
    }
  return { deployment, definitions };
};

/** The case engine as a child deployer of process and app deployments. */
export const caseChildDeployer: ChildDeployer = {
  engine: 'case',
  accepts: isCmmnResource,
  read: async (resources) => {
    const { files, problems } = await readCmmnResources(resources);
    return {
      problems,
      store: async (tx, parent) => {
        await storeCaseDeployment(tx, parent, resources, files);
      },
    };
  },
  // the parent's delete ends the cases still running on its case models, each in a command of its own
  endRunning: async (engine, parentDeploymentId) => {
    const { terminateCaseInstance } = await import('../case-commands.ts');
    for (const caseId of await runningCaseIdsOfParent(engine.services.db, parentDeploymentId))
      await terminateCaseInstance(engine, caseId);
  },
  deleteChildren: async (tx, parentDeploymentId) => {
    // without cascade (nothing ended first) a case still running keeps the deployment
    const running = await runningCaseIdsOfParent(tx, parentDeploymentId);
    if (running.length > 0)
      throw new WeirError(
        'WEIR_CONFLICT',
        `Deployment '${parentDeploymentId}' has ${running.length} running case instance(s); delete with cascade=true to remove them too`,
      );
    await deleteChildDeploymentsOf(tx, 'cmmn', parentDeploymentId);
  },
};
