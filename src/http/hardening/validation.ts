/**
 * Request validation with two Ajv instances, because Fastify's one shared instance coerces
 * types everywhere: `{"action": ["complete"]}` became `"complete"` and completed a task, and
 * numbers in a JSON body became strings. A JSON body is typed by its sender and is checked
 * as sent. Query strings, path parameters and headers are text by nature, so they keep
 * coercion of numbers and booleans (and a single `?x=1` becoming a one-element array).
 *
 * Integers without explicit bounds get PostgreSQL's `integer` range: a page size of 1e20
 * passed validation and then failed in the database as a 500; now it is a 400 naming the
 * parameter.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifySchema } from 'fastify';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

const common: Options = {
  useDefaults: true,
  // unknown fields are a 400 that names the field, not silently dropped
  removeAdditional: false,
  allErrors: false,
  // route schemas carry documentation keywords (description, examples) for the OpenAPI document
  strict: false,
};

const bodyAjv = new Ajv({ ...common, coerceTypes: false });
const textAjv = new Ajv({ ...common, coerceTypes: 'array' });

const isIntegerType = (type: unknown): boolean =>
  type === 'integer' || (Array.isArray(type) && type.includes('integer'));

/** A copy of the schema with every unbounded integer bounded; the route's own object is left alone. */
const boundIntegers = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(boundIntegers);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `enum`/`const`/`default` hold data, not schemas
    copy[key] = key === 'enum' || key === 'const' || key === 'default' ? value : boundIntegers(value);
  }
  if (isIntegerType(copy.type)) {
    copy.minimum ??= INT32_MIN;
    copy.maximum ??= INT32_MAX;
  }
  return copy;
};

/**
 * A validator compiled when its route is first called, not when the node starts: compiling
 * every route's schemas up front (hundreds of routes) cost the node about 60 MB of resident
 * memory that V8 never gave back, and a second of boot. Fastify reads `errors` off the function
 * it was given, so the wrapper carries the compiled validator's errors of the last call.
 */
const compileOnFirstUse = (
  app: FastifyInstance,
  compile: () => ValidateFunction,
): ((data: unknown) => boolean) => {
  let compiled: ValidateFunction | undefined;
  uncompiled(app).push(() => (compiled ??= compile()));
  const validate = (data: unknown): boolean => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = null as ValidateFunction['errors'];
  return validate;
};

const pending = new WeakMap<FastifyInstance, (() => unknown)[]>();
const uncompiled = (app: FastifyInstance): (() => unknown)[] => {
  let list = pending.get(app);
  if (!list) pending.set(app, (list = []));
  return list;
};

/**
 * Compiles every validator the app's routes declared, as the first calls would: for the test
 * that every route's schemas compile, which boot no longer shows. Answers how many there were.
 */
export const compileEveryValidator = (app: FastifyInstance): number => {
  const list = uncompiled(app);
  for (const compile of list) compile();
  return list.length;
};

export const installStrictValidation = (app: FastifyInstance): void => {
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    return compileOnFirstUse(app, () => ajv.compile(boundIntegers(schema) as object));
  });
};
