/**
 * The HTTP application of a node. Built by a function, not started by it: `startNode` listens
 * on the configured port, tests call `inject()` without a socket, and later plugins (the REST
 * API, WebSocket, OpenAPI) are registered here next to the actuator.
 */
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Database } from '../persistence/database.ts';
import type { Engine } from '../engine/engine.ts';
import { privateContentEngine, type ContentEngine } from '../content/index.ts';
import { actuatorRoutes } from './actuator.ts';
import { frameworkErrorAnswer, installErrorHandling } from './errors.ts';
import { installBasicAuth } from './auth/basic-auth.ts';
import { CredentialCache } from './auth/credential-cache.ts';
import { restApi } from './rest/index.ts';
import { trustedProxyList } from './rest/urls.ts';
import type { EventLog } from '../cluster/event-log.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { MAX_MESSAGE_BYTES, eventsRoutes } from './events/index.ts';
import { closeRefusedUpgrades } from './events/refused-upgrades.ts';
import { clusterActuatorRoutes } from './cluster-actuator.ts';
import { defaultHttpLimits, type HttpLimits } from './hardening/limits.ts';
import { installStrictValidation } from './hardening/validation.ts';
import { installInputGuards } from './hardening/input-guards.ts';
import { AllowedMethods } from './hardening/allowed-methods.ts';
import { installSecurityHeaders } from './hardening/security-headers.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import type { NodeMetrics } from '../metrics/node-metrics.ts';
import { installRequestMetrics } from './request-metrics.ts';
import cookie from '@fastify/cookie';
import { Sessions } from './session/sessions.ts';
import { sessionRoutes } from './session/routes.ts';
import { uiRoutes } from './ui/routes.ts';
import type { OidcConfig } from '../config/oidc-keys.ts';
import { BearerTokens } from './oidc/bearer.ts';
import { discoverProviders } from './oidc/providers.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { providerLogout } from './oidc/provider-logout.ts';
import { startConversationFeeds, type LiveFeeds } from '../conversations/index.ts';
import { stompRoutes } from './stomp/index.ts';
import { MAX_FRAME_BYTES } from './stomp/frames.ts';
import websocket from '@fastify/websocket';
import { collectOpenApi } from './openapi/document.ts';
import { openApiRoutes } from './openapi/routes.ts';

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
    /** Left out: `defaultHttpLimits`; `maxBodySize` is always `server.maxBodySize`. */
    readonly limits?: Partial<HttpLimits>;
    /** OpenID Connect sign-in and bearer tokens; left out: neither. */
    readonly oidc?: OidcConfig;
  };
  /** With an engine, the REST API (and HTTP Basic auth on every path but health and info) is mounted. */
  readonly engine?: Engine;
  /** The content engine; left out (tests, embedders): a private folder in the temporary directory. */
  readonly content?: ContentEngine;
  /** With the cluster's event log, the `/events` WebSocket is mounted (it needs the engine too). */
  readonly events?: EventLog;
  /** With metrics, every response is counted and `/actuator/prometheus` shows them. */
  readonly metrics?: NodeMetrics;
  /** With the search index, `/search-api` is mounted. */
  readonly search?: SearchIndex;
  /**
   * This node's live conversation feeds; left out (tests, embedders): feeds of the app's own,
   * relayed through PostgreSQL and stopped with the app.
   */
  readonly conversations?: LiveFeeds;
}

/** Without OpenID Connect no claim is read; the routes still answer `/auth/providers` with none. */
const noClaimMapping = {
  defaultGroups: [],
  firstNameAttribute: 'given_name',
  lastNameAttribute: 'family_name',
  fullNameAttribute: 'name',
  emailAttribute: 'email',
};

export const buildHttpApp = async (node: HttpNode): Promise<FastifyInstance> => {
  const limits: HttpLimits = {
    ...defaultHttpLimits,
    ...node.config.limits,
    maxBodySize: node.config.server.maxBodySize,
  };
  const app = Fastify({
    loggerInstance: node.logger,
    bodyLimit: limits.maxBodySize,
    // A slow client (a slowloris trickling headers, an upload at a few bytes a second) is cut
    // off with 408: otherwise each holds a socket and a buffer for as long as it likes.
    // Node checks these timeouts on an interval (30 s by default); once a second keeps the
    // cut close to the configured time for a negligible sweep over open connections.
    requestTimeout: limits.requestTimeout,
    http: {
      headersTimeout: Math.min(limits.headersTimeout, limits.requestTimeout),
      requestTimeout: limits.requestTimeout,
      connectionsCheckingInterval: 1000,
    },
    // Load balancers probe /actuator/health every few seconds; two info lines per probe would
    // drown the log. Other requests keep Fastify's request logging.
    // The OpenID Connect callback's URL carries the authorization code: it logs its own lines.
    logController: new LogController({
      disableRequestLogging: (request) =>
        request.url.startsWith('/actuator/') || request.url.startsWith('/auth/oidc/'),
    }),
    // On shutdown, idle keep-alive connections are closed at once; in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors: frameworkErrorAnswer,
  });
  const openApi = collectOpenApi(app);
  if (node.metrics) installRequestMetrics(app, node.metrics);
  const allowedMethods = new AllowedMethods();
  app.addHook('onRoute', allowedMethods.onRoute);
  installErrorHandling(app, (path) => allowedMethods.of(path));
  installStrictValidation(app);
  installInputGuards(app);
  await installSecurityHeaders(app);
  closeRefusedUpgrades(app);
  if (node.engine) {
    const credentials = new CredentialCache();
    const trustedProxies = trustedProxyList(node.config.http?.trustedProxies ?? ['127.0.0.1', '::1']);
    const throttle = new LoginThrottle({
      maxFailuresPerUser: limits.maxLoginFailuresPerUser,
      maxFailuresPerAddress: limits.maxLoginFailuresPerAddress,
      windowMs: limits.loginFailureWindow,
      trustedProxies,
    });
    const sessions = new Sessions({
      db: node.db,
      idleMs: limits.sessionIdleTimeout,
      maxAgeMs: limits.sessionMaxAge,
      trustedProxies,
    });
    const oidc = node.config.oidc;
    // At boot, so that a provider that does not answer stops the node (providers.ts).
    const providers = oidc ? await discoverProviders(oidc) : new Map();
    const bearer = oidc ? await BearerTokens.fromConfig(oidc, node.db) : undefined;
    // before the auth hook, which reads the session cookie
    await app.register(cookie);
    installBasicAuth(app, { db: node.db, cache: credentials, throttle, sessions, bearer });
    await app.register(sessionRoutes, {
      db: node.db,
      cache: credentials,
      throttle,
      sessions,
      providerLogout: providerLogout(providers, trustedProxies),
    });
    await app.register(oidcRoutes, {
      db: node.db,
      providers,
      claims: oidc?.claims ?? noClaimMapping,
      loginTimeout: oidc?.loginTimeout ?? 600_000,
      sessions,
      trustedProxies,
    });
    await app.register(uiRoutes);
    let conversations = node.conversations;
    if (!conversations) {
      const own = await startConversationFeeds(node.db, { addresses: [] }, node.logger);
      app.addHook('onClose', () => own.stop());
      conversations = own;
    }
    const rest = {
      engine: node.engine,
      content: node.content ?? (await privateContentEngine(node.db)),
      db: node.db,
      trustedProxies,
      credentials,
      version: node.version,
      limits,
      search: node.search,
      conversations,
    };
    await app.register(restApi, { rest });
    // One WebSocket server for `/events` and `/stomp`: each registration would answer every upgrade.
    await app.register(websocket, { options: { maxPayload: Math.max(MAX_MESSAGE_BYTES, MAX_FRAME_BYTES) } });
    await app.register(stompRoutes, {
      engine: node.engine,
      feeds: conversations,
      auth: { db: node.db, cache: credentials, throttle, sessions, bearer },
      version: node.version,
      nodeId: node.id,
    });
    if (node.events) await app.register(eventsRoutes, { events: node.events, db: node.db, nodeId: node.id });
    await app.register(clusterActuatorRoutes, {
      db: node.db,
      nodeId: node.id,
      staleAfter: node.config.node?.staleAfter ?? 10_000,
    });
  }
  await app.register(actuatorRoutes, { node });
  await app.register(openApiRoutes, { collector: openApi, version: node.version });
  return app;
};
