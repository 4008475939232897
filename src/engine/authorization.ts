/**
 * Weir's one authorization model (docs/security.md, "Authorization"). Every engine command
 * and query that acts for a person takes that person's `Principal`; a command given none is
 * the engine acting for itself (the job executor, boot-time deployment, delegates, tests).
 *
 * The checks of a command run inside it, after the root instance lock is taken, so that what
 * is checked (a task's assignee, an instance's people) cannot change before the write.
 *
 * Two answers: an object the caller may not see is "not found" (404, the same message as an
 * object that does not exist, so ids cannot be probed); an object the caller sees but may not
 * change this way is `WEIR_FORBIDDEN` (403) naming the user and the object.
 */
import { WeirError } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { instanceVisibleTo, type Viewer } from '../persistence/visibility-sql.ts';

export interface Principal {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly privileges: readonly string[];
}

/** Flowable's privilege for the REST API. */
export const PRIVILEGE_REST_API = 'access-rest-api';
/** Flowable's privilege for administrators: everything, on every object. */
export const PRIVILEGE_ADMIN = 'access-admin';
/** Weir's own (Flowable has none): deploy, delete deployments, change definitions, run management calls. */
export const PRIVILEGE_DEPLOY = 'deploy-definitions';

export type { Viewer };

export const isAdmin = (principal: Principal | undefined): boolean =>
  principal?.privileges.includes(PRIVILEGE_ADMIN) ?? false;

/** Whom a list is filtered for: nobody (no filter) for the engine itself and for admins. */
export const viewerOf = (principal: Principal | undefined): Viewer | undefined =>
  principal === undefined || isAdmin(principal)
    ? undefined
    : { userId: principal.userId, groups: principal.groups };

export const forbidden = (principal: Principal, action: string, object: string): WeirError =>
  new WeirError('WEIR_FORBIDDEN', `User '${principal.userId}' may not ${action} ${object}`);

export const notFoundError = (what: string, id: string): WeirError =>
  new WeirError('WEIR_NOT_FOUND', `Could not find a ${what} with id '${id}'.`);

/** Admins and holders of `deploy-definitions` (directly or through a group). */
const mayDeploy = (principal: Principal | undefined): boolean =>
  principal === undefined || isAdmin(principal) || principal.privileges.includes(PRIVILEGE_DEPLOY);

export const requireDeployer = (principal: Principal | undefined, action: string, object: string): void => {
  if (!mayDeploy(principal)) throw forbidden(principal!, action, object);
};

/** Refuse (as not found) an instance, running or ended, that the principal may not see. */
export const requireVisibleInstance = async (
  db: Queryable,
  principal: Principal | undefined,
  instanceId: string,
): Promise<void> => {
  const viewer = viewerOf(principal);
  if (viewer && !(await instanceVisibleTo(db, instanceId, viewer))) {
    throw notFoundError('process instance', instanceId);
  }
};
