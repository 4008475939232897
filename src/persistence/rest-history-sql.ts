/** REST reads of history: process instances, activities, tasks, variables. */
import { addVariableConditions } from './variable-filter-sql.ts';
import type { HistoricActivityRow, HistoricTaskRow } from '../engine/runtime-types.ts';
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import {
  Conditions,
  pagedQuery,
  variableConditionSql,
  type PageRequest,
  type PagedResult,
  type VariableCondition,
} from './rest-query-sql.ts';
import {
  onlyRowsOfVisibleInstances,
  onlyVisibleInstances,
  onlyVisibleTasks,
  type Viewer,
} from './visibility-sql.ts';

export type { HistoricActivityRow, HistoricTaskRow } from '../engine/runtime-types.ts';

export interface HistoricInstanceRow {
  id: string;
  rootId: string;
  superInstanceId: string | null;
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  definitionName: string | null;
  businessKey: string | null;
  name: string | null;
  tenantId: string;
  startActivityId: string | null;
  endActivityId: string | null;
  startUserId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  endReason: string | null;
}

export interface HistoricInstanceFilter {
  visibleTo?: Viewer;
  processInstanceId?: string;
  processInstanceIds?: readonly string[];
  processDefinitionKey?: string;
  processDefinitionId?: string;
  businessKey?: string;
  businessKeyLike?: string;
  involvedUser?: string;
  finished?: boolean;
  superProcessInstanceId?: string;
  excludeSubprocesses?: boolean;
  finishedAfter?: Date;
  finishedBefore?: Date;
  startedAfter?: Date;
  startedBefore?: Date;
  startedBy?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  variables?: readonly VariableCondition[];
  /**
   * answer variable conditions from the search index, which holds every instance's variables
   * (only when history records variables, so that both hold the same ones: level audit or full)
   */
  variableIndex?: boolean;
}

export const historicInstanceSorts = {
  processInstanceId: 'h.id',
  processDefinitionId: 'h.definition_id',
  businessKey: 'h.business_key',
  startTime: 'h.started_at',
  endTime: 'h.ended_at',
  duration: 'h.duration_ms',
  tenantId: 'h.tenant_id',
} as const;

export const listHistoricProcessInstances = (
  db: Queryable,
  f: HistoricInstanceFilter,
  page: PageRequest,
): Promise<PagedResult<HistoricInstanceRow>> => {
  const where = new Conditions()
    .when(f.processInstanceId, 'h.id = $?')
    .when(f.processInstanceIds?.length ? f.processInstanceIds : undefined, 'h.id = ANY($?::text[])')
    .when(f.processDefinitionKey, 'h.definition_key = $?')
    .when(f.processDefinitionId, 'h.definition_id = $?')
    .when(f.businessKey, 'h.business_key = $?')
    .when(f.businessKeyLike, 'h.business_key LIKE $?')
    .when(
      f.involvedUser,
      `h.start_user_id = $? OR EXISTS (SELECT 1 FROM weir_hi_task_instance t WHERE t.process_instance_id = h.id
         AND (t.assignee = $? OR t.owner = $?))`,
      f.involvedUser,
      f.involvedUser,
      f.involvedUser,
    )
    .when(f.superProcessInstanceId, 'h.super_instance_id = $?')
    .when(f.finishedAfter, 'h.ended_at > $?')
    .when(f.finishedBefore, 'h.ended_at < $?')
    .when(f.startedAfter, 'h.started_at > $?')
    .when(f.startedBefore, 'h.started_at < $?')
    .when(f.startedBy, 'h.start_user_id = $?')
    .when(f.tenantId, 'h.tenant_id = $?')
    .when(f.tenantIdLike, 'h.tenant_id LIKE $?');
  if (f.finished !== undefined) where.add(f.finished ? 'h.ended_at IS NOT NULL' : 'h.ended_at IS NULL');
  if (f.excludeSubprocesses) where.add('h.super_instance_id IS NULL');
  if (f.withoutTenantId) where.add(`h.tenant_id = ''`);
  onlyVisibleInstances(where, f.visibleTo, 'h.id', 'h.start_user_id');
  addVariableConditions(
    where,
    f.variables,
    (name) =>
      `(SELECT v.value FROM weir_hi_variable_instance v WHERE v.process_instance_id = h.id AND v.task_id IS NULL
        AND v.execution_id = h.id AND v.name = ${name} LIMIT 1)`,
    f.variableIndex ? { scope: 'process', ownerId: 'h.id' } : undefined,
  );
  return pagedQuery(
    db,
    {
      columns: 'h.*, d.name AS definition_name',
      from: 'weir_hi_process_instance h LEFT JOIN weir_process_definition d ON d.id = h.definition_id',
      where,
      sorts: historicInstanceSorts,
      tieBreaker: 'h.id',
      page,
    },
    (r) => toCamelRow<HistoricInstanceRow>(r),
  );
};

export interface HistoricActivityFilter {
  activityId?: string;
  activityInstanceId?: string;
  activityName?: string;
  activityType?: string;
  executionId?: string;
  finished?: boolean;
  taskAssignee?: string;
  processInstanceId?: string;
  processInstanceIds?: readonly string[];
  processDefinitionId?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** Only activities of instances still running: Flowable's runtime activity instances. */
  runningInstancesOnly?: boolean;
  visibleTo?: Viewer;
}

export const historicActivitySorts = {
  activityId: 'activity_id',
  activityName: 'activity_name',
  activityType: 'activity_type',
  duration: 'duration_ms',
  endTime: 'ended_at',
  executionId: 'execution_id',
  activityInstanceId: 'id',
  processDefinitionId: 'definition_id',
  processInstanceId: 'process_instance_id',
  startTime: 'seq',
  tenantId: 'tenant_id',
} as const;

export const listHistoricActivities = (
  db: Queryable,
  f: HistoricActivityFilter,
  page: PageRequest,
): Promise<PagedResult<HistoricActivityRow>> => {
  const where = new Conditions()
    .when(f.activityId, 'activity_id = $?')
    .when(f.activityInstanceId, 'id = $?')
    .when(f.activityName, 'activity_name = $?')
    .when(f.activityType, 'activity_type = $?')
    .when(f.executionId, 'execution_id = $?')
    .when(f.taskAssignee, 'assignee = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(
      f.processInstanceIds?.length ? f.processInstanceIds : undefined,
      'process_instance_id = ANY($?::text[])',
    )
    .when(f.processDefinitionId, 'definition_id = $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.finished !== undefined) where.add(f.finished ? 'ended_at IS NOT NULL' : 'ended_at IS NULL');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  if (f.runningInstancesOnly)
    where.add('process_instance_id IN (SELECT ri.id FROM weir_process_instance ri)');
  onlyRowsOfVisibleInstances(where, f.visibleTo, 'weir_hi_activity_instance.process_instance_id');
  return pagedQuery(
    db,
    {
      columns: '*',
      from: 'weir_hi_activity_instance',
      where,
      sorts: historicActivitySorts,
      tieBreaker: 'seq',
      page,
    },
    (r) => toCamelRow<HistoricActivityRow>(r),
  );
};

export interface HistoricTaskFilter {
  taskId?: string;
  processInstanceId?: string;
  processInstanceIds?: readonly string[];
  processDefinitionKey?: string;
  processDefinitionId?: string;
  taskName?: string;
  taskNameLike?: string;
  taskDescription?: string;
  taskDescriptionLike?: string;
  taskDefinitionKey?: string;
  taskDeleteReason?: string;
  taskAssignee?: string;
  taskAssigneeLike?: string;
  taskOwner?: string;
  taskOwnerLike?: string;
  taskInvolvedUser?: string;
  taskPriority?: number;
  finished?: boolean;
  processFinished?: boolean;
  dueDateAfter?: Date;
  dueDateBefore?: Date;
  withoutDueDate?: boolean;
  taskCompletedAfter?: Date;
  taskCompletedBefore?: Date;
  taskCreatedAfter?: Date;
  taskCreatedBefore?: Date;
  tenantId?: string;
  withoutTenantId?: boolean;
  /** conditions on the task's local variables, as history recorded them (not in the search index) */
  taskVariables?: readonly VariableCondition[];
  /** conditions on its process instance's variables */
  processVariables?: readonly VariableCondition[];
  /** answer `processVariables` from the search index (see `HistoricInstanceFilter.variableIndex`) */
  variableIndex?: boolean;
  /** a case's tasks (Flowable's CMMN caseInstanceId, caseDefinitionId) and their kind (scopeType) */
  caseInstanceId?: string;
  caseDefinitionId?: string;
  scopeType?: string;
  /** Only tasks this user took part in (assignee or owner), for users without access-admin. */
  visibleTo?: Viewer;
}

export const historicTaskSorts = {
  deleteReason: 'end_reason',
  duration: 'duration_ms',
  endTime: 'ended_at',
  executionId: 'execution_id',
  taskInstanceId: 'id',
  processDefinitionId: 'definition_id',
  processInstanceId: 'process_instance_id',
  startTime: 'created_at',
  assignee: 'assignee',
  taskDefinitionKey: 'task_definition_key',
  name: 'name',
  description: 'description',
  dueDate: 'due_date',
  owner: 'owner',
  priority: 'priority',
  tenantId: 'tenant_id',
} as const;

export const listHistoricTasks = (
  db: Queryable,
  f: HistoricTaskFilter,
  page: PageRequest,
): Promise<PagedResult<HistoricTaskRow>> => {
  const where = new Conditions()
    .when(f.taskId, 'id = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(
      f.processInstanceIds?.length ? f.processInstanceIds : undefined,
      'process_instance_id = ANY($?::text[])',
    )
    .when(
      f.processDefinitionKey,
      'definition_id IN (SELECT d.id FROM weir_process_definition d WHERE d.key = $?)',
    )
    .when(f.processDefinitionId, 'definition_id = $?')
    .when(f.taskName, 'name = $?')
    .when(f.taskNameLike, 'name LIKE $?')
    .when(f.taskDescription, 'description = $?')
    .when(f.taskDescriptionLike, 'description LIKE $?')
    .when(f.taskDefinitionKey, 'task_definition_key = $?')
    .when(f.taskDeleteReason, 'end_reason = $?')
    .when(f.taskAssignee, 'assignee = $?')
    .when(f.taskAssigneeLike, 'assignee LIKE $?')
    .when(f.taskOwner, 'owner = $?')
    .when(f.taskOwnerLike, 'owner LIKE $?')
    .when(f.taskInvolvedUser, 'assignee = $? OR owner = $?', f.taskInvolvedUser, f.taskInvolvedUser)
    .when(f.taskPriority, 'priority = $?')
    .when(f.dueDateAfter, 'due_date > $?')
    .when(f.dueDateBefore, 'due_date < $?')
    .when(f.taskCompletedAfter, 'ended_at > $?')
    .when(f.taskCompletedBefore, 'ended_at < $?')
    .when(f.taskCreatedAfter, 'created_at > $?')
    .when(f.taskCreatedBefore, 'created_at < $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.caseInstanceId, "scope_id = $? AND scope_type = 'cmmn'")
    .when(f.caseDefinitionId, "scope_definition_id = $? AND scope_type = 'cmmn'")
    .when(f.scopeType, 'scope_type = $?');
  if (f.finished !== undefined) where.add(f.finished ? 'ended_at IS NOT NULL' : 'ended_at IS NULL');
  if (f.processFinished !== undefined) {
    where.add(
      `${f.processFinished ? '' : 'NOT '}EXISTS (SELECT 1 FROM weir_hi_process_instance h WHERE h.id = process_instance_id
         AND h.ended_at IS NOT NULL)`,
    );
  }
  if (f.withoutDueDate) where.add('due_date IS NULL');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  addVariableConditions(
    where,
    f.taskVariables,
    (name) => `(SELECT v.value FROM weir_hi_variable_instance v WHERE v.task_id = weir_hi_task_instance.id
      AND v.name = ${name} LIMIT 1)`,
    undefined,
  );
  addVariableConditions(
    where,
    f.processVariables,
    (name) => `(SELECT v.value FROM weir_hi_variable_instance v
      WHERE v.process_instance_id = weir_hi_task_instance.process_instance_id AND v.task_id IS NULL
        AND v.execution_id = v.process_instance_id AND v.name = ${name} LIMIT 1)`,
    f.variableIndex ? { scope: 'process', ownerId: 'weir_hi_task_instance.process_instance_id' } : undefined,
  );
  onlyVisibleTasks(where, f.visibleTo, 'weir_hi_task_instance', 'history');
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_hi_task_instance', where, sorts: historicTaskSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<HistoricTaskRow>(r),
  );
};

export interface HistoricVariableRow {
  id: string;
  processInstanceId: string | null;
  executionId: string | null;
  taskId: string | null;
  name: string;
  type: string;
  value: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoricVariableFilter {
  id?: string;
  processInstanceId?: string;
  taskId?: string;
  executionId?: string;
  excludeTaskVariables?: boolean;
  variableName?: string;
  variableNameLike?: string;
  /** conditions on the variables themselves (name and value), as Flowable's query body */
  variables?: readonly VariableCondition[];
  visibleTo?: Viewer;
}

export const historicVariableSorts = {
  variableName: 'name',
  processInstanceId: 'process_instance_id',
  createTime: 'created_at',
  lastUpdatedTime: 'updated_at',
} as const;

export const listHistoricVariables = (
  db: Queryable,
  f: HistoricVariableFilter,
  page: PageRequest,
): Promise<PagedResult<HistoricVariableRow>> => {
  const where = new Conditions()
    .add(`type <> 'null' OR value IS NOT NULL`)
    .when(f.id, 'id = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(f.taskId, 'task_id = $?')
    .when(f.executionId, 'execution_id = $?')
    .when(f.variableName, 'name = $?')
    .when(f.variableNameLike, 'name LIKE $?');
  if (f.excludeTaskVariables) where.add('task_id IS NULL');
  for (const condition of f.variables ?? []) {
    const { fragment, values } = variableConditionSql(condition, () => 'value');
    where.add(`name = $? AND ${fragment}`, ...values);
  }
  onlyRowsOfVisibleInstances(where, f.visibleTo, 'weir_hi_variable_instance.process_instance_id');
  return pagedQuery(
    db,
    {
      columns: '*',
      from: 'weir_hi_variable_instance',
      where,
      sorts: historicVariableSorts,
      tieBreaker: 'id',
      page,
    },
    (r) => toCamelRow<HistoricVariableRow>(r),
  );
};

/** One recorded change of a variable (history level `full`): Flowable's historic detail of type variableUpdate. */
export interface HistoricDetailRow {
  id: string;
  variableId: string;
  processInstanceId: string | null;
  executionId: string | null;
  taskId: string | null;
  activityInstanceId: string | null;
  name: string;
  type: string;
  value: unknown;
  revision: number;
  createdAt: Date;
}

export interface HistoricDetailFilter {
  id?: string;
  processInstanceId?: string;
  executionId?: string;
  activityInstanceId?: string;
  taskId?: string;
  /** Weir records no form properties, so asking only for them finds nothing. */
  selectOnlyFormProperties?: boolean;
  selectOnlyVariableUpdates?: boolean;
  visibleTo?: Viewer;
}

export const historicDetailSorts = {
  processInstanceId: 'process_instance_id',
  time: 'created_at',
  name: 'name',
  revision: 'revision',
  variableType: 'type',
} as const;

export const listHistoricDetails = (
  db: Queryable,
  f: HistoricDetailFilter,
  page: PageRequest,
): Promise<PagedResult<HistoricDetailRow>> => {
  // a removal is recorded as a change to null; as the variable list, leave those out
  const where = new Conditions()
    .add(`type <> 'null' OR value IS NOT NULL`)
    .when(f.id, 'id::text = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(f.executionId, 'execution_id = $?')
    .when(f.activityInstanceId, 'activity_instance_id = $?')
    .when(f.taskId, 'task_id = $?');
  if (f.selectOnlyFormProperties) where.add('false');
  onlyRowsOfVisibleInstances(where, f.visibleTo, 'weir_hi_variable_update.process_instance_id');
  return pagedQuery(
    db,
    {
      columns: `id::text AS id, variable_id, process_instance_id, execution_id, task_id, activity_instance_id,
        name, type, value, revision, created_at`,
      from: 'weir_hi_variable_update',
      where,
      sorts: historicDetailSorts,
      tieBreaker: 'id',
      page,
    },
    (r) => toCamelRow<HistoricDetailRow>(r),
  );
};
