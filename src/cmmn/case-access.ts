/**
 * Per-case visibility (docs/security.md): a case instance, its plan items, variables, people
 * and history are for admins and the case's people: its starter, users and groups with an
 * identity link on it, the assignee or owner of any of its tasks and the candidates of its open
 * tasks. Whoever sees a case may act on it, as with process instances; anyone else is told
 * the case does not exist (404, the message of a missing case), so ids cannot be probed.
 * Commands check inside themselves, after the case row is locked; reads check with the same
 * predicate the lists use (persistence/case-visibility-sql.ts).
 */
import { notFoundError, viewerOf, type Principal } from '../engine/authorization.ts';
import { caseVisibleTo } from '../persistence/case-visibility-sql.ts';
import type { Queryable } from '../persistence/database.ts';

/** Whether the principal may see the case, running or ended (the engine itself and admins: always). */
export const maySeeCase = async (
  db: Queryable,
  principal: Principal | undefined,
  caseId: string,
): Promise<boolean> => {
  const viewer = viewerOf(principal);
  return !viewer || (await caseVisibleTo(db, caseId, viewer));
};

/** Refuse (as not found) a case, running or ended, that the principal may not see. */
export const requireVisibleCase = async (
  db: Queryable,
  principal: Principal | undefined,
  caseId: string,
): Promise<void> => {
  if (!(await maySeeCase(db, principal, caseId))) throw notFoundError('case instance', caseId);
};
