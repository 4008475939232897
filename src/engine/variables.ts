/**
 * Variable values and their types. Types use the names of Flowable's REST API so that a
 * variable written as `{"type": "integer", "value": 5}` reads back the same way.
 */
import { WeirError } from '../errors.ts';
import type { StoredVariable, VariableType } from './runtime-types.ts';
import { isBytesRef } from './variable-bytes.ts';

const variableTypes: readonly VariableType[] = [
  'string',
  'short',
  'integer',
  'long',
  'double',
  'boolean',
  'date',
  'json',
  'null',
];

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** The type Weir gives a JavaScript value that arrives without a declared type. */
export const inferType = (name: string, value: unknown): VariableType => {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new WeirError('WEIR_VARIABLE_TYPE', `Variable '${name}' is not a finite number: ${value}`);
      }
      if (Number.isInteger(value)) return value >= INT_MIN && value <= INT_MAX ? 'integer' : 'long';
      return 'double';
    case 'bigint':
      return 'long';
    case 'object':
      if (value instanceof Date) return 'date';
      return 'json';
    default:
      throw new WeirError(
        'WEIR_VARIABLE_TYPE',
        `Variable '${name}' has a value of type ${typeof value}, which cannot be stored`,
      );
  }
};

const fail = (name: string, type: string, value: unknown): never => {
  throw new WeirError(
    'WEIR_VARIABLE_TYPE',
    `Variable '${name}' of type '${type}' cannot hold the value ${JSON.stringify(value) ?? String(value)}`,
  );
};

/** Convert a value to the JSON form stored for `type`, checking that it fits. */
export const encodeValue = (name: string, type: VariableType, value: unknown): unknown => {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'null':
      return null;
    case 'string':
      return typeof value === 'string' ? value : fail(name, type, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail(name, type, value);
    case 'short':
    case 'integer':
    case 'long': {
      const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail(name, type, value);
      if (type === 'short' && (n < -32768 || n > 32767)) return fail(name, type, value);
      if (type === 'integer' && (n < INT_MIN || n > INT_MAX)) return fail(name, type, value);
      if (!Number.isSafeInteger(n)) return fail(name, type, value);
      return n;
    }
    case 'double': {
      const n = typeof value === 'string' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : fail(name, type, value);
    }
    case 'date': {
      const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
      return d && !Number.isNaN(d.getTime()) ? d.toISOString() : fail(name, type, value);
    }
    case 'binary':
    case 'serializable':
      // only a reference written by storeVariableBytes: bytes never come through here
      return isBytesRef(value)
        ? { bytesId: value.bytesId, size: value.size }
        : fail(name, type, '(not bytes)');
    case 'json':
      if (typeof value === 'object' || typeof value === 'string' || typeof value === 'number') {
        return JSON.parse(JSON.stringify(value)) as unknown;
      }
      return fail(name, type, value);
  }
};

export const decodeValue = (v: Pick<StoredVariable, 'type' | 'value'>): unknown => {
  if (v.value === null || v.value === undefined) return null;
  if (v.type === 'date') return new Date(v.value as string);
  return v.value;
};

export const parseVariableType = (
  name: string,
  type: string | undefined | null,
): VariableType | undefined => {
  if (type === undefined || type === null || type === '') return undefined;
  if ((variableTypes as readonly string[]).includes(type)) return type as VariableType;
  throw new WeirError(
    'WEIR_VARIABLE_TYPE',
    `Unknown variable type '${type}' for variable '${name}'; expected one of ${variableTypes.join(', ')}`,
  );
};

/** Check the stored size of a value against the configured limit. */
export const checkSize = (name: string, encoded: unknown, maxBytes: number): void => {
  if (encoded === null || typeof encoded === 'boolean' || typeof encoded === 'number') return;
  const size = Buffer.byteLength(typeof encoded === 'string' ? encoded : JSON.stringify(encoded), 'utf8');
  if (size > maxBytes) {
    throw new WeirError(
      'WEIR_VARIABLE_TOO_LARGE',
      `Variable '${name}' is ${size} bytes, more than the limit of ${maxBytes} bytes (weir.variables.max-size)`,
    );
  }
};

/**
 * Refuses a new variable in a scope that already holds `max`: every variable of an execution
 * is loaded and written back by each command on its instance, so an unbounded count makes
 * every later command on it slower.
 */
export const checkRoomForVariable = (
  scope: string,
  name: string,
  record: Readonly<Record<string, unknown>>,
  max: number,
): void => {
  const count = Object.keys(record).length;
  if (count >= max) {
    throw new WeirError(
      'WEIR_TOO_MANY_VARIABLES',
      `Variable '${name}' cannot be added: ${scope} already has ${count} variables, the limit (weir.variables.max-per-scope)`,
    );
  }
};
