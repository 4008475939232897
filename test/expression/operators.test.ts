import { describe, expect, it } from 'vitest';
import { evaluate, failureOf } from './context.ts';

describe('arithmetic', () => {
  it('adds, subtracts and multiplies numbers', () => {
    expect(evaluate('${7 + 3}')).toBe(10);
    expect(evaluate('${7 - 10}')).toBe(-3);
    expect(evaluate('${6 * 7}')).toBe(42);
  });

  it('/ and div give a floating result', () => {
    expect(evaluate('${7 / 2}')).toBe(3.5);
    expect(evaluate('${7 div 2}')).toBe(3.5);
  });

  it('% and mod give the remainder with the sign of the dividend', () => {
    expect(evaluate('${7 % 3}')).toBe(1);
    expect(evaluate('${7 mod 3}')).toBe(1);
    expect(evaluate('${-7 % 3}')).toBe(-1);
    expect(evaluate('${7.5 % 2}')).toBe(1.5);
  });

  it('unary minus negates, and applies to a property before negating', () => {
    expect(evaluate('${-x}', { x: 4 })).toBe(-4);
    expect(evaluate('${- -x}', { x: 4 })).toBe(4);
    expect(evaluate('${-o.n}', { o: { n: 2 } })).toBe(-2);
    expect(evaluate('${-0}')).toBe(0);
  });
});

describe('comparison', () => {
  it.each([
    ['${1 < 2}', true],
    ['${1 lt 2}', true],
    ['${2 > 1}', true],
    ['${2 gt 1}', true],
    ['${2 <= 2}', true],
    ['${2 le 1}', false],
    ['${2 >= 3}', false],
    ['${3 ge 3}', true],
  ])('%s is %s', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it('two strings compare lexically', () => {
    expect(evaluate("${'apple' < 'banana'}")).toBe(true);
    expect(evaluate("${'b' gt 'abc'}")).toBe(true);
  });

  it('two numeric strings still compare as text, character by character', () => {
    expect(evaluate("${'10' < '9'}")).toBe(true);
  });
});

describe('equality', () => {
  it.each([
    ['${1 == 1}', true],
    ['${1 eq 2}', false],
    ['${1 != 2}', true],
    ['${1 ne 1}', false],
    ["${'a' == 'a'}", true],
    ["${'a' != 'b'}", true],
    ['${true == true}', true],
    ['${null == null}', true],
  ])('%s is %s', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it('null equals only null', () => {
    expect(evaluate('${x == null}', { x: null })).toBe(true);
    expect(evaluate("${x == ''}", { x: null })).toBe(false);
    expect(evaluate('${x == 0}', { x: null })).toBe(false);
    expect(evaluate('${0 != null}')).toBe(true);
  });

  it('lists and objects are equal only to themselves', () => {
    const list = [1];
    expect(evaluate('${a == b}', { a: list, b: list })).toBe(true);
    expect(evaluate('${a == b}', { a: [1], b: [1] })).toBe(false);
  });
});

describe('logic', () => {
  it.each([
    ['${true && false}', false],
    ['${true and true}', true],
    ['${false || true}', true],
    ['${false or false}', false],
    ['${!true}', false],
    ['${not false}', true],
    ['${!!true}', true],
  ])('%s is %s', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it('&& does not evaluate its right side when the left is false', () => {
    expect(evaluate('${false && missing}')).toBe(false);
    expect(evaluate('${x != null && x.size() > 0}', { x: null })).toBe(false);
  });

  it('|| does not evaluate its right side when the left is true', () => {
    expect(evaluate('${true || missing}')).toBe(true);
  });

  it('the right side is evaluated when it decides the result', () => {
    expect(failureOf('${true && missing}').code).toBe('WEIR_EXPRESSION_EVALUATION');
  });

  it('&& and || give booleans, not their operands', () => {
    expect(evaluate("${'true' && 'TRUE'}")).toBe(true);
    expect(evaluate('${null || null}')).toBe(false);
  });
});

describe('empty', () => {
  it.each([
    ['null', null, true],
    ['an empty string', '', true],
    ['an empty list', [], true],
    ['an empty object', {}, true],
    ['an empty map', new Map(), true],
    ['a non-empty string', 'x', false],
    ['a non-empty list', [0], false],
    ['a non-empty object', { a: null }, false],
    ['a non-empty map', new Map([['a', 1]]), false],
    ['zero', 0, false],
    ['false', false, false],
  ])('empty of %s is %s', (_label, value, expected) => {
    expect(evaluate('${empty x}', { x: value })).toBe(expected);
  });

  it('not empty reads as the opposite', () => {
    expect(evaluate('${not empty x}', { x: 'a' })).toBe(true);
    expect(evaluate('${!empty x}', { x: '' })).toBe(false);
  });

  it('empty applies to a whole property path', () => {
    expect(evaluate('${empty order.lines}', { order: { lines: [] } })).toBe(true);
  });
});

describe('the conditional operator', () => {
  it('picks the branch its test selects', () => {
    expect(evaluate("${n > 5 ? 'big' : 'small'}", { n: 9 })).toBe('big');
    expect(evaluate("${n > 5 ? 'big' : 'small'}", { n: 1 })).toBe('small');
  });

  it('evaluates only the branch it picks', () => {
    expect(evaluate('${true ? 1 : missing}')).toBe(1);
  });

  it('nests to the right', () => {
    const text = "${n < 0 ? 'negative' : n == 0 ? 'zero' : 'positive'}";
    expect(evaluate(text, { n: -1 })).toBe('negative');
    expect(evaluate(text, { n: 0 })).toBe('zero');
    expect(evaluate(text, { n: 3 })).toBe('positive');
  });

  it('coerces its test to a boolean', () => {
    expect(evaluate("${flag ? 'yes' : 'no'}", { flag: 'true' })).toBe('yes');
    expect(evaluate("${flag ? 'yes' : 'no'}", { flag: null })).toBe('no');
  });
});

describe('precedence', () => {
  it.each([
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${10 - 4 - 3}', 3],
    ['${2 * 9 / 3}', 6],
    ['${1 + 8 mod 3}', 3],
    ['${-2 * 3}', -6],
    ['${1 + 2 < 4}', true],
    ['${1 < 2 == true}', true],
    ['${true || false && false}', true],
    ['${(true || false) && false}', false],
    ['${false && true || true}', true],
    ['${!false && false}', false],
    ['${1 == 1 ? 2 + 3 : 4}', 5],
    ['${empty x || x > 3}', true],
  ])('%s is %s', (text, expected) => {
    expect(evaluate(text, { x: null })).toBe(expected);
  });
});
