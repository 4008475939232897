/**
 * JUEL's two number types, as Flowable stores them: inside an expression a `bigint` is a Java
 * `Long` and a JavaScript `number` is a `Double`. Integer literals are Longs, literals with a
 * point or an exponent are Doubles, and `+ - * %` give a Long unless a Double (or a string
 * that reads as one) takes part, as JUEL's NumberOperations do. `/` always gives a Double.
 *
 * Values that come in from outside (variables, properties, method results) are JavaScript
 * numbers without a Java type: an integral one enters as a Long, unless the variable is
 * stored as `double`. Values going out to host code become plain numbers again, so delegates
 * and the engine never see a bigint; the result type survives through `evaluateTyped`.
 */
import { describeValue, fault } from './faults.ts';

/** A JavaScript value entering the evaluator; `declaredType` is the variable's stored type, if known. */
export const fromHost = (value: unknown, declaredType?: string): unknown => {
  if (typeof value !== 'number' || !Number.isInteger(value) || declaredType === 'double') return value;
  return BigInt(value);
};

/**
 * The Java number type JUEL gives a value inside the evaluator: every number is a Double,
 * and a bigint is a Long when an operator or a literal made it (`computed`). A whole number
 * read as is (`${count}`) has no type here: it keeps the one its variable had.
 */
export const javaNumberType = (value: unknown, computed: boolean): 'long' | 'double' | undefined => {
  if (typeof value === 'number') return 'double';
  return typeof value === 'bigint' && computed ? 'long' : undefined;
};

/** A value leaving the evaluator for host code: Longs become numbers. */
export const toHost = (value: unknown): unknown => (typeof value === 'bigint' ? Number(value) : value);

export const toHostArguments = (values: readonly unknown[]): unknown[] => values.map(toHost);

const DOUBLE_TEXT = /[.eE]/;
const LONG_TEXT = /^[-+]?\d+$/;
const DOUBLE_NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Java's Long: 64-bit two's complement, so overflow wraps as it does in Flowable. */
const long = (value: bigint): bigint => BigInt.asIntN(64, value);

/** An operand of `+ - * %` as JUEL coerces it: a Long (bigint) or a Double (number). */
const toArithmetic = (value: unknown): bigint | number => {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0n;
  if (typeof value === 'string') {
    if (DOUBLE_TEXT.test(value) && DOUBLE_NUMBER_TEXT.test(value)) return Number(value);
    if (LONG_TEXT.test(value)) return long(BigInt(value));
  }
  throw fault('Value is not a number', describeValue(value));
};

type Arithmetic = (left: unknown, right: unknown) => bigint | number;

const arithmetic =
  (onLongs: (a: bigint, b: bigint) => bigint, onDoubles: (a: number, b: number) => number): Arithmetic =>
  (left, right) => {
    const a = toArithmetic(left);
    const b = toArithmetic(right);
    if (typeof a === 'bigint' && typeof b === 'bigint') return long(onLongs(a, b));
    return onDoubles(Number(a), Number(b));
  };

export const add = arithmetic(
  (a, b) => a + b,
  (a, b) => a + b,
);

export const subtract = arithmetic(
  (a, b) => a - b,
  (a, b) => a - b,
);

export const multiply = arithmetic(
  (a, b) => a * b,
  (a, b) => a * b,
);

/** `/` and `div`: always a Double; null / null is 0, as EL specifies. */
export const divide = (left: unknown, right: unknown): bigint | number => {
  if (left == null && right == null) return 0n;
  const divisor = Number(toArithmetic(right));
  if (divisor === 0) throw fault('Division by zero');
  return Number(toArithmetic(left)) / divisor;
};

/** `%` and `mod`: truncating, with the dividend's sign (Java's and JavaScript's alike). */
export const remainder = (left: unknown, right: unknown): bigint | number => {
  if (left == null && right == null) return 0n;
  const a = toArithmetic(left);
  const b = toArithmetic(right);
  if (Number(b) === 0) throw fault('Division by zero');
  if (typeof a === 'bigint' && typeof b === 'bigint') return a % b;
  return Number(a) % Number(b);
};

export const negate = (value: unknown): bigint | number => {
  const number = toArithmetic(value);
  if (typeof number === 'bigint') return long(-number);
  return number === 0 ? 0 : -number;
};

/** How Java prints a Double: `2.0`, not `2`. */
export const doubleText = (value: number): string => {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return `${value}.0`;
  return String(value);
};
