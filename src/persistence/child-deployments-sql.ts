/**
 * What the engines beside the process engine (forms, decisions) store alike: a deployment of
 * their own (alone, or the child of a process deployment), its resources, and the next version
 * of a definition key, taken under a transaction-scoped advisory lock so that two nodes cannot
 * both take version N+1. Table names come from this fixed list only.
 */
import type { Queryable } from './database.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';

const TABLES = {
  form: {
    deployment: 'weir_form_deployment',
    resource: 'weir_form_resource',
    definition: 'weir_form_definition',
  },
  dmn: { deployment: 'weir_dmn_deployment', resource: 'weir_dmn_resource', definition: 'weir_dmn_decision' },
  cmmn: {
    deployment: 'weir_cmmn_deployment',
    resource: 'weir_cmmn_resource',
    definition: 'weir_cmmn_case_definition',
  },
} as const;

export type ChildEngine = keyof typeof TABLES;

export interface ChildDeploymentRow {
  id: string;
  name: string | null;
  category: string | null;
  tenantId: string;
  parentDeploymentId: string | null;
  deployedAt: Date;
}

/** Insert the deployment row and each of its resources. */
export const insertChildDeployment = async (
  db: Queryable,
  engine: ChildEngine,
  d: ChildDeploymentRow,
  resources: readonly { name: string; content: Uint8Array }[],
): Promise<void> => {
  const tables = TABLES[engine];
  await db.query(
    `INSERT INTO ${tables.deployment} (id, name, category, tenant_id, parent_deployment_id, deployed_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [d.id, d.name, d.category, d.tenantId, d.parentDeploymentId, d.deployedAt],
  );
  for (const r of resources)
    await db.query(`INSERT INTO ${tables.resource} (deployment_id, name, content) VALUES ($1, $2, $3)`, [
      d.id,
      r.name,
      r.content,
    ]);
};

/** The version the next definition of `key` takes; holds the key's lock until the transaction ends. */
export const nextDefinitionVersion = async (
  db: Queryable,
  engine: ChildEngine,
  key: string,
  tenantId: string,
): Promise<number> => {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2 || ':' || $3))`, [
    `weir.${engine}`,
    key,
    tenantId,
  ]);
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM ${TABLES[engine].definition} WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return (rows[0]?.v ?? 0) + 1;
};

export const getChildDeployment = async (
  db: Queryable,
  engine: ChildEngine,
  id: string,
): Promise<ChildDeploymentRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM ${TABLES[engine].deployment} WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<ChildDeploymentRow>(rows[0]) : undefined;
};

/** Delete a deployment with its resources and definitions; false when there was none. */
export const deleteChildDeployment = async (
  db: Queryable,
  engine: ChildEngine,
  id: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(`DELETE FROM ${TABLES[engine].deployment} WHERE id = $1`, [id]);
  return (rowCount ?? 0) > 0;
};

/** Delete every deployment a parent (a process or app deployment) carried, with what it defines. */
export const deleteChildDeploymentsOf = async (
  db: Queryable,
  engine: ChildEngine,
  parentDeploymentId: string,
): Promise<void> => {
  await db.query(`DELETE FROM ${TABLES[engine].deployment} WHERE parent_deployment_id = $1`, [
    parentDeploymentId,
  ]);
};

export const childDeploymentSorts = {
  id: 'id',
  name: 'name',
  deployTime: 'deployed_at',
  tenantId: 'tenant_id',
};

export interface ChildDeploymentFilter {
  name?: string;
  nameLike?: string;
  category?: string;
  categoryNotEquals?: string;
  parentDeploymentId?: string;
  parentDeploymentIdLike?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const listChildDeployments = (
  db: Queryable,
  engine: ChildEngine,
  f: ChildDeploymentFilter,
  page: PageRequest,
): Promise<PagedResult<ChildDeploymentRow>> => {
  const where = new Conditions()
    .when(f.name, 'name = $?')
    .when(f.nameLike, 'name LIKE $?')
    .when(f.category, 'category = $?')
    .when(f.categoryNotEquals, 'category IS DISTINCT FROM $?')
    .when(f.parentDeploymentId, 'parent_deployment_id = $?')
    .when(f.parentDeploymentIdLike, 'parent_deployment_id LIKE $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    {
      columns: '*',
      from: TABLES[engine].deployment,
      where,
      sorts: childDeploymentSorts,
      tieBreaker: 'id',
      page,
    },
    (r) => toCamelRow<ChildDeploymentRow>(r),
  );
};
