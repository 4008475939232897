/**
 * The case lifecycle's writes beyond a command's flush: deleting the history of ended cases,
 * and a case definition's category.
 */
import type { Queryable } from './database.ts';
import { deleteTaskHistory } from './standalone-tasks-sql.ts';

export interface HistoricCaseState {
  id: string;
  ended: boolean;
  /** whether a runtime row still exists (a running case) */
  running: boolean;
}

/**
 * Lock a case's history row: an ended case has no runtime row to lock, so deleting its
 * history serialises on this one (and a concurrent end of the case waits for the check).
 */
export const lockHistoricCase = async (db: Queryable, id: string): Promise<HistoricCaseState | undefined> => {
  const { rows } = await db.query<HistoricCaseState>(
    `SELECT h.id, h.ended_at IS NOT NULL AS ended,
            EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = h.id) AS running
       FROM weir_cmmn_hi_case_instance h WHERE h.id = $1 FOR UPDATE OF h`,
    [id],
  );
  return rows[0];
};

/** Everything history holds of an ended case: its plan items, milestones, variables, tasks, people. */
export const deleteHistoricCase = async (db: Queryable, id: string): Promise<void> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_hi_task_instance WHERE scope_type = 'cmmn' AND scope_id = $1`,
    [id],
  );
  await deleteTaskHistory(
    db,
    rows.map((r) => r.id),
  );
  await db.query(`DELETE FROM weir_cmmn_plan_item WHERE case_instance_id = $1`, [id]);
  await db.query(`DELETE FROM weir_cmmn_hi_milestone WHERE case_instance_id = $1`, [id]);
  await db.query(`DELETE FROM weir_cmmn_hi_variable WHERE case_instance_id = $1`, [id]);
  await db.query(`DELETE FROM weir_hi_identity_link WHERE scope_type = 'cmmn' AND scope_id = $1`, [id]);
  await db.query(`DELETE FROM weir_cmmn_hi_case_instance WHERE id = $1`, [id]);
};

export const setCaseDefinitionCategory = async (
  db: Queryable,
  id: string,
  category: string,
): Promise<boolean> => {
  const { rowCount } = await db.query(`UPDATE weir_cmmn_case_definition SET category = $2 WHERE id = $1`, [
    id,
    category,
  ]);
  return rowCount > 0;
};
