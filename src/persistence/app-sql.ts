/** The app engine's rows: app deployments, their resources, versioned app definitions. */
import type { Queryable } from './database.ts';
import { versionedDefinitionConditions, type VersionedDefinitionFilter } from './definition-filters-sql.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';
import type { AppModel } from '../app/app-model.ts';

export interface AppDeploymentRow {
  id: string;
  name: string | null;
  category: string | null;
  key: string | null;
  tenantId: string;
  deployedAt: Date;
}

export interface AppDefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  description: string | null;
  category: string | null;
  tenantId: string;
  deploymentId: string;
  resourceName: string;
  model: AppModel;
  createdAt: Date;
}

export const insertAppDeployment = async (
  db: Queryable,
  d: AppDeploymentRow,
  resources: readonly { name: string; content: Uint8Array }[],
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_app_deployment (id, name, category, key, tenant_id, deployed_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [d.id, d.name, d.category, d.key, d.tenantId, d.deployedAt],
  );
  for (const r of resources)
    await db.query(`INSERT INTO weir_app_resource (deployment_id, name, content) VALUES ($1, $2, $3)`, [
      d.id,
      r.name,
      r.content,
    ]);
};

/** The version the next app definition of `key` takes; holds the key's lock until the transaction ends. */
export const nextAppVersion = async (db: Queryable, key: string, tenantId: string): Promise<number> => {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('weir.app:' || $1 || ':' || $2))`, [key, tenantId]);
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM weir_app_definition WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return (rows[0]?.v ?? 0) + 1;
};

export const insertAppDefinition = async (db: Queryable, a: AppDefinitionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_app_definition (id, key, version, name, description, category, tenant_id,
       deployment_id, resource_name, model, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.id,
      a.key,
      a.version,
      a.name,
      a.description,
      a.category,
      a.tenantId,
      a.deploymentId,
      a.resourceName,
      JSON.stringify(a.model),
      a.createdAt,
    ],
  );
};

export const getAppDeployment = async (db: Queryable, id: string): Promise<AppDeploymentRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_app_deployment WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<AppDeploymentRow>(rows[0]) : undefined;
};

/** false when there was none; its resources and definition go with it (foreign keys). */
export const deleteAppDeployment = async (db: Queryable, id: string): Promise<boolean> => {
  const { rowCount } = await db.query(`DELETE FROM weir_app_deployment WHERE id = $1`, [id]);
  return (rowCount ?? 0) > 0;
};

export const appResourceNames = async (db: Queryable, deploymentId: string): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM weir_app_resource WHERE deployment_id = $1 ORDER BY name`,
    [deploymentId],
  );
  return rows.map((r) => r.name);
};

export const getAppResource = async (
  db: Queryable,
  deploymentId: string,
  name: string,
): Promise<Uint8Array | undefined> => {
  const { rows } = await db.query<{ content: Uint8Array }>(
    `SELECT content FROM weir_app_resource WHERE deployment_id = $1 AND name = $2`,
    [deploymentId, name],
  );
  return rows[0]?.content;
};

export const getAppDefinition = async (db: Queryable, id: string): Promise<AppDefinitionRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_app_definition WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<AppDefinitionRow>(rows[0]) : undefined;
};

export const setAppDefinitionCategory = async (
  db: Queryable,
  id: string,
  category: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(`UPDATE weir_app_definition SET category = $2 WHERE id = $1`, [
    id,
    category,
  ]);
  return (rowCount ?? 0) > 0;
};

export const appDeploymentSorts = {
  id: 'id',
  name: 'name',
  deployTime: 'deployed_at',
  tenantId: 'tenant_id',
};

export interface AppDeploymentFilter {
  name?: string;
  nameLike?: string;
  category?: string;
  categoryNotEquals?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const listAppDeployments = (
  db: Queryable,
  f: AppDeploymentFilter,
  page: PageRequest,
): Promise<PagedResult<AppDeploymentRow>> => {
  const where = new Conditions()
    .when(f.name, 'name = $?')
    .when(f.nameLike, 'name LIKE $?')
    .when(f.category, 'category = $?')
    .when(f.categoryNotEquals, 'category IS DISTINCT FROM $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_app_deployment', where, sorts: appDeploymentSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<AppDeploymentRow>(r),
  );
};

export const appDefinitionSorts = {
  id: 'id',
  key: 'key',
  category: 'category',
  name: 'name',
  version: 'version',
  deploymentId: 'deployment_id',
  tenantId: 'tenant_id',
};

export type AppDefinitionFilter = VersionedDefinitionFilter;

export const listAppDefinitions = (
  db: Queryable,
  f: AppDefinitionFilter,
  page: PageRequest,
): Promise<PagedResult<AppDefinitionRow>> => {
  const where = versionedDefinitionConditions(f, 'weir_app_definition', 'a');
  return pagedQuery(
    db,
    {
      columns: 'a.*',
      from: 'weir_app_definition a',
      where,
      sorts: appDefinitionSorts,
      tieBreaker: 'a.id',
      page,
    },
    (r) => toCamelRow<AppDefinitionRow>(r),
  );
};
