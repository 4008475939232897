/**
 * Attachments of a task: a link to an external resource, or content kept in the database
 * until the content engine takes storage over. Adding and deleting are task commands that
 * leave an AddAttachment / DeleteAttachment event, as Flowable's attachment commands do.
 */
import { WeirError } from '../errors.ts';
import {
  deleteAttachment,
  getAttachment,
  insertAttachment,
  type AttachmentRow,
} from '../persistence/attachments-sql.ts';
import { forbidden, isAdmin, type Principal } from './authorization.ts';
import type { Engine } from './engine.ts';
import { newId } from './ids.ts';
import { actorOf, recordTaskEvent } from './task-records.ts';

export interface NewAttachment {
  name: string;
  description?: string | null;
  type?: string | null;
  externalUrl?: string | null;
  content?: Buffer | null;
}

export const addTaskAttachment = (
  engine: Engine,
  taskId: string,
  input: NewAttachment,
  by?: Principal,
): Promise<AttachmentRow> =>
  engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => {
    const row = {
      id: newId(),
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      userId: actorOf(ctx),
      name: input.name,
      description: input.description ?? null,
      type: input.type ?? null,
      url: input.content ? null : (input.externalUrl ?? null),
      createdAt: ctx.now,
    };
    await insertAttachment(ctx.tx, row, input.content ?? null);
    recordTaskEvent(ctx, task, 'AddAttachment', [row.name]);
    return { ...row, hasContent: Boolean(input.content) };
  });

/** Its author, the task's assignee or owner, or an admin may delete an attachment. */
export const deleteTaskAttachment = (engine: Engine, taskId: string, attachmentId: string, by?: Principal) =>
  engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => {
    const attachment = await getAttachment(ctx.tx, attachmentId);
    if (!attachment || attachment.taskId !== task.id) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Task '${task.id}' does not have an attachment with id '${attachmentId}'.`,
      );
    }
    const me = by?.userId;
    if (by && !isAdmin(by) && attachment.userId !== me && task.assignee !== me && task.owner !== me)
      throw forbidden(by, 'delete an attachment of', `task '${task.id}'`);
    await deleteAttachment(ctx.tx, attachmentId);
    recordTaskEvent(ctx, task, 'DeleteAttachment', [attachment.name]);
  });
