/**
 * Variable lookup along the execution tree, as in Flowable: a read walks from the execution
 * up to the process instance; a write updates the variable where it is found, else creates
 * it on the process instance; a local write stays on the execution itself. Transient
 * variables live only for the command.
 */
import { compileExpression } from '../expression/index.ts';
import type { ExpressionContext, TypedResult } from '../expression/index.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, StoredVariable, VariableType } from './runtime-types.ts';
import { checkRoomForVariable, checkSize, decodeValue, encodeValue, inferType } from './variables.ts';
import { newId } from './ids.ts';
import { ownVariable, putVariable, variableRecord } from './own-variables.ts';

export const findVariable = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
): { owner: ExecutionState; variable: StoredVariable } | undefined => {
  let current: ExecutionState | undefined = exec;
  while (current) {
    const v = ownVariable(current.variables, name);
    if (v) return { owner: current, variable: v };
    current = ctx.parentOf(current);
  }
  return undefined;
};

const findTransient = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
): { value: unknown } | undefined => {
  let current: ExecutionState | undefined = exec;
  while (current) {
    const t = ctx.transientVariables.get(current.id);
    if (t && Object.hasOwn(t, name)) return { value: t[name] };
    current = ctx.parentOf(current);
  }
  return undefined;
};

/** Names of the transient variables visible from an execution. */
export const visibleTransientNames = (ctx: CommandContext, exec: ExecutionState): string[] => {
  const names = new Set<string>();
  for (let c: ExecutionState | undefined = exec; c; c = ctx.parentOf(c)) {
    for (const name of Object.keys(ctx.transientVariables.get(c.id) ?? {})) names.add(name);
  }
  return [...names];
};

export const hasVariable = (ctx: CommandContext, exec: ExecutionState, name: string): boolean =>
  findTransient(ctx, exec, name) !== undefined || findVariable(ctx, exec, name) !== undefined;

export const getVariable = (ctx: CommandContext, exec: ExecutionState, name: string): unknown => {
  const t = findTransient(ctx, exec, name);
  if (t) return t.value;
  const found = findVariable(ctx, exec, name);
  return found ? decodeValue(found.variable) : null;
};

/** All variables visible from an execution, innermost winning. */
export const visibleVariables = (ctx: CommandContext, exec: ExecutionState): Record<string, unknown> => {
  const chain: ExecutionState[] = [];
  for (let c: ExecutionState | undefined = exec; c; c = ctx.parentOf(c)) chain.unshift(c);
  const out = variableRecord<unknown>();
  for (const e of chain)
    for (const [k, v] of Object.entries(e.variables)) putVariable(out, k, decodeValue(v));
  return out;
};

const scopeName = (owner: ExecutionState): string =>
  owner.parentId === null
    ? `process instance '${owner.id}'`
    : `execution '${owner.id}'${owner.activityId ? ` (activity '${owner.activityId}')` : ''}`;

export const writeVariable = (
  ctx: CommandContext,
  owner: ExecutionState,
  name: string,
  value: unknown,
  declaredType?: VariableType,
): void => {
  const type = declaredType ?? inferType(name, value);
  const encoded = encodeValue(name, type, value);
  checkSize(name, encoded, ctx.services.config.maxVariableSize);
  const existing = ownVariable(owner.variables, name);
  if (!existing) {
    checkRoomForVariable(scopeName(owner), name, owner.variables, ctx.services.config.maxVariablesPerScope);
  }
  const v: StoredVariable = existing
    ? { id: existing.id, type, value: encoded, revision: existing.revision + 1 }
    : { id: newId(), type, value: encoded, revision: 1 };
  putVariable(owner.variables, name, v);
  const inst = ctx.instanceOf(owner);
  ctx.recordVariable(inst, owner, null, name, v);
};

export const setVariable = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
  value: unknown,
  declaredType?: VariableType,
): void => {
  const found = findVariable(ctx, exec, name);
  const owner = found ? found.owner : ctx.rootExecution(ctx.instanceOf(exec));
  writeVariable(ctx, owner, name, value, declaredType);
};

export const setVariableLocal = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
  value: unknown,
  declaredType?: VariableType,
): void => writeVariable(ctx, exec, name, value, declaredType);

export const removeVariable = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
  local = false,
): boolean => {
  const own = ownVariable(exec.variables, name);
  const found = local ? (own ? { owner: exec, variable: own } : undefined) : findVariable(ctx, exec, name);
  if (!found) return false;
  delete found.owner.variables[name];
  ctx.recordVariable(ctx.instanceOf(found.owner), found.owner, null, name, found.variable, true);
  return true;
};

export const setTransientVariable = (
  ctx: CommandContext,
  exec: ExecutionState,
  name: string,
  value: unknown,
): void => {
  let t = ctx.transientVariables.get(exec.id);
  if (!t) {
    t = variableRecord();
    ctx.transientVariables.set(exec.id, t);
  }
  putVariable(t, name, value);
};

export interface ExpressionExtras {
  /** extra top-level names, e.g. `execution`, `task` facades */
  readonly [name: string]: unknown;
}

const expressionContext = (
  ctx: CommandContext,
  exec: ExecutionState,
  extras: ExpressionExtras,
): ExpressionContext => ({
  resolve(name: string) {
    if (Object.hasOwn(extras, name)) return { found: true, value: extras[name] };
    const t = findTransient(ctx, exec, name);
    if (t) return { found: true, value: t.value };
    const v = findVariable(ctx, exec, name);
    if (v) return { found: true, value: decodeValue(v.variable), type: v.variable.type };
    const bean = ctx.services.delegates.get(name);
    if (bean !== undefined) return { found: true, value: bean };
    if (name === 'authenticatedUserId' && ctx.authenticatedUserId !== null) {
      return { found: true, value: ctx.authenticatedUserId };
    }
    return { found: false };
  },
});

export const evaluate = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string,
  extras: ExpressionExtras,
): unknown => compileExpression(text).evaluate(expressionContext(ctx, exec, extras));

/** Like evaluate, with the Java number type (`long`, `double`) a computed number gets in Flowable. */
export const evaluateTyped = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string,
  extras: ExpressionExtras,
): TypedResult => compileExpression(text).evaluateTyped(expressionContext(ctx, exec, extras));
