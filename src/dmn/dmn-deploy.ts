/**
 * Deploying decisions: `.dmn` / `.dmn.xml` resources are read and checked before anything is
 * stored (every problem at once), then stored as a DMN deployment with a new version of each
 * decision and decision service, keyed by its id, in the caller's transaction. A process
 * deployment that carries DMN files gets a child DMN deployment (its `parentDeploymentId`), as
 * in Flowable.
 */
import { newId } from '../engine/ids.ts';
import type { Queryable } from '../persistence/database.ts';
import {
  insertDecision,
  type DecisionType,
  type DmnDecisionRow,
  type DmnDeploymentRow,
} from '../persistence/dmn-sql.ts';
import {
  deleteChildDeploymentsOf,
  insertChildDeployment,
  nextDefinitionVersion,
} from '../persistence/child-deployments-sql.ts';
import { asProblems, type ChildDeployer } from '../engine/child-deployers.ts';
import { isDmnResource, parseDmn } from './index.ts';
import type { DmnDefinitions } from './types.ts';

export interface DmnResource {
  readonly name: string;
  readonly content: Uint8Array;
}

export interface ParsedDmnFile {
  readonly resourceName: string;
  readonly definitions: DmnDefinitions;
}

/** Read every DMN resource; `problems` names each file, decision, rule and column. */
export const readDmnResources = async (
  resources: readonly DmnResource[],
): Promise<{ files: ParsedDmnFile[]; problems: string[] }> => {
  const files: ParsedDmnFile[] = [];
  const problems: string[] = [];
  const keys = new Map<string, string>();
  for (const resource of resources.filter((r) => isDmnResource(r.name))) {
    const parsed = await parseDmn(resource.name, Buffer.from(resource.content).toString('utf8'));
    problems.push(...parsed.problems);
    if (parsed.definitions === undefined) continue;
    for (const key of [...parsed.definitions.decisions.keys(), ...parsed.definitions.services.keys()]) {
      const other = keys.get(key);
      if (other !== undefined)
        problems.push(`${resource.name}: decision key '${key}' is also defined by ${other}`);
      keys.set(key, resource.name);
    }
    files.push({ resourceName: resource.name, definitions: parsed.definitions });
  }
  return { files, problems };
};

export interface StoredDecisions {
  readonly deployment: DmnDeploymentRow;
  readonly decisions: DmnDecisionRow[];
}

/** The definitions a file deploys: each decision service, and each decision, with its type. */
const deployables = (definitions: DmnDefinitions) => [
  ...[...definitions.decisions.values()].map((decision) => ({
    key: decision.id,
    name: decision.name,
    type: (decision.logic.kind === 'decisionTable' ? 'decision_table' : 'literal_expression') as DecisionType,
  })),
  ...[...definitions.services.values()].map((service) => ({
    key: service.id,
    name: service.name,
    type: 'decision_service' as DecisionType,
  })),
];

/** Store a DMN deployment, its resources and a new version of each decision, in `tx`. */
export const storeDmnDeployment = async (
  tx: Queryable,
  input: {
    name: string | null;
    category: string | null;
    tenantId: string;
    parentDeploymentId: string | null;
    now: Date;
  },
  resources: readonly DmnResource[],
  files: readonly ParsedDmnFile[],
): Promise<StoredDecisions> => {
  const deployment: DmnDeploymentRow = {
    id: newId(),
    name: input.name,
    category: input.category,
    tenantId: input.tenantId,
    parentDeploymentId: input.parentDeploymentId,
    deployedAt: input.now,
  };
  await insertChildDeployment(tx, 'dmn', deployment, resources);
  const decisions: DmnDecisionRow[] = [];
  for (const { resourceName, definitions } of files) {
    for (const { key, name, type } of deployables(definitions)) {
      const version = await nextDefinitionVersion(tx, 'dmn', key, input.tenantId);
      const decision: DmnDecisionRow = {
        id: `${key}:${version}:${newId()}`,
        key,
        version,
        name,
        description: null,
        category: definitions.namespace,
        tenantId: input.tenantId,
        deploymentId: deployment.id,
        resourceName,
        decisionType: type,
        createdAt: input.now,
      };
      await insertDecision(tx, decision);
      decisions.push(decision);
    }
  }
  return { deployment, decisions };
};

/** The decision engine as a child deployer of process and app deployments. */
export const dmnChildDeployer: ChildDeployer = {
  engine: 'DMN',
  accepts: isDmnResource,
  read: async (resources) => {
    const { files, problems } = await readDmnResources(resources);
    return {
      problems: asProblems(problems),
      store: async (tx, parent) => {
        await storeDmnDeployment(tx, parent, resources, files);
      },
    };
  },
  deleteChildren: (tx, parentDeploymentId) => deleteChildDeploymentsOf(tx, 'dmn', parentDeploymentId),
};
