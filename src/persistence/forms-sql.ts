/** The form engine's rows: form deployments and resources, form definitions, form instances. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { deploymentFamilyOf } from './repository-sql.ts';
import {
  childDeploymentSorts,
  deleteChildDeployment,
  getChildDeployment,
  listChildDeployments,
  type ChildDeploymentFilter,
  type ChildDeploymentRow,
} from './child-deployments-sql.ts';
import { versionedDefinitionConditions, type VersionedDefinitionFilter } from './definition-filters-sql.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import type { FormModel } from '../forms/form-model.ts';

export type FormDeploymentRow = ChildDeploymentRow;

export interface FormDefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  description: string | null;
  category: string | null;
  tenantId: string;
  deploymentId: string;
  resourceName: string;
  model: FormModel;
  createdAt: Date;
}

export interface FormInstanceRow {
  id: string;
  formDefinitionId: string;
  taskId: string | null;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  scopeId: string | null;
  scopeType: string | null;
  scopeDefinitionId: string | null;
  submittedAt: Date;
  submittedBy: string | null;
  formValues: Record<string, unknown>;
  outcome: string | null;
  tenantId: string;
}

// --- writes -----------------------------------------------------------------------------------

export const insertFormDefinition = async (db: Queryable, f: FormDefinitionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_form_definition (id, key, version, name, description, category, tenant_id,
       deployment_id, resource_name, model, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      f.id,
      f.key,
      f.version,
      f.name,
      f.description,
      f.category,
      f.tenantId,
      f.deploymentId,
      f.resourceName,
      JSON.stringify(f.model),
      f.createdAt,
    ],
  );
};

export const deleteFormDeployment = (db: Queryable, id: string): Promise<boolean> =>
  deleteChildDeployment(db, 'form', id);

export const insertFormInstance = async (db: Queryable, f: FormInstanceRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_form_instance (id, form_definition_id, task_id, process_instance_id,
       process_definition_id, scope_id, scope_type, scope_definition_id, submitted_at, submitted_by,
       form_values, outcome, tenant_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      f.id,
      f.formDefinitionId,
      f.taskId,
      f.processInstanceId,
      f.processDefinitionId,
      f.scopeId,
      f.scopeType,
      f.scopeDefinitionId,
      f.submittedAt,
      f.submittedBy,
      JSON.stringify(f.formValues),
      f.outcome,
      f.tenantId,
    ],
  );
};

// --- reads ------------------------------------------------------------------------------------

export const getFormDeployment = (db: Queryable, id: string): Promise<FormDeploymentRow | undefined> =>
  getChildDeployment(db, 'form', id);

export const getFormResource = async (
  db: Queryable,
  deploymentId: string,
  name: string,
): Promise<Uint8Array | undefined> => {
  const { rows } = await db.query<{ content: Uint8Array }>(
    `SELECT content FROM weir_form_resource WHERE deployment_id = $1 AND name = $2`,
    [deploymentId, name],
  );
  return rows[0]?.content;
};

export const getFormDefinition = async (
  db: Queryable,
  id: string,
): Promise<FormDefinitionRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_form_definition WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<FormDefinitionRow>(rows[0]) : undefined;
};

/**
 * The form a `formKey` names, as Flowable finds it: the one deployed with the process (a child
 * of its deployment, or its sibling when an app deployment carried both) first, else the
 * latest version of the key in the tenant.
 */
export const formDefinitionForKey = async (
  db: Queryable,
  key: string,
  tenantId: string,
  parentDeploymentId: string | null,
): Promise<FormDefinitionRow | undefined> => {
  const { rows } = await db.query(
    `SELECT f.* FROM weir_form_definition f JOIN weir_form_deployment d ON d.id = f.deployment_id
     WHERE f.key = $1 AND f.tenant_id = $2
     ORDER BY (d.parent_deployment_id IS NOT DISTINCT FROM ${deploymentFamilyOf('$3')}) DESC, f.version DESC
     LIMIT 1`,
    [key, tenantId, parentDeploymentId],
  );
  return rows[0] ? toCamelRow<FormDefinitionRow>(rows[0]) : undefined;
};

export const getFormInstance = async (db: Queryable, id: string): Promise<FormInstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_form_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<FormInstanceRow>(rows[0]) : undefined;
};

/** The latest submission matching what is given (a task, an instance, a form). */
export const latestFormInstance = async (
  db: Queryable,
  match: { taskId?: string; processInstanceId?: string; formDefinitionIds?: readonly string[] },
): Promise<FormInstanceRow | undefined> => {
  const where = new Conditions()
    .when(match.taskId, 'task_id = $?')
    .when(match.processInstanceId, 'process_instance_id = $?')
    .when(match.formDefinitionIds, 'form_definition_id = ANY($?::text[])');
  const { rows } = await db.query(
    `SELECT * FROM weir_form_instance ${where.sql} ORDER BY submitted_at DESC, id DESC LIMIT 1`,
    where.params,
  );
  return rows[0] ? toCamelRow<FormInstanceRow>(rows[0]) : undefined;
};

export const formDefinitionIdsOfKey = async (
  db: Queryable,
  key: string,
  tenantId: string,
): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_form_definition WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return rows.map((r) => r.id);
};

// --- REST lists -------------------------------------------------------------------------------

export const formDeploymentSorts = childDeploymentSorts;
export type FormDeploymentFilter = ChildDeploymentFilter;
export const listFormDeployments = (
  db: Queryable,
  f: FormDeploymentFilter,
  page: PageRequest,
): Promise<PagedResult<FormDeploymentRow>> => listChildDeployments(db, 'form', f, page);

export const formDefinitionSorts = {
  id: 'f.id',
  key: 'f.key',
  category: 'f.category',
  name: 'f.name',
  version: 'f.version',
  deploymentId: 'f.deployment_id',
  tenantId: 'f.tenant_id',
};

export interface FormDefinitionFilter extends VersionedDefinitionFilter {
  parentDeploymentId?: string;
}

export const listFormDefinitions = (
  db: Queryable,
  f: FormDefinitionFilter,
  page: PageRequest,
): Promise<PagedResult<FormDefinitionRow>> => {
  const where = versionedDefinitionConditions(f, 'weir_form_definition', 'f').when(
    f.parentDeploymentId,
    'd.parent_deployment_id = $?',
  );
  return pagedQuery(
    db,
    {
      columns: 'f.*',
      from: 'weir_form_definition f JOIN weir_form_deployment d ON d.id = f.deployment_id',
      where,
      sorts: formDefinitionSorts,
      tieBreaker: 'f.id',
      page,
    },
    (r) => toCamelRow<FormDefinitionRow>(r),
  );
};

export const formInstanceSorts = { submittedDate: 'submitted_at', tenantId: 'tenant_id' };

export interface FormInstanceFilter {
  id?: string;
  formDefinitionId?: string;
  formDefinitionIdLike?: string;
  taskId?: string;
  taskIdLike?: string;
  processInstanceId?: string;
  processInstanceIdLike?: string;
  processDefinitionId?: string;
  processDefinitionIdLike?: string;
  scopeId?: string;
  scopeType?: string;
  scopeDefinitionId?: string;
  submittedBy?: string;
  submittedByLike?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** a person who is not an admin sees only what they submitted */
  visibleTo?: string;
}

export const listFormInstances = (
  db: Queryable,
  f: FormInstanceFilter,
  page: PageRequest,
): Promise<PagedResult<FormInstanceRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.formDefinitionId, 'form_definition_id = $?')
    .when(f.formDefinitionIdLike, 'form_definition_id LIKE $?')
    .when(f.taskId, 'task_id = $?')
    .when(f.taskIdLike, 'task_id LIKE $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(f.processInstanceIdLike, 'process_instance_id LIKE $?')
    .when(f.processDefinitionId, 'process_definition_id = $?')
    .when(f.processDefinitionIdLike, 'process_definition_id LIKE $?')
    .when(f.scopeId, 'scope_id = $?')
    .when(f.scopeType, 'scope_type = $?')
    .when(f.scopeDefinitionId, 'scope_definition_id = $?')
    .when(f.submittedBy, 'submitted_by = $?')
    .when(f.submittedByLike, 'submitted_by LIKE $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?')
    .when(f.visibleTo, 'submitted_by = $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_form_instance', where, sorts: formInstanceSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<FormInstanceRow>(r),
  );
};
