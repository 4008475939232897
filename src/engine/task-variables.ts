/**
 * Task-local variables set or removed on their own, outside completing the task (the REST
 * API's `runtime/tasks/{id}/variables` with scope `local`). One command each, under the
 * task's lock like every command on a task.
 */
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import type { TaskRow, VariableType } from './runtime-types.ts';
import { setTaskVariable } from './task-commands.ts';
import { ownVariable } from './own-variables.ts';
import type { Principal } from './authorization.ts';

const onTask = <T>(
  engine: Engine,
  taskId: string,
  by: Principal | undefined,
  work: (ctx: CommandContext, task: TaskRow) => T,
): Promise<T> => engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => work(ctx, task));

export const setTaskLocalVariables = (
  engine: Engine,
  taskId: string,
  variables: Record<string, unknown>,
  types: Record<string, VariableType | undefined> = {},
  by?: Principal,
): Promise<void> =>
  onTask(engine, taskId, by, (ctx, task) => {
    for (const [name, value] of Object.entries(variables))
      setTaskVariable(ctx, task, name, value, ownVariable(types, name));
  });

/** Returns false when the task has no such local variable. */
export const removeTaskLocalVariable = (
  engine: Engine,
  taskId: string,
  name: string,
  by?: Principal,
): Promise<boolean> =>
  onTask(engine, taskId, by, (ctx, task) => {
    const variable = ownVariable(task.variables, name);
    if (!variable) return false;
    delete task.variables[name];
    ctx.touchTask(task);
    if (task.executionId) {
      const { inst, exec } = ctx.execution(task.executionId);
      ctx.recordVariable(inst, exec, task.id, name, variable, true);
    } else ctx.recordVariable(null, null, task.id, name, variable, true);
    return true;
  });
