/**
 * Weir's expression language: the safe subset of JUEL that Flowable process models use in
 * conditions, assignments and delegate expressions. Texts compile once into a cached
 * CompiledExpression; evaluation reaches only the data the context hands it.
 */
import { asEvaluationError } from './faults.ts';
import { compileNode, isComputed } from './evaluate.ts';
import type { Evaluator } from './evaluate.ts';
import { toText } from './coerce.ts';
import { javaNumberType } from './numbers.ts';
import { parseTemplate } from './template.ts';

export { exposedMethods, typedCalls } from './access.ts';
export type { TypedCall } from './access.ts';
export { isExpressionText } from './template.ts';

export interface ExpressionContext {
  /**
   * Resolve a top-level identifier (variables first, then registered beans, e.g. `execution`).
   * `type` is the variable's stored type when known: a `double` holding 2 stays a Double.
   */
  resolve(name: string): { found: true; value: unknown; type?: string } | { found: false };
}

/** A result and the Java number type Flowable would give it, when it is a computed number. */
export interface TypedResult {
  readonly value: unknown;
  /** `long` for a Long an operator or a literal produced, `double` for any Double; absent otherwise */
  readonly type?: 'long' | 'double';
}

export interface CompiledExpression {
  readonly source: string;
  /** Evaluate synchronously against the given context. */
  evaluate(context: ExpressionContext): unknown;
  /**
   * Evaluate and say whether the result is a Long or a Double, as JUEL would type it:
   * `${x + 5}` is a `long`, `${a / b}` a `double`; a value read as is (`${x}`) keeps its type.
   */
  evaluateTyped(context: ExpressionContext): TypedResult;
}

/**
 * Distinct texts kept compiled. Process models hold a bounded set of expressions, so this
 * is far above a working set; the bound only stops texts built at run time from growing
 * the cache without end. Oldest-first eviction keeps a hit free of bookkeeping.
 */
const CACHE_LIMIT = 5_000;
const cache = new Map<string, CompiledExpression>();

/**
 * Compile a text: without `${`/`#{` it is a literal; one expression covering the whole
 * text evaluates to its raw value; anything else evaluates to a string, null parts empty.
 * Throws WEIR_EXPRESSION_SYNTAX; the result's `evaluate` throws WEIR_EXPRESSION_EVALUATION.
 */
export const compileExpression = (text: string): CompiledExpression => {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const compiled = compileText(text);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(text, compiled);
  return compiled;
};

const compileText = (source: string): CompiledExpression => {
  const parts = parseTemplate(source);
  if (parts.length === 0) return literal(source, '');
  if (parts.length === 1) {
    const only = parts[0];
    if (typeof only === 'string') return literal(source, only);
    return guarded(source, compileNode(only), isComputed(only));
  }
  const evaluators: Evaluator[] = parts.map((part) =>
    typeof part === 'string' ? () => part : compileNode(part),
  );
  return guarded(source, (context) => {
    let text = '';
    for (let index = 0; index < evaluators.length; index++) text += toText(evaluators[index](context));
    return text;
  });
};

const literal = (source: string, value: string): CompiledExpression =>
  Object.freeze({ source, evaluate: () => value, evaluateTyped: () => ({ value }) });

const guarded = (source: string, run: Evaluator, computed = false): CompiledExpression => {
  const typed = (context: ExpressionContext): TypedResult => {
    let value: unknown;
    try {
      value = run(context);
    } catch (error) {
      throw asEvaluationError(source, error);
    }
    const type = javaNumberType(value, computed);
    const host = typeof value === 'bigint' ? Number(value) : value;
    return type === undefined ? { value: host } : { value: host, type };
  };
  return Object.freeze({
    source,
    evaluate: (context: ExpressionContext) => typed(context).value,
    evaluateTyped: typed,
  });
};
