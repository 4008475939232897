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
import type { Principal } from './authorization.ts';
import { checkTaskAccess } from './task-access.ts';
import { storeBytesOf } from './variable-bytes.ts';

const onTask = async <T>(
  engine: Engine,
  taskId: string,
  by: Principal | undefined,
  work: (ctx: CommandContext, task: TaskRow) => T | Promise<T>,
): Promise<T> => {
  const row = await getTaskRow(engine.db, taskId);
  if (!row) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
  const { value } = await runCommand(engine.services, async (ctx) => {
    if (row.rootInstanceId) await ctx.loadRoot(row.rootInstanceId);
    const task = ctx.tasks.get(taskId);
    if (!task) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
    await checkTaskAccess(ctx, by, task, { kind: 'see' });
    return work(ctx, task);
  });
  return value;
};

export const setTaskLocalVariables = (
  engine: Engine,
  taskId: string,
  variables: Record<string, unknown>,
  types: Record<string, VariableType | undefined> = {},
  by?: Principal,
): Promise<void> =>
  onTask(engine, taskId, by, async (ctx, task) => {
    for (const [name, given] of Object.entries(variables)) {
      // binary and serializable variables: the bytes are stored and the variable refers to them
      const { value, type } = await storeBytesOf(
        ctx,
        task.processInstanceId,
        name,
        given,
        ownVariable(types, name),
      );
      setTaskVariable(ctx, task, name, value, type);
    }
  });

/** Removes every local variable of the task, in one command. */
export const removeTaskLocalVariables = (engine: Engine, taskId: string, by?: Principal): Promise<void> =>
  onTask(engine, taskId, by, (ctx, task) => {
    for (const name of Object.keys(task.variables)) removeLocal(ctx, task, name);
  });

/** Returns false when the task has no such local variable. */
export const removeTaskLocalVariable = (
  engine: Engine,
  taskId: string,
  name: string,
  by?: Principal,
): Promise<boolean> => onTask(engine, taskId, by, (ctx, task) => removeLocal(ctx, task, name));

const removeLocal = (ctx: CommandContext, task: TaskRow, name: string): boolean => {
  const variable = ownVariable(task.variables, name);
  if (!variable) return false;
  delete task.variables[name];
  ctx.touchTask(task);
  if (task.executionId) {
    const { inst, exec } = ctx.execution(task.executionId);
    ctx.recordVariable(inst, exec, task.id, name, variable, true);
  }
  return true;
};
