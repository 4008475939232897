/**
 * Compiling the texts of a decision: input entries (unary tests), output entries, input
 * expressions and literal expressions. Two dialects meet in Flowable's tables:
 *
 * - FEEL, as the DMN standard and its TCK write them: `> 10`, `[1..5]`, `"a","b"`, `not("x")`.
 * - Flowable's JUEL style: `${...}`/`#{...}` expressions over the variables, and entries such as
 *   `== "gold"`, `!= 5` or `.contains("x")` that Flowable completes with the input expression
 *   (`#{input == "gold"}`).
 *
 * An `expressionLanguage` of `juel` on the table (or the entry) makes every entry JUEL; otherwise
 * `${`/`#{`, a leading `==`, `!=` or `.` mean JUEL and anything else is FEEL, falling back to
 * Flowable's completion when the text is not FEEL. A text that is neither is a deploy problem.
 */
import { compileExpression, type CompiledExpression, type ExpressionContext } from '../expression/index.ts';
import { feelSyntaxProblem, feelUnaryTest, feelValue } from './feel.ts';
import type { Scope } from './scope.ts';
import { compileSimpleTest } from './simple-tests.ts';

export interface CompiledEntry {
  readonly dialect: 'any' | 'feel' | 'juel';
  test(input: unknown, scope: Scope): boolean;
}

export interface CompiledValue {
  readonly dialect: 'feel' | 'juel';
  evaluate(scope: Scope): unknown;
}

export type Compiled<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The name the input value goes by inside a completed JUEL entry (`#{__input == "gold"}`). */
const INPUT = '__input';

const isJuelText = (text: string): boolean => text.startsWith('${') || text.startsWith('#{');
const JUEL_OPERATORS = ['==', '!=', '<=', '>=', '<', '>'];

const juel = (text: string): Compiled<CompiledExpression> => {
  try {
    return { ok: true, value: compileExpression(text) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
};

const withInput = (scope: Scope, input: unknown): ExpressionContext => ({
  resolve: (name) => (name === INPUT ? { found: true, value: input } : scope.juel.resolve(name)),
});

/** Flowable's completion of an entry with the input: `"x"` -> `== "x"`, `> 5` kept, `.m()` appended. */
const completeJuelEntry = (text: string): string => {
  if (text.startsWith('.')) return `#{${INPUT}${text}}`;
  const operator = text.length >= 2 && JUEL_OPERATORS.some((op) => text.startsWith(op));
  return `#{${INPUT} ${operator ? text : `== ${text}`}}`;
};

const juelEntry = (source: string): Compiled<CompiledEntry> => {
  const compiled = juel(isJuelText(source) ? source : completeJuelEntry(source));
  if (!compiled.ok) return compiled;
  const expression = compiled.value;
  return {
    ok: true,
    value: {
      dialect: 'juel',
      test: (input, scope) => expression.evaluate(withInput(scope, input)) === true,
    },
  };
};

const ALWAYS: CompiledEntry = Object.freeze({ dialect: 'any', test: () => true });

export const compileInputEntry = (
  rawText: string,
  language: string | null,
  names: readonly string[],
): Compiled<CompiledEntry> => {
  const text = rawText.trim();
  if (text === '' || text === '-') return { ok: true, value: ALWAYS };
  if (isJuel(language) || isJuelText(text) || /^(==|!=|\.)/.test(text)) return juelEntry(text);
  const simple = compileSimpleTest(text);
  if (simple !== null) return { ok: true, value: { dialect: 'feel', test: (input) => simple(input) } };
  const problem = feelSyntaxProblem(text, 'unaryTests', names);
  if (problem === null)
    return {
      ok: true,
      value: { dialect: 'feel', test: (input, scope) => feelUnaryTest(text, input, scope.feel) },
    };
  const fallback = juelEntry(text);
  return fallback.ok ? fallback : { ok: false, problem: `not a FEEL unary test (${problem})` };
};

/** An output entry, input expression or literal expression: a value computed from the variables. */
export const compileValue = (
  rawText: string,
  language: string | null,
  names: readonly string[],
): Compiled<CompiledValue> => {
  const text = rawText.trim();
  const asJuel = (): Compiled<CompiledValue> => {
    const compiled = juel(isJuelText(text) ? text : `#{${text}}`);
    if (!compiled.ok) return compiled;
    const expression = compiled.value;
    return { ok: true, value: { dialect: 'juel', evaluate: (scope) => expression.evaluate(scope.juel) } };
  };
  if (isJuel(language) || isJuelText(text)) return asJuel();
  // a plain variable name (most input expressions) is read directly, not parsed on every evaluation
  if (PLAIN_NAME.test(text) && !FEEL_KEYWORDS.has(text))
    return { ok: true, value: { dialect: 'feel', evaluate: (scope) => scope.variables[text] ?? null } };
  const problem = feelSyntaxProblem(text, 'expression', names);
  if (problem === null)
    return { ok: true, value: { dialect: 'feel', evaluate: (scope) => feelValue(text, scope.feel) } };
  const fallback = asJuel();
  return fallback.ok ? fallback : { ok: false, problem: `not a FEEL expression (${problem})` };
};

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FEEL_KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'for',
  'if',
  'some',
  'every',
  'in',
  'between',
  'function',
]);

const isJuel = (language: string | null): boolean => language !== null && /juel/i.test(language);
