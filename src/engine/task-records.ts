/**
 * What a task command records about itself besides the task's state, in Flowable's forms:
 * task events (comment rows of type `event`: who added or removed which person, attachment
 * or comment; `GET runtime/tasks/{id}/events`) and task log entries (`USER_TASK_CREATED`,
 * `USER_TASK_ASSIGNEE_CHANGED`, ...; `GET history/historic-task-log-entries`). Both are
 * history: kept at history level `audit` and `full`, written by the command's flush.
 */
import type { CommandContext } from './context.ts';
import type { IdentityLinkRow, TaskRow } from './runtime-types.ts';
import { newId } from './ids.ts';

/** Flowable's separator of an event's message parts. */
const PART_SEPARATOR = '_|_';

type LinkLike = Pick<IdentityLinkRow, 'userId' | 'groupId'> & { type: string };

export const keepsHistory = (ctx: CommandContext): boolean => {
  const level = ctx.services.config.historyLevel;
  return level === 'audit' || level === 'full';
};

/** The user a command's records name: the completing user, else the caller. */
export const actorOf = (ctx: CommandContext): string | null => ctx.authenticatedUserId ?? ctx.actorUserId;

export const recordTaskEvent = (
  ctx: CommandContext,
  task: Pick<TaskRow, 'id'>,
  action: string,
  parts: ReadonlyArray<string | null>,
): void => {
  if (!keepsHistory(ctx)) return;
  ctx.newEvents.push({
    id: newId(),
    taskId: task.id,
    processInstanceId: null,
    author: actorOf(ctx),
    message: parts.map((p) => p ?? '').join(PART_SEPARATOR),
    type: 'event',
    action,
    createdAt: ctx.now,
  });
};

/** A comment (Flowable's AddComment) on a task or a process instance, by the command's user. */
export const commentRow = (
  ctx: CommandContext,
  on: { taskId: string | null; processInstanceId: string | null },
  message: string,
) => ({
  id: newId(),
  ...on,
  author: actorOf(ctx),
  message,
  type: 'comment',
  action: 'AddComment',
  createdAt: ctx.now,
});

/**
 * An event's message parts, as Flowable's `Event.getMessageParts` gives them. A comment is an
 * event too: its one part is its text on one line, cut at 160 characters.
 */
export const messageParts = (row: { type: string; message: string }): string[] => {
  if (row.type === 'event') return row.message.split(PART_SEPARATOR);
  const oneLine = row.message.replace(/\s+/g, ' ');
  return [oneLine.length > 163 ? `${oneLine.slice(0, 160)}...` : oneLine];
};

/** AddUserLink / DeleteGroupLink ...: a person or group added to or removed from a task. */
export const recordLinkEvent = (
  ctx: CommandContext,
  task: Pick<TaskRow, 'id'>,
  link: LinkLike,
  added: boolean,
): void => {
  const family = link.groupId !== null && link.userId === null ? 'Group' : 'User';
  recordTaskEvent(ctx, task, `${added ? 'Add' : 'Delete'}${family}Link`, [
    link.userId ?? link.groupId,
    link.type,
  ]);
};

export type TaskLogType =
  | 'USER_TASK_CREATED'
  | 'USER_TASK_COMPLETED'
  | 'USER_TASK_ASSIGNEE_CHANGED'
  | 'USER_TASK_OWNER_CHANGED'
  | 'USER_TASK_PRIORITY_CHANGED'
  | 'USER_TASK_DUEDATE_CHANGED'
  | 'USER_TASK_NAME_CHANGED'
  | 'USER_TASK_SUSPENSIONSTATE_CHANGED'
  | 'USER_TASK_IDENTITY_LINK_ADDED'
  | 'USER_TASK_IDENTITY_LINK_REMOVED';

export const recordTaskLog = (
  ctx: CommandContext,
  task: TaskRow,
  type: TaskLogType,
  data: Record<string, unknown> | null = {},
): void => {
  if (!keepsHistory(ctx)) return;
  ctx.taskLog.push({
    type,
    taskId: task.id,
    timeStamp: ctx.now,
    userId: actorOf(ctx),
    data: data === null ? null : JSON.stringify(data),
    executionId: task.executionId,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.definitionId,
    tenantId: task.tenantId,
  });
};

export const recordLinkLog = (ctx: CommandContext, task: TaskRow, link: LinkLike, added: boolean): void => {
  recordTaskLog(ctx, task, added ? 'USER_TASK_IDENTITY_LINK_ADDED' : 'USER_TASK_IDENTITY_LINK_REMOVED', {
    ...(link.userId !== null ? { userId: link.userId } : { groupId: link.groupId }),
    type: link.type,
  });
};

const millis = (d: Date | null): number | null => (d === null ? null : new Date(d).getTime());

/** The log entries of a change of a task's fields, `before` being a copy taken before it. */
export const recordFieldChanges = (ctx: CommandContext, before: TaskRow, after: TaskRow): void => {
  if (before.owner !== after.owner)
    recordTaskLog(ctx, after, 'USER_TASK_OWNER_CHANGED', {
      newOwnerId: after.owner,
      previousOwnerId: before.owner,
    });
  if (before.priority !== after.priority)
    recordTaskLog(ctx, after, 'USER_TASK_PRIORITY_CHANGED', {
      newPriority: after.priority,
      previousPriority: before.priority,
    });
  if (millis(before.dueDate) !== millis(after.dueDate))
    recordTaskLog(ctx, after, 'USER_TASK_DUEDATE_CHANGED', {
      newDueDate: millis(after.dueDate),
      previousDueDate: millis(before.dueDate),
    });
  if (before.name !== after.name)
    recordTaskLog(ctx, after, 'USER_TASK_NAME_CHANGED', { newName: after.name, previousName: before.name });
};
