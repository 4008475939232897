/**
 * Variables written on an execution as Flowable's REST API does (`runtime/executions/{id}/
 * variables`, and the process-instance and `variables-async` forms): one command per request,
 * under the root instance lock, whatever the number of variables.
 *
 * Scope `local` is the execution's own variables. Scope `global` is what the execution's
 * parent sees: a variable found up the tree from the parent is updated where it is, else it is
 * created on the process instance. A process instance has no parent, so a collection write in
 * scope global on it is refused; a single-variable update falls back to the execution itself.
 *
 * `variables-async` checks and converts the values now and leaves the writing to a job
 * (`set-async-variables`, as Flowable names it) that runs under the same lock later.
 */
import { WeirError, isWeirError } from '../errors.ts';
import { rootIdOfExecution } from '../persistence/runtime-reads-sql.ts';
import { requireVisibleInstance, type Principal } from './authorization.ts';
import { runCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import type { Engine } from './engine.ts';
import { newJob } from './jobs.ts';
import { ownVariable } from './own-variables.ts';
import type { ExecutionState, StoredVariable, VariableType } from './runtime-types.ts';
import { storeBytesOf } from './variable-bytes.ts';
import { findVariable, removeVariable, setVariable, setVariableLocal } from './variable-scope.ts';
import { checkSize, encodeValue, inferType } from './variables.ts';

export type VariableScopeName = 'local' | 'global';

export interface VariableInput {
  readonly name: string;
  readonly value: unknown;
  readonly type?: VariableType;
}

export interface VariableWrite {
  readonly variables: readonly VariableInput[];
  readonly scope: VariableScopeName;
  /** create: 409 if one exists; update: 404 if one is missing; upsert: either */
  readonly mode: 'create' | 'update' | 'upsert';
  /** one variable by name (PUT .../variables/{name}): global on a process instance writes on it */
  readonly single?: boolean;
}

/** A variable as stored after a write, with the scope it was written in. */
export interface WrittenVariable {
  readonly name: string;
  readonly variable: StoredVariable;
  readonly scope: VariableScopeName;
}

export const ASYNC_VARIABLES_HANDLER = 'set-async-variables';

const onExecution = async <T>(
  engine: Engine,
  executionId: string,
  by: Principal | undefined,
  work: (ctx: CommandContext, exec: ExecutionState) => Promise<T>,
): Promise<T> => {
  const notFound = () =>
    new WeirError('WEIR_NOT_FOUND', `Could not find an execution with id '${executionId}'.`);
  const rootId = await rootIdOfExecution(engine.db, executionId);
  if (!rootId) throw notFound();
  const { value } = await runCommand(engine.services, async (ctx) => {
    await ctx.loadRoot(rootId);
    const { inst, exec } = ctx.execution(executionId);
    // an execution the caller may not see is not there, and its instance's id is not told
    await requireVisibleInstance(ctx.tx, by, inst.row.id).catch((error: unknown) => {
      throw isWeirError(error) && error.code === 'WEIR_NOT_FOUND' ? notFound() : error;
    });
    if (inst.row.suspended)
      throw new WeirError('WEIR_SUSPENDED', `Process instance '${inst.row.id}' is suspended`);
    return work(ctx, exec);
  });
  return value;
};

/** The execution whose view a global write changes, if there is one. */
const globalTarget = (ctx: CommandContext, exec: ExecutionState, write: VariableWrite) => {
  const parent = ctx.parentOf(exec);
  if (write.scope === 'local') return exec;
  if (parent) return parent;
  if (write.single) return exec;
  throw new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `Cannot set global variables on execution '${exec.id}': it is a process instance, which has no parent scope; use scope local`,
  );
};

/** The variable in the scope, as Flowable's REST API checks before writing. */
const existingInScope = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
  scope: VariableScopeName,
): StoredVariable | undefined => {
  if (scope === 'local') return ownVariable(exec.variables, name);
  const parent = ctx.parentOf(exec);
  return parent ? findVariable(ctx, parent, name)?.variable : undefined;
};

const checkExistence = (ctx: CommandContext, exec: ExecutionState, write: VariableWrite): void => {
  for (const { name } of write.variables) {
    const exists = existingInScope(ctx, exec, name, write.scope) !== undefined;
    if (write.mode === 'create' && exists) {
      throw new WeirError(
        'WEIR_CONFLICT',
        `Variable '${name}' is already present on execution '${exec.id}'.`,
      );
    }
    if (write.mode === 'update' && !exists) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Execution '${exec.id}' does not have a variable with name: '${name}'.`,
      );
    }
  }
};

/**
 * Stores bytes and converts every value to its stored form now, so that a bad value is a 400
 * of this request: what a `set-async-variables` job of a process or a case carries.
 */
export const storedVariableForms = async (
  ctx: CommandContext,
  instanceId: string | null,
  variables: readonly VariableInput[],
) => {
  const out: Array<{ name: string; type: VariableType; value: unknown }> = [];
  for (const input of variables) {
    const { value, type: declared } = await storeBytesOf(
      ctx,
      instanceId,
      input.name,
      input.value,
      input.type,
    );
    const type = declared ?? inferType(input.name, value);
    const encoded = encodeValue(input.name, type, value);
    checkSize(input.name, encoded, ctx.services.config.maxVariableSize);
    out.push({ name: input.name, type, value: encoded });
  }
  return out;
};

const storedForms = (ctx: CommandContext, exec: ExecutionState, write: VariableWrite) =>
  storedVariableForms(ctx, ctx.instanceOf(exec).row.id, write.variables);

/** A stored form read back for a write: a stored date is an ISO string; the write path wants a Date. */
export const writableValue = (v: { type: VariableType; value: unknown }): unknown =>
  v.type === 'date' && typeof v.value === 'string' ? new Date(v.value) : v.value;

/** Writes the (checked) variables on the execution now. */
const applyWrite = (
  ctx: CommandContext,
  exec: ExecutionState,
  write: VariableWrite,
  variables: ReadonlyArray<{ name: string; type: VariableType; value: unknown }>,
): WrittenVariable[] => {
  const target = globalTarget(ctx, exec, write);
  for (const v of variables) {
    const value = writableValue(v);
    if (write.scope === 'local') setVariableLocal(ctx, exec, v.name, value, v.type);
    else setVariable(ctx, target, v.name, value, v.type);
  }
  return variables.map(({ name }) => ({
    name,
    scope: write.scope,
    variable:
      write.scope === 'local'
        ? ownVariable(exec.variables, name)!
        : findVariable(ctx, target, name)!.variable,
  }));
};

/** Create, update or upsert variables of an execution in one command. */
export const writeExecutionVariables = (
  engine: Engine,
  executionId: string,
  write: VariableWrite,
  by?: Principal,
): Promise<WrittenVariable[]> =>
  onExecution(engine, executionId, by, async (ctx, exec) => {
    checkExistence(ctx, exec, write);
    globalTarget(ctx, exec, write); // refuses global on a process instance before any bytes are stored
    return applyWrite(ctx, exec, write, await storedForms(ctx, exec, write));
  });

/** Check now, write later: a job on the executor applies the variables under the instance lock. */
export const writeExecutionVariablesAsync = (
  engine: Engine,
  executionId: string,
  write: VariableWrite,
  by?: Principal,
): Promise<void> =>
  onExecution(engine, executionId, by, async (ctx, exec) => {
    checkExistence(ctx, exec, write);
    globalTarget(ctx, exec, write); // as above: refused now, not when the job runs
    const variables = await storedForms(ctx, exec, write);
    ctx.addJob(
      newJob(ctx, exec, null, ASYNC_VARIABLES_HANDLER, 'executable', {
        handlerConfig: { scope: write.scope, single: write.single === true, variables },
      }),
    );
  });

/** The job's work: the variables its request checked, written as an upsert. */
export const runAsyncVariablesJob = (
  ctx: CommandContext,
  exec: ExecutionState,
  config: Record<string, unknown>,
): void => {
  const variables = (config.variables ?? []) as Array<{ name: string; type: VariableType; value: unknown }>;
  const scope = config.scope === 'global' ? 'global' : 'local';
  applyWrite(ctx, exec, { variables, scope, mode: 'upsert', single: config.single === true }, variables);
};

/** Removes one variable in the scope; false when the scope has none of that name. */
export const removeExecutionVariable = (
  engine: Engine,
  executionId: string,
  name: string,
  scope: VariableScopeName,
  by?: Principal,
): Promise<boolean> =>
  onExecution(engine, executionId, by, async (ctx, exec) => {
    if (!existingInScope(ctx, exec, name, scope)) return false;
    return removeVariable(ctx, scope === 'local' ? exec : ctx.parentOf(exec)!, name, scope === 'local');
  });

/** Removes all local variables of the execution, in one command. */
export const removeExecutionLocalVariables = (
  engine: Engine,
  executionId: string,
  by?: Principal,
): Promise<void> =>
  onExecution(engine, executionId, by, async (ctx, exec) => {
    for (const name of Object.keys(exec.variables)) removeVariable(ctx, exec, name, true);
  });
