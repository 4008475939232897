/**
 * Declared types (`typeRef`) and the coercion Flowable applies to a value of each. Flowable's
 * own tables use `string`, `number`, `boolean`, `date` (and `collection`); DMN 1.1 files write
 * them as QNames (`feel:number`), DMN 1.3 adds FEEL's `date and time`, durations and more. A
 * `typeRef` naming an item definition of the same file is accepted and not coerced.
 */
import { WeirError } from '../errors.ts';

const BUILT_IN = new Set([
  'string',
  'number',
  'boolean',
  'date',
  'time',
  'dateTime',
  'date and time',
  'dayTimeDuration',
  'yearMonthDuration',
  'days and time duration',
  'years and months duration',
  'duration',
  'collection',
  'list',
  'context',
  'Any',
  'integer',
  'long',
  'double',
]);

export type TypeRef = string;

/** The built-in name of a `typeRef` (`feel:number` -> `number`), or null when it names none. */
export const builtInType = (typeRef: string): string | null => {
  const local = typeRef.includes(':') ? typeRef.slice(typeRef.lastIndexOf(':') + 1) : typeRef;
  return BUILT_IN.has(local) ? local : null;
};

/** Whether a `typeRef` is known: built in, or the name of an item definition in the file. */
export const isKnownTypeRef = (typeRef: string, itemDefinitions: ReadonlySet<string>): boolean =>
  builtInType(typeRef) !== null || itemDefinitions.has(typeRef);

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** An input: converted when it plainly is of the declared type in another form, else left as is. */
export const coerceInput = (typeRef: TypeRef | null, value: unknown): unknown => {
  if (value === null || value === undefined || typeRef === null) return value ?? null;
  switch (builtInType(typeRef)) {
    case 'number':
    case 'integer':
    case 'long':
    case 'double':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'date':
    case 'dateTime':
    case 'date and time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;
    default:
      return value;
  }
};

/**
 * An output, converted as Flowable's ExecutionVariableFactory does: to a string by its text, to
 * a number from a numeric text, to a boolean from `true`/`false`, to a date from an ISO text.
 * A value that cannot be converted fails the evaluation, naming the output.
 */
export const coerceOutput = (typeRef: TypeRef | null, value: unknown, output: string): unknown => {
  if (value === null || value === undefined || typeRef === null) return value ?? null;
  const refuse = (): never => {
    throw new WeirError(
      'WEIR_DMN_EVALUATION',
      `Output '${output}' of type '${typeRef}' cannot hold the value ${JSON.stringify(value)}`,
    );
  };
  switch (builtInType(typeRef)) {
    case 'string':
      if (typeof value === 'string') return value;
      if (value instanceof Date) return value.toISOString();
      return typeof value === 'object' ? JSON.stringify(value) : String(value as number);
    case 'number':
    case 'integer':
    case 'long':
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'string' && NUMERIC.test(value) ? Number(value) : refuse();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : refuse();
    case 'date':
    case 'dateTime':
    case 'date and time':
      if (value instanceof Date) return value;
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : refuse();
    default:
      return value;
  }
};
