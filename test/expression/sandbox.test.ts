import { describe, expect, it } from 'vitest';
import { exposedMethods } from '../../src/expression/index.ts';
import { evaluate, failureOf } from './context.ts';

// Each expression below is an attempt to reach the host (prototypes, constructors, the
// Function constructor, process) from expression text. All must fail as Weir errors.
describe('the sandbox', () => {
  const bean = { [exposedMethods]: new Set(['ping']), ping: () => 'pong', internal: () => 'hidden' };

  it('constructor is refused as a property', () => {
    expect(failureOf('${x.constructor}', { x: {} }).message).toBe(
      "Forbidden property used in expression '${x.constructor}': constructor",
    );
  });

  it('__proto__ and prototype are refused in brackets too', () => {
    expect(failureOf("${x['__proto__']}", { x: {} }).message).toBe(
      "Forbidden property used in expression '${x['__proto__']}': __proto__",
    );
    expect(failureOf('${x[name]}', { x: {}, name: 'prototype' }).message).toBe(
      "Forbidden property used in expression '${x[name]}': prototype",
    );
  });

  it('forbidden names are refused even where they are own data', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as object;
    expect(failureOf('${x.__proto__}', { x: parsed }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(failureOf('${x.constructor}', { x: parsed }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(failureOf('${m.constructor}', { m: new Map([['constructor', 1]]) }).code).toBe(
      'WEIR_EXPRESSION_EVALUATION',
    );
  });

  it('the Function constructor is not reachable through a string', () => {
    const climb = "${''.constructor.constructor('return process')}";
    expect(failureOf(climb).message).toBe(`Forbidden property used in expression '${climb}': constructor`);
  });

  it('calling the result of a call is not even valid syntax', () => {
    const error = failureOf("${''.constructor.constructor('return process')()}");
    expect(error.code).toBe('WEIR_EXPRESSION_SYNTAX');
    expect(error.message).toContain('at column 47: only a method of an object can be called');
  });

  it('constructor is refused as a method name, on beans too', () => {
    expect(failureOf("${x.constructor('a')}", { x: {} }).message).toBe(
      "Forbidden method used in expression '${x.constructor('a')}': constructor",
    );
    const exposing = { [exposedMethods]: new Set(['constructor']) };
    expect(failureOf('${b.constructor()}', { b: exposing }).code).toBe('WEIR_EXPRESSION_EVALUATION');
  });

  it('a top-level name that is forbidden is refused without asking the context', () => {
    expect(failureOf('${constructor}', { constructor: 'x' }).message).toBe(
      "Forbidden property used in expression '${constructor}': constructor",
    );
  });

  it('a function-valued variable cannot be called', () => {
    const error = failureOf('${fn()}', { fn: () => 'called' });
    expect(error.code).toBe('WEIR_EXPRESSION_SYNTAX');
    expect(error.message).toBe(
      "Expression '${fn()}' does not parse at column 5: only a method of an object can be called, as in bean.method()",
    );
  });

  it('a function-valued variable is handed back as is, for the engine to use as a delegate', () => {
    const fn = () => 'called';
    expect(evaluate('${fn}', { fn })).toBe(fn);
  });

  it('a function-valued variable cannot be rendered, read into or called through', () => {
    const fn = () => 'called';
    expect(failureOf('Run ${fn}', { fn }).message).toBe(
      "A function cannot be rendered as text in expression 'Run ${fn}'",
    );
    expect(failureOf('${fn.name}', { fn }).message).toBe(
      "Property not readable on a function in expression '${fn.name}': name",
    );
    expect(failureOf('${fn.call(null)}', { fn }).message).toBe(
      "Method not available on a function in expression '${fn.call(null)}': call",
    );
  });

  it('a function stored in a plain object is neither callable nor readable', () => {
    const holder = { run: () => 'called' };
    expect(failureOf('${holder.run()}', { holder }).message).toBe(
      "Method not available on this object in expression '${holder.run()}': run",
    );
    expect(failureOf('${holder.run}', { holder }).message).toBe(
      "A function cannot be used as a value in expression '${holder.run}': run",
    );
  });

  it('a method not exposed by a bean is refused, even if it exists', () => {
    expect(failureOf('${bean.internal()}', { bean }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(failureOf('${bean.toString()}', { bean }).code).toBe('WEIR_EXPRESSION_EVALUATION');
  });

  it("a bean's own methods cannot be read as values", () => {
    expect(failureOf('${bean.ping}', { bean }).message).toBe(
      "A function cannot be used as a value in expression '${bean.ping}': ping",
    );
  });

  it('inherited methods of plain objects and strings are not callable', () => {
    expect(failureOf("${o.hasOwnProperty('a')}", { o: { a: 1 } }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(failureOf("${s.concat('b')}", { s: 'a' }).code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(failureOf('${s.valueOf()}', { s: 'a' }).code).toBe('WEIR_EXPRESSION_EVALUATION');
  });

  it('properties of class instances, numbers and functions are not readable', () => {
    class Secretive {
      token = 'abc';
    }
    expect(failureOf('${x.token}', { x: new Secretive() }).message).toBe(
      "Property not readable on this object in expression '${x.token}': token",
    );
    expect(failureOf('${n.toFixed}', { n: 1 }).message).toBe(
      "Property not readable on a number in expression '${n.toFixed}': toFixed",
    );
    expect(failureOf("${s['toUpperCase']}", { s: 'a' }).code).toBe('WEIR_EXPRESSION_EVALUATION');
  });

  it('an exposed method that returns a function does not hand it out', () => {
    const leaky = { [exposedMethods]: new Set(['leak']), leak: () => () => 'inner' };
    expect(failureOf('${b.leak()}', { b: leaky }).message).toBe(
      "A function cannot be used as a value in expression '${b.leak()}': leak",
    );
  });

  it('assignment, new and lambdas are not part of the language', () => {
    expect(failureOf('${x = 1}').code).toBe('WEIR_EXPRESSION_SYNTAX');
    expect(failureOf('${new Date()}').code).toBe('WEIR_EXPRESSION_SYNTAX');
    expect(failureOf('${(x) -> x}').code).toBe('WEIR_EXPRESSION_SYNTAX');
    expect(failureOf("${x instanceof 'a'}").code).toBe('WEIR_EXPRESSION_SYNTAX');
  });

  it('deep nesting fails as a syntax error rather than exhausting the stack', () => {
    const deepParentheses = `\${${'('.repeat(2_000)}1${')'.repeat(2_000)}}`;
    const longChain = `\${${Array.from({ length: 5_000 }, () => '1').join(' + ')}}`;
    const manyNots = `\${${'!'.repeat(5_000)}true}`;
    for (const text of [deepParentheses, longChain, manyNots]) {
      const error = failureOf(text);
      expect(error.code).toBe('WEIR_EXPRESSION_SYNTAX');
      expect(error.message).toContain('expression is nested too deeply');
    }
  });

  it('reasonable nesting is fine', () => {
    const chain = `\${${Array.from({ length: 200 }, () => '1').join(' + ')}}`;
    expect(evaluate(chain)).toBe(200);
  });
});
