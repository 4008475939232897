/**
 * People on a task (candidates and participants, users or groups) and comments on it. Each
 * change is a task command: checked under the lock, recorded as a task event and in the
 * task log, and mirrored in history, as Flowable's AddIdentityLinkCmd and AddCommentCmd do.
 */
import { WeirError } from '../errors.ts';
import { deleteIdentityLink, insertComment, insertIdentityLink } from '../persistence/rest-tasks-sql.ts';
import {
  deleteHistoricLink,
  deleteTaskEvent,
  getTaskEvent,
  insertHistoricLinks,
} from '../persistence/task-records-sql.ts';
import { forbidden, isAdmin, type Principal } from './authorization.ts';
import type { Engine } from './engine.ts';
import { newId } from './ids.ts';
import type { IdentityLinkRow } from './runtime-types.ts';
import { commentRow, keepsHistory, recordLinkEvent, recordLinkLog } from './task-records.ts';

export interface LinkSpec {
  userId: string | null;
  groupId: string | null;
  type: string;
}

export const addTaskIdentityLink = (
  engine: Engine,
  taskId: string,
  spec: LinkSpec,
  by?: Principal,
): Promise<IdentityLinkRow> =>
  engine.taskCommand(taskId, by, { kind: 'manage people' }, async (ctx, task) => {
    const row: IdentityLinkRow = {
      id: newId(),
      type: spec.type as IdentityLinkRow['type'],
      userId: spec.userId,
      groupId: spec.groupId,
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      rootInstanceId: task.rootInstanceId,
      createdAt: ctx.now,
    };
    await insertIdentityLink(ctx.tx, row);
    if (keepsHistory(ctx)) await insertHistoricLinks(ctx.tx, [row]);
    recordLinkEvent(ctx, task, row, true);
    recordLinkLog(ctx, task, row, true);
    return row;
  });

export const removeTaskIdentityLink = (
  engine: Engine,
  taskId: string,
  spec: LinkSpec,
  by?: Principal,
): Promise<void> =>
  engine.taskCommand(taskId, by, { kind: 'manage people' }, async (ctx, task) => {
    const removed = await deleteIdentityLink(ctx.tx, task.id, {
      type: spec.type,
      ...(spec.userId !== null ? { userId: spec.userId } : { groupId: spec.groupId ?? '' }),
    });
    if (!removed) throw new WeirError('WEIR_NOT_FOUND', `Could not find the requested identity link.`);
    await deleteHistoricLink(ctx.tx, task.id, spec);
    recordLinkEvent(ctx, task, spec, false);
    recordLinkLog(ctx, task, spec, false);
  });

export const addTaskComment = (
  engine: Engine,
  taskId: string,
  message: string,
  options: { saveProcessInstanceId?: boolean },
  by?: Principal,
) =>
  engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => {
    const row = commentRow(
      ctx,
      { taskId: task.id, processInstanceId: options.saveProcessInstanceId ? task.processInstanceId : null },
      message,
    );
    await insertComment(ctx.tx, row);
    // rewritten by the flush, so the search index's full text takes the comment in
    ctx.dirtyTaskIds.add(task.id);
    return row;
  });

/**
 * Delete a task's event (or comment: Flowable lists both as events). Its author or an admin
 * may; anyone else who sees the task gets a 403.
 */
export const deleteTaskEventOf = (engine: Engine, taskId: string, eventId: string, by?: Principal) =>
  engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => {
    const event = await getTaskEvent(ctx.tx, eventId);
    if (!event || event.taskId !== task.id)
      throw new WeirError('WEIR_NOT_FOUND', `Task '${task.id}' does not have an event with id '${eventId}'.`);
    if (by && !isAdmin(by) && event.author !== by.userId)
      throw forbidden(by, 'delete an event of', `task '${task.id}'`);
    await deleteTaskEvent(ctx.tx, eventId);
    ctx.dirtyTaskIds.add(task.id);
  });
