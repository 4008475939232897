/**
 * Deploying an app, as Flowable's app engine does: the app deployment keeps every resource it
 * was given; its `.app` model becomes a new version of the app definition of its key (in its
 * tenant); its `.bpmn20.xml`/`.bpmn`, `.dmn` and `.form` resources become a process, a DMN and
 * a form deployment whose `parentDeploymentId` is the app deployment (the registered child
 * deployers, so `.cmmn` joins once the case engine registers). Every resource is read and
 * checked first, all problems at once; then everything is stored in one transaction, so an app
 * refused by any engine leaves nothing behind.
 *
 * A model whose engine Weir lacks (a case model, an event or channel definition) is refused
 * by name rather than kept as an inert resource: Flowable would deploy it.
 */
import { WeirError } from '../errors.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import { childDeployers } from '../engine/child-deployer-registry.ts';
import type { ChildDeployer, ChildResource, ReadChildResources } from '../engine/child-deployers.ts';
import { refuseInvalid } from '../engine/deploy.ts';
import type { Engine } from '../engine/engine.ts';
import { newId } from '../engine/ids.ts';
import { processChildDeployer } from '../engine/process-child-deployer.ts';
import type { ValidationProblem } from '../model/types.ts';
import type { Transaction } from '../persistence/database.ts';
import {
  insertAppDefinition,
  insertAppDeployment,
  nextAppVersion,
  type AppDefinitionRow,
  type AppDeploymentRow,
} from '../persistence/app-sql.ts';
import { isAppResource, readAppModel, type AppModel } from './app-model.ts';

export interface AppDeployInput {
  readonly name: string | null;
  readonly category: string | null;
  readonly key: string | null;
  readonly tenantId: string;
  readonly resources: readonly ChildResource[];
}

export interface DeployedApp {
  readonly deployment: AppDeploymentRow;
  /** null for an archive without a `.app` model (Flowable deploys its children all the same) */
  readonly definition: AppDefinitionRow | null;
}

/** The engines an app's resources go to: the process engine, then every registered one. */
export const appChildDeployers = (): readonly ChildDeployer[] => [processChildDeployer, ...childDeployers()];

/** Kinds of model Flowable's app engine hands to an engine Weir does not have. */
const enginelessKinds = [
  { suffix: /\.(cmmn|cmmn11|cmmn\.xml|cmmn11\.xml)$/i, what: 'a CMMN case model', engine: 'a case engine' },
  { suffix: /\.event$/i, what: 'an event definition', engine: 'an event registry' },
  { suffix: /\.channel$/i, what: 'a channel definition', engine: 'an event registry' },
];

const enginelessProblems = (resources: readonly ChildResource[]): ValidationProblem[] =>
  resources.flatMap((r) => {
    if (appChildDeployers().some((d) => d.accepts(r.name))) return [];
    const kind = enginelessKinds.find((k) => k.suffix.test(r.name));
    return kind
      ? [
          {
            resource: r.name,
            message: `${kind.what}, which needs ${kind.engine} this server does not have`,
          },
        ]
      : [];
  });

const readApp = (
  resources: readonly ChildResource[],
): { problems: string[]; model?: AppModel; resourceName?: string } => {
  const apps = resources.filter((r) => isAppResource(r.name));
  if (apps.length > 1)
    return {
      problems: [`An app deployment holds one app model; this one has ${apps.map((r) => r.name).join(', ')}`],
    };
  if (apps.length === 0) return { problems: [] };
  const read = readAppModel(apps[0].name, apps[0].content);
  return { ...read, resourceName: apps[0].name };
};

export const deployApp = async (
  engine: Engine,
  input: AppDeployInput,
  by: Principal,
): Promise<DeployedApp> => {
  requireDeployer(by, 'deploy', 'apps');
  const { resources } = input;
  if (resources.length === 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'No file content was found in request body.');
  const names = new Set<string>();
  for (const r of resources) {
    if (names.has(r.name))
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Resource '${r.name}' appears twice in the deployment`);
    names.add(r.name);
  }
  const problems: ValidationProblem[] = enginelessProblems(resources);
  const app = readApp(resources);
  problems.push(...app.problems.map((message) => ({ message })));
  const children: ReadChildResources[] = [];
  for (const deployer of appChildDeployers()) {
    const accepted = resources.filter((r) => deployer.accepts(r.name));
    if (accepted.length === 0) continue;
    const read = await deployer.read(accepted, engine.services);
    problems.push(...read.problems);
    children.push(read);
  }
  refuseInvalid(`App deployment${input.name ? ` '${input.name}'` : ''}`, problems);
  return engine.db.transaction(async (tx) => {
    const now = engine.services.clock.now();
    const deployment: AppDeploymentRow = {
      id: newId(),
      name: input.name,
      category: input.category,
      key: input.key,
      tenantId: input.tenantId,
      deployedAt: now,
    };
    await insertAppDeployment(tx, deployment, resources);
    const definition =
      app.model && app.resourceName
        ? await storeAppDefinition(tx, deployment, app.model, app.resourceName)
        : null;
    // as Flowable's deployers: the children take the app's name, tenant and (process only) key
    const parent = {
      parentDeploymentId: deployment.id,
      name: deployment.name,
      category: null,
      key: deployment.key,
      tenantId: deployment.tenantId,
      now,
    };
    for (const child of children) await child.store(tx, parent);
    return { deployment, definition };
  });
};

const storeAppDefinition = async (
  tx: Transaction,
  deployment: AppDeploymentRow,
  model: AppModel,
  resourceName: string,
): Promise<AppDefinitionRow> => {
  const version = await nextAppVersion(tx, model.key, deployment.tenantId);
  const definition: AppDefinitionRow = {
    id: `${model.key}:${version}:${newId()}`,
    key: model.key,
    version,
    name: model.name,
    description: model.description,
    category: null,
    tenantId: deployment.tenantId,
    deploymentId: deployment.id,
    resourceName,
    model,
    createdAt: deployment.deployedAt,
  };
  await insertAppDefinition(tx, definition);
  return definition;
};
