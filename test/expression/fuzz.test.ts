/**
 * Property-based checks of the expression language: any text compiles or is refused with a
 * WeirError (400), and evaluating what compiles gives a plain value or a WeirError (400),
 * never another exception, a hang, a function, a bigint or a prototype. Inputs are random text
 * and token soups built from JUEL's own vocabulary, so most of them get deep into the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isWeirError } from '../../src/errors.ts';
import { compileExpression } from '../../src/expression/index.ts';
import { contextOf } from './context.ts';

const TOKENS = [
  'x',
  'y',
  'list',
  'map',
  'order',
  'text',
  'nothing',
  'execution',
  '0',
  '1',
  '2.5',
  '1e3',
  '9223372036854775807',
  "'a'",
  '"b"',
  "'10'",
  'true',
  'false',
  'null',
  '+',
  '-',
  '*',
  '/',
  '%',
  'div',
  'mod',
  '==',
  '!=',
  'eq',
  'ne',
  '<',
  '>',
  '<=',
  '>=',
  'lt',
  'gt',
  '&&',
  '||',
  'and',
  'or',
  '!',
  'not',
  'empty',
  '?',
  ':',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  'size()',
  'length',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'items',
  'price',
  'variables:get(',
  'vars:getOrDefault(',
  'var:contains(',
  'variables:gt(',
  'variables:base64(',
  'getVariable(',
  "setVariable('z', ",
  'instanceof',
  '=',
  ';',
  '\\',
  '}',
  '${',
  '#{',
];

const variables = {
  x: 10,
  y: 2.5,
  list: [1, 2, 3],
  map: new Map([['k', 'v']]),
  order: { items: [{ price: 3, quantity: 2 }], total: 6 },
  text: 'hello',
  nothing: null,
};

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 })
  .map((tokens) => `\${${tokens.join(' ')}}`);

const texts = fc.oneof(
  fc.string(),
  tokenSoup,
  tokenSoup.map((soup) => `total: ${soup} end`),
);

/** compile and evaluate; a WeirError with a 400 is the only failure allowed */
const compilesAndEvaluatesOrRefuses = (text: string): void => {
  try {
    const compiled = compileExpression(text);
    for (const result of [
      compiled.evaluate(contextOf(variables)),
      compiled.evaluateTyped(contextOf(variables)).value,
    ]) {
      expect(typeof result).not.toBe('function');
      expect(typeof result).not.toBe('bigint');
      expect([Object.prototype, Function.prototype, Array.prototype, String.prototype]).not.toContain(result);
    }
  } catch (error) {
    if (!isWeirError(error) || error.status !== 400) throw error;
  }
};

describe('the expression language never fails in a way a client did not cause', () => {
  it('on random text and JUEL token soups', () => {
    let runs = 0;
    fc.assert(
      fc.property(texts, (text) => {
        runs++;
        compilesAndEvaluatesOrRefuses(text);
      }),
      { interruptAfterTimeLimit: 12_000, numRuns: 200_000 },
    );
    expect(runs).toBeGreaterThan(1_000);
  }, 30_000);

  it('on deeply nested input, which is refused rather than overflowing the stack', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.constantFrom('(', '-', '!', 'not ', '[x'),
        (depth, open) => {
          compilesAndEvaluatesOrRefuses(`\${${open.repeat(depth)}x}`);
        },
      ),
      { interruptAfterTimeLimit: 4_000, numRuns: 300 },
    );
  });

  it('typed evaluation agrees with plain evaluation', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        let plain: unknown;
        try {
          plain = compileExpression(text).evaluate(contextOf(variables));
        } catch {
          return;
        }
        expect(compileExpression(text).evaluateTyped(contextOf(variables)).value).toEqual(plain);
      }),
      { interruptAfterTimeLimit: 3_000, numRuns: 50_000 },
    );
  });
});
