/**
 * Who may see which case instance, as SQL: the rule of process instances (visibility-sql.ts)
 * applied to cases, shared by the lists (so `total` counts only visible cases, plan items,
 * milestones and variables) and by the single-object checks (so a GET never shows what a list
 * leaves out).
 *
 * A case instance is visible to its starter, to a user with an identity link on it (as a user
 * or through a group, runtime or historic copy), to the assignee or owner of any of its tasks,
 * open or ended, and to the candidates (user or group) of its open tasks. An admin has no
 * viewer: no predicate.
 */
import type { Queryable } from './database.ts';
import type { Conditions } from './rest-query-sql.ts';
import type { Viewer } from './visibility-sql.ts';

/**
 * Every case id the viewer may see, running or ended, gathered from the viewer's side (by the
 * indexes on start user, link user and group, assignee and owner). Uncorrelated, so PostgreSQL
 * builds it once per query and probes it per row, however many cases the viewer has no part in.
 */
const visibleCaseIds = `SELECT vc.id FROM weir_cmmn_case_instance vc WHERE vc.start_user_id = $?
  UNION ALL SELECT vhc.id FROM weir_cmmn_hi_case_instance vhc WHERE vhc.start_user_id = $?
  UNION ALL SELECT vl.scope_id FROM weir_identity_link vl
    WHERE vl.scope_type = 'cmmn' AND (vl.user_id = $? OR vl.group_id = ANY($?::text[]))
  UNION ALL SELECT vhl.scope_id FROM weir_hi_identity_link vhl
    WHERE vhl.scope_type = 'cmmn' AND (vhl.user_id = $? OR vhl.group_id = ANY($?::text[]))
  UNION ALL SELECT vt.scope_id FROM weir_task vt
    WHERE vt.scope_type = 'cmmn' AND (vt.assignee = $? OR vt.owner = $?)
  UNION ALL SELECT vht.scope_id FROM weir_hi_task_instance vht
    WHERE vht.scope_type = 'cmmn' AND (vht.assignee = $? OR vht.owner = $?)
  UNION ALL SELECT ct.scope_id FROM weir_identity_link cl JOIN weir_task ct ON ct.id = cl.task_id
    WHERE ct.scope_type = 'cmmn' AND (cl.user_id = $? OR cl.group_id = ANY($?::text[]))`;

const caseValues = (v: Viewer): unknown[] => {
  const u = v.userId;
  return [u, u, u, v.groups, u, v.groups, u, u, u, u, u, v.groups];
};

/** Keep only rows whose case (the given column) the viewer may see. */
export const onlyRowsOfVisibleCases = (
  where: Conditions,
  viewer: Viewer | undefined,
  caseColumn: string,
): Conditions => (viewer ? where.add(`${caseColumn} IN (${visibleCaseIds})`, ...caseValues(viewer)) : where);

/** Whether the viewer may see one case instance (running or ended). */
export const caseVisibleTo = async (db: Queryable, caseId: string, viewer: Viewer): Promise<boolean> => {
  let n = 1;
  const numbered = visibleCaseIds.replace(/\$\?/g, () => `$${++n}`);
  const { rows } = await db.query<{ visible: boolean }>(`SELECT $1::text IN (${numbered}) AS visible`, [
    caseId,
    ...caseValues(viewer),
  ]);
  return rows[0]?.visible === true;
};
