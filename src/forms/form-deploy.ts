/**
 * Deploying forms: `.form` resources are read and checked before anything is stored (every
 * problem at once), then stored as a form deployment with a new version of each form key, in
 * the caller's transaction. A process deployment that carries `.form` files gets a child form
 * deployment (its `parentDeploymentId`), as in Flowable.
 */
import { WeirError } from '../errors.ts';
import { newId } from '../engine/ids.ts';
import type { Queryable } from '../persistence/database.ts';
import {
  insertFormDefinition,
  type FormDefinitionRow,
  type FormDeploymentRow,
} from '../persistence/forms-sql.ts';
import {
  deleteChildDeploymentsOf,
  insertChildDeployment,
  nextDefinitionVersion,
} from '../persistence/child-deployments-sql.ts';
import { asProblems, type ChildDeployer } from '../engine/child-deployers.ts';
import { isFormResource, parseFormDefinition, type FormModel } from './form-model.ts';

export interface FormResource {
  readonly name: string;
  readonly content: Uint8Array;
}

export interface ParsedForm {
  readonly resourceName: string;
  readonly model: FormModel;
}

/** Read every `.form` resource; `problems` names each file, field and mistake. */
export const readFormResources = (
  resources: readonly FormResource[],
): { forms: ParsedForm[]; problems: string[] } => {
  const forms: ParsedForm[] = [];
  const problems: string[] = [];
  const keys = new Map<string, string>();
  for (const resource of resources.filter((r) => isFormResource(r.name))) {
    const parsed = parseFormDefinition(resource.name, Buffer.from(resource.content).toString('utf8'));
    problems.push(...parsed.problems);
    if (!parsed.model) continue;
    const other = keys.get(parsed.model.key);
    if (other !== undefined)
      problems.push(`${resource.name}: form key '${parsed.model.key}' is also defined by ${other}`);
    keys.set(parsed.model.key, resource.name);
    forms.push({ resourceName: resource.name, model: parsed.model });
  }
  return { forms, problems };
};

export const formDeploymentInvalid = (name: string | null | undefined, problems: readonly string[]) =>
  new WeirError(
    'WEIR_DEPLOYMENT_INVALID',
    `Form deployment${name ? ` '${name}'` : ''} is invalid:\n${problems.join('\n')}`,
    { details: problems.map((message) => ({ message })) },
  );

export interface StoredForms {
  readonly deployment: FormDeploymentRow;
  readonly definitions: FormDefinitionRow[];
}

/** Store a form deployment, its resources and a new version of each form, in `tx`. */
export const storeFormDeployment = async (
  tx: Queryable,
  input: {
    name: string | null;
    category: string | null;
    tenantId: string;
    parentDeploymentId: string | null;
    now: Date;
  },
  resources: readonly FormResource[],
  forms: readonly ParsedForm[],
): Promise<StoredForms> => {
  const deployment: FormDeploymentRow = {
    id: newId(),
    name: input.name,
    category: input.category,
    tenantId: input.tenantId,
    parentDeploymentId: input.parentDeploymentId,
    deployedAt: input.now,
  };
  await insertChildDeployment(tx, 'form', deployment, resources);
  const definitions: FormDefinitionRow[] = [];
  for (const { resourceName, model } of forms) {
    const version = await nextDefinitionVersion(tx, 'form', model.key, input.tenantId);
    const definition: FormDefinitionRow = {
      id: `${model.key}:${version}:${newId()}`,
      key: model.key,
      version,
      name: model.name,
      description: model.description,
      category: null,
      tenantId: input.tenantId,
      deploymentId: deployment.id,
      resourceName,
      model,
      createdAt: input.now,
    };
    await insertFormDefinition(tx, definition);
    definitions.push(definition);
  }
  return { deployment, definitions };
};

/** The form engine as a child deployer of process and app deployments. */
export const formChildDeployer: ChildDeployer = {
  engine: 'form',
  accepts: isFormResource,
  read: (resources) => {
    const { forms, problems } = readFormResources(resources);
    return Promise.resolve({
      problems: asProblems(problems),
      store: async (tx, parent) => {
        await storeFormDeployment(tx, parent, resources, forms);
      },
    });
  },
  deleteChildren: (tx, parentDeploymentId) => deleteChildDeploymentsOf(tx, 'form', parentDeploymentId),
};
