/**
 * Identity links of case instances (the people involved: `participant` and any other type a
 * client names): rows of the shared link tables with scope_type 'cmmn' and scope_id the case,
 * each with a historic copy that outlives the case. The starter is recorded on the case row
 * itself and shown as a `starter` link by the routes.
 */
import type { Queryable } from './database.ts';
import type { Identity } from './identity-links-sql.ts';
import { toCamelRow } from './rows.ts';

export interface CaseLinkRow {
  readonly id: string;
  readonly type: string;
  readonly userId: string | null;
  readonly groupId: string | null;
  readonly caseInstanceId: string;
  readonly createdAt: Date;
}

const COLUMNS = `id, type, user_id, group_id, scope_id AS case_instance_id, created_at`;
const tables = { runtime: 'weir_identity_link', history: 'weir_hi_identity_link' } as const;

/** The links of one case (runtime: while it runs; history: also after it ended), oldest first. */
export const caseLinksOf = async (
  db: Queryable,
  caseId: string,
  from: keyof typeof tables,
): Promise<CaseLinkRow[]> => {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM ${tables[from]} WHERE scope_id = $1 AND scope_type = 'cmmn' AND task_id IS NULL
     ORDER BY created_at, id`,
    [caseId],
  );
  return rows.map((r) => toCamelRow<CaseLinkRow>(r));
};

export const caseLinkOf = async (
  db: Queryable,
  caseId: string,
  link: Identity & { type: string },
): Promise<CaseLinkRow | undefined> => {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM weir_identity_link WHERE scope_id = $1 AND scope_type = 'cmmn' AND task_id IS NULL
       AND type = $2 AND (user_id = $3 OR group_id = $4) ORDER BY created_at, id LIMIT 1`,
    [caseId, link.type, link.userId, link.groupId],
  );
  return rows[0] ? toCamelRow<CaseLinkRow>(rows[0]) : undefined;
};

/** Writes the link, and its historic copy when history is kept. */
export const insertCaseLink = async (db: Queryable, link: CaseLinkRow, history: boolean): Promise<void> => {
  const values = [link.id, link.type, link.userId, link.groupId, link.caseInstanceId, link.createdAt];
  await db.query(
    `INSERT INTO weir_identity_link (id, type, user_id, group_id, scope_id, scope_type, created_at)
     VALUES ($1, $2, $3, $4, $5, 'cmmn', $6)`,
    values,
  );
  if (history)
    await db.query(
      `INSERT INTO weir_hi_identity_link (id, type, user_id, group_id, scope_id, scope_type, created_at)
       VALUES ($1, $2, $3, $4, $5, 'cmmn', $6)`,
      values,
    );
};

/** Removes the runtime link and its historic copy; answers whether there was one. */
export const deleteCaseLink = async (
  db: Queryable,
  caseId: string,
  link: Identity & { type: string },
): Promise<boolean> => {
  const { rows } = await db.query<{ id: string }>(
    `DELETE FROM weir_identity_link WHERE scope_id = $1 AND scope_type = 'cmmn' AND task_id IS NULL AND type = $2
       AND (user_id = $3 OR group_id = $4) RETURNING id`,
    [caseId, link.type, link.userId, link.groupId],
  );
  if (rows.length === 0) return false;
  await db.query(`DELETE FROM weir_hi_identity_link WHERE id = ANY($1::text[])`, [rows.map((r) => r.id)]);
  return true;
};
