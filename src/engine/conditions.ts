/** Sequence-flow conditions and other boolean expressions, with errors that name the element. */
import { WeirError, isWeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { executionFacade } from './facades.ts';
import { isExpressionText, type TypedResult } from '../expression/index.ts';
import type { SequenceFlow } from '../model/types.ts';
import { evaluate, evaluateTyped, getVariable } from './variable-scope.ts';
import { isBpmnError } from './bpmn-error.ts';

const toBoolean = (value: unknown): boolean => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  return value !== null && value !== undefined && value !== false;
};

/** Evaluate an expression for an element; failures name the element. */
export const evaluateFor = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string,
  elementId: string,
  extras: Record<string, unknown> = {},
): unknown =>
  namingElement(text, elementId, () =>
    evaluate(ctx, exec, text, { execution: executionFacade(ctx, exec), ...extras }),
  );

/** evaluateFor with the Java number type of a computed result, for values stored as variables */
export const evaluateTypedFor = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string,
  elementId: string,
): TypedResult =>
  namingElement(text, elementId, () =>
    evaluateTyped(ctx, exec, text, { execution: executionFacade(ctx, exec) }),
  );

const namingElement = <T>(text: string, elementId: string, work: () => T): T => {
  try {
    return work();
  } catch (error) {
    if (isBpmnError(error)) throw error;
    if (isWeirError(error)) {
      throw new WeirError(error.code, `Element '${elementId}': ${error.message}`, { cause: error });
    }
    throw new WeirError(
      'WEIR_EXPRESSION_EVALUATION',
      `Element '${elementId}': expression '${text}' failed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
};

export const evaluateCondition = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string,
  elementId: string,
): boolean => toBoolean(evaluateFor(ctx, exec, text, elementId));

/**
 * Flowable's skip expressions: an activity or a sequence flow with `flowable:skipExpression` is
 * skipped when the expression holds, but only in instances that enable skipping with the
 * variable `_FLOWABLE_SKIP_EXPRESSION_ENABLED` (or Activiti's name for it), so a model never
 * skips work by accident.
 */
export const shouldSkip = (
  ctx: CommandContext,
  exec: ExecutionState,
  skipExpression: string | undefined,
  elementId: string,
): boolean => {
  if (skipExpression === undefined) return false;
  const enabled =
    getVariable(ctx, exec, '_FLOWABLE_SKIP_EXPRESSION_ENABLED') ??
    getVariable(ctx, exec, '_ACTIVITI_SKIP_EXPRESSION_ENABLED');
  return toBoolean(enabled) && evaluateCondition(ctx, exec, skipExpression, elementId);
};

/** A flow is taken when it has no condition, its condition holds, or its skip expression does. */
export const flowConditionHolds = (ctx: CommandContext, exec: ExecutionState, flow: SequenceFlow): boolean =>
  !flow.condition ||
  shouldSkip(ctx, exec, flow.skipExpression, flow.id) ||
  evaluateCondition(ctx, exec, flow.condition, flow.id);

/** An attribute that may be an expression, as text: empty is null, a null value is null. */
export const stringValue = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string | undefined,
  id: string,
): string | null => {
  if (text === undefined || text === '') return null;
  if (!isExpressionText(text)) return text;
  const v = evaluateFor(ctx, exec, text, id);
  return v === null || v === undefined ? null : String(v);
};

/**
 * As stringValue, but as Flowable reads `flowable:category`, `flowable:formKey` and activity
 * names: an expression that cannot be evaluated (an unknown variable) leaves the text as written.
 */
export const lenientStringValue = (
  ctx: CommandContext,
  exec: ExecutionState,
  text: string | undefined,
  id: string,
): string | null => {
  try {
    return stringValue(ctx, exec, text, id);
  } catch (error) {
    if (isWeirError(error) && error.code === 'WEIR_EXPRESSION_EVALUATION') return text ?? null;
    throw error;
  }
};
