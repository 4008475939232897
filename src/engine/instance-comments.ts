/**
 * Comments on a process instance, running or ended (`history/historic-process-instances/{id}/
 * comments`). A running instance's comments are written under its root lock; an ended one
 * has only its history row, which is locked instead.
 */
import { WeirError } from '../errors.ts';
import { lockHistoricInstance } from '../persistence/history-delete-sql.ts';
import { deleteComment, getComment, insertComment, type CommentRow } from '../persistence/rest-tasks-sql.ts';
import { rootIdOfInstance } from '../persistence/runtime-reads-sql.ts';
import {
  forbidden,
  isAdmin,
  notFoundError,
  requireVisibleInstance,
  type Principal,
} from './authorization.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import { commentRow } from './task-records.ts';

const instanceCommand = <T>(
  engine: Engine,
  instanceId: string,
  by: Principal | undefined,
  work: (ctx: CommandContext) => Promise<T>,
): Promise<T> =>
  engine.command(async (ctx) => {
    const rootId = await rootIdOfInstance(ctx.tx, instanceId);
    if (rootId) await ctx.loadRoot(rootId);
    else if (!(await lockHistoricInstance(ctx.tx, instanceId)))
      throw notFoundError('historic process instance', instanceId);
    await requireVisibleInstance(ctx.tx, by, instanceId);
    ctx.actorUserId = by?.userId ?? null;
    return work(ctx);
  });

export const addInstanceComment = (
  engine: Engine,
  instanceId: string,
  message: string,
  by?: Principal,
): Promise<CommentRow> =>
  instanceCommand(engine, instanceId, by, async (ctx) => {
    const row: CommentRow = commentRow(ctx, { taskId: null, processInstanceId: instanceId }, message);
    await insertComment(ctx.tx, row);
    return row;
  });

/** Its author or an admin deletes a comment; others who see the instance get a 403. */
export const deleteInstanceComment = (
  engine: Engine,
  instanceId: string,
  commentId: string,
  by?: Principal,
) =>
  instanceCommand(engine, instanceId, by, async (ctx) => {
    const comment = await getComment(ctx.tx, commentId);
    if (!comment || comment.processInstanceId !== instanceId) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Process instance '${instanceId}' does not have a comment with id '${commentId}'.`,
      );
    }
    if (by && !isAdmin(by) && comment.author !== by.userId)
      throw forbidden(by, 'delete a comment of', `process instance '${instanceId}'`);
    await deleteComment(ctx.tx, commentId);
  });
