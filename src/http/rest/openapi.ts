/**
 * `/openapi.json`, assembled from the very schema objects Fastify validates requests with
 * (collected as routes are registered), so the document cannot drift from what the server
 * accepts; and `/docs`, a page that links it.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  /** Documentation keys of route schemas, read by the OpenAPI collector (Fastify ignores them). */
  interface FastifySchema {
    tags?: readonly string[];
    summary?: string;
    consumes?: readonly string[];
  }
}

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

const toOpenApiPath = (url: string): string =>
  url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{resourceId}');

const variableUploadForm = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        name: { type: 'string' },
        type: { type: 'string', enum: ['binary', 'serializable'] },
        scope: { type: 'string', enum: ['local', 'global'] },
      },
    },
  },
};

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

export class OpenApiCollector {
  readonly #routes: CollectedRoute[] = [];

  /** For `app.addHook('onRoute', ...)`: remember each API route with its schema. */
  readonly onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (
        method === 'HEAD' ||
        !/^\/(process-api|external-job-api|idm-api|form-api|dmn-api|content-api|search-api)\//.test(route.url)
      )
        continue;
      this.#routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
      });
    }
  };

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.#routes) {
      const path = toOpenApiPath(route.url);
      const { body, querystring, params, summary, tags, consumes } = route.schema as Record<string, unknown>;
      const wildcard = route.url.endsWith('*')
        ? [{ name: 'resourceId', in: 'path', required: true, schema: { type: 'string' } }]
        : [];
      const operation: Record<string, unknown> = {
        summary,
        tags,
        parameters: [...parametersOf(params, 'path'), ...wildcard, ...parametersOf(querystring, 'query')],
        responses: {
          default: {
            description:
              'Errors: {"message", "exception"} with 400, 401, 403, 404, 405, 408, 409, 413, 415, 429 or 500',
          },
        },
      };
      const byType = (body as { content?: Record<string, unknown> } | undefined)?.content;
      // JSON or a variable upload (variable-upload.ts): the JSON schema, and the upload's form
      if (byType) {
        const json = { 'application/json': byType['application/json'] };
        operation.requestBody = { required: true, content: { ...json, ...variableUploadForm } };
      } else if (body)
        operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
      else if (Array.isArray(consumes) && consumes.includes('multipart/form-data')) {
        operation.requestBody = {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', format: 'binary' },
                  deploymentName: { type: 'string' },
                  deploymentKey: { type: 'string' },
                  tenantId: { type: 'string' },
                  category: { type: 'string' },
                  enableDuplicateFiltering: { type: 'boolean' },
                },
              },
            },
          },
        };
      }
      paths[path] = { ...paths[path], [route.method]: operation };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Weir REST API',
        version,
        description:
          "Flowable's REST dialect: /process-api, /external-job-api, /idm-api, /form-api, /content-api. HTTP Basic authentication.",
      },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } },
      security: [{ basicAuth: [] }],
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}

const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weir REST API</title></head>
<body><h1>Weir REST API</h1>
<p>Weir speaks Flowable's REST dialect under <code>/process-api</code>, <code>/external-job-api</code>,
<code>/idm-api</code>, <code>/form-api</code> and <code>/content-api</code>, with HTTP Basic authentication.</p>
<p>The OpenAPI 3.1 document: <a href="openapi.json">openapi.json</a> (open it in any OpenAPI viewer).</p>
</body></html>`;

export const registerOpenApiRoutes = (
  app: FastifyInstance,
  collector: OpenApiCollector,
  version: string,
): void => {
  app.get('/openapi.json', async () => collector.document(version));
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage));
};
