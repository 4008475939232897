/** REST reads and side tables of tasks: the task list with Flowable's filters, identity links, comments. */
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
import { onlyVisibleTasks } from './visibility-sql.ts';
import type { IdentityLinkRow, TaskRow } from '../engine/runtime-types.ts';

export interface TaskFilter {
  id?: string;
  name?: string;
  nameLike?: string;
  description?: string;
  descriptionLike?: string;
  priority?: number;
  minimumPriority?: number;
  maximumPriority?: number;
  assignee?: string;
  assigneeLike?: string;
  owner?: string;
  ownerLike?: string;
  unassigned?: boolean;
  delegationState?: string;
  candidateUser?: string;
  candidateGroups?: readonly string[];
  involvedUser?: string;
  candidateOrAssigned?: string;
  taskDefinitionKey?: string;
  taskDefinitionKeyLike?: string;
  processInstanceId?: string;
  /** a case's tasks (Flowable's caseInstanceId, scopeId) and their kind (scopeType 'cmmn') */
  caseInstanceId?: string;
  scopeId?: string;
  scopeType?: string;
  planItemInstanceId?: string;
  processInstanceBusinessKey?: string;
  processInstanceBusinessKeyLike?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  processDefinitionKeyLike?: string;
  executionId?: string;
  createdOn?: Date;
  createdBefore?: Date;
  createdAfter?: Date;
  dueOn?: Date;
  dueBefore?: Date;
  dueAfter?: Date;
  withoutDueDate?: boolean;
  excludeSubTasks?: boolean;
  active?: boolean;
  category?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** process variables of the task's instance */
  processInstanceVariables?: readonly VariableCondition[];
  /** local variables of the task */
  taskVariables?: readonly VariableCondition[];
  /** answer variable conditions from the search index's variable values (docs/search.md) */
  variableIndex?: boolean;
  /** Only tasks this user may see: assignee, owner, candidate (directly or through a group), or involved. */
  visibleTo?: { userId: string; groups: readonly string[] };
}

export const taskSorts = {
  id: 't.id',
  name: 't.name',
  description: 't.description',
  priority: 't.priority',
  assignee: 't.assignee',
  owner: 't.owner',
  createTime: 't.created_at',
  dueDate: 't.due_date',
  executionId: 't.execution_id',
  processInstanceId: 't.process_instance_id',
  processDefinitionId: 't.definition_id',
  taskDefinitionKey: 't.task_definition_key',
  tenantId: 't.tenant_id',
} as const;

/** Candidate of a task, as a user or through one of the user's groups (from the identity store). */
const CANDIDATE_USER = `EXISTS (SELECT 1 FROM weir_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate'
  AND (l.user_id = $? OR l.group_id IN (SELECT m.group_id FROM weir_idm_membership m WHERE m.user_id = $?)))`;

const dayRange = (day: Date): [Date, Date] => {
  const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  return [from, new Date(from.getTime() + 86_400_000)];
};

export const listTasks = (db: Queryable, f: TaskFilter, page: PageRequest): Promise<PagedResult<TaskRow>> => {
  const where = new Conditions()
    .when(f.id, 't.id = $?')
    .when(f.name, 't.name = $?')
    .when(f.nameLike, 't.name LIKE $?')
    .when(f.description, 't.description = $?')
    .when(f.descriptionLike, 't.description LIKE $?')
    .when(f.priority, 't.priority = $?')
    .when(f.minimumPriority, 't.priority >= $?')
    .when(f.maximumPriority, 't.priority <= $?')
    .when(f.assignee, 't.assignee = $?')
    .when(f.assigneeLike, 't.assignee LIKE $?')
    .when(f.owner, 't.owner = $?')
    .when(f.ownerLike, 't.owner LIKE $?')
    .when(f.delegationState, 't.delegation_state = $?')
    .when(f.candidateUser, `t.assignee IS NULL AND ${CANDIDATE_USER}`, f.candidateUser, f.candidateUser)
    .when(
      f.candidateGroups?.length ? f.candidateGroups : undefined,
      `t.assignee IS NULL AND EXISTS (SELECT 1 FROM weir_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate'
        AND l.group_id = ANY($?::text[]))`,
    )
    .when(
      f.involvedUser,
      `t.assignee = $? OR t.owner = $? OR EXISTS (SELECT 1 FROM weir_identity_link l WHERE l.task_id = t.id AND l.user_id = $?)`,
      f.involvedUser,
      f.involvedUser,
      f.involvedUser,
    )
    .when(
      f.candidateOrAssigned,
      `t.assignee = $? OR (t.assignee IS NULL AND ${CANDIDATE_USER})`,
      f.candidateOrAssigned,
      f.candidateOrAssigned,
      f.candidateOrAssigned,
    )
    .when(f.taskDefinitionKey, 't.task_definition_key = $?')
    .when(f.taskDefinitionKeyLike, 't.task_definition_key LIKE $?')
    .when(f.processInstanceId, 't.process_instance_id = $?')
    .when(f.caseInstanceId, "t.scope_id = $? AND t.scope_type = 'cmmn'")
    .when(f.scopeId, 't.scope_id = $?')
    .when(f.scopeType, 't.scope_type = $?')
    .when(f.planItemInstanceId, "t.sub_scope_id = $? AND t.scope_type = 'cmmn'")
    .when(
      f.processInstanceBusinessKey,
      'EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = t.process_instance_id AND i.business_key = $?)',
    )
    .when(
      f.processInstanceBusinessKeyLike,
      'EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = t.process_instance_id AND i.business_key LIKE $?)',
    )
    .when(f.processDefinitionId, 't.definition_id = $?')
    .when(
      f.processDefinitionKey,
      'EXISTS (SELECT 1 FROM weir_process_definition d WHERE d.id = t.definition_id AND d.key = $?)',
    )
    .when(
      f.processDefinitionKeyLike,
      'EXISTS (SELECT 1 FROM weir_process_definition d WHERE d.id = t.definition_id AND d.key LIKE $?)',
    )
    .when(f.executionId, 't.execution_id = $?')
    .when(f.createdBefore, 't.created_at < $?')
    .when(f.createdAfter, 't.created_at > $?')
    .when(f.dueBefore, 't.due_date < $?')
    .when(f.dueAfter, 't.due_date > $?')
    .when(f.category, 't.category = $?')
    .when(f.tenantId, 't.tenant_id = $?')
    .when(f.tenantIdLike, 't.tenant_id LIKE $?');
  if (f.createdOn) where.add('t.created_at >= $? AND t.created_at < $?', ...dayRange(f.createdOn));
  if (f.dueOn) where.add('t.due_date >= $? AND t.due_date < $?', ...dayRange(f.dueOn));
  if (f.unassigned) where.add('t.assignee IS NULL');
  if (f.withoutDueDate) where.add('t.due_date IS NULL');
  if (f.excludeSubTasks) where.add('t.parent_task_id IS NULL');
  if (f.active !== undefined) where.add('t.suspended = $?', !f.active);
  if (f.withoutTenantId) where.add(`t.tenant_id = ''`);
  addVariableConditions(
    where,
    f.processInstanceVariables,
    (name) =>
      `(SELECT e -> 'variables' -> ${name} -> 'value' FROM weir_process_instance i CROSS JOIN LATERAL
        jsonb_array_elements(i.state -> 'executions') e WHERE i.id = t.process_instance_id AND e ->> 'id' = i.id)`,
    f.variableIndex ? { scope: 'process', ownerId: 't.process_instance_id' } : undefined,
  );
  addVariableConditions(
    where,
    f.taskVariables,
    (name) => `(t.variables -> ${name} -> 'value')`,
    f.variableIndex ? { scope: 'task', ownerId: 't.id' } : undefined,
  );
  onlyVisibleTasks(where, f.visibleTo, 't');
  return pagedQuery(
    db,
    { columns: 't.*', from: 'weir_task t', where, sorts: taskSorts, tieBreaker: 't.id', page },
    (r) => toCamelRow<TaskRow>(r),
  );
};

export const identityLinksOfTask = async (db: Queryable, taskId: string): Promise<IdentityLinkRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_identity_link WHERE task_id = $1 ORDER BY created_at, id`,
    [taskId],
  );
  return rows.map((r) => toCamelRow<IdentityLinkRow>(r));
};

export const identityLinksOfInstance = async (
  db: Queryable,
  instanceId: string,
): Promise<IdentityLinkRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_identity_link WHERE process_instance_id = $1 AND task_id IS NULL ORDER BY created_at, id`,
    [instanceId],
  );
  return rows.map((r) => toCamelRow<IdentityLinkRow>(r));
};

/**
 * Identity links are rows of their own, outside the instance document, so adding one needs no
 * engine command: the next command that loads the task reads it.
 */
export const insertIdentityLink = async (db: Queryable, link: IdentityLinkRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_identity_link (id, type, user_id, group_id, task_id, process_instance_id, root_instance_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      link.id,
      link.type,
      link.userId,
      link.groupId,
      link.taskId,
      link.processInstanceId,
      link.rootInstanceId,
      link.createdAt,
    ],
  );
};

export const deleteIdentityLink = async (
  db: Queryable,
  taskId: string,
  link: { userId?: string; groupId?: string; type: string },
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `DELETE FROM weir_identity_link WHERE task_id = $1 AND type = $2
       AND (($3::text IS NOT NULL AND user_id = $3) OR ($4::text IS NOT NULL AND group_id = $4))`,
    [taskId, link.type, link.userId ?? null, link.groupId ?? null],
  );
  return rowCount > 0;
};

export interface CommentRow {
  id: string;
  taskId: string | null;
  processInstanceId: string | null;
  author: string | null;
  message: string;
  type: string;
  /** what wrote the row (Flowable's Event action): AddComment for a comment */
  action?: string | null;
  createdAt: Date;
}

export const insertComment = async (db: Queryable, c: CommentRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_comment (id, task_id, process_instance_id, author, message, type, action, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.id, c.taskId, c.processInstanceId, c.author, c.message, c.type, c.action ?? 'AddComment', c.createdAt],
  );
};

export const commentsOf = async (
  db: Queryable,
  by: { taskId?: string; processInstanceId?: string },
): Promise<CommentRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_comment WHERE type = 'comment' AND ($1::text IS NULL OR task_id = $1)
       AND ($2::text IS NULL OR process_instance_id = $2)
     ORDER BY created_at, id`,
    [by.taskId ?? null, by.processInstanceId ?? null],
  );
  return rows.map((r) => toCamelRow<CommentRow>(r));
};

export const getComment = async (db: Queryable, id: string): Promise<CommentRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_comment WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<CommentRow>(rows[0]) : undefined;
};

export const deleteComment = async (db: Queryable, id: string): Promise<boolean> => {
  const { rowCount } = await db.query(`DELETE FROM weir_comment WHERE id = $1`, [id]);
  return rowCount > 0;
};
