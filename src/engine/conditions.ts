/** Sequence-flow conditions and other boolean expressions, with errors that name the element. */
import { WeirError, isWeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { executionFacade } from './facades.ts';
import { evaluate } from './variable-scope.ts';
import { isBpmnError } from './bpmn-error.ts';

export const toBoolean = (value: unknown): boolean => {
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
): unknown => {
  try {
    return evaluate(ctx, exec, text, { execution: executionFacade(ctx, exec), ...extras });
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
