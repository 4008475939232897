/** REST reads of the repository: deployments, their resources, process definitions; deleting a deployment. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import type { DeploymentRow, ProcessDefinitionRow } from '../engine/runtime-types.ts';

export interface DeploymentFilter {
  id?: string;
  name?: string;
  nameLike?: string;
  category?: string;
  categoryNotEquals?: string;
  parentDeploymentId?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const deploymentSorts = {
  id: 'id',
  name: 'name',
  deployTime: 'deployed_at',
  tenantId: 'tenant_id',
} as const;

export const listDeployments = (
  db: Queryable,
  f: DeploymentFilter,
  page: PageRequest,
): Promise<PagedResult<DeploymentRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.name, 'name = $?')
    .when(f.nameLike, 'name LIKE $?')
    .when(f.category, 'category = $?')
    .when(f.categoryNotEquals, 'category IS DISTINCT FROM $?')
    .when(f.parentDeploymentId, 'parent_deployment_id = $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_deployment', where, sorts: deploymentSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<DeploymentRow>(r),
  );
};

export interface ResourceInfo {
  deploymentId: string;
  name: string;
  size: number;
}

export const resourcesOfDeployment = async (db: Queryable, deploymentId: string): Promise<ResourceInfo[]> => {
  const { rows } = await db.query(
    `SELECT deployment_id, name, octet_length(content) AS size FROM weir_resource WHERE deployment_id = $1 ORDER BY name`,
    [deploymentId],
  );
  return rows.map((r) => toCamelRow<ResourceInfo>(r));
};

export interface DefinitionFilter {
  id?: string;
  key?: string;
  keyLike?: string;
  name?: string;
  nameLike?: string;
  version?: number;
  category?: string;
  categoryLike?: string;
  categoryNotEquals?: string;
  deploymentId?: string;
  resourceName?: string;
  resourceNameLike?: string;
  latest?: boolean;
  suspended?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** definitions this (non-admin) user may start: a candidate starter, or none named */
  startableByUser?: string;
}

/** Candidate starters decide who may start a definition; one naming none may be started by anyone. */
const STARTABLE_BY_USER = `NOT EXISTS (SELECT 1 FROM weir_candidate_starter s WHERE s.definition_id = d.id)
  OR EXISTS (SELECT 1 FROM weir_candidate_starter s WHERE s.definition_id = d.id
    AND (s.user_id = $? OR s.group_id IN (SELECT m.group_id FROM weir_idm_membership m WHERE m.user_id = $?)))`;

export const definitionSorts = {
  id: 'd.id',
  key: 'd.key',
  name: 'd.name',
  category: 'd.category',
  deploymentId: 'd.deployment_id',
  version: 'd.version',
  tenantId: 'd.tenant_id',
} as const;

export const listProcessDefinitions = (
  db: Queryable,
  f: DefinitionFilter,
  page: PageRequest,
): Promise<PagedResult<ProcessDefinitionRow>> => {
  const where = new Conditions()
    .when(f.id, 'd.id = $?')
    .when(f.key, 'd.key = $?')
    .when(f.keyLike, 'd.key LIKE $?')
    .when(f.name, 'd.name = $?')
    .when(f.nameLike, 'd.name LIKE $?')
    .when(f.version, 'd.version = $?')
    .when(f.category, 'd.category = $?')
    .when(f.categoryLike, 'd.category LIKE $?')
    .when(f.categoryNotEquals, 'd.category IS DISTINCT FROM $?')
    .when(f.deploymentId, 'd.deployment_id = $?')
    .when(f.resourceName, 'd.resource_name = $?')
    .when(f.resourceNameLike, 'd.resource_name LIKE $?')
    .when(f.tenantId, 'd.tenant_id = $?')
    .when(f.tenantIdLike, 'd.tenant_id LIKE $?');
  if (f.suspended !== undefined) where.add('d.suspended = $?', f.suspended);
  if (f.withoutTenantId) where.add(`d.tenant_id = ''`);
  if (f.startableByUser !== undefined) where.add(STARTABLE_BY_USER, f.startableByUser, f.startableByUser);
  if (f.latest) {
    where.add(
      'd.version = (SELECT max(l.version) FROM weir_process_definition l WHERE l.key = d.key AND l.tenant_id = d.tenant_id)',
    );
  }
  return pagedQuery(
    db,
    {
      columns: 'd.*',
      from: 'weir_process_definition d',
      where,
      sorts: definitionSorts,
      tieBreaker: 'd.id',
      page,
    },
    (r) => toCamelRow<ProcessDefinitionRow>(r),
  );
};

/** Root instances still running on a deployment's definitions: what `cascade` must delete first. */
export const runningRootInstancesOfDeployment = async (
  db: Queryable,
  deploymentId: string,
): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT i.root_id AS id FROM weir_process_instance i JOIN weir_process_definition d ON d.id = i.definition_id
     WHERE d.deployment_id = $1`,
    [deploymentId],
  );
  return rows.map((r) => r.id);
};

/**
 * Delete a deployment with its resources and definitions (by foreign-key cascade), the start
 * events its definitions subscribed, their timer-start jobs and, with `withHistory`, the
 * history of their instances. Runtime instances must be gone already. Answers whether the
 * deployment existed and the instances whose history went (for the search index).
 */
export const deleteDeploymentCascade = async (
  db: Queryable,
  deploymentId: string,
  withHistory: boolean,
): Promise<{ deleted: boolean; historicInstanceIds: string[] }> => {
  let historicInstanceIds: string[] = [];
  const definitions = `SELECT id FROM weir_process_definition WHERE deployment_id = $1`;
  await db.query(`DELETE FROM weir_event_subscription WHERE definition_id IN (${definitions})`, [
    deploymentId,
  ]);
  await db.query(`DELETE FROM weir_job WHERE definition_id IN (${definitions})`, [deploymentId]);
  if (withHistory) {
    const instances = `SELECT id FROM weir_hi_process_instance WHERE definition_id IN (${definitions})`;
    await db.query(`DELETE FROM weir_hi_variable_update WHERE process_instance_id IN (${instances})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_hi_variable_instance WHERE process_instance_id IN (${instances})`, [
      deploymentId,
    ]);
    // what was recorded about the definitions' tasks goes before the tasks' rows that name them
    const tasks = `SELECT id FROM weir_hi_task_instance WHERE definition_id IN (${definitions})`;
    await db.query(`DELETE FROM weir_hi_identity_link WHERE task_id IN (${tasks})`, [deploymentId]);
    await db.query(`DELETE FROM weir_hi_identity_link WHERE process_instance_id IN (${instances})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_hi_task_log_entry WHERE process_definition_id IN (${definitions})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_comment WHERE task_id IN (${tasks})`, [deploymentId]);
    await db.query(`DELETE FROM weir_attachment WHERE process_instance_id IN (${instances})`, [deploymentId]);
    await db.query(`DELETE FROM weir_content_item WHERE process_instance_id IN (${instances})`, [
      deploymentId,
    ]);

    await db.query(`DELETE FROM weir_variable_bytes WHERE process_instance_id IN (${instances})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_hi_task_instance WHERE definition_id IN (${definitions})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_hi_activity_instance WHERE definition_id IN (${definitions})`, [
      deploymentId,
    ]);
    await db.query(`DELETE FROM weir_comment WHERE process_instance_id IN (${instances})`, [deploymentId]);
    const { rows } = await db.query<{ id: string }>(
      `DELETE FROM weir_hi_process_instance WHERE definition_id IN (${definitions}) RETURNING id`,
      [deploymentId],
    );
    historicInstanceIds = rows.map((r) => r.id);
  }
  const { rowCount } = await db.query(`DELETE FROM weir_deployment WHERE id = $1`, [deploymentId]);
  return { deleted: rowCount > 0, historicInstanceIds };
};
