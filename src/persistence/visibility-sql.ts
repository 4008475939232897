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

/**
 * The instance predicate for an instance whose id and start user are the given columns. Each
 * set is a subquery that does not depend on the row, so PostgreSQL computes it once from the
 * user's side (by the indexes on user, group, assignee and owner) and probes it per row as a
 * hash: a list costs one pass over its rows, however many instances the user has no part in.
 */
const instanceFragment = (id: string, startUser: string): string =>
  `${startUser} = $?
   OR ${id} IN (SELECT vl.process_instance_id FROM weir_identity_link vl
                WHERE vl.user_id = $? OR vl.group_id = ANY($?::text[]))
   OR ${id} IN (SELECT vt.process_instance_id FROM weir_task vt WHERE vt.assignee = $? OR vt.owner = $?)
   OR ${id} IN (SELECT vh.process_instance_id FROM weir_hi_task_instance vh WHERE vh.assignee = $? OR vh.owner = $?)`;

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
 * Every instance id the viewer may see, running or ended, gathered from the viewer's side (by
 * the indexes on start user, user, group, assignee and owner). Uncorrelated, so PostgreSQL
 * builds it once per query and probes it per row.
 */
const visibleInstanceIds = `SELECT vi.id FROM weir_process_instance vi WHERE vi.start_user_id = $?
  UNION ALL SELECT vhi.id FROM weir_hi_process_instance vhi WHERE vhi.start_user_id = $?
  UNION ALL SELECT vl.process_instance_id FROM weir_identity_link vl WHERE vl.user_id = $? OR vl.group_id = ANY($?::text[])
  UNION ALL SELECT vt.process_instance_id FROM weir_task vt WHERE vt.assignee = $? OR vt.owner = $?
  UNION ALL SELECT vh.process_instance_id FROM weir_hi_task_instance vh WHERE vh.assignee = $? OR vh.owner = $?`;

/**
 * Keep only rows (executions, subscriptions, activity and variable history) whose process
 * instance the viewer may see, running or ended; rows of no instance (`allowNone`) stay visible.
 */
export const onlyRowsOfVisibleInstances = (
  where: Conditions,
  viewer: Viewer | undefined,
  instanceColumn: string,
  allowNone = false,
): Conditions => {
  if (!viewer) return where;
  const none = allowNone ? `${instanceColumn} IS NULL OR ` : '';
  const ids = visibleInstanceIdsOf(viewer);
  return where.add(`${none}${instanceColumn} IN (${ids.sql})`, ...ids.values);
};

/** The viewer's visible instance ids as a subquery, with the values of its `$?` placeholders. */
export const visibleInstanceIdsOf = (viewer: Viewer): { sql: string; values: unknown[] } => {
  const u = viewer.userId;
  return { sql: visibleInstanceIds, values: [u, u, u, viewer.groups, u, u, u, u] };
};

const linkTables = { runtime: 'weir_identity_link', history: 'weir_hi_identity_link' } as const;

/**
 * Tasks (runtime or history) the viewer is assignee, owner, candidate or participant of. A
 * historic task's links are read from the historic copies: the runtime rows go with the task, so
 * a candidate who completed a task unclaimed would otherwise lose sight of it.
 */
export const onlyVisibleTasks = (
  where: Conditions,
  viewer: Viewer | undefined,
  task: string,
  links: 'runtime' | 'history' = 'runtime',
): Conditions =>
  viewer
    ? where.add(
        `${task}.assignee = $? OR ${task}.owner = $? OR EXISTS (SELECT 1 FROM ${linkTables[links]} tl
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
