/**
 * Who may see what, as SQL: the predicates that lists and single-object checks share, so that
 * a list never shows a row that a direct GET would refuse, and `total` counts only rows the
 * caller may see. Parameterised by the caller's user id and group ids only; the column names
 * passed in are fixed by the calling code, never by input.
 *
 * A process instance is visible to its starter, to a user with an identity link on it (as a
 * user or through a group: participant, starter, candidate links of its tasks), and to the
 * assignee or owner of any of its tasks, open or ended. An admin has no viewer: no predicate.
 */
import type { Queryable } from './database.ts';
import type { Conditions } from './rest-query-sql.ts';

export interface Viewer {
  readonly userId: string;
  readonly groups: readonly string[];
}

/** The instance predicate for an instance whose id and start user are the given columns. */
const instanceFragment = (id: string, startUser: string): string =>
  `${startUser} = $?
   OR EXISTS (SELECT 1 FROM weir_identity_link vl WHERE vl.process_instance_id = ${id}
                AND (vl.user_id = $? OR vl.group_id = ANY($?::text[])))
   OR EXISTS (SELECT 1 FROM weir_task vt WHERE vt.process_instance_id = ${id} AND (vt.assignee = $? OR vt.owner = $?))
   OR EXISTS (SELECT 1 FROM weir_hi_task_instance vh WHERE vh.process_instance_id = ${id}
                AND (vh.assignee = $? OR vh.owner = $?))`;

const instanceValues = (v: Viewer): unknown[] => [
  v.userId,
  v.userId,
  v.groups,
  v.userId,
  v.userId,
  v.userId,
  v.userId,
];

/** Keep only instances the viewer may see; `id`/`startUser` are the row's columns (runtime or history). */
export const onlyVisibleInstances = (
  where: Conditions,
  viewer: Viewer | undefined,
  id: string,
  startUser: string,
): Conditions => (viewer ? where.add(instanceFragment(id, startUser), ...instanceValues(viewer)) : where);

/**
 * Keep only rows (executions, subscriptions, activity and variable history) whose process
 * instance the viewer may see. The instance is looked up in history as well, so rows of ended
 * instances stay visible to the same people; rows of no instance (`allowNone`) stay visible.
 */
export const onlyRowsOfVisibleInstances = (
  where: Conditions,
  viewer: Viewer | undefined,
  instanceColumn: string,
  allowNone = false,
): Conditions => {
  if (!viewer) return where;
  const none = allowNone ? `${instanceColumn} IS NULL OR ` : '';
  return where.add(
    `${none}EXISTS (SELECT 1 FROM weir_process_instance vi WHERE vi.id = ${instanceColumn} AND (${instanceFragment('vi.id', 'vi.start_user_id')}))
     OR EXISTS (SELECT 1 FROM weir_hi_process_instance vhi WHERE vhi.id = ${instanceColumn} AND (${instanceFragment('vhi.id', 'vhi.start_user_id')}))`,
    ...instanceValues(viewer),
    ...instanceValues(viewer),
  );
};

/** Tasks (runtime or history) the viewer is assignee, owner, candidate or participant of. */
export const onlyVisibleTasks = (where: Conditions, viewer: Viewer | undefined, task: string): Conditions =>
  viewer
    ? where.add(
        `${task}.assignee = $? OR ${task}.owner = $? OR EXISTS (SELECT 1 FROM weir_identity_link tl
           WHERE tl.task_id = ${task}.id AND (tl.user_id = $? OR tl.group_id = ANY($?::text[])))`,
        viewer.userId,
        viewer.userId,
        viewer.userId,
        viewer.groups,
      )
    : where;

/** Whether the viewer may see one process instance (running or ended). */
export const instanceVisibleTo = async (
  db: Queryable,
  instanceId: string,
  viewer: Viewer,
): Promise<boolean> => {
  const values = instanceValues(viewer);
  let n = 1;
  const numbered = (fragment: string) => fragment.replace(/\$\?/g, () => `$${++n}`);
  const runtime = numbered(instanceFragment('i.id', 'i.start_user_id'));
  const history = numbered(instanceFragment('h.id', 'h.start_user_id'));
  const { rows } = await db.query<{ visible: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = $1 AND (${runtime}))
         OR EXISTS (SELECT 1 FROM weir_hi_process_instance h WHERE h.id = $1 AND (${history})) AS visible`,
    [instanceId, ...values, ...values],
  );
  return rows[0]?.visible === true;
};
