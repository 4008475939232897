/**
 * Property: no request to any route answers 500 or hangs, whatever its path parameters,
 * query string and body hold. Routes, parameters and body shapes come from the OpenAPI
 * document, which is built from the very schemas Fastify validates with; values are drawn
 * both to fit those schemas (to get past validation into the handlers) and to break them:
 * odd unicode and lone surrogates, NUL, backslashes and LIKE wildcards, huge and fractional
 * numbers, nested JSON, and ids of things that exist. The run is bounded in time.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { basic, createHttpHarness, passwordOf, startInstance, type HttpHarness } from '../http/harness.ts';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
};

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Record<string, Schema>;
  body?: Schema;
}

const REQUEST_TIMEOUT_MS = 5000;
const RUN_TIME_LIMIT_MS = 30_000;

let h: HttpHarness;
let operations: Operation[] = [];
const knownIds: string[] = ['admin', 'kermit', 'sales', 'httpOneTask'];

beforeAll(async () => {
  h = await createHttpHarness();
  const deployment = await h.deploy(['http-one-task.bpmn20.xml', 'external-worker.bpmn20.xml']);
  knownIds.push(String(deployment.id));
  const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'fuzz' });
  knownIds.push(instance.id);
  const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
  knownIds.push(...(tasks.json() as { data: { id: string }[] }).data.map((t) => t.id));
  const definitions = await h.request('GET', '/process-api/repository/process-definitions');
  knownIds.push(...(definitions.json() as { data: { id: string }[] }).data.map((d) => d.id));

  const doc = (await h.request('GET', '/openapi.json')).json() as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema: Schema }[];
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        body: content?.['application/json']?.schema,
      };
    }),
  );
});
afterAll(() => h.close());

const nastyText = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\\',
  'abc\\',
  '%',
  '_%\\%',
  "'; DROP TABLE weir_task; --",
  '\ud800',
  'x\udfff',
  '💥',
  '../../etc/passwd',
  '1e400',
  '-1',
  '99999999999999999999',
  'NaN',
  'true',
  'null',
  '__proto__',
  'constructor',
  'PT2H',
  'P99999999Y',
  '2024-13-45T99:99:99Z',
  ' '.repeat(300),
  'a'.repeat(5000),
);
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, maxLength: 20 }) },
  { weight: 3, arbitrary: nastyText },
  { weight: 2, arbitrary: fc.constantFrom(...knownIds) },
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, 1e21, -1e300, 0.5),
);
const deepJson = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
});
const json = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepJson },
);

const types = (schema: Schema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** A value meant to fit the schema, or (one time in five) anything at all. */
const valueFor = (schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
  if (!schema || depth > 4) return json;
  const fitting: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) fitting.push(fc.constantFrom(...schema.enum));
  for (const type of types(schema)) {
    if (type === 'string') fitting.push(text);
    if (type === 'integer' || type === 'number') fitting.push(number);
    if (type === 'boolean') fitting.push(fc.boolean());
    if (type === 'null') fitting.push(fc.constant(null));
    if (type === 'array') fitting.push(fc.array(valueFor(schema.items, depth + 1), { maxLength: 3 }));
    if (type === 'object') fitting.push(objectFor(schema, depth));
  }
  if (fitting.length === 0) return json;
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...fitting) }, { weight: 1, arbitrary: json });
};

const objectFor = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0) return fc.dictionary(text, json, { maxKeys: 3 });
  return fc.record(Object.fromEntries(keys.map((key) => [key, valueFor(properties[key], depth + 1)])), {
    requiredKeys: (schema.required ?? []).filter((key) => keys.includes(key)),
  });
};

/** Query values are text: numbers and booleans as a client would write them, or any text. */
const queryValueFor = (schema: Schema): fc.Arbitrary<string> => {
  const kinds = types(schema);
  const options: fc.Arbitrary<string>[] = [text];
  if (kinds.includes('integer') || kinds.includes('number')) options.push(number.map(String));
  if (kinds.includes('boolean')) options.push(fc.constantFrom('true', 'false', 'yes', '1'));
  if (schema.enum) options.push(fc.constantFrom(...schema.enum.map(String)));
  return fc.oneof(...options);
};

/** Raw URL text a client may send that no encoder produces: broken escapes, invalid UTF-8. */
const rawUrlText = fc.constantFrom('%ED%A0%80', '%00', '%', '%zz', '%2F', '..', '%2e%2e', '%C0%AF', '%FF');
const pathSegment = fc.oneof(
  { weight: 4, arbitrary: text.map((value) => encodeURIComponent(value.toWellFormed())) },
  { weight: 1, arbitrary: rawUrlText },
);
const rawQuerySuffix = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: rawUrlText.map((raw) => `&${raw}=${raw}`) },
);

const requestFor = (op: Operation) =>
  fc.record({
    params: fc.array(pathSegment, {
      minLength: op.pathParams.length + 1,
      maxLength: op.pathParams.length + 1,
    }),
    query: fc.record(
      Object.fromEntries(Object.entries(op.query).map(([name, schema]) => [name, queryValueFor(schema)])),
      { requiredKeys: [] },
    ),
    rawQuery: rawQuerySuffix,
    body: op.body
      ? fc.oneof({ weight: 5, arbitrary: valueFor(op.body) }, { weight: 1, arbitrary: json })
      : fc.constant(undefined),
    user: fc.constantFrom('admin', 'admin', 'kermit', 'gonzo'),
  });

/** Path parameters arrive already encoded; query values are encoded here (lone surrogates become U+FFFD). */
const urlOf = (op: Operation, params: string[], query: Record<string, string>, rawQuery: string): string => {
  let next = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => params[next++] ?? 'x');
  const search = new URLSearchParams(query).toString() + rawQuery;
  return search ? `${path}?${search}` : path;
};

const withTimeout = (request: Promise<LightMyRequestResponse>, description: string) =>
  Promise.race([
    request,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${description}`)),
        REQUEST_TIMEOUT_MS,
      ).unref(),
    ),
  ]);

it('no route answers 500 or hangs, whatever its parameters and body', async () => {
  expect(operations.length).toBeGreaterThan(80);
  const arbitrary = fc
    .integer({ min: 0, max: operations.length - 1 })
    .chain((index) => fc.tuple(fc.constant(operations[index]), requestFor(operations[index])));
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async ([op, input]) => {
      const url = urlOf(op, input.params, input.query as Record<string, string>, input.rawQuery);
      const description = `${op.method} ${url} ${JSON.stringify(input.body)?.slice(0, 300) ?? ''}`;
      const response = await withTimeout(
        h.app.inject({
          method: op.method as 'GET',
          url,
          headers: {
            authorization: basic(input.user, passwordOf(input.user)),
            ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(input.body !== undefined ? { payload: JSON.stringify(input.body) } : {}),
        }),
        description,
      );
      requests++;
      if (response.statusCode >= 500)
        throw new Error(`${response.statusCode} ${response.body} for ${description}`);
    }),
    { numRuns: 8000, interruptAfterTimeLimit: RUN_TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
  if (process.env.WEIR_SHOW_MEASURES) console.log(`fuzz: ${requests} requests`);
  expect(requests).toBeGreaterThan(300);
}, 120_000);
