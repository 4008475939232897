/**
 * `/openapi.json`, assembled from the very schema objects Fastify validates requests with
 * (collected as routes are registered, on the root app so that every plugin's routes are
 * seen), so the document cannot drift from what the server accepts. Each operation's answers
 * come from its route's `response` schemas, declared next to the route; the error envelope
 * `{message, exception}` is added here for the statuses every route can answer. Names come
 * from `operation-ids.ts`.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorBody } from '../rest/schemas/error-body.ts';
import { operationIdOf } from './operation-ids.ts';
import { requestBodyOf } from './request-bodies.ts';

declare module 'fastify' {
  /** Documentation keys of route schemas, read by the OpenAPI collector (Fastify ignores them). */
  interface FastifySchema {
    tags?: readonly string[];
    summary?: string;
    consumes?: readonly string[];
    /** Left out of the OpenAPI document: the browser app's files, the documentation itself. */
    hide?: boolean;
  }
}

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  /** Served without credentials (`config.open`, or a probe). */
  open: boolean;
}

/** Answered without credentials whatever their config says (see auth/basic-auth.ts). */
const PROBES = new Set(['/actuator/health', '/actuator/info']);

const toOpenApiPath = (url: string): string =>
  url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{resourceId}');

const parametersOf = (schema: unknown, location: 'path' | 'query') => {
  const object = schema as
    { properties?: Record<string, Record<string, unknown>>; required?: string[] } | undefined;
  return Object.entries(object?.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object?.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

const STATUS_TEXT: Record<string, string> = {
  101: 'Switching protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  400: 'A parameter or the body is invalid: the message names it',
  401: 'No credentials, or wrong ones',
  403: 'The user lacks the privilege or the right on the object',
  404: 'No such resource',
  409: 'Conflict with the current state',
  default: 'An error: 405, 408, 413, 415, 429, 500 or 503',
};

/** The error envelope is written once, in `components`, and referred to by every operation. */
const ERROR_REF = { $ref: '#/components/schemas/Error' };

/**
 * One answer of an operation. A route declares either a JSON schema (`{200: Task}`), a schema
 * of `type: 'null'` for an answer without a body (204), `{description, content}` for
 * answers by media type (downloads, diagrams), or `{description, headers}` for an answer
 * without a body that a header says all of (a redirect, a WebSocket upgrade).
 */
const responseOf = (status: string, schema: Record<string, unknown>) => {
  const description = (schema.description as string | undefined) ?? STATUS_TEXT[status] ?? 'Answer';
  if (schema.content) return { description, content: schema.content };
  if (schema.headers) return { description, headers: schema.headers };
  if (schema.type === 'null') return { description };
  return {
    description,
    content: { 'application/json': { schema: (schema as unknown) === ErrorBody ? ERROR_REF : schema } },
  };
};

/** Every route can be refused; these are the statuses that need no declaration of their own. */
const errorResponses = (route: CollectedRoute, declared: Record<string, unknown>) => {
  const statuses = [
    '400',
    ...(route.open ? [] : ['401', '403']),
    ...(route.url.includes(':') ? ['404'] : []),
  ];
  const errors: Record<string, unknown> = {};
  for (const status of [...statuses, 'default'])
    if (!(status in declared)) errors[status] = responseOf(status, ERROR_REF);
  return errors;
};

export class OpenApiCollector {
  readonly #routes: CollectedRoute[] = [];

  /** For `app.addHook('onRoute', ...)`: remember each route with its schema. */
  readonly onRoute = (route: RouteOptions): void => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (schema.hide === true) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      this.#routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema,
        open: route.config?.open === true || PROBES.has(route.url),
      });
    }
  };

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.#routes) {
      const path = toOpenApiPath(route.url);
      const { querystring, params, summary, tags, response } = route.schema;
      const declaredPath = parametersOf(params, 'path');
      // path parameters the route's schema leaves out, and a wildcard (a resource name with slashes)
      const undeclared = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)]
        .map((m) => m[1])
        .filter((name) => !declaredPath.some((p) => p.name === name));
      if (route.url.endsWith('*')) undeclared.push('resourceId');
      const implicit = undeclared.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      const declared = Object.fromEntries(
        Object.entries((response ?? {}) as Record<string, Record<string, unknown>>).map(
          ([status, schema]) => [status, responseOf(status, schema)],
        ),
      );
      const requestBody = requestBodyOf(route.schema);
      const operation: Record<string, unknown> = {
        operationId: operationIdOf(route.method.toUpperCase(), path),
        summary,
        tags,
        parameters: [...declaredPath, ...implicit, ...parametersOf(querystring, 'query')],
        ...(requestBody ? { requestBody } : {}),
        responses: { ...declared, ...errorResponses(route, declared) },
        ...(route.open ? { security: [] } : {}),
      };
      paths[path] = { ...paths[path], [route.method]: operation };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Weir REST API',
        version,
        description:
          "Flowable's REST dialect: /process-api, /external-job-api, /idm-api, /form-api, /dmn-api, /app-api, " +
          '/content-api, plus /search-api, /conversation-api, the browser sessions (/auth), the WebSockets (/events, /stomp) ' +
          'and the actuator. HTTP Basic authentication.',
      },
      components: {
        schemas: { Error: ErrorBody },
        securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } },
      },
      security: [{ basicAuth: [] }],
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}

/**
 * Collects the routes registered after this call (call it before any plugin). Response
 * schemas document answers and must never change them: Fastify's default serializer writes
 * only the properties a response schema names (a field the schema forgot would silently
 * vanish) and coerces values to the declared types. Answers are written as they are built;
 * the tests check them against the schemas instead (test/http/response-check.ts).
 */
export const collectOpenApi = (app: FastifyInstance): OpenApiCollector => {
  const collector = new OpenApiCollector();
  app.addHook('onRoute', collector.onRoute);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  return collector;
};
