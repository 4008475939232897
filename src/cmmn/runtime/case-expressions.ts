/**
 * JUEL in a case: variables are the case's, `caseInstance` and `planItemInstance` are there
 * as in Flowable, registered beans resolve by name. Failures name the plan item.
 */
import { WeirError, isWeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import { decodeValue } from '../../engine/variables.ts';
import { compileExpression, isExpressionText } from '../../expression/index.ts';
import { caseFacade } from './case-variables.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';

/**
 * What a plan item instance of a repeating plan item holds as its own variables in Flowable:
 * its repetition counter and, when made for an element of a repetition collection, the
 * element and its index (under the names the repetition rule gives them).
 */
export const repetitionVariables = (c: LoadedCase, item: PlanItemInstance): Record<string, unknown> => {
  const rule = c.model.planItems[item.elementId]?.repetition;
  if (!rule) return {};
  const values: Record<string, unknown> = { [rule.counterVariable]: item.repetition };
  if (item.element) {
    if (rule.elementVariable) values[rule.elementVariable] = item.element.value;
    if (rule.elementIndexVariable) values[rule.elementIndexVariable] = item.element.index;
  }
  return values;
};

export const evaluateInCase = (
  ctx: CommandContext,
  c: LoadedCase,
  text: string,
  elementId: string,
  extras: Record<string, unknown> = {},
  item?: PlanItemInstance,
): unknown => {
  const names: Record<string, unknown> = {
    caseInstance: caseFacade(ctx, c),
    ...(item
      ? {
          ...repetitionVariables(c, item),
          planItemInstance: { id: item.id, elementId: item.elementId, name: item.name, state: item.state },
        }
      : {}),
    ...extras,
  };
  try {
    return compileExpression(text).evaluate({
      resolve(name) {
        if (Object.hasOwn(names, name)) return { found: true, value: names[name] };
        // the item's own variables first, then its case's, as Flowable scopes them
        const local =
          item?.variables && Object.hasOwn(item.variables, name) ? item.variables[name] : undefined;
        if (local) return { found: true, value: decodeValue(local), type: local.type };
        const v = Object.hasOwn(c.row.document.variables, name) ? c.row.document.variables[name] : undefined;
        if (v) return { found: true, value: decodeValue(v), type: v.type };
        const bean = ctx.services.delegates.get(name);
        if (bean !== undefined) return { found: true, value: bean };
        if (name === 'authenticatedUserId' && ctx.authenticatedUserId !== null)
          return { found: true, value: ctx.authenticatedUserId };
        return { found: false };
      },
    });
  } catch (error) {
    if (isWeirError(error))
      throw new WeirError(error.code, `Plan item '${elementId}': ${error.message}`, { cause: error });
    throw new WeirError(
      'WEIR_EXPRESSION_EVALUATION',
      `Plan item '${elementId}': expression '${text}' failed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
};

export const conditionHolds = (
  ctx: CommandContext,
  c: LoadedCase,
  text: string,
  elementId: string,
  extras: Record<string, unknown> = {},
  item?: PlanItemInstance,
): boolean => {
  const value = evaluateInCase(ctx, c, text, elementId, extras, item);
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  return value === true;
};

/** A text attribute: an expression is evaluated, a literal stays as it is; null stays null. */
export const textValue = (
  ctx: CommandContext,
  c: LoadedCase,
  text: string | null,
  elementId: string,
  item?: PlanItemInstance,
): string | null => {
  if (text === null) return null;
  if (!isExpressionText(text)) return text;
  const value = evaluateInCase(ctx, c, text, elementId, {}, item);
  return value === null || value === undefined ? null : String(value);
};
