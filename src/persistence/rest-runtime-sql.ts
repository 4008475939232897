/** REST reads of the runtime: process instances, executions (inside instance documents), event subscriptions. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import {
  Conditions,
  pagedQuery,
  type PageRequest,
  type PagedResult,
  type VariableCondition,
} from './rest-query-sql.ts';
import { addVariableConditions } from './variable-filter-sql.ts';
import type { EventSubscriptionRow, InstanceRow } from '../engine/runtime-types.ts';
import { onlyRowsOfVisibleInstances, onlyVisibleInstances, type Viewer } from './visibility-sql.ts';

export interface InstanceListRow extends InstanceRow {
  definitionName: string | null;
  definitionDescription: string | null;
}

export interface InstanceFilter {
  id?: string;
  ids?: readonly string[];
  processDefinitionKey?: string;
  processDefinitionId?: string;
  businessKey?: string;
  businessKeyLike?: string;
  name?: string;
  nameLike?: string;
  superProcessInstanceId?: string;
  subProcessInstanceId?: string;
  excludeSubprocesses?: boolean;
  involvedUser?: string;
  startedBy?: string;
  suspended?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  variables?: readonly VariableCondition[];
  /** answer variable conditions from the search index's variable values (docs/search.md) */
  variableIndex?: boolean;
  /** only instances this user may see (docs/security.md); none for admins */
  visibleTo?: Viewer;
}

export const instanceSorts = {
  id: 'i.id',
  processDefinitionId: 'i.definition_id',
  processDefinitionKey: 'i.definition_key',
  businessKey: 'i.business_key',
  startTime: 'i.started_at',
  tenantId: 'i.tenant_id',
} as const;

/** The stored value of a variable of the instance's root execution. */
const rootVariable = (name: string) =>
  `(SELECT e -> 'variables' -> ${name} -> 'value' FROM jsonb_array_elements(i.state -> 'executions') e WHERE e ->> 'id' = i.id)`;

export const listProcessInstances = (
  db: Queryable,
  f: InstanceFilter,
  page: PageRequest,
): Promise<PagedResult<InstanceListRow>> => {
  const where = new Conditions()
    .when(f.id, 'i.id = $?')
    .when(f.ids?.length ? f.ids : undefined, 'i.id = ANY($?::text[])')
    .when(f.processDefinitionKey, 'i.definition_key = $?')
    .when(f.processDefinitionId, 'i.definition_id = $?')
    .when(f.businessKey, 'i.business_key = $?')
    .when(f.businessKeyLike, 'i.business_key LIKE $?')
    .when(f.name, 'i.name = $?')
    .when(f.nameLike, 'i.name LIKE $?')
    .when(f.superProcessInstanceId, 'i.super_instance_id = $?')
    .when(
      f.subProcessInstanceId,
      'i.id = (SELECT s.super_instance_id FROM weir_process_instance s WHERE s.id = $?)',
    )
    .when(f.startedBy, 'i.start_user_id = $?')
    .when(
      f.involvedUser,
      `i.start_user_id = $? OR EXISTS (SELECT 1 FROM weir_identity_link l WHERE l.process_instance_id = i.id AND l.user_id = $?)
       OR EXISTS (SELECT 1 FROM weir_task t WHERE t.process_instance_id = i.id AND (t.assignee = $? OR t.owner = $?))`,
      f.involvedUser,
      f.involvedUser,
      f.involvedUser,
      f.involvedUser,
    )
    .when(f.tenantId, 'i.tenant_id = $?')
    .when(f.tenantIdLike, 'i.tenant_id LIKE $?');
  if (f.suspended !== undefined) where.add('i.suspended = $?', f.suspended);
  if (f.excludeSubprocesses) where.add('i.super_instance_id IS NULL');
  if (f.withoutTenantId) where.add(`i.tenant_id = ''`);
  const byIndex = f.variableIndex ? ({ scope: 'process', ownerId: 'i.id' } as const) : undefined;
  addVariableConditions(where, f.variables, rootVariable, byIndex);
  onlyVisibleInstances(where, f.visibleTo, 'i.id', 'i.start_user_id');
  return pagedQuery(
    db,
    {
      columns: 'i.*, d.name AS definition_name, d.description AS definition_description',
      from: 'weir_process_instance i LEFT JOIN weir_process_definition d ON d.id = i.definition_id',
      where,
      sorts: instanceSorts,
      tieBreaker: 'i.id',
      page,
    },
    (r) => toCamelRow<InstanceListRow>(r),
  );
};

/** The instance whose document holds an execution (the execution may be the instance itself). */
export const instanceOfExecution = async (
  db: Queryable,
  executionId: string,
): Promise<InstanceRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_process_instance WHERE id = $1
       OR state -> 'executions' @> jsonb_build_array(jsonb_build_object('id', $1::text)) LIMIT 1`,
    [executionId],
  );
  return rows[0] ? toCamelRow<InstanceRow>(rows[0]) : undefined;
};

export interface ExecutionListRow {
  id: string;
  parentId: string | null;
  activityId: string | null;
  processInstanceId: string;
  definitionId: string;
  definitionKey: string;
  tenantId: string;
  suspended: boolean;
  superExecutionId: string | null;
  businessKey: string | null;
}

export interface ExecutionFilter {
  id?: string;
  activityId?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  processInstanceId?: string;
  parentId?: string;
  messageEventSubscriptionName?: string;
  signalEventSubscriptionName?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  processBusinessKey?: string;
  /** conditions on the execution's own (local) variables */
  variables?: readonly VariableCondition[];
  /** conditions on its process instance's variables */
  processInstanceVariables?: readonly VariableCondition[];
  /** answer the instance-variable conditions from the search index (execution-local ones are not in it) */
  variableIndex?: boolean;
  visibleTo?: Viewer;
}

export const executionSorts = {
  id: `e ->> 'id'`,
  processInstanceId: 'i.id',
  processDefinitionId: 'i.definition_id',
  processDefinitionKey: 'i.definition_key',
  tenantId: 'i.tenant_id',
} as const;

export const listExecutions = (
  db: Queryable,
  f: ExecutionFilter,
  page: PageRequest,
): Promise<PagedResult<ExecutionListRow>> => {
  const where = new Conditions()
    .add(`e ->> 'state' <> 'ended'`)
    .when(f.id, `e ->> 'id' = $?`)
    .when(f.activityId, `e ->> 'activityId' = $?`)
    .when(f.processDefinitionKey, 'i.definition_key = $?')
    .when(f.processDefinitionId, 'i.definition_id = $?')
    .when(f.processInstanceId, 'i.id = $?')
    .when(f.parentId, `e ->> 'parentId' = $?`)
    .when(
      f.messageEventSubscriptionName,
      `EXISTS (SELECT 1 FROM weir_event_subscription s WHERE s.execution_id = e ->> 'id' AND s.event_type = 'message' AND s.event_name = $?)`,
    )
    .when(
      f.signalEventSubscriptionName,
      `EXISTS (SELECT 1 FROM weir_event_subscription s WHERE s.execution_id = e ->> 'id' AND s.event_type = 'signal' AND s.event_name = $?)`,
    )
    .when(f.tenantId, 'i.tenant_id = $?')
    .when(f.tenantIdLike, 'i.tenant_id LIKE $?')
    .when(f.processBusinessKey, 'i.business_key = $?');
  if (f.withoutTenantId) where.add(`i.tenant_id = ''`);
  const executionVariable = (name: string) => `(e -> 'variables' -> ${name} -> 'value')`;
  addVariableConditions(where, f.variables, executionVariable, undefined);
  const byIndex = f.variableIndex ? ({ scope: 'process', ownerId: 'i.id' } as const) : undefined;
  addVariableConditions(where, f.processInstanceVariables, rootVariable, byIndex);
  onlyVisibleInstances(where, f.visibleTo, 'i.id', 'i.start_user_id');
  return pagedQuery(
    db,
    {
      columns: `e ->> 'id' AS id, e ->> 'parentId' AS parent_id, e ->> 'activityId' AS activity_id,
        i.id AS process_instance_id, i.definition_id, i.definition_key, i.tenant_id, i.suspended,
        CASE WHEN e ->> 'id' = i.id THEN i.super_execution_id END AS super_execution_id, i.business_key`,
      from: `weir_process_instance i CROSS JOIN LATERAL jsonb_array_elements(i.state -> 'executions') e`,
      where,
      sorts: executionSorts,
      tieBreaker: `e ->> 'id'`,
      page,
    },
    (r) => toCamelRow<ExecutionListRow>(r),
  );
};

export interface SubscriptionFilter {
  id?: string;
  eventType?: string;
  eventName?: string;
  activityId?: string;
  executionId?: string;
  processInstanceId?: string;
  withoutProcessInstanceId?: boolean;
  processDefinitionId?: string;
  createdBefore?: Date;
  createdAfter?: Date;
  tenantId?: string;
  withoutTenantId?: boolean;
  visibleTo?: Viewer;
}

export const subscriptionSorts = {
  id: 'id',
  created: 'created_at',
  executionId: 'execution_id',
  processInstanceId: 'process_instance_id',
  processDefinitionId: 'definition_id',
  tenantId: 'tenant_id',
  eventType: 'event_type',
  eventName: 'event_name',
} as const;

export const listEventSubscriptions = (
  db: Queryable,
  f: SubscriptionFilter,
  page: PageRequest,
): Promise<PagedResult<EventSubscriptionRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.eventType, 'event_type = $?')
    .when(f.eventName, 'event_name = $?')
    .when(f.activityId, 'activity_id = $?')
    .when(f.executionId, 'execution_id = $?')
    .when(f.processInstanceId, 'process_instance_id = $?')
    .when(f.processDefinitionId, 'definition_id = $?')
    .when(f.createdBefore, 'created_at < $?')
    .when(f.createdAfter, 'created_at > $?')
    .when(f.tenantId, 'tenant_id = $?');
  if (f.withoutProcessInstanceId) where.add('process_instance_id IS NULL');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  onlyRowsOfVisibleInstances(where, f.visibleTo, 'weir_event_subscription.process_instance_id', true);
  return pagedQuery(
    db,
    {
      columns: '*',
      from: 'weir_event_subscription',
      where,
      sorts: subscriptionSorts,
      tieBreaker: 'id',
      page,
    },
    (r) => toCamelRow<EventSubscriptionRow>(r),
  );
};
