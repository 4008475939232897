/**
 * Compiling every expression of a model at deployment, so that `${amount >}` is refused with its
 * element and line instead of failing the first instance that reaches it.
 */

import { isWeirError } from '../errors.ts';
import { compileExpression, isExpressionText } from '../expression/index.ts';
import type { Problems } from './problems.ts';

export interface ExpressionCheck {
  /**
   * `what` names the value in the message (`condition`, `flowable:assignee`). Texts that may be
   * plain values (an assignee `kermit`) are compiled only when they contain `${` or `#{`; pass
   * `always` for texts that must be expressions.
   */
  (elementId: string, what: string, text: string | undefined, always?: boolean): void;
}

export const expressionChecker =
  (problems: Problems): ExpressionCheck =>
  (elementId, what, text, always = false) => {
    if (text === undefined || (!always && !isExpressionText(text))) return;
    try {
      compileExpression(text);
    } catch (error) {
      const reason = isWeirError(error) || error instanceof Error ? error.message : String(error);
      // the expression module's messages usually quote the text already
      problems.about(
        elementId,
        reason.includes(text) ? `${what}: ${reason}` : `${what} '${text}' does not parse: ${reason}`,
      );
    }
  };
