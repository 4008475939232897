/**
 * Case variables: kept in the case document, typed as process variables are (engine/variables.ts),
 * each change recorded for historic-variable-instances in the flush.
 */
import type { CommandContext } from '../../engine/context.ts';
import { newId } from '../../engine/ids.ts';
import type { VariableType } from '../../engine/runtime-types.ts';
import {
  checkRoomForVariable,
  checkSize,
  decodeValue,
  encodeValue,
  inferType,
} from '../../engine/variables.ts';
import { exposedMethods, typedCalls } from '../../expression/index.ts';
import { caseScope } from './case-context.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';

export const setCaseVariable = (
  ctx: CommandContext,
  c: LoadedCase,
  name: string,
  value: unknown,
  type?: VariableType,
): void => setIn(ctx, c, null, name, value, type);

/**
 * A plan item instance's local variable (Flowable's plan item instance is a variable scope under
 * its case): kept on the item in the case document, seen first by the item's own expressions,
 * recorded in history with the item as its plan item instance (subScopeId).
 */
export const setPlanItemVariable = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  name: string,
  value: unknown,
  type?: VariableType,
): void => setIn(ctx, c, item, name, value, type);

const setIn = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance | null,
  name: string,
  value: unknown,
  type?: VariableType,
): void => {
  const t = type ?? inferType(name, value);
  const encoded = encodeValue(name, t, value);
  checkSize(name, encoded, ctx.services.config.maxVariableSize);
  const variables = item ? (item.variables ??= {}) : c.row.document.variables;
  const existing = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (!existing)
    checkRoomForVariable(
      item ? `plan item instance '${item.id}'` : `case instance '${c.row.id}'`,
      name,
      variables,
      ctx.services.config.maxVariablesPerScope,
    );
  const v = existing
    ? { id: existing.id, type: t, value: encoded, revision: existing.revision + 1 }
    : { id: newId(), type: t, value: encoded, revision: 1 };
  variables[name] = v;
  recordCaseVariable(ctx, c, name, v.id, t, encoded, null, item?.id ?? null);
};

export const removeCaseVariable = (ctx: CommandContext, c: LoadedCase, name: string): boolean =>
  removeIn(ctx, c, null, name);

/** Removes a plan item instance's local variable; false when it has none of that name. */
export const removePlanItemVariable = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  name: string,
): boolean => removeIn(ctx, c, item, name);

const removeIn = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance | null,
  name: string,
): boolean => {
  const variables = item ? (item.variables ?? {}) : c.row.document.variables;
  const existing = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (!existing) return false;
  delete variables[name];
  recordCaseVariable(ctx, c, name, existing.id, 'null', null, null, item?.id ?? null);
  return true;
};

export const recordCaseVariable = (
  ctx: CommandContext,
  c: LoadedCase,
  name: string,
  id: string,
  type: string,
  value: unknown,
  taskId: string | null,
  planItemInstanceId: string | null = null,
): void => {
  const level = ctx.services.config.historyLevel;
  if (level === 'none' || level === 'activity') return;
  const history = caseScope(ctx).variableHistory;
  const previous = history.get(id);
  history.set(id, {
    id,
    caseInstanceId: c.row.id,
    taskId,
    planItemInstanceId,
    name,
    type,
    value,
    createdAt: previous?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  });
};

export const caseVariableValues = (c: LoadedCase): Record<string, unknown> =>
  Object.fromEntries(Object.entries(c.row.document.variables).map(([name, v]) => [name, decodeValue(v)]));

/**
 * Exposes an object's functions to expressions (`${caseInstance.getVariable('x')}`), with
 * `setVariable` in the typed form JUEL numbers need (a Long stays `long`), as the execution
 * facade does; see expression/access.ts for the sandbox this opts in to.
 */
export const forExpressions = <T extends Record<string, unknown>>(
  facade: T,
  setVariable: (name: string, value: unknown, type?: VariableType) => void,
): T => ({
  ...facade,
  [exposedMethods]: new Set(Object.keys(facade).filter((key) => typeof facade[key] === 'function')),
  [typedCalls]: {
    setVariable: ([name, value]: readonly unknown[], [, type]: readonly ('long' | 'double' | undefined)[]) =>
      setVariable(String(name), value, type),
  },
});

/**
 * `caseInstance` in expressions and delegates: Flowable's CaseInstance methods that matter,
 * callable from expressions too (`${caseInstance.setVariable('x', 1)}` stores a `long`).
 */
export const caseFacade = (ctx: CommandContext, c: LoadedCase) =>
  forExpressions(
    {
      id: c.row.id,
      getId: () => c.row.id,
      businessKey: c.row.businessKey,
      getBusinessKey: () => c.row.businessKey,
      caseDefinitionId: c.row.definitionId,
      getCaseDefinitionId: () => c.row.definitionId,
      tenantId: c.row.tenantId,
      getTenantId: () => c.row.tenantId,
      getVariable: (name: string) => {
        const v = Object.hasOwn(c.row.document.variables, name) ? c.row.document.variables[name] : undefined;
        return v ? decodeValue(v) : null;
      },
      getVariables: () => caseVariableValues(c),
      hasVariable: (name: string) => Object.hasOwn(c.row.document.variables, name),
      setVariable: (name: string, value: unknown) => setCaseVariable(ctx, c, name, value),
    },
    (name, value, type) => setCaseVariable(ctx, c, name, value, type),
  );
