/**
 * The API's documentation, served by every node without credentials (it holds no data):
 *
 *   GET /openapi.json           the OpenAPI 3.1 document, with CORS so that tools on another
 *   OPTIONS /openapi.json       origin (an editor, a client generator) can fetch it
 *   GET /docs                   Swagger UI on that document; "Authorize" takes Weir's Basic
 *   GET /docs/:file             credentials and "Try it out" sends them with each call
 *
 * Swagger UI comes from `swagger-ui-dist`, served one allow-listed file at a time. The page
 * has its own Content-Security-Policy: scripts and styles from this origin (Swagger UI's
 * React sets style attributes, and its icons are data: images), calls to this origin only.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { OpenApiCollector } from './document.ts';

const swaggerUiFolder = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** What `/docs/:file` serves: Swagger UI's bundle and styles, and the page's own start script. */
const ASSETS = new Set(['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']);

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Weir REST API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/start.js"></script>
</body>
</html>
`;

// relative URLs, so that the page works behind a proxy that mounts Weir under a prefix
const start = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // the tags folded: nearly three hundred operations open at once take seconds to render
  docExpansion: 'none',
  filter: true,
  validatorUrl: null,
  persistAuthorization: false,
  tryItOutEnabled: false,
});
`;

const docsCsp = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'Accept, Authorization, Content-Type',
  'access-control-max-age': '600',
};

export const openApiRoutes: FastifyPluginAsync<{ collector: OpenApiCollector; version: string }> = async (
  app,
  { collector, version },
) => {
  await app.register(fastifyStatic, { root: swaggerUiFolder, serve: false });
  // built on first use: every route is registered by then, and the document never changes
  let document: string | undefined;
  const hidden = { hide: true };
  const open = { open: true };
  const crossOrigin = { crossOriginResourcePolicy: { policy: 'cross-origin' as const } };

  app.get('/openapi.json', { schema: hidden, config: open, helmet: crossOrigin }, (_request, reply) => {
    document ??= JSON.stringify(collector.document(version));
    return reply.headers(cors).type('application/json; charset=utf-8').send(document);
  });
  app.options('/openapi.json', { schema: hidden, config: open, helmet: crossOrigin }, (_request, reply) =>
    reply.headers(cors).code(204).send(),
  );

  const helmet = { contentSecurityPolicy: { useDefaults: false, directives: docsCsp } };
  app.get('/docs', { schema: hidden, config: open, helmet }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
  );
  app.get<{ Params: { file: string } }>('/docs/:file', { schema: hidden, config: open }, (request, reply) => {
    const { file } = request.params;
    if (file === 'start.js')
      return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(start);
    if (!ASSETS.has(file)) throw new WeirError('WEIR_NOT_FOUND', `No file '${file}' in the API docs`);
    return reply.header('cache-control', 'public, max-age=3600').sendFile(file);
  });
};
