/**
 * Who may see and act on a task: an admin anything; anyone else a task they are assignee or
 * owner of, or a candidate or participant of (as a user or through a group). What they may do
 * with it then depends on their role, as in Flowable's task app: a candidate claims, the
 * assignee completes, the assignee or owner changes, delegates and manages the people.
 *
 * Checked inside the task's command after the instance lock, against the task and links read
 * under that lock (see `Engine.withTask`).
 */
import { identityLinksOfTask } from '../persistence/rest-tasks-sql.ts';
import type { Principal } from './authorization.ts';
import { forbidden, isAdmin, notFoundError } from './authorization.ts';
import type { CommandContext } from './context.ts';
import type { IdentityLinkRow, TaskRow } from './runtime-types.ts';

export type TaskAction =
  | { kind: 'see' }
  | { kind: 'complete' }
  | { kind: 'claim'; assignee: string | null }
  | { kind: 'change' | 'delegate' | 'resolve' | 'manage people'; verb?: string };

const isMe = (principal: Principal, link: IdentityLinkRow) =>
  link.userId === principal.userId || (link.groupId !== null && principal.groups.includes(link.groupId));

export const involves = (principal: Principal, task: TaskRow, links: readonly IdentityLinkRow[]): boolean =>
  task.assignee === principal.userId ||
  task.owner === principal.userId ||
  links.some((l) => isMe(principal, l));

const isCandidate = (principal: Principal, links: readonly IdentityLinkRow[]): boolean =>
  links.some((l) => l.type === 'candidate' && isMe(principal, l));

/** In a task's command, after the instance lock: read the task's links and check the action. */
export const checkTaskAccess = async (
  ctx: CommandContext,
  principal: Principal | undefined,
  task: TaskRow,
  action: TaskAction,
): Promise<void> => {
  if (principal === undefined || isAdmin(principal)) return;
  requireTaskAccess(principal, task, await identityLinksOfTask(ctx.tx, task.id), action);
};

/** Refuse the action: not found when the task is not the principal's to see, 403 otherwise. */
export const requireTaskAccess = (
  principal: Principal | undefined,
  task: TaskRow,
  links: readonly IdentityLinkRow[],
  action: TaskAction,
): void => {
  if (principal === undefined || isAdmin(principal)) return;
  if (!involves(principal, task, links)) throw notFoundError('task', task.id);
  const me = principal.userId;
  const holder = task.assignee === me || task.owner === me;
  const refuse = (verb: string) => forbidden(principal, verb, `task '${task.id}'`);
  switch (action.kind) {
    case 'see':
      return;
    case 'complete':
      if (task.assignee === me || (task.assignee === null && isCandidate(principal, links))) return;
      throw refuse('complete');
    case 'claim':
      if (action.assignee === null) {
        if (task.assignee === me) return;
        throw refuse('unclaim');
      }
      if (action.assignee !== me) throw refuse(`claim for '${action.assignee}'`);
      if (isCandidate(principal, links) || task.assignee === me) return;
      throw refuse('claim');
    case 'resolve':
      if (task.assignee === me) return;
      throw refuse('resolve');
    case 'change':
    case 'delegate':
    case 'manage people':
      if (holder) return;
      throw refuse(
        action.verb ??
          (action.kind === 'change'
            ? 'update'
            : action.kind === 'delegate'
              ? 'delegate'
              : 'change the people of'),
      );
  }
};
