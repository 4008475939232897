/**
 * Security headers on every answer, errors and 404s included, through `@fastify/helmet`.
 * Weir's answers are JSON and downloads, so the Content-Security-Policy can forbid everything: `default-src 'none'` stops an
 * answer that a browser does render from loading or running anything, `frame-ancestors
 * 'none'` stops it being framed (clickjacking). Helmet adds `nosniff` (a JSON or text answer
 * is never guessed to be HTML), `X-Frame-Options`, `Referrer-Policy: no-referrer`, the
 * cross-origin policies and HSTS (TLS ends at the proxy, but browsers reach Weir over HTTPS).
 *
 * The browser app's page (`/`) and Swagger UI (`/docs`) have their own, wider policies on their
 * own routes (`../ui/routes.ts`, `../openapi/routes.ts`).
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const installSecurityHeaders = async (app: FastifyInstance): Promise<void> => {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  });
};
