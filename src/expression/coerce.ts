/**
 * EL's type coercions, written for JavaScript values: what a value means as a number, a
 * boolean or a string when an operator or a method needs one. Failing coercions are
 * evaluation faults, as they are ELExceptions in JUEL, so a typo'd variable holding text
 * never silently becomes 0 or false.
 */
import { describeValue, fault } from './faults.ts';
import { doubleText } from './numbers.ts';

/** Decimal notation only: no hex, no `Infinity`, no surrounding blanks (Java's `Long.valueOf` accepts none). */
const NUMERIC_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export const isNumericText = (text: string): boolean => NUMERIC_TEXT.test(text);

/** null and '' are 0; numbers are themselves; numeric strings are their value. */
export const toNumber = (value: unknown): number => {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  throw fault('Value is not a number', describeValue(value));
};

/** An integer argument (an index, a substring bound). */
export const toInteger = (value: unknown): number => {
  const number = toNumber(value);
  if (!Number.isInteger(number)) throw fault('Value is not an integer', describeValue(value));
  return number;
};

/** null is false; a string is true when it reads `true` in any case (Java's `Boolean.valueOf`). */
export const toBoolean = (value: unknown): boolean => {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.length === 4 && value.toLowerCase() === 'true';
  throw fault('Value is not a boolean', describeValue(value));
};

/** How a value reads inside text: null is empty, lists and objects are JSON, dates ISO 8601. */
export const toText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  // inside an expression a number is a Double (a bigint is a Long), printed as Java prints it
  if (typeof value === 'number') return doubleText(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'function') throw fault('A function cannot be rendered as text');
  try {
    if (value instanceof Map) return JSON.stringify(Object.fromEntries(value));
    if (Array.isArray(value) || isPlainObject(value)) return JSON.stringify(value, jsonLongs);
    return String(value);
  } catch {
    throw fault('Value cannot be rendered as text', describeValue(value));
  }
};

/** A JSON-like record: its prototype is Object.prototype or null, so it carries no host behaviour. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const jsonLongs = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? Number(value) : value;
