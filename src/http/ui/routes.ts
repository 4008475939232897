/**
 * The browser app (docs/ui.md), served by every node: `/` is the page, `/ui/*` its own ES
 * modules and styles from `web/`, `/vendor/:file` the allow-listed libraries (`vendor.ts`).
 * There is no build step: the browser loads the modules as they are, through an import map
 * that this page carries inline.
 *
 * The files need no sign-in (the sign-in form is one of them); everything the app shows comes
 * from the REST API, which does. The page gets its own Content-Security-Policy, as narrow as
 * the app allows: scripts from this origin and the one inline import map (by its hash), styles
 * from this origin, connections (fetch, the `/events` and `/stomp` WebSockets) to this origin only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import { importMap, vendorFiles } from './vendor.ts';

const webFolder = fileURLToPath(new URL('../../../web/', import.meta.url));

/** What `/ui/*` serves: the app's own sources and styles, nothing else that lies in `web/`. */
const SERVED = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.(js|css|svg)$/;

const page = (): { html: string; csp: Record<string, string[]> } => {
  const map = importMap();
  const template = readFileSync(`${webFolder}index.html`, 'utf8');
  const html = template.replace('<!--import-map-->', `<script type="importmap">${map}</script>`);
  const hash = createHash('sha256').update(map).digest('base64');
  return {
    html,
    csp: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", `'sha256-${hash}'`],
      styleSrc: ["'self'"],
      // bpmn-js positions and colours SVG shapes with style attributes
      styleSrcAttr: ["'unsafe-inline'"],
      // bpmn-js's watermark is a data: image
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  };
};

export const uiRoutes: FastifyPluginAsync = async (app) => {
  const { html, csp } = page();
  // serve: false: no wildcard route of the plugin's own; `reply.sendFile` for the routes below,
  // which keeps its path checks (no `..`, no dotfiles) and caching headers
  await app.register(fastifyStatic, { root: webFolder, serve: false });

  app.get(
    '/',
    {
      schema: { hide: true },
      config: { open: true },
      helmet: { contentSecurityPolicy: { useDefaults: false, directives: csp } },
    },
    (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
  );

  app.get<{ Params: { '*': string } }>(
    '/ui/*',
    { schema: { hide: true }, config: { open: true } },
    (request, reply) => {
      const path = request.params['*'];
      if (!SERVED.test(path)) throw new WeirError('WEIR_NOT_FOUND', `No file '${path}' in the app`);
      return reply.header('cache-control', 'no-cache').sendFile(path);
    },
  );

  app.get<{ Params: { file: string } }>(
    '/vendor/:file',
    { schema: { hide: true }, config: { open: true } },
    (request, reply) => {
      const file = vendorFiles.get(request.params.file);
      if (!file) throw new WeirError('WEIR_NOT_FOUND', `No library '${request.params.file}' is served`);
      return reply.header('cache-control', 'public, max-age=3600').sendFile(file.file, file.folder);
    },
  );
};
