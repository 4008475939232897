/**
 * Tasks of no process instance (Flowable's `taskService.newTask()`): created, updated in bulk
 * and deleted over REST; claimed, completed and given variables through the ordinary task
 * commands. Each is locked by its own row (see `CommandContext.loadStandaloneTask`).
 */
import { WeirError } from '../errors.ts';
import { getTaskRow } from '../persistence/runtime-reads-sql.ts';
import { deleteTaskHistory, subtasksOf } from '../persistence/standalone-tasks-sql.ts';
import type { Principal } from './authorization.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import { newId } from './ids.ts';
import { variableRecord } from './own-variables.ts';
import type { TaskRow } from './runtime-types.ts';
import { checkTaskAccess } from './task-access.ts';
import { assignTask, updateTaskFields } from './task-commands.ts';
import { keepsHistory, recordTaskLog } from './task-records.ts';
import { endTaskHistory, syncTaskHistory } from './user-task.ts';

/** The fields Flowable's TaskRequest sets: only those sent are changed. */
export type TaskFields = Partial<
  Pick<
    TaskRow,
    | 'name'
    | 'description'
    | 'assignee'
    | 'owner'
    | 'priority'
    | 'dueDate'
    | 'category'
    | 'formKey'
    | 'parentTaskId'
    | 'delegationState'
  >
> & { tenantId?: string | null };

export const createTask = (engine: Engine, fields: TaskFields, by?: Principal): Promise<TaskRow> =>
  engine.command(async (ctx) => {
    ctx.actorUserId = by?.userId ?? null;
    const task: TaskRow = {
      id: newId(),
      processInstanceId: null,
      rootInstanceId: null,
      executionId: null,
      definitionId: null,
      taskDefinitionKey: null,
      name: fields.name ?? null,
      description: fields.description ?? null,
      assignee: fields.assignee ?? null,
      owner: fields.owner ?? null,
      delegationState: fields.delegationState ?? null,
      priority: fields.priority ?? 50,
      dueDate: fields.dueDate ?? null,
      category: fields.category ?? null,
      formKey: fields.formKey ?? null,
      tenantId: fields.tenantId ?? '',
      parentTaskId: fields.parentTaskId ?? null,
      suspended: false,
      createdAt: ctx.now,
      claimedAt: null,
      variables: variableRecord(),
    };
    ctx.addTask(task);
    if (keepsHistory(ctx)) {
      const { id, processInstanceId, executionId, definitionId, taskDefinitionKey, tenantId, createdAt } =
        task;
      ctx.history.newTasks.set(task.id, {
        id,
        processInstanceId,
        executionId,
        definitionId,
        taskDefinitionKey,
        tenantId,
        createdAt,
        name: null,
        description: null,
        assignee: null,
        owner: null,
        priority: task.priority,
        dueDate: null,
        category: null,
        formKey: null,
        parentTaskId: null,
        claimedAt: null,
        endedAt: null,
        durationMs: null,
        endReason: null,
      });
      syncTaskHistory(ctx, task);
    }
    recordTaskLog(ctx, task, 'USER_TASK_CREATED');
    ctx.emit({
      type: 'task:created',
      data: {
        taskId: task.id,
        processInstanceId: null,
        name: task.name,
        assignee: task.assignee,
        candidateUsers: [],
        candidateGroups: [],
      },
      time: ctx.now,
    });
    return task;
  });

/** Apply Flowable's TaskRequest to a task held by the command. */
const applyFields = async (ctx: CommandContext, task: TaskRow, fields: TaskFields): Promise<void> => {
  const { tenantId, delegationState, assignee, ...rest } = fields;
  if (delegationState !== undefined) task.delegationState = delegationState;
  if (tenantId !== undefined && task.executionId === null) task.tenantId = tenantId ?? '';
  await updateTaskFields(ctx, task, rest);
  if (assignee !== undefined && assignee !== task.assignee) await assignTask(ctx, task, assignee, false);
};

/**
 * `PUT runtime/tasks`: the same changes to several tasks, all or none, in one command. The
 * roots are locked in id order, so two bulk updates over the same tasks cannot deadlock.
 */
export const bulkUpdateTasks = async (
  engine: Engine,
  taskIds: readonly string[],
  fields: TaskFields,
  by?: Principal,
): Promise<string[]> => {
  const rows: TaskRow[] = [];
  for (const id of new Set(taskIds)) {
    const row = await getTaskRow(engine.db, id);
    if (row) rows.push(row);
  }
  const missing = [...new Set(taskIds)].filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0)
    throw new WeirError('WEIR_NOT_FOUND', `Could not find task instance with id:${missing.join(',')}`);
  const lockKey = (r: TaskRow) => r.rootInstanceId ?? r.id;
  rows.sort((a, b) => (lockKey(a) < lockKey(b) ? -1 : lockKey(a) > lockKey(b) ? 1 : 0));
  return engine.command(async (ctx) => {
    ctx.actorUserId = by?.userId ?? null;
    for (const row of rows) {
      if (row.rootInstanceId) await ctx.loadRoot(row.rootInstanceId);
      const task = row.rootInstanceId ? ctx.tasks.get(row.id) : await ctx.loadStandaloneTask(row.id);
      if (!task) throw new WeirError('WEIR_NOT_FOUND', `Could not find task instance with id:${row.id}`);
      await checkTaskAccess(ctx, by, task, { kind: 'change' });
      await applyFields(ctx, task, fields);
    }
    return rows.map((r) => r.id);
  });
};

/** The task and its subtasks of no process, at any depth, each locked by its row. */
const withSubtasks = async (ctx: CommandContext, task: TaskRow): Promise<TaskRow[]> => {
  const all = [task];
  for (let i = 0; i < all.length; i++) {
    for (const sub of await subtasksOf(ctx.tx, all[i].id)) {
      if (sub.rootInstanceId !== null || all.some((t) => t.id === sub.id)) continue;
      const locked = await ctx.loadStandaloneTask(sub.id);
      if (locked) all.push(locked);
    }
  }
  return all;
};

/**
 * `DELETE runtime/tasks/{id}`: a task of no process, with its subtasks. A process task is
 * refused (403, as Flowable). `cascadeHistory` removes the history too (then the reason is
 * moot); otherwise history keeps the tasks, ended with the reason.
 */
export const deleteTask = (
  engine: Engine,
  taskId: string,
  options: { cascadeHistory?: boolean; deleteReason?: string | null },
  by?: Principal,
): Promise<void> =>
  engine.taskCommand(taskId, by, { kind: 'change', verb: 'delete' }, async (ctx, task) => {
    if (task.executionId !== null || task.rootInstanceId !== null)
      throw new WeirError('WEIR_FORBIDDEN', 'Cannot delete a task that is part of a process instance.');
    if (task.scopeId)
      throw new WeirError('WEIR_FORBIDDEN', 'Cannot delete a task that is part of a case instance.');
    const tasks = await withSubtasks(ctx, task);
    for (const t of tasks) {
      if (!options.cascadeHistory) endTaskHistory(ctx, t, options.deleteReason ?? null);
      ctx.removeTask(t);
    }
    if (options.cascadeHistory) {
      const ids = tasks.map((t) => t.id);
      for (const id of ids) {
        ctx.history.newTasks.delete(id);
        ctx.history.updatedTasks.delete(id);
      }
      for (const [key, v] of ctx.history.variables)
        if (ids.includes(v.taskId as string)) ctx.history.variables.delete(key);
      await deleteTaskHistory(ctx.tx, ids);
    }
  });
