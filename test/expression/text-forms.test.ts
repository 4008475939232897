import { describe, expect, it } from 'vitest';
import { compileExpression, isExpressionText } from '../../src/expression/index.ts';
import { contextOf, evaluate } from './context.ts';

describe('text forms', () => {
  it('text without an expression is a literal', () => {
    expect(evaluate('just text')).toBe('just text');
    expect(evaluate('')).toBe('');
    expect(evaluate('costs $5 {net}')).toBe('costs $5 {net}');
  });

  it('one expression covering the whole text gives the raw value', () => {
    const order = { id: 7 };
    expect(evaluate('${order}', { order })).toBe(order);
    expect(evaluate('${n}', { n: 3 })).toBe(3);
    expect(evaluate('${flag}', { flag: false })).toBe(false);
    expect(evaluate('${nothing}', { nothing: null })).toBe(null);
  });

  it('an undefined variable value reads as null', () => {
    expect(evaluate('${x}', { x: undefined })).toBe(null);
  });

  it('#{...} is the same as ${...}', () => {
    expect(evaluate('#{n + 1}', { n: 1 })).toBe(2);
    expect(evaluate('#{a}-${b}', { a: 1, b: 2 })).toBe('1-2');
  });

  it('mixed text joins its parts into a string', () => {
    expect(evaluate('Hello ${name}!', { name: 'Ann' })).toBe('Hello Ann!');
    expect(evaluate('${a}${b}', { a: 1, b: 2 })).toBe('12');
    expect(evaluate(' ${n}', { n: 1 })).toBe(' 1');
  });

  it('text after an expression may hold characters the expression language does not use', () => {
    expect(evaluate('${user}@example.com; 100% | #1', { user: 'ann' })).toBe('ann@example.com; 100% | #1');
  });

  it('null renders as an empty string in mixed text', () => {
    expect(evaluate('[${x}]', { x: null })).toBe('[]');
  });

  it('values render in mixed text as numbers, booleans, JSON and ISO dates', () => {
    const variables = {
      n: 2.5,
      b: true,
      list: [1, 'a'],
      object: { k: 'v' },
      map: new Map([['k', 1]]),
      date: new Date('2024-03-01T12:00:00Z'),
    };
    expect(evaluate('${n}|${b}|${list}|${object}|${map}|${date}', variables)).toBe(
      '2.5|true|[1,"a"]|{"k":"v"}|{"k":1}|2024-03-01T12:00:00.000Z',
    );
  });

  it('a backslash before ${ or #{ keeps the characters literally', () => {
    expect(evaluate('\\${name} is ${name}', { name: 'x' })).toBe('${name} is x');
    expect(evaluate('\\#{x}')).toBe('#{x}');
  });

  it('a dollar or hash not followed by a brace is literal', () => {
    expect(evaluate('$${n}#', { n: 1 })).toBe('$1#');
  });
});

describe('isExpressionText', () => {
  it('is true for text holding ${ or #{', () => {
    expect(isExpressionText('${a}')).toBe(true);
    expect(isExpressionText('x #{a} y')).toBe(true);
  });

  it('is false for plain text', () => {
    expect(isExpressionText('approved')).toBe(false);
    expect(isExpressionText('$ {a}')).toBe(false);
  });
});

describe('compiling', () => {
  it('the same text compiles once and is reused', () => {
    const text = '${cachedOnce + 1}';
    expect(compileExpression(text)).toBe(compileExpression(text));
  });

  it('a compiled expression keeps its source and evaluates against any context', () => {
    const compiled = compileExpression('${x * 2}');
    expect(compiled.source).toBe('${x * 2}');
    expect(compiled.evaluate(contextOf({ x: 2 }))).toBe(4);
    expect(compiled.evaluate(contextOf({ x: 5 }))).toBe(10);
  });

  it('the cache is bounded: the oldest text is compiled afresh after many others', () => {
    const first = compileExpression('${evictedFirst}');
    for (let index = 0; index < 5_000; index++) compileExpression(`\${filler${index}}`);
    expect(compileExpression('${evictedFirst}')).not.toBe(first);
  });

  it('a text that does not parse fails at compile time, before any evaluation', () => {
    expect(() => compileExpression('${a +}')).toThrow(
      expect.objectContaining({ code: 'WEIR_EXPRESSION_SYNTAX' }),
    );
  });
});
