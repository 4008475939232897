import { describe, expect, it } from 'vitest';
import { evaluate, failureOf } from './context.ts';

describe('coercion to numbers', () => {
  it('null counts as 0 in arithmetic', () => {
    expect(evaluate('${x + 1}', { x: null })).toBe(1);
    expect(evaluate('${x * 5}', { x: null })).toBe(0);
    expect(evaluate('${-x}', { x: null })).toBe(0);
  });

  it('null divided by null is 0, as EL specifies', () => {
    expect(evaluate('${x / y}', { x: null, y: null })).toBe(0);
    expect(evaluate('${x % y}', { x: null, y: null })).toBe(0);
  });

  it('numeric strings take part in arithmetic as numbers', () => {
    expect(evaluate("${'1' + '2'}")).toBe(3);
    expect(evaluate("${amount * '1.5'}", { amount: '4' })).toBe(6);
    expect(evaluate("${'' + 1}")).toBe(1);
  });

  it('+ adds numbers and never joins strings', () => {
    const error = failureOf("${'Hello ' + name}", { name: 'Ann' });
    expect(error.code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(error.message).toBe("Value is not a number in expression '${'Hello ' + name}': 'Hello '");
  });

  it('a boolean is not a number', () => {
    expect(failureOf('${true + 1}').message).toBe("Value is not a number in expression '${true + 1}': true");
  });

  it('text that only looks numeric to JavaScript is not a number', () => {
    for (const text of ['0x10', 'Infinity', ' 1', '1e', 'NaN']) {
      expect(failureOf('${x + 0}', { x: text }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    }
  });

  it('a numeric string compares as a number against a number', () => {
    expect(evaluate('${amount > 5}', { amount: '10' })).toBe(true);
    expect(evaluate("${5 < '10'}")).toBe(true);
    expect(evaluate("${amount == '10.0'}", { amount: 10 })).toBe(true);
  });

  it('comparing a number with non-numeric text is an error, as in JUEL', () => {
    expect(failureOf("${amount == 'n/a'}", { amount: 3 }).message).toBe(
      "Value is not a number in expression '${amount == 'n/a'}': 'n/a'",
    );
  });
});

describe('coercion to booleans', () => {
  it("the string 'true' in any case is true, any other string false", () => {
    expect(evaluate('${!x}', { x: 'TRUE' })).toBe(false);
    expect(evaluate('${!x}', { x: 'yes' })).toBe(true);
    expect(evaluate('${x && true}', { x: '' })).toBe(false);
  });

  it('null is false', () => {
    expect(evaluate('${!x}', { x: null })).toBe(true);
  });

  it('a boolean compares with its text', () => {
    expect(evaluate("${approved == 'true'}", { approved: true })).toBe(true);
    expect(evaluate("${approved == 'false'}", { approved: true })).toBe(false);
  });

  it('a number is not a boolean', () => {
    expect(failureOf('${!1}').message).toBe("Value is not a boolean in expression '${!1}': 1");
    expect(failureOf('${1 ? 2 : 3}').code).toBe('WEIR_EXPRESSION_EVALUATION');
  });
});

describe('null in comparisons', () => {
  it('null is neither less nor greater than anything', () => {
    expect(evaluate('${x < 1}', { x: null })).toBe(false);
    expect(evaluate('${x > 1}', { x: null })).toBe(false);
    expect(evaluate('${x >= 1}', { x: null })).toBe(false);
    expect(evaluate("${'a' <= x}", { x: null })).toBe(false);
  });

  it('null is <= and >= null, but not < null', () => {
    expect(evaluate('${x <= y}', { x: null, y: null })).toBe(true);
    expect(evaluate('${x >= y}', { x: null, y: null })).toBe(true);
    expect(evaluate('${x < y}', { x: null, y: null })).toBe(false);
  });
});

describe('dates', () => {
  const earlier = new Date('2024-01-01T00:00:00Z');
  const later = new Date('2024-06-01T00:00:00Z');

  it('dates compare by time', () => {
    expect(evaluate('${a < b}', { a: earlier, b: later })).toBe(true);
    expect(evaluate('${a >= b}', { a: earlier, b: later })).toBe(false);
  });

  it('two dates at the same instant are equal', () => {
    expect(evaluate('${a == b}', { a: earlier, b: new Date(earlier.getTime()) })).toBe(true);
    expect(evaluate('${a != b}', { a: earlier, b: later })).toBe(true);
  });

  it('a date does not compare with a string', () => {
    expect(failureOf("${a < 'tomorrow'}", { a: earlier }).message).toBe(
      "Values cannot be compared in expression '${a < 'tomorrow'}': a date and 'tomorrow'",
    );
  });
});

describe('values that do not order', () => {
  it('booleans and lists cannot be compared with <', () => {
    expect(failureOf('${true < false}').message).toBe(
      "Values cannot be compared in expression '${true < false}': true and false",
    );
    expect(failureOf('${a > b}', { a: [], b: [] }).code).toBe('WEIR_EXPRESSION_EVALUATION');
  });
});
