/**
 * Reading the search index: one page of documents matching a query, its count, and counts
 * grouped by a fixed column. Every variable condition is an `EXISTS` probe of
 * `weir_search_variable` on (scope, name, typed value), which its indexes answer by a range
 * scan; the full text is `body @@ websearch_to_tsquery(...)` on the GIN index. Columns and
 * operators come from the fixed tables below, chosen by name; values are parameters only.
 */
import { onlyRowsOfVisibleCases } from './case-visibility-sql.ts';
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  type PageRequest,
  type PagedResult,
  type SortColumns,
} from './rest-query-sql.ts';
import { onlyVisibleInstances, onlyVisibleTasks, type Viewer } from './visibility-sql.ts';

export const searchOperations = {
  equals: '=',
  notEquals: '<>',
  greaterThan: '>',
  greaterThanOrEquals: '>=',
  lessThan: '<',
  lessThanOrEquals: '<=',
  like: 'LIKE',
  equalsIgnoreCase: '=',
  notEqualsIgnoreCase: '<>',
  likeIgnoreCase: 'LIKE',
} as const;

export type SearchOperation = keyof typeof searchOperations;

/** The value column of each indexed type; `lower(...)` for the case-blind operations. */
const valueColumns = {
  string: { column: 'v.text_value', cast: 'text' },
  number: { column: 'v.number_value', cast: 'float8' },
  date: { column: 'v.date_value', cast: 'timestamptz' },
  boolean: { column: 'v.bool_value', cast: 'boolean' },
} as const;

export type SearchValueType = keyof typeof valueColumns;

export interface SearchVariableCondition {
  /** `process`: the instance's variables (of a task: its instance's); `task`: the task's own; `case`: a case's */
  readonly scope: 'process' | 'task' | 'case';
  readonly name: string;
  readonly operation: SearchOperation;
  readonly type: SearchValueType;
  /** number, boolean, or string (dates as ISO strings) */
  readonly value: string | number | boolean;
}

export interface SearchFilter {
  /** `case`: case instances, seen by whoever may see the case (`case-visibility-sql.ts`) */
  readonly kind: 'task' | 'process' | 'case';
  /** only running instances / open tasks */
  readonly runtime?: boolean;
  /** only instances with a history row */
  readonly historic?: boolean;
  readonly language: string;
  readonly text?: string;
  readonly variables?: readonly SearchVariableCondition[];
  readonly id?: string;
  readonly processInstanceId?: string;
  readonly processDefinitionKey?: string;
  readonly processDefinitionId?: string;
  readonly taskDefinitionKey?: string;
  readonly businessKey?: string;
  readonly tenantId?: string;
  readonly state?: string;
  readonly assignee?: string;
  readonly owner?: string;
  readonly unassigned?: boolean;
  readonly startedBy?: string;
  readonly candidateUser?: string;
  readonly candidateGroups?: readonly string[];
  readonly finished?: boolean;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly endedAfter?: Date;
  readonly endedBefore?: Date;
  readonly dueAfter?: Date;
  readonly dueBefore?: Date;
  readonly visibleTo?: Viewer;
}

export interface SearchDocumentRow {
  kind: string;
  id: string;
  tenantId: string;
  title: string | null;
  processInstanceId: string | null;
  definitionId: string | null;
  definitionKey: string | null;
  taskDefinitionKey: string | null;
  businessKey: string | null;
  assignee: string | null;
  owner: string | null;
  startUserId: string | null;
  state: string;
  priority: number | null;
  dueDate: Date | null;
  createdAt: Date | null;
  endedAt: Date | null;
}

const COLUMNS = `d.kind, d.id, d.tenant_id, d.title, d.process_instance_id, d.definition_id, d.definition_key,
  d.task_definition_key, d.business_key, d.assignee, d.owner, d.start_user_id, d.state, d.priority, d.due_date,
  d.created_at, d.ended_at`;

const toRow = (r: Record<string, unknown>): SearchDocumentRow => ({
  kind: r.kind as string,
  id: r.id as string,
  tenantId: r.tenant_id as string,
  title: r.title as string | null,
  processInstanceId: r.process_instance_id as string | null,
  definitionId: r.definition_id as string | null,
  definitionKey: r.definition_key as string | null,
  taskDefinitionKey: r.task_definition_key as string | null,
  businessKey: r.business_key as string | null,
  assignee: r.assignee as string | null,
  owner: r.owner as string | null,
  startUserId: r.start_user_id as string | null,
  state: r.state as string,
  priority: r.priority as number | null,
  dueDate: r.due_date as Date | null,
  createdAt: r.created_at as Date | null,
  endedAt: r.ended_at as Date | null,
});

const CANDIDATE = `d.assignee IS NULL AND EXISTS (SELECT 1 FROM weir_identity_link l WHERE l.task_id = d.id
  AND l.type = 'candidate' AND (l.user_id = $? OR l.group_id = ANY($?::text[])
    OR l.group_id IN (SELECT m.group_id FROM weir_idm_membership m WHERE m.user_id = $?)))`;

/**
 * One variable condition as a probe of the index's typed values: the owner (`ownerId`, an SQL
 * expression naming the task or instance id) has a variable of that name whose value in the
 * condition's type column compares as asked. PostgreSQL turns the `EXISTS` into a semi-join,
 * so a selective condition is answered from the (scope, name, value) index and a broad one by
 * the primary key per row. Also used by the process-api lists (`variable-filter-sql.ts`).
 */
export const addVariableProbe = (where: Conditions, ownerId: string, c: SearchVariableCondition): void => {
  const { column, cast } = valueColumns[c.type];
  const blind = c.operation.endsWith('IgnoreCase');
  const left = blind ? `lower(${column})` : column;
  const right = blind ? `lower($?::${cast})` : `$?::${cast}`;
  where.add(
    `EXISTS (SELECT 1 FROM weir_search_variable v WHERE v.scope = $? AND v.scope_id = ${ownerId} AND v.name = $?
       AND ${left} ${searchOperations[c.operation]} ${right})`,
    c.scope,
    c.name,
    c.type === 'number' ? c.value : String(c.value),
  );
};

const conditionsOf = (f: SearchFilter): Conditions => {
  const where = new Conditions().add('d.kind = $?', f.kind);
  if (f.runtime) where.add('d.runtime');
  if (f.historic) where.add('d.historic');
  where
    .when(f.text, `d.body @@ websearch_to_tsquery($?::regconfig, $?)`, f.language, f.text)
    .when(f.id, 'd.id = $?')
    .when(f.processInstanceId, 'd.process_instance_id = $?')
    .when(f.processDefinitionKey, 'd.definition_key = $?')
    .when(f.processDefinitionId, 'd.definition_id = $?')
    .when(f.taskDefinitionKey, 'd.task_definition_key = $?')
    .when(f.businessKey, 'd.business_key = $?')
    .when(f.tenantId, 'd.tenant_id = $?')
    .when(f.state, 'd.state = $?')
    .when(f.assignee, 'd.assignee = $?')
    .when(f.owner, 'd.owner = $?')
    .when(f.startedBy, 'd.start_user_id = $?')
    .when(f.createdAfter, 'd.created_at >= $?')
    .when(f.createdBefore, 'd.created_at < $?')
    .when(f.endedAfter, 'd.ended_at >= $?')
    .when(f.endedBefore, 'd.ended_at < $?')
    .when(f.dueAfter, 'd.due_date >= $?')
    .when(f.dueBefore, 'd.due_date < $?');
  if (f.unassigned) where.add('d.assignee IS NULL');
  if (f.finished !== undefined) where.add(f.finished ? 'd.ended_at IS NOT NULL' : 'd.ended_at IS NULL');
  if (f.candidateUser !== undefined || f.candidateGroups !== undefined) {
    where.add(CANDIDATE, f.candidateUser ?? null, f.candidateGroups ?? [], f.candidateUser ?? null);
  }
  for (const condition of f.variables ?? []) {
    const owner = f.kind === 'task' && condition.scope === 'process' ? 'd.process_instance_id' : 'd.id';
    addVariableProbe(where, owner, condition);
  }
  if (f.kind === 'case') return onlyRowsOfVisibleCases(where, f.visibleTo, 'd.id');
  return f.kind === 'task'
    ? onlyVisibleTasks(where, f.visibleTo, 'd')
    : onlyVisibleInstances(where, f.visibleTo, 'd.id', 'd.start_user_id');
};

export const searchDocuments = (
  db: Queryable,
  filter: SearchFilter,
  sorts: SortColumns,
  page: PageRequest,
): Promise<PagedResult<SearchDocumentRow>> =>
  pagedQuery(
    db,
    {
      columns: COLUMNS,
      from: 'weir_search_document d',
      where: conditionsOf(filter),
      sorts,
      tieBreaker: 'd.id',
      page,
    },
    toRow,
  );

/** The columns the counts may be grouped by. */
export const searchGroupColumns = {
  processDefinitionKey: 'd.definition_key',
  state: 'd.state',
  assignee: 'd.assignee',
} as const;

export type SearchGroup = keyof typeof searchGroupColumns;

/** Most groups one count answers: a dashboard shows the largest ones. */
const MAX_GROUPS = 1000;

export const countDocuments = async (
  db: Queryable,
  filter: SearchFilter,
  groupBy: SearchGroup,
): Promise<{ key: string | null; count: number }[]> => {
  const where = conditionsOf(filter);
  const { rows } = await db.query<{ key: string | null; n: string }>(
    `SELECT ${searchGroupColumns[groupBy]} AS key, count(*) AS n FROM weir_search_document d ${where.sql}
     GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT ${MAX_GROUPS}`,
    where.params,
  );
  return rows.map((r) => ({ key: r.key, count: Number(r.n) }));
};
