/**
 * What JUEL's operators compute, given already evaluated operands: equality and ordering with
 * EL's coercion order (null, then numbers, then booleans, then strings), and `empty`.
 * Arithmetic, with its Long and Double results, is in `numbers.ts`.
 */
import { isPlainObject, toBoolean, toNumber, toText } from './coerce.ts';
import { describeValue, fault } from './faults.ts';

export { add, divide, multiply, negate, remainder, subtract } from './numbers.ts';

export const isEmpty = (value: unknown): boolean => {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (value instanceof Map || value instanceof Set) return value.size === 0;
  if (isPlainObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) return false;
    return true;
  }
  return false;
};

const isNumeric = (value: unknown): boolean => typeof value === 'number' || typeof value === 'bigint';

/** `==`: null equals only null; a number or a boolean on either side coerces the other side. */
export const looselyEquals = (left: unknown, right: unknown): boolean => {
  if (left === right) return true;
  if (left == null || right == null) return left == null && right == null;
  if (isNumeric(left) || isNumeric(right)) return toNumber(left) === toNumber(right);
  if (typeof left === 'boolean' || typeof right === 'boolean') return toBoolean(left) === toBoolean(right);
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if (typeof left === 'string' || typeof right === 'string') return toText(left) === toText(right);
  return false;
};

/**
 * Order two values: negative, zero or positive, or NaN when either is null so that every
 * `<`, `<=`, `>`, `>=` against null is false (except null <= null, which is equal).
 */
export const compareValues = (left: unknown, right: unknown): number => {
  if (left === right) return 0;
  if (left == null || right == null) return left == null && right == null ? 0 : Number.NaN;
  if (isNumeric(left) || isNumeric(right)) return order(toNumber(left), toNumber(right));
  if (typeof left === 'string' && typeof right === 'string') return order(left, right);
  if (left instanceof Date && right instanceof Date) return order(left.getTime(), right.getTime());
  throw fault('Values cannot be compared', `${describeValue(left)} and ${describeValue(right)}`);
};

const order = <T extends number | string>(left: T, right: T): number => {
  if (left < right) return -1;
  if (left > right) return 1;
  return left === right ? 0 : Number.NaN;
};
