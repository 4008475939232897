/** The decision engine's REST lists: decision definitions and historic decision executions. */
import type { Queryable } from './database.ts';
import type { DecisionExecutionRow, DmnDecisionRow } from './dmn-sql.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';

export const decisionSorts = {
  id: 'c.id',
  key: 'c.key',
  category: 'c.category',
  name: 'c.name',
  version: 'c.version',
  deploymentId: 'c.deployment_id',
  tenantId: 'c.tenant_id',
};

export interface DecisionFilter {
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
  deploymentId?: string;
  parentDeploymentId?: string;
  decisionType?: string;
  decisionTypeLike?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  latest?: boolean;
}

export const listDecisions = (
  db: Queryable,
  f: DecisionFilter,
  page: PageRequest,
): Promise<PagedResult<DmnDecisionRow>> => {
  const where = new Conditions()
    .when(f.category, 'c.category = $?')
    .when(f.categoryLike, 'c.category LIKE $?')
    .when(f.categoryNotEquals, 'c.category IS DISTINCT FROM $?')
    .when(f.key, 'c.key = $?')
    .when(f.keyLike, 'c.key LIKE $?')
    .when(f.name, 'c.name = $?')
    .when(f.nameLike, 'c.name LIKE $?')
    .when(f.resourceName, 'c.resource_name = $?')
    .when(f.resourceNameLike, 'c.resource_name LIKE $?')
    .when(f.version, 'c.version = $?')
    .when(f.deploymentId, 'c.deployment_id = $?')
    .when(f.parentDeploymentId, 'd.parent_deployment_id = $?')
    .when(f.decisionType, 'c.decision_type = $?')
    .when(f.decisionTypeLike, 'c.decision_type LIKE $?')
    .when(f.tenantId, 'c.tenant_id = $?')
    .when(f.tenantIdLike, 'c.tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`c.tenant_id = ''`);
  if (f.latest)
    where.add(
      `c.version = (SELECT max(l.version) FROM weir_dmn_decision l WHERE l.key = c.key AND l.tenant_id = c.tenant_id)`,
    );
  return pagedQuery(
    db,
    {
      columns: 'c.*',
      from: 'weir_dmn_decision c JOIN weir_dmn_deployment d ON d.id = c.deployment_id',
      where,
      sorts: decisionSorts,
      tieBreaker: 'c.id',
      page,
    },
    (r) => toCamelRow<DmnDecisionRow>(r),
  );
};

export const decisionExecutionSorts = {
  startTime: 'e.start_time',
  endTime: 'e.end_time',
  tenantId: 'e.tenant_id',
};

export interface DecisionExecutionFilter {
  id?: string;
  decisionDefinitionId?: string;
  deploymentId?: string;
  decisionKey?: string;
  activityId?: string;
  executionId?: string;
  instanceId?: string;
  processInstanceId?: string;
  /** runs of this process instance and of every instance under it (call activities) */
  processInstanceIdWithChildren?: string;
  /**
   * runs of this case and of everything started under it: processes of its process tasks (and
   * their call activities), child cases of its case tasks, at any depth
   */
  caseInstanceIdWithChildren?: string;
  scopeType?: string;
  withoutScopeType?: boolean;
  failed?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

/** An execution with the name and version of its decision, when the decision is still deployed. */
export type DecisionExecutionListRow = DecisionExecutionRow & {
  decisionName: string | null;
  decisionVersion: number | null;
};

export const listDecisionExecutions = (
  db: Queryable,
  f: DecisionExecutionFilter,
  page: PageRequest,
): Promise<PagedResult<DecisionExecutionListRow>> => {
  const where = new Conditions()
    .when(f.id, 'e.id = $?')
    .when(f.decisionDefinitionId, 'e.decision_definition_id = $?')
    .when(f.deploymentId, 'e.deployment_id = $?')
    .when(f.decisionKey, 'e.decision_key = $?')
    .when(f.activityId, 'e.activity_id = $?')
    .when(f.executionId, 'e.execution_id = $?')
    .when(f.instanceId, 'e.instance_id = $?')
    .when(f.processInstanceId, `e.instance_id = $? AND e.scope_type = 'bpmn'`)
    .when(
      f.processInstanceIdWithChildren,
      `e.scope_type = 'bpmn' AND e.instance_id IN (
         WITH RECURSIVE tree(id) AS (
           SELECT $?::text
           UNION SELECT h.id FROM weir_hi_process_instance h JOIN tree ON h.super_instance_id = tree.id)
         SELECT id FROM tree)`,
    )
    .when(
      f.caseInstanceIdWithChildren,
      `e.instance_id IN (
         WITH RECURSIVE tree(id) AS (
           SELECT $?::text
           UNION SELECT child.id FROM tree CROSS JOIN LATERAL (
             SELECT p.reference_id AS id FROM weir_cmmn_plan_item p
               WHERE p.case_instance_id = tree.id AND p.reference_type IN ('bpmn-process', 'cmmn-case')
                 AND p.reference_id IS NOT NULL
             UNION ALL SELECT h.id FROM weir_hi_process_instance h WHERE h.super_instance_id = tree.id) child)
         SELECT id FROM tree)`,
    )
    .when(f.scopeType, 'e.scope_type = $?')
    .when(f.failed, 'e.failed = $?')
    .when(f.tenantId, 'e.tenant_id = $?')
    .when(f.tenantIdLike, 'e.tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`e.tenant_id = ''`);
  if (f.withoutScopeType) where.add('e.scope_type IS NULL');
  return pagedQuery(
    db,
    {
      columns: 'e.*, c.name AS decision_name, c.version AS decision_version',
      from: 'weir_dmn_history e LEFT JOIN weir_dmn_decision c ON c.id = e.decision_definition_id',
      where,
      sorts: decisionExecutionSorts,
      tieBreaker: 'e.id',
      page,
    },
    (r) => toCamelRow<DecisionExecutionListRow>(r),
  );
};
