/**
 * Task-local variables set or removed on their own, outside completing the task (the REST
 * API's `runtime/tasks/{id}/variables` with scope `local`). One command each, under the
 * root instance lock like every command on a task.
 */
import { WeirError } from '../errors.ts';
import { getTaskRow } from '../persistence/runtime-sql.ts';
import { runCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import type { TaskRow, VariableType } from './runtime-types.ts';
import { setTaskVariable } from './task-commands.ts';
import { ownVariable } from './own-variables.ts';

const onTask = async <T>(
  engine: Engine,
  taskId: string,
  work: (ctx: CommandContext, task: TaskRow) => T,
): Promise<T> => {
  const row = await getTaskRow(engine.db, taskId);
  if (!row) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
  const { value } = await runCommand(engine.services, async (ctx) => {
    if (row.rootInstanceId) await ctx.loadRoot(row.rootInstanceId);
    const task = ctx.tasks.get(taskId);
    if (!task) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
    return work(ctx, task);
  });
  return value;
};

export const setTaskLocalVariables = (
  engine: Engine,
  taskId: string,
  variables: Record<string, unknown>,
  types: Record<string, VariableType | undefined> = {},
): Promise<void> =>
  onTask(engine, taskId, (ctx, task) => {
    for (const [name, value] of Object.entries(variables))
      setTaskVariable(ctx, task, name, value, ownVariable(types, name));
  });

/** Returns false when the task has no such local variable. */
export const removeTaskLocalVariable = (engine: Engine, taskId: string, name: string): Promise<boolean> =>
  onTask(engine, taskId, (ctx, task) => {
    const variable = ownVariable(task.variables, name);
    if (!variable) return false;
    delete task.variables[name];
    ctx.touchTask(task);
    if (task.executionId) {
      const { inst, exec } = ctx.execution(task.executionId);
      ctx.recordVariable(inst, exec, task.id, name, variable, true);
    }
    return true;
  });
