/**
 * The HTTP application of a node. Built by a function, not started by it: `startNode` listens
 * on the configured port, tests call `inject()` without a socket, and later plugins (the REST
 * API, WebSocket, OpenAPI) are registered here next to the actuator.
 */
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Database } from '../persistence/database.ts';
import type { Engine } from '../engine/engine.ts';
import { actuatorRoutes } from './actuator.ts';
import { installErrorHandling } from './errors.ts';
import { installBasicAuth } from './auth/basic-auth.ts';
import { CredentialCache } from './auth/credential-cache.ts';
import { restApi } from './rest/index.ts';
import { trustedProxyList } from './rest/urls.ts';
import type { EventLog } from '../cluster/event-log.ts';
import { eventsRoutes } from './events/index.ts';
import { closeRefusedUpgrades } from './events/refused-upgrades.ts';
import { clusterActuatorRoutes } from './cluster-actuator.ts';

/** What the HTTP layer needs of a node (a running `WeirNode` fits). */
export interface HttpNode {
  readonly id: string;
  readonly version: string;
  readonly db: Database;
  readonly logger: FastifyBaseLogger;
  readonly config: {
    readonly server: { readonly maxBodySize: number };
    readonly http?: { readonly trustedProxies: readonly string[] };
    readonly node?: { readonly staleAfter: number };
  };
  /** With an engine, the REST API (and HTTP Basic auth on every path but health and info) is mounted. */
  readonly engine?: Engine;
  /** With the cluster's event log, the `/events` WebSocket is mounted (it needs the engine too). */
  readonly events?: EventLog;
}

export const buildHttpApp = async (node: HttpNode): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: node.logger,
    bodyLimit: node.config.server.maxBodySize,
    // Load balancers probe /actuator/health every few seconds; two info lines per probe would
    // drown the log. Other requests keep Fastify's request logging.
    logController: new LogController({
      disableRequestLogging: (request) => request.url.startsWith('/actuator/'),
    }),
    // On shutdown, idle keep-alive connections are closed at once; in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Unknown fields in a request body are a 400 that names the field, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  installErrorHandling(app);
  closeRefusedUpgrades(app);
  if (node.engine) {
    const credentials = new CredentialCache();
    installBasicAuth(app, { db: node.db, cache: credentials });
    const rest = {
      engine: node.engine,
      db: node.db,
      trustedProxies: trustedProxyList(node.config.http?.trustedProxies ?? ['127.0.0.1', '::1']),
      credentials,
      version: node.version,
    };
    await app.register(restApi, { rest, maxBodySize: node.config.server.maxBodySize });
    if (node.events) await app.register(eventsRoutes, { events: node.events, db: node.db, nodeId: node.id });
    await app.register(clusterActuatorRoutes, {
      db: node.db,
      nodeId: node.id,
      staleAfter: node.config.node?.staleAfter ?? 10_000,
    });
  }
  await app.register(actuatorRoutes, { node });
  return app;
};
