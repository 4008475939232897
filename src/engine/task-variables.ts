/**
 * Task variables set or removed on their own, outside completing the task (the REST API's
 * `runtime/tasks/{id}/variables`): local ones on the task, global ones on its process. One
 * command each, under the root instance lock like every command on a task, so that a
 * create-only write checks and writes under the same lock, and local and global variables of
 * one request are written together or not at all.
 */
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import type { ExecutionState, StoredVariable, TaskRow, VariableType } from './runtime-types.ts';
import { scopeHooksOf } from './scope-hooks.ts';
import { setVariable } from './variable-scope.ts';
import { setTaskVariable } from './task-commands.ts';
import { ownVariable } from './own-variables.ts';
import { requireVisibleInstance, type Principal } from './authorization.ts';
import { storeBytesOf } from './variable-bytes.ts';

const onTask = <T>(
  engine: Engine,
  taskId: string,
  by: Principal | undefined,
  work: (ctx: CommandContext, task: TaskRow) => T | Promise<T>,
): Promise<T> => engine.taskCommand(taskId, by, { kind: 'see' }, async (ctx, task) => work(ctx, task));

export interface TaskVariableWrite {
  readonly values: Record<string, unknown>;
  readonly types: Record<string, VariableType | undefined>;
}

/**
 * Local variables on the task, global ones on its process instance's root scope (seen as the
 * task's process variables). With `refuseExisting`, a name already present there is refused.
 */
export const setTaskVariables = (
  engine: Engine,
  taskId: string,
  write: { local: TaskVariableWrite; global: TaskVariableWrite; refuseExisting?: (name: string) => Error },
  by?: Principal,
): Promise<void> =>
  onTask(engine, taskId, by, async (ctx, task) => {
    const globalNames = Object.keys(write.global.values);
    // a case's task: its global variables are the case's (Flowable's task scopeId)
    const scope = task.processInstanceId ? undefined : scopeHooksOf(task.scopeType);
    let root: ExecutionState | undefined;
    let scopeVariables: Record<string, StoredVariable> | undefined;
    if (globalNames.length > 0) {
      if (scope && task.scopeId) scopeVariables = await scope.taskScopeVariables(ctx, task);
      else if (!task.executionId || !task.processInstanceId)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Task '${task.id}' has no process or case: no global variables`,
        );
      else {
        const { inst } = ctx.execution(task.executionId);
        await requireVisibleInstance(ctx.tx, by, inst.row.id);
        if (inst.row.suspended)
          throw new WeirError('WEIR_SUSPENDED', `Process instance '${inst.row.id}' is suspended`);
        root = ctx.execution(task.processInstanceId).exec;
      }
    }
    if (write.refuseExisting) {
      const globals = root?.variables ?? scopeVariables;
      const taken =
        Object.keys(write.local.values).find((name) => ownVariable(task.variables, name)) ??
        globalNames.find((name) => globals && ownVariable(globals, name));
      if (taken !== undefined) throw write.refuseExisting(taken);
    }
    // binary and serializable variables: the bytes are stored and the variable refers to them
    const stored = async (name: string, given: unknown, types: TaskVariableWrite['types']) =>
      storeBytesOf(ctx, task.processInstanceId, name, given, ownVariable(types, name));
    if (root) {
      const exec = ctx.execution(task.executionId!).exec;
      for (const [name, given] of Object.entries(write.global.values)) {
        const s = await stored(name, given, write.global.types);
        setVariable(ctx, exec, name, s.value, s.type);
      }
    }
    for (const [name, given] of Object.entries(write.local.values)) {
      const s = await stored(name, given, write.local.types);
      setTaskVariable(ctx, task, name, s.value, s.type);
    }
    if (scopeVariables && scope) {
      const list = [];
      for (const [name, given] of Object.entries(write.global.values))
        list.push({ name, ...(await stored(name, given, write.global.types)) });
      await scope.setTaskScopeVariables(ctx, task, list);
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
  } else ctx.recordVariable(null, null, task.id, name, variable, true);
  return true;
};
