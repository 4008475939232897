/**
 * Tasks of no process instance: their row lock, their subtasks, and the removal of a task's
 * history with everything recorded about it.
 */
import type { Queryable } from './database.ts';
import type { TaskRow } from '../engine/runtime-types.ts';
import { toCamelRow } from './rows.ts';

/** Lock a task that belongs to no instance (see `CommandContext.loadStandaloneTask`). */
export const lockStandaloneTask = async (db: Queryable, id: string): Promise<TaskRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_task WHERE id = $1 AND root_instance_id IS NULL FOR UPDATE`,
    [id],
  );
  return rows[0] ? toCamelRow<TaskRow>(rows[0]) : undefined;
};

export const subtasksOf = async (db: Queryable, parentTaskId: string): Promise<TaskRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_task WHERE parent_task_id = $1 ORDER BY created_at, id`,
    [parentTaskId],
  );
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

/**
 * Delete the history of tasks: their historic rows, variables, identity links, log entries,
 * comments, events and attachments (Flowable's `deleteHistoricTaskInstance`).
 */
export const deleteTaskHistory = async (db: Queryable, taskIds: readonly string[]): Promise<void> => {
  if (taskIds.length === 0) return;
  const ids = [taskIds];
  await db.query(`DELETE FROM weir_hi_variable_update WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_hi_variable_instance WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_hi_identity_link WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_hi_task_log_entry WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_comment WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_attachment WHERE task_id = ANY($1::text[])`, ids);
  // their bytes are orphaned by trigger and swept by the content engine (migration 016)
  await db.query(`DELETE FROM weir_content_item WHERE task_id = ANY($1::text[])`, ids);
  await db.query(`DELETE FROM weir_hi_task_instance WHERE id = ANY($1::text[])`, ids);
};

export interface HistoricTaskState {
  id: string;
  processInstanceId: string | null;
  assignee: string | null;
  owner: string | null;
  /** whether the runtime task still exists */
  running: boolean;
}

/** Lock a task's history row, for deleting it (nothing else writes an ended task's row). */
export const lockHistoricTask = async (db: Queryable, id: string): Promise<HistoricTaskState | undefined> => {
  const { rows } = await db.query(
    `SELECT h.id, h.process_instance_id, h.assignee, h.owner,
            EXISTS (SELECT 1 FROM weir_task t WHERE t.id = h.id) AS running
       FROM weir_hi_task_instance h WHERE h.id = $1 FOR UPDATE OF h`,
    [id],
  );
  return rows[0] ? toCamelRow<HistoricTaskState>(rows[0]) : undefined;
};
