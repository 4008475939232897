/**
 * The filters Flowable's lists of versioned definitions share (form definitions, app
 * definitions: `FormDefinitionCollectionResource`, `AppDefinitionCollectionResource`): category,
 * key, name and resource name (each exact or LIKE), version bounds, deployment, tenant, latest.
 * The table and its alias come from the fixed lists below only.
 */
import { Conditions } from './rest-query-sql.ts';

export interface VersionedDefinitionFilter {
  category?: string;
  categoryLike?: string;
  categoryNotEquals?: string;
  key?: string;
  keyLike?: string;
  name?: string;
  nameLike?: string;
  resourceName?: string;
  resourceNameLike?: string;
  version?: number;
  versionGreaterThan?: number;
  versionGreaterThanOrEquals?: number;
  versionLowerThan?: number;
  versionLowerThanOrEquals?: number;
  deploymentId?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  latest?: boolean;
}

export const versionedDefinitionConditions = (
  f: VersionedDefinitionFilter,
  table: 'weir_form_definition' | 'weir_app_definition',
  alias: 'f' | 'a',
): Conditions => {
  const where = new Conditions()
    .when(f.category, `${alias}.category = $?`)
    .when(f.categoryLike, `${alias}.category LIKE $?`)
    .when(f.categoryNotEquals, `${alias}.category IS DISTINCT FROM $?`)
    .when(f.key, `${alias}.key = $?`)
    .when(f.keyLike, `${alias}.key LIKE $?`)
    .when(f.name, `${alias}.name = $?`)
    .when(f.nameLike, `${alias}.name LIKE $?`)
    .when(f.resourceName, `${alias}.resource_name = $?`)
    .when(f.resourceNameLike, `${alias}.resource_name LIKE $?`)
    .when(f.version, `${alias}.version = $?`)
    .when(f.versionGreaterThan, `${alias}.version > $?`)
    .when(f.versionGreaterThanOrEquals, `${alias}.version >= $?`)
    .when(f.versionLowerThan, `${alias}.version < $?`)
    .when(f.versionLowerThanOrEquals, `${alias}.version <= $?`)
    .when(f.deploymentId, `${alias}.deployment_id = $?`)
    .when(f.tenantId, `${alias}.tenant_id = $?`)
    .when(f.tenantIdLike, `${alias}.tenant_id LIKE $?`);
  if (f.withoutTenantId) where.add(`${alias}.tenant_id = ''`);
  if (f.latest)
    where.add(
      `${alias}.version = (SELECT max(l.version) FROM ${table} l WHERE l.key = ${alias}.key AND l.tenant_id = ${alias}.tenant_id)`,
    );
  return where;
};
