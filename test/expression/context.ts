// Helpers shared by the expression tests: a context over a plain record of variables, and
// a way to catch the WeirError an expression raises so tests can assert on what users see.
import { WeirError } from '../../src/errors.ts';
import { compileExpression } from '../../src/expression/index.ts';
import type { ExpressionContext } from '../../src/expression/index.ts';

export const contextOf = (variables: Record<string, unknown> = {}): ExpressionContext => ({
  resolve: (name) =>
    Object.hasOwn(variables, name) ? { found: true, value: variables[name] } : { found: false },
});

export const evaluate = (text: string, variables: Record<string, unknown> = {}): unknown =>
  compileExpression(text).evaluate(contextOf(variables));

/** The WeirError thrown by compiling and evaluating `text`; fails the test if none is thrown. */
export const failureOf = (text: string, variables: Record<string, unknown> = {}): WeirError => {
  try {
    evaluate(text, variables);
  } catch (error) {
    if (error instanceof WeirError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to fail`);
};
