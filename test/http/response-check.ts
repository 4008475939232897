/**
 * Holds every answer a test receives to the OpenAPI document the node publishes: the status
 * must be one the operation declares (or its `default`), a JSON body must match that status's
 * schema, and any other body must have a media type the operation declares. Objects are
 * checked closed: a field the schema does not name fails the test just like a missing or
 * mistyped one, so the document says exactly what a client receives.
 *
 * `checkResponses(app)` wraps `app.inject`, so every test that drives the harness's app checks
 * the spec as a side effect; a mismatch throws with the route, the status and what differs.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

type Schema = Record<string, unknown>;

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly statics: number;
  /** Its last parameter may hold slashes: tried only when no exact template matches. */
  readonly greedy: boolean;
  readonly responses: Record<
    string,
    { content?: Record<string, { schema?: Schema }>; headers?: Record<string, { required?: boolean }> }
  >;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Operation['responses'] }>>;
  components: { schemas: Record<string, Schema> };
}

/** A copy with `$ref`s to components inlined and every object closed to fields it does not name. */
const closed = (schema: unknown, components: Record<string, Schema>): unknown => {
  if (Array.isArray(schema)) return schema.map((item) => closed(item, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as Schema).$ref;
  // a component is inlined; any other reference (within a recursive schema's `$defs`) stays
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return closed(components[ref.replace('#/components/schemas/', '')], components);
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'enum' || key === 'const' || key === 'default' ? value : closed(value, components);
  }
  if (copy.properties !== undefined && !('additionalProperties' in copy) && !('patternProperties' in copy))
    copy.additionalProperties = false;
  return copy;
};

const patternOf = (template: string, greedyTail: boolean): RegExp => {
  const parts = template.split('/').map((part, index, all) => {
    if (!/^\{.+\}$/.test(part)) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    return greedyTail && index === all.length - 1 ? '.+' : '[^/]+';
  });
  return new RegExp(`^${parts.join('/')}$`);
};

/**
 * A status that answers an operation's success: a 2xx, a redirect (sign-in with an identity
 * provider only ever redirects), or a WebSocket's `101 Switching Protocols`.
 */
export const isSuccess = (status: string): boolean => /^(101|[23]\d\d)$/.test(status);

export class ResponseCheck {
  readonly #operations: Operation[] = [];
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  readonly #components: Record<string, Schema>;

  constructor(document: OpenApiDocument) {
    this.#components = document.components.schemas;
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const statics = template.split('/').filter((part) => part !== '' && !part.startsWith('{')).length;
        const base = { method: method.toUpperCase(), template, statics, responses: operation.responses };
        this.#operations.push({ ...base, greedy: false, pattern: patternOf(template, false) });
        // a wildcard route (a resource name with slashes) is written with a last parameter
        if (template.endsWith('}'))
          this.#operations.push({ ...base, greedy: true, pattern: patternOf(template, true) });
      }
    }
    // the most specific template first: `/tasks/query` before `/tasks/{taskId}`, and any exact
    // template before a wildcard one
    this.#operations.sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.statics - a.statics);
  }

  #operationOf(method: string, path: string): Operation | undefined {
    return this.#operations.find((op) => op.method === method && op.pattern.test(path));
  }

  #validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile(closed(schema, this.#components) as Schema);
      this.#validators.set(key, validate);
    }
    return validate;
  }

  /** The problem with this answer, or undefined when it is what the document says. */
  problemWith(method: string, url: string, response: LightMyRequestResponse): string | undefined {
    // as the request reached the router: `a/../b` is `b`
    const path = new URL(url, 'http://localhost').pathname;
    const operation = this.#operationOf(method, path);
    if (!operation) return undefined; // not a documented route: the UI's files, a 404 path
    const where = `${method} ${operation.template} answered ${response.statusCode}`;
    const status = String(response.statusCode);
    // an operation whose answers are not written yet (UNDOCUMENTED in test/http/openapi.test.ts)
    if (response.statusCode < 400 && !Object.keys(operation.responses).some(isSuccess)) return undefined;
    const declared = operation.responses[status] ?? operation.responses.default;
    if (!declared) return `${where}, a status the document does not declare`;
    for (const [name, header] of Object.entries(declared.headers ?? {}))
      if (header.required && response.headers[name.toLowerCase()] === undefined)
        return `${where} without the header ${name} the document requires`;
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (response.body === '' || response.statusCode === 204) return undefined;
    const content = declared.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    // a download that happens to be JSON (a form definition file) is a file, not an answer
    if (mediaType === 'application/json' && jsonSchema?.format !== 'binary') {
      const schema = jsonSchema;
      if (!schema)
        return `${where} with JSON, but the document declares ${Object.keys(content).join(', ') || 'no body'}`;
      const key = `${method} ${operation.template} ${status in operation.responses ? status : 'default'}`;
      const validate = this.#validator(key, schema);
      if (!validate(response.json())) {
        const problems = (validate.errors ?? [])
          .slice(0, 5)
          .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
          .join('; ');
        return `${where} with a body that does not match its schema: ${problems}`;
      }
      return undefined;
    }
    const types = Object.keys(content);
    const declares = (type: string) =>
      type === mediaType ||
      type === '*/*' ||
      (type.endsWith('/*') && mediaType.startsWith(type.slice(0, -1)));
    if (!types.some(declares))
      return `${where} with ${mediaType || 'no media type'}, but the document declares ${types.join(', ') || 'no body'}`;
    return undefined;
  }
}

/** Wraps `app.inject` so that each answer is checked against the app's `/openapi.json`. */
export const checkResponses = (app: FastifyInstance): void => {
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  let check: Promise<ResponseCheck> | undefined;
  const wrapped = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options);
    const { method = 'GET', url = '/' } = typeof options === 'string' ? { url: options } : options;
    const path = typeof url === 'string' ? url : (url.pathname ?? '/');
    check ??= inject({ method: 'GET', url: '/openapi.json' }).then(
      (document) => new ResponseCheck(document.json() as OpenApiDocument),
    );
    const problem = (await check).problemWith(method.toUpperCase(), path, response);
    if (problem) throw new Error(`OpenAPI mismatch: ${problem}\n${response.body.slice(0, 2000)}`);
    return response;
  };
  (app as { inject: unknown }).inject = wrapped;
};
