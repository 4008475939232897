/** Deleting the history of ended process instances (with their called sub-instances). */
import type { Queryable } from './database.ts';
import { deleteTaskHistory } from './standalone-tasks-sql.ts';

export interface HistoricInstanceState {
  id: string;
  ended: boolean;
  /** whether a runtime row still exists (a running instance) */
  running: boolean;
}

/**
 * Lock an instance's history row: commands on an ended instance (comments, deleting its
 * history) have no runtime row to lock, so they serialise on this one.
 */
export const lockHistoricInstance = async (
  db: Queryable,
  id: string,
): Promise<HistoricInstanceState | undefined> => {
  const { rows } = await db.query<{ id: string; ended: boolean; running: boolean }>(
    `SELECT h.id, h.ended_at IS NOT NULL AS ended,
            EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = h.id) AS running
       FROM weir_hi_process_instance h WHERE h.id = $1 FOR UPDATE OF h`,
    [id],
  );
  return rows[0];
};

/** The instance and every instance it called, at any depth, as history knows them. */
const instanceTree = async (db: Queryable, id: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE tree(id) AS (
       SELECT $1::text
       UNION SELECT h.id FROM weir_hi_process_instance h JOIN tree ON h.super_instance_id = tree.id)
     SELECT id FROM tree`,
    [id],
  );
  return rows.map((r) => r.id);
};

/** Returns the ids of the instances whose history went (the tree of `id`). */
export const deleteHistoricInstanceTree = async (db: Queryable, id: string): Promise<string[]> => {
  const ids = await instanceTree(db, id);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_hi_task_instance WHERE process_instance_id = ANY($1::text[])`,
    [ids],
  );
  await deleteTaskHistory(
    db,
    rows.map((r) => r.id),
  );
  const byInstance = [ids];
  await db.query(
    `DELETE FROM weir_hi_variable_update WHERE process_instance_id = ANY($1::text[])`,
    byInstance,
  );
  await db.query(
    `DELETE FROM weir_hi_variable_instance WHERE process_instance_id = ANY($1::text[])`,
    byInstance,
  );
  await db.query(
    `DELETE FROM weir_hi_activity_instance WHERE process_instance_id = ANY($1::text[])`,
    byInstance,
  );
  await db.query(`DELETE FROM weir_hi_identity_link WHERE process_instance_id = ANY($1::text[])`, byInstance);
  await db.query(
    `DELETE FROM weir_hi_task_log_entry WHERE process_instance_id = ANY($1::text[])`,
    byInstance,
  );
  await db.query(`DELETE FROM weir_comment WHERE process_instance_id = ANY($1::text[])`, byInstance);
  await db.query(`DELETE FROM weir_attachment WHERE process_instance_id = ANY($1::text[])`, byInstance);
  // the form engine's record of what was submitted goes with the instance's history
  await db.query(`DELETE FROM weir_form_instance WHERE process_instance_id = ANY($1::text[])`, byInstance);
  // their bytes are orphaned by trigger and swept by the content engine (migration 016)
  await db.query(`DELETE FROM weir_content_item WHERE process_instance_id = ANY($1::text[])`, byInstance);
  await db.query(`DELETE FROM weir_hi_process_instance WHERE id = ANY($1::text[])`, byInstance);
  return ids;
};

/** An instance's history row, unlocked, for reads (its starter is one of its identity links). */
export const historicInstanceHead = async (
  db: Queryable,
  id: string,
): Promise<{ id: string; startUserId: string | null } | undefined> => {
  const { rows } = await db.query<{ id: string; start_user_id: string | null }>(
    `SELECT id, start_user_id FROM weir_hi_process_instance WHERE id = $1`,
    [id],
  );
  return rows[0] ? { id: rows[0].id, startUserId: rows[0].start_user_id } : undefined;
};
