/**
 * What task commands leave behind besides the task row: task events (rows of the comment
 * table with type `event`), the task log, and the historic copies of identity links. The
 * engine's flush writes them in its one batch; the REST layer reads them here.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { pagedQuery, Conditions, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import { onlyVisibleTasks, type Viewer } from './visibility-sql.ts';

/** A row of `weir_comment`: a comment (`type` comment) or a task event (`type` event). */
export interface TaskEventRow {
  id: string;
  taskId: string | null;
  processInstanceId: string | null;
  author: string | null;
  /** a comment's text; an event's message parts joined by `_|_`, as Flowable stores them */
  message: string;
  type: 'comment' | 'event';
  action: string | null;
  createdAt: Date;
}

export const insertTaskEvents = async (db: Queryable, rows: readonly TaskEventRow[]): Promise<void> => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO weir_comment (id, task_id, process_instance_id, author, message, type, action, created_at)
     SELECT id, task_id, process_instance_id, author, message, type, action, created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, task_id text, process_instance_id text, author text,
         message text, type text, action text, created_at timestamptz)`,
    [
      JSON.stringify(
        rows.map((e) => ({
          id: e.id,
          task_id: e.taskId,
          process_instance_id: e.processInstanceId,
          author: e.author,
          message: e.message,
          type: e.type,
          action: e.action,
          created_at: e.createdAt,
        })),
      ),
    ],
  );
};

/** Every comment and event of a task, newest first (Flowable's `getTaskEvents`). */
export const eventsOfTask = async (db: Queryable, taskId: string): Promise<TaskEventRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_comment WHERE task_id = $1 ORDER BY created_at DESC, id`,
    [taskId],
  );
  return rows.map((r) => toCamelRow<TaskEventRow>(r));
};

export const getTaskEvent = async (db: Queryable, id: string): Promise<TaskEventRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_comment WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<TaskEventRow>(rows[0]) : undefined;
};

export const deleteTaskEvent = async (db: Queryable, id: string): Promise<void> => {
  await db.query(`DELETE FROM weir_comment WHERE id = $1`, [id]);
};

// --- the task log ------------------------------------------------------------------------------

export interface TaskLogEntry {
  type: string;
  taskId: string;
  timeStamp: Date;
  userId: string | null;
  /** a JSON document as text, as Flowable answers it */
  data: string | null;
  executionId: string | null;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  tenantId: string;
}

export interface TaskLogRow extends TaskLogEntry {
  logNumber: string;
}

export const insertTaskLogEntries = async (db: Queryable, rows: readonly TaskLogEntry[]): Promise<void> => {
  if (rows.length === 0) return;
  // WITH ORDINALITY: log numbers follow the order the command made the changes in
  await db.query(
    `INSERT INTO weir_hi_task_log_entry (type, task_id, time_stamp, user_id, data, execution_id,
       process_instance_id, process_definition_id, tenant_id)
     SELECT r.type, r.task_id, r.time_stamp, r.user_id, r.data, r.execution_id, r.process_instance_id,
            r.process_definition_id, r.tenant_id
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, n)
       CROSS JOIN LATERAL jsonb_to_record(e.doc) AS r(type text, task_id text, time_stamp timestamptz,
         user_id text, data text, execution_id text, process_instance_id text, process_definition_id text,
         tenant_id text)
      ORDER BY e.n`,
    [
      JSON.stringify(
        rows.map((l) => ({
          type: l.type,
          task_id: l.taskId,
          time_stamp: l.timeStamp,
          user_id: l.userId,
          data: l.data,
          execution_id: l.executionId,
          process_instance_id: l.processInstanceId,
          process_definition_id: l.processDefinitionId,
          tenant_id: l.tenantId,
        })),
      ),
    ],
  );
};

export const taskLogSorts = {
  logNumber: 'l.log_number',
  timeStamp: 'l.time_stamp',
} as const;

export interface TaskLogFilter {
  taskId?: string;
  type?: string;
  userId?: string;
  processInstanceId?: string;
  processDefinitionId?: string;
  from?: Date;
  to?: Date;
  fromLogNumber?: number;
  toLogNumber?: number;
  tenantId?: string;
  visibleTo?: Viewer;
}

export const listTaskLogEntries = (
  db: Queryable,
  f: TaskLogFilter,
  page: PageRequest,
): Promise<PagedResult<TaskLogRow>> => {
  const where = new Conditions();
  if (f.taskId !== undefined) where.add('l.task_id = $?', f.taskId);
  if (f.type !== undefined) where.add('l.type = $?', f.type);
  if (f.userId !== undefined) where.add('l.user_id = $?', f.userId);
  if (f.processInstanceId !== undefined) where.add('l.process_instance_id = $?', f.processInstanceId);
  if (f.processDefinitionId !== undefined) where.add('l.process_definition_id = $?', f.processDefinitionId);
  if (f.from !== undefined) where.add('l.time_stamp >= $?', f.from);
  if (f.to !== undefined) where.add('l.time_stamp <= $?', f.to);
  if (f.fromLogNumber !== undefined) where.add('l.log_number >= $?', f.fromLogNumber);
  if (f.toLogNumber !== undefined) where.add('l.log_number <= $?', f.toLogNumber);
  if (f.tenantId !== undefined) where.add('l.tenant_id = $?', f.tenantId);
  // a log entry is seen by whoever sees its task (running or ended): join the task's history row
  onlyVisibleTasks(where, f.visibleTo, 'h', 'history');
  const from = f.visibleTo
    ? 'weir_hi_task_log_entry l JOIN weir_hi_task_instance h ON h.id = l.task_id'
    : 'weir_hi_task_log_entry l';
  return pagedQuery(
    db,
    { columns: 'l.*', from, where, sorts: taskLogSorts, tieBreaker: 'l.log_number', page },
    (r) => {
      const row = toCamelRow<TaskLogRow>(r);
      return { ...row, logNumber: String(row.logNumber) };
    },
  );
};

// --- historic identity links --------------------------------------------------------------------

export interface HistoricIdentityLinkRow {
  id: string;
  type: string;
  userId: string | null;
  groupId: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  createdAt: Date;
}

/** The historic copies of new identity links (the runtime rows go away with their task). */
export const insertHistoricLinks = async (
  db: Queryable,
  links: ReadonlyArray<Omit<HistoricIdentityLinkRow, 'id'> & { id: string }>,
): Promise<void> => {
  if (links.length === 0) return;
  await db.query(
    `INSERT INTO weir_hi_identity_link (id, type, user_id, group_id, task_id, process_instance_id, created_at)
     SELECT id, type, user_id, group_id, task_id, process_instance_id, created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, type text, user_id text, group_id text, task_id text,
         process_instance_id text, created_at timestamptz)`,
    [
      JSON.stringify(
        links.map((l) => ({
          id: l.id,
          type: l.type,
          user_id: l.userId,
          group_id: l.groupId,
          task_id: l.taskId,
          process_instance_id: l.processInstanceId,
          created_at: l.createdAt,
        })),
      ),
    ],
  );
};

/** Remove the historic copy of a link removed from a running task, as Flowable does. */
export const deleteHistoricLink = async (
  db: Queryable,
  taskId: string,
  link: { userId: string | null; groupId: string | null; type: string },
): Promise<void> => {
  await db.query(
    `DELETE FROM weir_hi_identity_link WHERE task_id = $1 AND type = $2
       AND user_id IS NOT DISTINCT FROM $3 AND group_id IS NOT DISTINCT FROM $4`,
    [taskId, link.type, link.userId, link.groupId],
  );
};

export const historicLinksOfTask = async (
  db: Queryable,
  taskId: string,
): Promise<HistoricIdentityLinkRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_identity_link WHERE task_id = $1 ORDER BY created_at, id`,
    [taskId],
  );
  return rows.map((r) => toCamelRow<HistoricIdentityLinkRow>(r));
};

export const historicLinksOfInstance = async (
  db: Queryable,
  processInstanceId: string,
): Promise<HistoricIdentityLinkRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_hi_identity_link WHERE process_instance_id = $1 AND task_id IS NULL ORDER BY created_at, id`,
    [processInstanceId],
  );
  return rows.map((r) => toCamelRow<HistoricIdentityLinkRow>(r));
};
