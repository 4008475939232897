/**
 * Attachments of a task: a link to an external resource, or a file whose bytes the content
 * engine has stored (the attachment names a content item of the task). Adding and deleting
 * are task commands that leave an AddAttachment / DeleteAttachment event, as Flowable's
 * attachment commands do.
 */
import { WeirError } from '../errors.ts';
import {
  deleteAttachment,
  getAttachment,
  insertAttachment,
  type AttachmentRow,
} from '../persistence/attachments-sql.ts';
import { insertContentItem } from '../persistence/content-sql.ts';
import { forbidden, isAdmin, type Principal } from './authorization.ts';
import type { Engine } from './engine.ts';
import { newId } from './ids.ts';
import { actorOf, recordTaskEvent } from './task-records.ts';

export interface NewAttachment {
  name: string;
  description?: string | null;
  type?: string | null;
  externalUrl?: string | null;
  /** The file's bytes, already in the content store (`ContentEngine.store`). */
  content?: { key: string; size: number; sha256: string } | null;
}

export const addTaskAttachment = (
  engine: Engine,
  taskId: string,
  input: NewAttachment,
  by?: Principal,
): Promise<AttachmentRow> =>
  engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => {
    const bytes = input.content ?? null;
    const contentItemId = bytes ? newId() : null;
    if (bytes && contentItemId) {
      await insertContentItem(ctx.tx, {
        id: contentItemId,
        name: input.name,
        mimeType: input.type ?? null,
        taskId: task.id,
        processInstanceId: task.processInstanceId,
        scopeId: null,
        scopeType: null,
        contentStoreId: null,
        contentStoreName: null,
        field: null,
        contentAvailable: true,
        contentSize: bytes.size,
        checksum: bytes.sha256,
        storageKey: bytes.key,
        tenantId: task.tenantId,
        createdAt: ctx.now,
        createdBy: actorOf(ctx),
        lastModifiedAt: ctx.now,
        lastModifiedBy: actorOf(ctx),
      });
    }
    const row = {
      id: newId(),
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      userId: actorOf(ctx),
      name: input.name,
      description: input.description ?? null,
      type: input.type ?? null,
      url: bytes ? null : (input.externalUrl ?? null),
      contentItemId,
      createdAt: ctx.now,
    };
    await insertAttachment(ctx.tx, row);
    recordTaskEvent(ctx, task, 'AddAttachment', [row.name]);
    return { ...row, hasContent: bytes !== null };
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
