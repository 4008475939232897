import { describe, expect, it } from 'vitest';
import { WeirError } from '../../src/errors.ts';
import { compileExpression } from '../../src/expression/index.ts';
import { failureOf } from './context.ts';

const syntaxMessageOf = (text: string): string => {
  try {
    compileExpression(text);
  } catch (error) {
    if (error instanceof WeirError && error.code === 'WEIR_EXPRESSION_SYNTAX') return error.message;
    throw error;
  }
  throw new Error(`expected '${text}' not to parse`);
};

describe('syntax errors', () => {
  it.each([
    ['${a + }', 7, 'expected an operand'],
    ['${}', 3, 'expected an operand'],
    ['${a', 4, "expected '}' but the text ended"],
    ['${a b}', 5, "expected '}' but found 'b'"],
    ['${(a + 1}', 9, "expected ')' but found '}'"],
    ['${list[0}', 9, "expected ']' but found '}'"],
    ['${a ? 1}', 8, "expected ':' but found '}'"],
    ['${a.}', 5, 'expected a property name'],
    ['${a.1}', 4, "expected '}' but found '.1'"],
    ["${'open}", 3, 'unterminated string'],
    ['${a # b}', 5, "unexpected character '#'"],
    ['${a & b}', 5, "unexpected character '&'"],
    ['${a = 1}', 5, 'assignment is not supported'],
    ['${a and}', 8, 'expected an operand'],
    ['${and}', 3, 'expected an operand'],
    ['${1 instanceof x}', 5, "expected '}' but found 'instanceof'"],
    ['${instanceof}', 3, "'instanceof' is not supported"],
    ['${f(1)}', 4, 'only a method of an object can be called, as in bean.method()'],
    ['${a[b](1)}', 7, "a method name must be written out, as in a.method() or a['method']()"],
    ['ok ${1} then ${2 *}', 19, 'expected an operand'],
  ])('%s fails at column %i: %s', (text, column, detail) => {
    expect(syntaxMessageOf(text)).toBe(`Expression '${text}' does not parse at column ${column}: ${detail}`);
  });

  it('a syntax error carries its expression and column as details', () => {
    try {
      compileExpression('${1 +}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WeirError);
      expect((error as WeirError).status).toBe(400);
      expect((error as WeirError).details).toEqual({ expression: '${1 +}', column: 6 });
    }
  });
});

describe('evaluation errors', () => {
  it('an unknown top-level name is named in the error, as Flowable does', () => {
    const error = failureOf('${amout > 5}', { amount: 10 });
    expect(error.code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(error.status).toBe(400);
    expect(error.message).toBe("Unknown property used in expression '${amout > 5}': amout");
  });

  it('division by zero is an error, for / and %', () => {
    expect(failureOf('${1 / 0}').message).toBe("Division by zero in expression '${1 / 0}'");
    expect(failureOf('${x div y}', { x: 1, y: '0' }).message).toBe(
      "Division by zero in expression '${x div y}'",
    );
    expect(failureOf('${5 mod x}', { x: null }).message).toBe("Division by zero in expression '${5 mod x}'");
  });

  it('an error in mixed text names the whole text', () => {
    expect(failureOf('Dear ${customer.name},', { customer: 5 }).message).toBe(
      "Property not readable on a number in expression 'Dear ${customer.name},': name",
    );
  });

  it('an evaluation error carries the expression and the offending name as details', () => {
    expect(failureOf('${missing}').details).toEqual({
      expression: '${missing}',
      reason: 'Unknown property used',
      subject: 'missing',
    });
  });
});
