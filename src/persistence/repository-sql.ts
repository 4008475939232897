/** Deployments, their resources and process definitions. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { prepared } from './prepared.ts';
import type { DeploymentRow, ProcessDefinitionRow } from '../engine/runtime-types.ts';

export interface ResourceRow {
  deploymentId: string;
  name: string;
  content: Uint8Array;
  sha256: string;
}

export const insertDeployment = async (db: Queryable, d: DeploymentRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_deployment (id, name, category, key, tenant_id, parent_deployment_id, deployed_at,
       derived_from, derived_from_root)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      d.id,
      d.name,
      d.category,
      d.key,
      d.tenantId,
      d.parentDeploymentId,
      d.deployedAt,
      d.derivedFrom ?? null,
      d.derivedFromRoot ?? null,
    ],
  );
};

export const insertResource = async (db: Queryable, r: ResourceRow): Promise<void> => {
  await db.query(`INSERT INTO weir_resource (deployment_id, name, content, sha256) VALUES ($1, $2, $3, $4)`, [
    r.deploymentId,
    r.name,
    r.content,
    r.sha256,
  ]);
};

export const insertProcessDefinition = async (db: Queryable, p: ProcessDefinitionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_process_definition (id, key, version, name, description, category, tenant_id,
       deployment_id, resource_name, has_start_form_key, start_form_key, has_graphical_notation, suspended, created_at,
       derived_from, derived_from_root, derived_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      p.id,
      p.key,
      p.version,
      p.name,
      p.description,
      p.category,
      p.tenantId,
      p.deploymentId,
      p.resourceName,
      p.hasStartFormKey,
      p.startFormKey,
      p.hasGraphicalNotation,
      p.suspended,
      p.createdAt,
      p.derivedFrom ?? null,
      p.derivedFromRoot ?? null,
      p.derivedVersion ?? 0,
    ],
  );
};

/**
 * SQL for the deployment whose children a process deployment's forms and decisions are, given
 * the parameter naming the process deployment: the app deployment that carried it, else itself
 * (Flowable's `getDefinitionDeploymentId`). A fixed fragment; the id is only ever a parameter.
 */
export const deploymentFamilyOf = (param: '$3'): string =>
  `coalesce((SELECT p.parent_deployment_id FROM weir_deployment p WHERE p.id = ${param}), ${param})`;

/** The process deployments another deployment (an app's) carried. */
export const childDeploymentIdsOf = async (db: Queryable, parentDeploymentId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_deployment WHERE parent_deployment_id = $1 ORDER BY id`,
    [parentDeploymentId],
  );
  return rows.map((r) => r.id);
};

/** Serialises deployments of one key: two nodes deploying version N+1 at once must not both win. */
export const lockDefinitionKey = async (db: Queryable, key: string, tenantId: string): Promise<void> => {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('weir.definition:' || $1 || ':' || $2))`, [
    key,
    tenantId,
  ]);
};

export const latestVersionOf = async (db: Queryable, key: string, tenantId: string): Promise<number> => {
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM weir_process_definition WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return rows[0]?.v ?? 0;
};

/** The highest derived version of a key in a tenant (0 when none was derived yet). */
export const latestDerivedVersionOf = async (
  db: Queryable,
  key: string,
  tenantId: string,
): Promise<number> => {
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(derived_version) AS v FROM weir_process_definition WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return rows[0]?.v ?? 0;
};

export const latestDeploymentNamed = async (
  db: Queryable,
  name: string,
  tenantId: string,
): Promise<DeploymentRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_deployment WHERE name = $1 AND tenant_id = $2 ORDER BY deployed_at DESC, id DESC LIMIT 1`,
    [name, tenantId],
  );
  return rows[0] ? toCamelRow<DeploymentRow>(rows[0]) : undefined;
};

export const resourceHashes = async (db: Queryable, deploymentId: string): Promise<Map<string, string>> => {
  const { rows } = await db.query<{ name: string; sha256: string }>(
    `SELECT name, sha256 FROM weir_resource WHERE deployment_id = $1`,
    [deploymentId],
  );
  return new Map(rows.map((r) => [r.name, r.sha256]));
};

export const getResource = async (
  db: Queryable,
  deploymentId: string,
  name: string,
): Promise<ResourceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_resource WHERE deployment_id = $1 AND name = $2`, [
    deploymentId,
    name,
  ]);
  return rows[0] ? toCamelRow<ResourceRow>(rows[0]) : undefined;
};

export const getDeployment = async (db: Queryable, id: string): Promise<DeploymentRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_deployment WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<DeploymentRow>(rows[0]) : undefined;
};

export const getProcessDefinition = async (
  db: Queryable,
  id: string,
): Promise<ProcessDefinitionRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_process_definition WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<ProcessDefinitionRow>(rows[0]) : undefined;
};

export const latestProcessDefinition = async (
  db: Queryable,
  key: string,
  tenantId: string,
): Promise<ProcessDefinitionRow | undefined> => {
  const { rows } = await db.query(
    prepared(
      `SELECT * FROM weir_process_definition WHERE key = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
    ),
    [key, tenantId],
  );
  return rows[0] ? toCamelRow<ProcessDefinitionRow>(rows[0]) : undefined;
};

export const definitionsOfDeployment = async (
  db: Queryable,
  deploymentId: string,
): Promise<ProcessDefinitionRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_process_definition WHERE deployment_id = $1 ORDER BY key`,
    [deploymentId],
  );
  return rows.map((r) => toCamelRow<ProcessDefinitionRow>(r));
};

export const setDefinitionSuspended = async (
  db: Queryable,
  id: string,
  suspended: boolean,
): Promise<number> => {
  const { rowCount } = await db.query(`UPDATE weir_process_definition SET suspended = $2 WHERE id = $1`, [
    id,
    suspended,
  ]);
  return rowCount;
};
