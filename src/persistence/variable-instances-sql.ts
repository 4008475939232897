/**
 * Runtime variable instances (Flowable's `runtime/variable-instances`): Weir keeps an
 * execution's variables in its instance document and a task's local ones on the task row, so
 * the list unfolds both into rows. Filters on the instance, execution or task are on plain
 * columns of the union's branches, so PostgreSQL applies them before unfolding documents.
 */
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  variableConditionSql,
  type PageRequest,
  type PagedResult,
  type VariableCondition,
} from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';
import { onlyRowsOfVisibleInstances, type Viewer } from './visibility-sql.ts';
import { onlyRowsOfVisibleCases } from './case-visibility-sql.ts';

export interface VariableInstanceRow {
  id: string;
  processInstanceId: string | null;
  executionId: string | null;
  taskId: string | null;
  name: string;
  type: string;
  value: unknown;
}

/** What both engines' variable-instance lists filter on. */
interface VariableRowFilter {
  id?: string;
  taskId?: string;
  variableName?: string;
  variableNameLike?: string;
  excludeTaskVariables?: boolean;
  /** only the instance's (or case's) own variables */
  excludeLocalVariables?: boolean;
  variables?: readonly VariableCondition[];
  visibleTo?: Viewer;
}

/** The conditions of the shared filters, on the unfolded rows `vi`. */
const variableRowConditions = (f: VariableRowFilter, where: Conditions): Conditions => {
  where
    .when(f.id, 'vi.id = $?')
    .when(f.taskId, 'vi.task_id = $?')
    .when(f.variableName, 'vi.name = $?')
    .when(f.variableNameLike, 'vi.name LIKE $?');
  if (f.excludeTaskVariables) where.add('vi.task_id IS NULL');
  for (const condition of f.variables ?? []) {
    const { fragment, values } = variableConditionSql(condition, () => 'vi.value');
    where.add(`vi.name = $? AND ${fragment}`, ...values);
  }
  return where;
};

export interface VariableInstanceFilter extends VariableRowFilter {
  processInstanceId?: string;
  executionId?: string;
}

export const variableInstanceSorts = {
  processInstanceId: 'process_instance_id',
  variableName: 'name',
} as const;

const unfolded = `(
  SELECT v.value ->> 'id' AS id, p.id AS process_instance_id, e ->> 'id' AS execution_id, NULL::text AS task_id,
         v.key AS name, v.value ->> 'type' AS type, v.value -> 'value' AS value
  FROM weir_process_instance p
  CROSS JOIN LATERAL jsonb_array_elements(p.state -> 'executions') e
  CROSS JOIN LATERAL jsonb_each(COALESCE(e -> 'variables', '{}'::jsonb)) v
  UNION ALL
  SELECT v.value ->> 'id', t.process_instance_id, t.execution_id, t.id,
         v.key, v.value ->> 'type', v.value -> 'value'
  FROM weir_task t
  CROSS JOIN LATERAL jsonb_each(t.variables) v
) vi`;

export const listVariableInstances = (
  db: Queryable,
  f: VariableInstanceFilter,
  page: PageRequest,
): Promise<PagedResult<VariableInstanceRow>> => {
  const where = variableRowConditions(
    f,
    new Conditions()
      .when(f.processInstanceId, 'vi.process_instance_id = $?')
      .when(f.executionId, 'vi.execution_id = $?'),
  );
  if (f.excludeLocalVariables) where.add('vi.task_id IS NULL AND vi.execution_id = vi.process_instance_id');
  onlyRowsOfVisibleInstances(where, f.visibleTo, 'vi.process_instance_id');
  return pagedQuery(
    db,
    {
      columns: 'vi.*',
      from: unfolded,
      where,
      sorts: variableInstanceSorts,
      tieBreaker: 'vi.id',
      page,
    },
    (r) => toCamelRow<VariableInstanceRow>(r),
  );
};

/** A case's variable instances (Flowable's `cmmn-runtime/variable-instances`). */
export interface CaseVariableInstanceRow {
  id: string;
  caseInstanceId: string;
  taskId: string | null;
  planItemInstanceId: string | null;
  name: string;
  type: string;
  value: unknown;
}

export interface CaseVariableInstanceFilter extends VariableRowFilter {
  caseInstanceId?: string;
  planItemInstanceId?: string;
}

export const caseVariableInstanceSorts = {
  caseInstanceId: 'case_instance_id',
  variableName: 'name',
} as const;

// a case keeps its variables and its plan items' local ones in its document, its tasks theirs on the task row
const unfoldedCases = `(
  SELECT v.value ->> 'id' AS id, c.id AS case_instance_id, NULL::text AS task_id,
         NULL::text AS plan_item_instance_id, v.key AS name, v.value ->> 'type' AS type,
         v.value -> 'value' AS value
  FROM weir_cmmn_case_instance c
  CROSS JOIN LATERAL jsonb_each(COALESCE(c.document -> 'variables', '{}'::jsonb)) v
  UNION ALL
  SELECT v.value ->> 'id', c.id, NULL, i ->> 'id', v.key, v.value ->> 'type', v.value -> 'value'
  FROM weir_cmmn_case_instance c
  CROSS JOIN LATERAL jsonb_array_elements(c.document -> 'items') i
  CROSS JOIN LATERAL jsonb_each(COALESCE(i -> 'variables', '{}'::jsonb)) v  UNION ALL
  SELECT v.value ->> 'id', t.scope_id, t.id, t.sub_scope_id, v.key, v.value ->> 'type', v.value -> 'value'
  FROM weir_task t
  CROSS JOIN LATERAL jsonb_each(t.variables) v
  WHERE t.scope_type = 'cmmn'
) vi`;

export const listCaseVariableInstances = (
  db: Queryable,
  f: CaseVariableInstanceFilter,
  page: PageRequest,
): Promise<PagedResult<CaseVariableInstanceRow>> => {
  const where = variableRowConditions(
    f,
    new Conditions()
      .when(f.caseInstanceId, 'vi.case_instance_id = $?')
      .when(f.planItemInstanceId, 'vi.plan_item_instance_id = $?'),
  );
  // a case's own variables: of no task and no plan item
  if (f.excludeLocalVariables) where.add('vi.task_id IS NULL AND vi.plan_item_instance_id IS NULL');
  onlyRowsOfVisibleCases(where, f.visibleTo, 'vi.case_instance_id');
  return pagedQuery(
    db,
    {
      columns: 'vi.*',
      from: unfoldedCases,
      where,
      sorts: caseVariableInstanceSorts,
      tieBreaker: 'vi.id',
      page,
    },
    (r) => toCamelRow<CaseVariableInstanceRow>(r),
  );
};
