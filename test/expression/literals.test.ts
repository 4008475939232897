import { describe, expect, it } from 'vitest';
import { evaluate, failureOf } from './context.ts';

describe('literals', () => {
  it('an integer literal evaluates to a number', () => {
    expect(evaluate('${42}')).toBe(42);
  });

  it('decimal and exponent literals evaluate to their values', () => {
    expect(evaluate('${1.5}')).toBe(1.5);
    expect(evaluate('${.25}')).toBe(0.25);
    expect(evaluate('${3.}')).toBe(3);
    expect(evaluate('${1e3}')).toBe(1000);
    expect(evaluate('${2.5E-1}')).toBe(0.25);
    expect(evaluate('${1e+2}')).toBe(100);
  });

  it('single- and double-quoted strings evaluate to their text', () => {
    expect(evaluate("${'single'}")).toBe('single');
    expect(evaluate('${"double"}')).toBe('double');
  });

  it('a string literal may hold escaped quotes and backslashes', () => {
    expect(evaluate("${'it\\'s'}")).toBe("it's");
    expect(evaluate('${"say \\"hi\\""}')).toBe('say "hi"');
    expect(evaluate("${'a\\\\b'}")).toBe('a\\b');
    expect(evaluate("${'\\\"'}")).toBe('"');
  });

  it('a backslash before any other character stays as written', () => {
    expect(evaluate("${'\\d+'}")).toBe('\\d+');
  });

  it('a closing brace inside a string does not end the expression', () => {
    expect(evaluate("${'}' == '}'}")).toBe(true);
    expect(evaluate("a${'}'}b")).toBe('a}b');
  });

  it('true, false and null are literals', () => {
    expect(evaluate('${true}')).toBe(true);
    expect(evaluate('${false}')).toBe(false);
    expect(evaluate('${null}')).toBe(null);
  });

  it('keywords are lowercase: True is an ordinary name', () => {
    expect(evaluate('${True}', { True: 'a variable' })).toBe('a variable');
    expect(failureOf('${NULL}').message).toBe("Unknown property used in expression '${NULL}': NULL");
  });

  it('identifiers may use underscores, dollars, digits and letters beyond ASCII', () => {
    expect(evaluate('${_a$1 + größe}', { _a$1: 1, größe: 2 })).toBe(3);
  });

  it('whitespace around tokens is ignored', () => {
    expect(evaluate('${ \t1 +\n 2 }')).toBe(3);
  });
});
