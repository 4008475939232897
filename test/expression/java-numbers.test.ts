import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expression/index.ts';
import type { ExpressionContext } from '../../src/expression/index.ts';
import { contextOf, evaluate, failureOf } from './context.ts';

const typed = (text: string, context: ExpressionContext = contextOf()) =>
  compileExpression(text).evaluateTyped(context);

/** a context whose variables carry their stored type, as the engine's does */
const storedAs = (variables: Record<string, { value: unknown; type: string }>): ExpressionContext => ({
  resolve: (name) =>
    Object.hasOwn(variables, name) ? { found: true, ...variables[name] } : { found: false },
});

describe('Long and Double, as JUEL types numbers', () => {
  it('integer literals and arithmetic on them are Longs', () => {
    expect(typed('${7}')).toEqual({ value: 7, type: 'long' });
    expect(typed('${x + 5}', contextOf({ x: 3 }))).toEqual({ value: 8, type: 'long' });
    expect(typed('${x * 2 - 1}', contextOf({ x: 3 }))).toEqual({ value: 5, type: 'long' });
  });

  it('a literal with a point or an exponent is a Double, and so is what it takes part in', () => {
    expect(typed('${2.0}')).toEqual({ value: 2, type: 'double' });
    expect(typed('${1e2 + 1}')).toEqual({ value: 101, type: 'double' });
    expect(typed('${3 * 1.5}')).toEqual({ value: 4.5, type: 'double' });
  });

  it('/ and div are always Doubles; % and mod keep Longs Longs', () => {
    expect(typed('${8 / 2}')).toEqual({ value: 4, type: 'double' });
    expect(typed('${9 div 2}')).toEqual({ value: 4.5, type: 'double' });
    expect(typed('${9 % 2}')).toEqual({ value: 1, type: 'long' });
    expect(typed('${9.5 mod 2}')).toEqual({ value: 1.5, type: 'double' });
  });

  it('a stored double stays a Double even when whole; an integer read as is keeps its own type', () => {
    const context = storedAs({ d: { value: 2, type: 'double' }, i: { value: 2, type: 'integer' } });
    expect(typed('${d + 1}', context)).toEqual({ value: 3, type: 'double' });
    expect(typed('${d}', context)).toEqual({ value: 2, type: 'double' });
    expect(typed('${i}', context)).toEqual({ value: 2 });
    expect(typed('${i + 0}', context)).toEqual({ value: 2, type: 'long' });
  });

  it('numeric strings coerce by their form', () => {
    expect(typed("${'4' + 1}")).toEqual({ value: 5, type: 'long' });
    expect(typed("${'4.0' + 1}")).toEqual({ value: 5, type: 'double' });
    expect(failureOf("${'four' + 1}").message).toContain('Value is not a number');
  });

  it('Long arithmetic wraps at 64 bits as in Java', () => {
    expect(typed('${9223372036854775807 + 1}')).toEqual({ value: -9223372036854775808, type: 'long' });
  });

  it('a Double prints as Java prints it inside text; a Long without a point', () => {
    expect(evaluate('${4 / 2} and ${4 + 2}')).toBe('2.0 and 6');
    expect(evaluate('${0.1 + 0.2 > 0.3}')).toBe(true);
  });

  it('booleans, strings and other results carry no number type', () => {
    expect(typed('${1 < 2}')).toEqual({ value: true });
    expect(typed("${'a'}")).toEqual({ value: 'a' });
    expect(typed('text ${1 + 1}')).toEqual({ value: 'text 2' });
  });

  it('host code never sees a bigint: method arguments and plain results are numbers', () => {
    expect(evaluate('${list.contains(2)}', { list: [1, 2, 3] })).toBe(true);
    expect(evaluate('${list[1]}', { list: [1, 2, 3] })).toBe(2);
    expect(typeof evaluate('${x + 1}', { x: 1 })).toBe('number');
  });
});

describe("Flowable's variable functions", () => {
  const variables = { status: 'open', amount: 250, tags: ['red', 'blue'], none: null };

  it('take the variable by its bare name, so a missing variable is no error', () => {
    expect(evaluate('${variables:get(status)}', variables)).toBe('open');
    expect(evaluate('${variables:get(missing)}', variables)).toBeNull();
    expect(evaluate("${vars:get('status')}", variables)).toBe('open');
    expect(evaluate("${var:get(amount > 0 ? 'status' : 'none')}", variables)).toBe('open');
  });

  it('accept JUEL keywords as names after the colon', () => {
    expect(evaluate('${vars:eq(amount, 250)}', variables)).toBe(true);
    expect(evaluate('${vars:ne(amount, 250)}', variables)).toBe(false);
    expect(evaluate('${vars:lt(amount, 300)}', variables)).toBe(true);
    expect(evaluate('${var:empty(none)}', variables)).toBe(true);
  });

  it('combine with operators and method calls', () => {
    expect(evaluate('${variables:exists(status) && variables:get(status) == "open"}', variables)).toBe(true);
    expect(evaluate('${!variables:getOrDefault(approved, false)}', variables)).toBe(true);
    expect(evaluate('${variables:get(tags).size()}', variables)).toBe(2);
  });

  it('compare as Flowable does: numbers by value, nothing else coerced', () => {
    const values = { code: '5', count: 5, nums: [1, 2], record: {}, blank: '', list: [] };
    expect(evaluate('${variables:equals(count, 5.0)}', values)).toBe(true);
    expect(evaluate('${variables:equals(code, 5)}', values)).toBe(false);
    expect(evaluate('${variables:contains(nums, 2)}', values)).toBe(true);
    expect(evaluate("${variables:contains(nums, '2')}", values)).toBe(false);
    expect(evaluate('${variables:isEmpty(record)}', values)).toBe(false);
    expect(evaluate('${variables:isEmpty(blank) && variables:isEmpty(list)}', values)).toBe(true);
    expect(evaluate('${variables:gt(count, null)}', values)).toBe(false);
  });

  it('leave the ternary operator alone', () => {
    expect(evaluate('${amount > 100 ? status : none}', variables)).toBe('open');
  });

  it('an unknown function or a wrong number of arguments is a syntax error', () => {
    expect(failureOf('${variables:fetch(status)}').message).toContain("unknown function 'variables:fetch'");
    expect(failureOf('${math:max(1, 2)}').message).toContain("unknown function 'math:max'");
    expect(failureOf('${variables:get(a, b)}').message).toContain(
      "function 'variables:get' takes 1 argument(s), got 2",
    );
    expect(failureOf('${variables:contains(tags)}').message).toContain('takes at least 2 argument(s)');
  });
});
