/**
 * The sandbox. Every property read and method call an expression makes goes through here,
 * and only data is reachable: own enumerable properties of plain objects, list elements,
 * map entries, lengths, and the methods an object lists under `exposedMethods`. Prototypes,
 * constructors and functions never come out, so `''.constructor.constructor('...')` and
 * its relatives have nothing to climb.
 */
import { callListMethod, callMapMethod, callStringMethod } from './builtin-methods.ts';
import { isNumericText, isPlainObject } from './coerce.ts';
import { describeValue, fault } from './faults.ts';

/**
 * An object opts in to method calls from expressions by listing callable names under this
 * key: `{ [exposedMethods]: new Set(['getVariable']), getVariable(name) {...} }`. The engine
 * puts it on the `execution` and `task` facades and on registered beans.
 */
export const exposedMethods: unique symbol = Symbol('weir.exposedMethods');

/**
 * An exposed method that stores what it is given may also have a typed form under this key,
 * which an expression's call reaches instead: `{ [typedCalls]: { setVariable: (args, types) => ... } }`.
 * `types[i]` is the Java number type JUEL gives argument i (`long`, `double`, or none), so
 * `${execution.setVariable('x', base * 2)}` stores a `long`, as Flowable does.
 */
export const typedCalls: unique symbol = Symbol('weir.typedCalls');

export type TypedCall = (
  args: readonly unknown[],
  types: readonly ('long' | 'double' | undefined)[],
) => unknown;

/** Refused as a property or method name on anything, even where it would be harmless. */
const FORBIDDEN_NAMES = new Set(['constructor', '__proto__', 'prototype']);

export const isForbiddenName = (name: string): boolean => FORBIDDEN_NAMES.has(name);

const exposedNamesOf = (target: object): ReadonlySet<string> | undefined => {
  const names: unknown = (target as { [exposedMethods]?: unknown })[exposedMethods];
  return names instanceof Set ? (names as ReadonlySet<string>) : undefined;
};

/** The typed form of an exposed method, if the object gives one. */
export const typedCallOf = (target: unknown, method: string): TypedCall | undefined => {
  if (target === null || typeof target !== 'object' || !exposedNamesOf(target)?.has(method)) return undefined;
  const calls: unknown = (target as { [typedCalls]?: unknown })[typedCalls];
  if (calls === null || typeof calls !== 'object' || !Object.hasOwn(calls, method)) return undefined;
  const call: unknown = (calls as Record<string, unknown>)[method];
  if (typeof call !== 'function') return undefined;
  return (args, types) => checkValue(Reflect.apply(call, calls, [args, types]), method);
};

/**
 * A value may leave property access or a method call only if it is not a function, so no
 * host function read off an object (a facade's `setVariable`) can reach the engine as a value.
 */
const checkValue = (value: unknown, subject: string): unknown => {
  if (value === undefined) return null;
  if (typeof value === 'function') throw fault('A function cannot be used as a value', subject);
  return value;
};

/** a Long is a bigint inside the evaluator, but a number to the person reading the message */
const primitiveName = (value: unknown): string => (typeof value === 'bigint' ? 'number' : typeof value);

/** `target.key` and `target[key]`. Reading through null gives null, as in EL. */
export const readProperty = (target: unknown, key: unknown): unknown => {
  if (target === null || target === undefined || key === null || key === undefined) return null;
  if (typeof key !== 'string' && typeof key !== 'number')
    throw fault('Not a property name', describeValue(key));
  const name = typeof key === 'string' ? key : String(key);
  if (FORBIDDEN_NAMES.has(name)) throw fault('Forbidden property used', name);

  if (typeof target === 'string') {
    if (name === 'length') return target.length;
    throw fault('Property not readable on a string', name);
  }
  if (typeof target !== 'object') throw fault(`Property not readable on a ${primitiveName(target)}`, name);

  if (Array.isArray(target)) return readElement(target, key, name);
  if (target instanceof Map) return checkValue(target.get(key), name);

  const exposed = exposedNamesOf(target);
  if (exposed !== undefined) {
    const getter = getterOf(exposed, name);
    if (getter !== undefined) return invokeExposed(target, getter, []);
  }
  if (isPlainObject(target)) {
    return Object.prototype.propertyIsEnumerable.call(target, name) ? checkValue(target[name], name) : null;
  }
  throw fault('Property not readable on this object', name);
};

const readElement = (list: readonly unknown[], key: string | number, name: string): unknown => {
  if (name === 'length' || name === 'size') return list.length;
  const index = typeof key === 'number' ? key : isNumericText(key) ? Number(key) : Number.NaN;
  if (!Number.isInteger(index)) throw fault('Property not readable on a list', name);
  return index >= 0 && index < list.length ? checkValue(list[index], name) : null;
};

/** JavaBean style: `bean.status` reads through an exposed `getStatus()` or `isStatus()`. */
const getterOf = (exposed: ReadonlySet<string>, name: string): string | undefined => {
  if (name === '') return undefined;
  const capitalised = name[0].toUpperCase() + name.slice(1);
  if (exposed.has(`get${capitalised}`)) return `get${capitalised}`;
  if (exposed.has(`is${capitalised}`)) return `is${capitalised}`;
  return undefined;
};

/** `target.method(args)`. A throw from an exposed method is the caller's to see, unchanged. */
export const callMethod = (target: unknown, method: string, args: readonly unknown[]): unknown => {
  if (FORBIDDEN_NAMES.has(method)) throw fault('Forbidden method used', method);
  if (target === null || target === undefined) throw fault('Method called on null', method);
  if (typeof target === 'string') return callStringMethod(target, method, args);
  if (typeof target !== 'object') throw fault(`Method not available on a ${primitiveName(target)}`, method);

  const exposed = exposedNamesOf(target);
  if (exposed !== undefined) {
    if (!exposed.has(method)) throw fault('Method not exposed by the object', method);
    return invokeExposed(target, method, args);
  }
  if (Array.isArray(target)) return checkValue(callListMethod(target, method, args), method);
  if (target instanceof Map) return checkValue(callMapMethod(target, method, args), method);
  throw fault('Method not available on this object', method);
};

const invokeExposed = (target: object, method: string, args: readonly unknown[]): unknown => {
  const member: unknown = (target as Record<string, unknown>)[method];
  if (typeof member !== 'function') throw fault('Exposed method is missing', method);
  return checkValue(Reflect.apply(member, target, args), method);
};
