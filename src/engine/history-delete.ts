/**
 * Deleting history: of ended process instances (with the instances they called) and of ended
 * tasks, each with everything recorded about it (variables, comments, events, attachments,
 * identity links, log entries). Running instances and tasks are refused: their commands
 * still write the rows that would be deleted.
 *
 * An ended instance has no runtime row to lock; its history row is locked instead, FOR
 * UPDATE, which also makes a concurrent end of the instance wait for the check here.
 */
import { WeirError } from '../errors.ts';
import { deleteHistoricInstanceTree, lockHistoricInstance } from '../persistence/history-delete-sql.ts';
import { deleteTaskHistory, lockHistoricTask } from '../persistence/standalone-tasks-sql.ts';
import { listHistoricTasks } from '../persistence/rest-history-sql.ts';
import {
  forbidden,
  isAdmin,
  notFoundError,
  requireVisibleInstance,
  viewerOf,
  type Principal,
} from './authorization.ts';
import type { Engine } from './engine.ts';

/** Delete the history of ended instances, all or none (ids locked in order: no deadlock). */
export const deleteHistoricProcessInstances = (
  engine: Engine,
  instanceIds: readonly string[],
  by?: Principal,
): Promise<void> =>
  engine.command(async (ctx) => {
    for (const id of [...new Set(instanceIds)].sort()) {
      const state = await lockHistoricInstance(ctx.tx, id);
      if (!state) throw notFoundError('historic process instance', id);
      await requireVisibleInstance(ctx.tx, by, id);
      if (!state.ended || state.running) {
        throw new WeirError(
          'WEIR_CONFLICT',
          `Process instance is still running, cannot delete historic process instance: ${id}`,
        );
      }
      for (const gone of await deleteHistoricInstanceTree(ctx.tx, id))
        ctx.deletedHistoricInstanceIds.add(gone);
    }
  });

/**
 * Delete an ended task's history. Whoever sees it may ask; its assignee, its owner or an admin
 * may do it (a candidate gets a 403).
 */
export const deleteHistoricTaskInstance = (engine: Engine, taskId: string, by?: Principal): Promise<void> =>
  engine.command(async (ctx) => {
    const state = await lockHistoricTask(ctx.tx, taskId);
    if (!state) throw notFoundError('historic task instance', taskId);
    const viewer = viewerOf(by);
    if (by && viewer) {
      const page = { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' } as const;
      const { rows } = await listHistoricTasks(ctx.tx, { taskId, visibleTo: viewer }, page);
      if (rows.length === 0) throw notFoundError('historic task instance', taskId);
      if (!isAdmin(by) && state.assignee !== by.userId && state.owner !== by.userId)
        throw forbidden(by, 'delete', `historic task instance '${taskId}'`);
    }
    if (state.running)
      throw new WeirError('WEIR_CONFLICT', `Task '${taskId}' is still running, cannot delete its history`);
    await deleteTaskHistory(ctx.tx, [taskId]);
  });
