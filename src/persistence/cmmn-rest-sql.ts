/**
 * The case engine's REST reads: case definitions, running case instances, plan item instances
 * (running: of a case still running; historic: all), historic cases, milestones, variables and
 * tasks of cases, each a filtered, sorted page. Filters are parameters, never text in the SQL.
 */
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  type PageRequest,
  type PagedResult,
  type VariableCondition,
} from './rest-query-sql.ts';
import { addVariableConditions } from './variable-filter-sql.ts';
import { toCamelRow } from './rows.ts';
import type { CaseDefinitionRow } from '../cmmn/runtime/types.ts';
import { onlyRowsOfVisibleCases } from './case-visibility-sql.ts';
import type { Viewer } from './visibility-sql.ts';

const camel = <T>(r: Record<string, unknown>): T => toCamelRow<T>(r);

export const caseDefinitionSorts = {
  id: 'id',
  key: 'key',
  name: 'name',
  version: 'version',
  deploymentId: 'deployment_id',
  tenantId: 'tenant_id',
  category: 'category',
};

export interface CaseDefinitionFilter {
  key?: string;
  keyLike?: string;
  name?: string;
  nameLike?: string;
  category?: string;
  categoryLike?: string;
  categoryNotEquals?: string;
  deploymentId?: string;
  resourceName?: string;
  resourceNameLike?: string;
  version?: number;
  latest?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** only definitions this user may start: none with candidate starters, or they are one */
  startableByUser?: string;
}

/** As the process definitions' STARTABLE_BY_USER, over the case definitions' starters. */
const CASE_STARTABLE_BY_USER = `NOT EXISTS (SELECT 1 FROM weir_cmmn_candidate_starter s
    WHERE s.definition_id = weir_cmmn_case_definition.id)
  OR EXISTS (SELECT 1 FROM weir_cmmn_candidate_starter s WHERE s.definition_id = weir_cmmn_case_definition.id
    AND (s.user_id = $? OR s.group_id IN (SELECT m.group_id FROM weir_idm_membership m WHERE m.user_id = $?)))`;

export const listCaseDefinitions = (
  db: Queryable,
  f: CaseDefinitionFilter,
  page: PageRequest,
): Promise<PagedResult<CaseDefinitionRow>> => {
  const where = new Conditions()
    .when(f.key, 'key = $?')
    .when(f.keyLike, 'key LIKE $?')
    .when(f.name, 'name = $?')
    .when(f.nameLike, 'name LIKE $?')
    .when(f.category, 'category = $?')
    .when(f.categoryLike, 'category LIKE $?')
    .when(f.categoryNotEquals, 'category IS DISTINCT FROM $?')
    .when(f.deploymentId, 'deployment_id = $?')
    .when(f.resourceName, 'resource_name = $?')
    .when(f.resourceNameLike, 'resource_name LIKE $?')
    .when(f.version, 'version = $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  if (f.startableByUser !== undefined)
    where.add(CASE_STARTABLE_BY_USER, f.startableByUser, f.startableByUser);
  if (f.latest)
    where.add(`version = (SELECT max(l.version) FROM weir_cmmn_case_definition l
                          WHERE l.key = weir_cmmn_case_definition.key AND l.tenant_id = weir_cmmn_case_definition.tenant_id)`);
  return pagedQuery(
    db,
    {
      columns: '*',
      from: 'weir_cmmn_case_definition',
      where,
      sorts: caseDefinitionSorts,
      tieBreaker: 'id',
      page,
    },
    camel<CaseDefinitionRow>,
  );
};

/** A case instance as the REST API lists it: the row with its definition's name and key. */
export interface CaseInstanceListRow {
  id: string;
  definitionId: string;
  definitionKey: string;
  definitionName: string | null;
  definitionDescription: string | null;
  businessKey: string | null;
  businessStatus: string | null;
  name: string | null;
  state: string;
  startUserId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  tenantId: string;
  callbackId: string | null;
  callbackType: string | null;
  parentId: string | null;
}

export const caseInstanceSorts = {
  id: 'c.id',
  caseDefinitionId: 'c.definition_id',
  caseDefinitionKey: 'd.key',
  startTime: 'c.started_at',
  businessKey: 'c.business_key',
  name: 'c.name',
  tenantId: 'c.tenant_id',
};

export interface CaseInstanceFilter {
  id?: string;
  caseDefinitionId?: string;
  caseDefinitionKey?: string;
  caseDefinitionKeyLike?: string;
  businessKey?: string;
  businessKeyLike?: string;
  name?: string;
  nameLike?: string;
  startedBy?: string;
  state?: string;
  callbackId?: string;
  callbackType?: string;
  parentCaseInstanceId?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  finished?: boolean;
  /** the query body's variable conditions, on the case's own variables */
  variables?: readonly VariableCondition[];
}

const caseConditions = (f: CaseInstanceFilter) => {
  const where = new Conditions()
    .when(f.id, 'c.id = $?')
    .when(f.caseDefinitionId, 'c.definition_id = $?')
    .when(f.caseDefinitionKey, 'd.key = $?')
    .when(f.caseDefinitionKeyLike, 'd.key LIKE $?')
    .when(f.businessKey, 'c.business_key = $?')
    .when(f.businessKeyLike, 'c.business_key LIKE $?')
    .when(f.name, 'c.name = $?')
    .when(f.nameLike, 'c.name LIKE $?')
    .when(f.startedBy, 'c.start_user_id = $?')
    .when(f.state, 'c.state = $?')
    .when(f.callbackId, 'c.callback_id = $?')
    .when(f.callbackType, 'c.callback_type = $?')
    .when(f.parentCaseInstanceId, 'c.parent_id = $?')
    .when(f.tenantId, 'c.tenant_id = $?')
    .when(f.tenantIdLike, 'c.tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`c.tenant_id = ''`);
  return where;
};

const CASE_COLUMNS = `c.id, c.definition_id, d.key AS definition_key, d.name AS definition_name,
  d.description AS definition_description, c.business_key, c.business_status, c.name, c.state, c.start_user_id,
  c.started_at, c.tenant_id, c.callback_id, c.callback_type, c.parent_id`;

/** A running case's variable, as its document holds it (the stored jsonb value). */
const runningCaseConditions = (f: CaseInstanceFilter) => {
  const where = caseConditions(f);
  addVariableConditions(
    where,
    f.variables,
    (name) => `(c.document -> 'variables' -> ${name} -> 'value')`,
    undefined,
  );
  return where;
};

/** Running cases; with a viewer, only the cases it may see (docs/security.md). */
export const listCaseInstances = (
  db: Queryable,
  f: CaseInstanceFilter,
  page: PageRequest,
  viewer?: Viewer,
): Promise<PagedResult<CaseInstanceListRow>> =>
  pagedQuery(
    db,
    {
      columns: `${CASE_COLUMNS}, NULL::timestamptz AS ended_at`,
      from: 'weir_cmmn_case_instance c JOIN weir_cmmn_case_definition d ON d.id = c.definition_id',
      where: onlyRowsOfVisibleCases(runningCaseConditions(f), viewer, 'c.id'),
      sorts: caseInstanceSorts,
      tieBreaker: 'c.id',
      page,
    },
    camel<CaseInstanceListRow>,
  );

export const historicCaseSorts = { ...caseInstanceSorts, endTime: 'c.ended_at' };

export const listHistoricCaseInstances = (
  db: Queryable,
  f: CaseInstanceFilter,
  page: PageRequest,
  viewer?: Viewer,
): Promise<PagedResult<CaseInstanceListRow>> => {
  const where = caseConditions(f);
  // the case's own variables as history last recorded them (not those of its tasks or plan items)
  addVariableConditions(
    where,
    f.variables,
    (name) => `(SELECT v.value FROM weir_cmmn_hi_variable v WHERE v.case_instance_id = c.id
      AND v.task_id IS NULL AND v.plan_item_instance_id IS NULL AND v.name = ${name} LIMIT 1)`,
    undefined,
  );
  onlyRowsOfVisibleCases(where, viewer, 'c.id');
  if (f.finished === true) where.add('c.ended_at IS NOT NULL');
  if (f.finished === false) where.add('c.ended_at IS NULL');
  return pagedQuery(
    db,
    {
      columns: `c.id, c.definition_id, c.definition_key, c.definition_name, d.description AS definition_description,
        c.business_key, c.business_status, c.name, c.state, c.start_user_id, c.started_at, c.ended_at, c.tenant_id,
        c.callback_id, c.callback_type, c.parent_id`,
      from: 'weir_cmmn_hi_case_instance c LEFT JOIN weir_cmmn_case_definition d ON d.id = c.definition_id',
      where,
      sorts: { ...historicCaseSorts, caseDefinitionKey: 'c.definition_key' },
      tieBreaker: 'c.id',
      page,
    },
    camel<CaseInstanceListRow>,
  );
};

export interface PlanItemRow {
  id: string;
  caseInstanceId: string;
  caseDefinitionId: string;
  stageInstanceId: string | null;
  elementId: string;
  name: string | null;
  state: string;
  planItemDefinitionId: string;
  planItemDefinitionType: string;
  isStage: boolean;
  referenceId: string | null;
  referenceType: string | null;
  entryCriterionId: string | null;
  exitCriterionId: string | null;
  startUserId: string | null;
  tenantId: string;
  createdAt: Date;
  lastAvailableAt: Date | null;
  lastEnabledAt: Date | null;
  lastDisabledAt: Date | null;
  lastStartedAt: Date | null;
  lastSuspendedAt: Date | null;
  completedAt: Date | null;
  occurredAt: Date | null;
  terminatedAt: Date | null;
  exitedAt: Date | null;
  endedAt: Date | null;
  lastUpdatedAt: Date;
  completable: boolean;
}

export const planItemSorts = {
  id: 'p.id',
  name: 'p.name',
  createTime: 'p.created_at',
  startTime: 'p.created_at',
  endTime: 'p.ended_at',
  state: 'p.state',
};

export interface PlanItemFilter {
  id?: string;
  caseInstanceId?: string;
  caseDefinitionId?: string;
  stageInstanceId?: string;
  planItemDefinitionId?: string;
  planItemDefinitionType?: string;
  name?: string;
  elementId?: string;
  state?: string;
  referenceId?: string;
  referenceType?: string;
  startUserId?: string;
  tenantId?: string;
  withoutTenantId?: boolean;
  ended?: boolean;
}

export const listPlanItems = (
  db: Queryable,
  f: PlanItemFilter,
  page: PageRequest,
  runtime: boolean,
  viewer?: Viewer,
): Promise<PagedResult<PlanItemRow>> => {
  const where = new Conditions()
    .when(f.id, 'p.id = $?')
    .when(f.caseInstanceId, 'p.case_instance_id = $?')
    .when(f.caseDefinitionId, 'p.case_definition_id = $?')
    .when(f.stageInstanceId, 'p.stage_instance_id = $?')
    .when(f.planItemDefinitionId, 'p.plan_item_definition_id = $?')
    .when(f.planItemDefinitionType, 'p.plan_item_definition_type = $?')
    .when(f.name, 'p.name = $?')
    .when(f.elementId, 'p.element_id = $?')
    .when(f.state, 'p.state = $?')
    .when(f.referenceId, 'p.reference_id = $?')
    .when(f.referenceType, 'p.reference_type = $?')
    .when(f.startUserId, 'p.start_user_id = $?')
    .when(f.tenantId, 'p.tenant_id = $?');
  if (f.withoutTenantId) where.add(`p.tenant_id = ''`);
  if (f.ended === true) where.add('p.ended_at IS NOT NULL');
  if (f.ended === false) where.add('p.ended_at IS NULL');
  if (runtime) where.add('EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = p.case_instance_id)');
  onlyRowsOfVisibleCases(where, viewer, 'p.case_instance_id');
  return pagedQuery(
    db,
    { columns: 'p.*', from: 'weir_cmmn_plan_item p', where, sorts: planItemSorts, tieBreaker: 'p.id', page },
    camel<PlanItemRow>,
  );
};

export interface MilestoneRow {
  id: string;
  name: string | null;
  elementId: string;
  planItemInstanceId: string;
  caseInstanceId: string;
  caseDefinitionId: string;
  tenantId: string;
  reachedAt: Date;
}

export const milestoneSorts = {
  milestoneName: 'name',
  milestoneTimestamp: 'reached_at',
  name: 'name',
  timestamp: 'reached_at',
};

export const listMilestones = (
  db: Queryable,
  f: {
    id?: string;
    name?: string;
    caseInstanceId?: string;
    caseDefinitionId?: string;
    reachedBefore?: Date;
    reachedAfter?: Date;
  },
  page: PageRequest,
  viewer?: Viewer,
): Promise<PagedResult<MilestoneRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.name, 'name = $?')
    .when(f.caseInstanceId, 'case_instance_id = $?')
    .when(f.caseDefinitionId, 'case_definition_id = $?')
    .when(f.reachedBefore, 'reached_at < $?')
    .when(f.reachedAfter, 'reached_at > $?');
  onlyRowsOfVisibleCases(where, viewer, 'case_instance_id');
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_cmmn_hi_milestone', where, sorts: milestoneSorts, tieBreaker: 'id', page },
    camel<MilestoneRow>,
  );
};

export interface CaseVariableRow {
  id: string;
  caseInstanceId: string;
  planItemInstanceId: string | null;
  taskId: string | null;
  name: string;
  type: string;
  value: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** The case's own variables as history last recorded them, by case, for `includeCaseVariables`. */
export const historicVariablesOfCases = async (
  db: Queryable,
  caseIds: readonly string[],
): Promise<Map<string, CaseVariableRow[]>> => {
  const byCase = new Map<string, CaseVariableRow[]>();
  if (caseIds.length === 0) return byCase;
  const { rows } = await db.query(
    `SELECT * FROM weir_cmmn_hi_variable
      WHERE case_instance_id = ANY($1::text[]) AND task_id IS NULL AND plan_item_instance_id IS NULL
      ORDER BY name`,
    [caseIds],
  );
  for (const row of rows.map(camel<CaseVariableRow>)) {
    const list = byCase.get(row.caseInstanceId) ?? [];
    list.push(row);
    byCase.set(row.caseInstanceId, list);
  }
  return byCase;
};

export const listHistoricCaseVariables = (
  db: Queryable,
  f: {
    id?: string;
    caseInstanceId?: string;
    taskId?: string;
    variableName?: string;
    variableNameLike?: string;
    excludeTaskVariables?: boolean;
  },
  page: PageRequest,
  viewer?: Viewer,
): Promise<PagedResult<CaseVariableRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.caseInstanceId, 'case_instance_id = $?')
    .when(f.taskId, 'task_id = $?')
    .when(f.variableName, 'name = $?')
    .when(f.variableNameLike, 'name LIKE $?');
  if (f.excludeTaskVariables) where.add('task_id IS NULL');
  onlyRowsOfVisibleCases(where, viewer, 'case_instance_id');
  return pagedQuery(
    db,
    {
      columns: '*',
      from: 'weir_cmmn_hi_variable',
      where,
      sorts: { name: 'name', variableName: 'name', caseInstanceId: 'case_instance_id' },
      tieBreaker: 'id',
      page,
    },
    camel<CaseVariableRow>,
  );
};

/** The historic case row (running or ended), for GET .../historic-case-instances/{id}. */
export const getHistoricCase = async (db: Queryable, id: string) =>
  (await listHistoricCaseInstances(db, { id }, { start: 0, size: 1, sort: 'id', order: 'asc' })).rows[0];

export const getRunningCase = async (db: Queryable, id: string) =>
  (await listCaseInstances(db, { id }, { start: 0, size: 1, sort: 'id', order: 'asc' })).rows[0];

export const getPlanItem = async (db: Queryable, id: string, runtime: boolean) =>
  (await listPlanItems(db, { id }, { start: 0, size: 1, sort: 'id', order: 'asc' }, runtime)).rows[0];

/** A running case's variables, as its last command left them. */
export const caseVariablesOf = async (
  db: Queryable,
  caseId: string,
): Promise<Record<string, { id: string; type: string; value: unknown; revision: number }> | undefined> => {
  const { rows } = await db.query<{
    variables: Record<string, { id: string; type: string; value: unknown; revision: number }>;
  }>(`SELECT document -> 'variables' AS variables FROM weir_cmmn_case_instance WHERE id = $1`, [caseId]);
  return rows[0]?.variables;
};

/** A running plan item instance's local variables, as its case's last command left them. */
export const planItemVariablesOf = async (
  db: Queryable,
  caseId: string,
  planItemInstanceId: string,
): Promise<Record<string, { id: string; type: string; value: unknown; revision: number }>> => {
  const { rows } = await db.query<{
    variables: Record<string, { id: string; type: string; value: unknown; revision: number }> | null;
  }>(
    `SELECT i -> 'variables' AS variables
     FROM weir_cmmn_case_instance c CROSS JOIN LATERAL jsonb_array_elements(c.document -> 'items') i
     WHERE c.id = $1 AND i ->> 'id' = $2`,
    [caseId, planItemInstanceId],
  );
  return rows[0]?.variables ?? {};
};
