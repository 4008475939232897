/**
 * Who may see and change a task over REST: a user with `access-admin` anything; anyone else a
 * task they are assignee or owner of, or a candidate or participant of (as a user or through a
 * group). Shared by the task, task variable, identity link and comment routes.
 */
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { IdentityLinkRow, TaskRow } from '../../engine/runtime-types.ts';
import type { Database } from '../../persistence/database.ts';
import { getTaskRow, loadInstance } from '../../persistence/runtime-sql.ts';
import { identityLinksOfTask } from '../../persistence/rest-tasks-sql.ts';
import type { Principal } from '../auth/credential-cache.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import { notFound } from './context.ts';
import { rootVariablesOf } from './responses.ts';
import { restVariables, type RestVariable } from './variables.ts';

export const involves = (principal: Principal, task: TaskRow, links: readonly IdentityLinkRow[]): boolean =>
  task.assignee === principal.userId ||
  task.owner === principal.userId ||
  links.some(
    (l) => l.userId === principal.userId || (l.groupId !== null && principal.groups.includes(l.groupId)),
  );

export const isCandidate = (principal: Principal, links: readonly IdentityLinkRow[]): boolean =>
  links.some(
    (l) =>
      l.type === 'candidate' &&
      (l.userId === principal.userId || (l.groupId !== null && principal.groups.includes(l.groupId))),
  );

export const forbidden = (principal: Principal, what: string, taskId: string) =>
  new WeirError('WEIR_FORBIDDEN', `User '${principal.userId}' may not ${what} task '${taskId}'`);

/** The task, if this user may see it: 404 when it does not exist, 403 when it is not theirs to see. */
export const visibleTaskFor = async (db: Database, request: FastifyRequest, taskId: string) => {
  const task = await getTaskRow(db, taskId);
  if (!task) throw notFound('task', taskId);
  const links = await identityLinksOfTask(db, taskId);
  const principal = principalOf(request);
  if (!isAdmin(principal) && !involves(principal, task, links)) throw forbidden(principal, 'see', taskId);
  return { task, links, principal };
};

/** The process variables a task sees (its instance's root scope). */
export const processVariablesOfTask = async (db: Database, task: TaskRow): Promise<RestVariable[]> => {
  if (!task.processInstanceId) return [];
  const instance = await loadInstance(db, task.processInstanceId);
  return instance ? restVariables(rootVariablesOf(instance), 'global') : [];
};
