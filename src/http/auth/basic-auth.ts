/**
 * HTTP Basic authentication against Weir's own users, and the privilege each path needs:
 *
 *   /actuator/health, /actuator/info         nobody (load balancers probe them without credentials)
 *   /actuator/... (metrics, cluster)         access-admin, as in Flowable's REST app
 *   /process-api/management/...              access-admin or deploy-definitions
 *   /process-api/..., /external-job-api/...  access-rest-api
 *   /form-api/...                            access-rest-api
 *   /dmn-api/...                             access-rest-api
 *   /cmmn-api/... (definitions, starting a   access-rest-api
 *   case, tasks)
 *   /cmmn-api/ case instances, plan items,   access-admin or deploy-definitions (until cases
 *   case history, cmmn-management            have per-instance visibility)
 *   /app-api/...                             access-rest-api
 *   /search-api/...                          access-rest-api
 *   /content-api/...                         access-rest-api
 *   /conversation-api/...                    access-rest-api; .../management/...: access-admin
 *   /stomp (conversations over STOMP)        open route: the CONNECT frame or the upgrade's
 *                                            credentials are checked by the STOMP session
 *   /idm-api/... reads                       access-rest-api; writes: access-admin
 *   /process-api/identity/... (users, groups) the same as /idm-api; a user's own info and
 *                                            picture: access-rest-api (the engine checks whose)
 *   anything else (/auth/session, /events)   any authenticated user
 *   routes with `config: { open: true }`     nobody (the browser app's files, /auth/login,
 *                                            /openapi.json and /docs)
 *
 * A request without Basic credentials may instead carry a bearer token of the configured
 * OpenID Connect issuer (`../oidc/bearer.ts`) or a browser session's cookie
 * (`../session/sessions.ts`, which also guards it against cross-site forgery).
 *
 * `access-admin` includes the others. This is the coarse gate by privilege alone; which
 * objects a user may see and change is decided by the engine (`engine/authorization.ts`). The check runs on the matched route pattern
 * (`request.routeOptions.url`), never on the raw URL, so percent-encoded paths cannot slip
 * past it. A missing or wrong credential is a 401 with `WWW-Authenticate`; a user without
 * the privilege gets a 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { Queryable } from '../../persistence/database.ts';
import { getUser, groupIdsOfUser, privilegeNamesOfUser } from '../../persistence/idm-sql.ts';
import {
  PRIVILEGE_ADMIN,
  PRIVILEGE_DEPLOY,
  PRIVILEGE_REST_API,
  isAdmin,
  type Principal,
} from '../../engine/authorization.ts';
import type { CredentialCache } from './credential-cache.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Sessions } from '../session/sessions.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { bearerTokenOf, isBearerHeader, refused, type BearerTokens } from '../oidc/bearer.ts';

export { PRIVILEGE_ADMIN, PRIVILEGE_REST_API, isAdmin };

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user; set on every route but the health check. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Served without credentials: the browser app's files and the sign-in. */
    open?: boolean;
  }
  interface FastifyInstance {
    /** Every route behind this gate (method and pattern), so tests can hold each to an authorization rule. */
    readonly routeTable: readonly { readonly method: string; readonly url: string }[];
  }
}

export const principalOf = (request: FastifyRequest): Principal => {
  if (!request.principal) throw new WeirError('WEIR_UNAUTHORIZED', 'Authentication required');
  return request.principal;
};

/** As in Flowable's REST app: probes and version checks need no credentials. */
const openRoutes = new Set(['/actuator/health', '/actuator/info']);

/** Routes declared with `config: { open: true }`: the browser app's files and the sign-in. */
const isOpenRoute = (request: FastifyRequest): boolean => request.routeOptions.config.open === true;

const IDENTITY = '/process-api/identity/';
/** A user's info and picture: a user may change their own (engine/user-extras.ts). */
const userExtras = /^\/process-api\/identity\/users\/:userId\/(info|picture)(\/|$)/;

const requiredPrivilege = (route: string, method: string): string | undefined => {
  if (route.startsWith('/actuator/') || route.startsWith('/conversation-api/management/'))
    return PRIVILEGE_ADMIN;
  if (route.startsWith('/process-api/management/') || route === '/process-api/management')
    return PRIVILEGE_DEPLOY;
  if (route.startsWith('/cmmn-api/cmmn-management/')) return PRIVILEGE_DEPLOY;
  if (route.startsWith('/idm-api/') || (route.startsWith(IDENTITY) && !userExtras.test(route)))
    return method === 'GET' || method === 'HEAD' ? PRIVILEGE_REST_API : PRIVILEGE_ADMIN;
  if (
    route.startsWith('/process-api/') ||
    route.startsWith('/external-job-api/') ||
    route.startsWith('/form-api/') ||
    route.startsWith('/dmn-api/') ||
    route.startsWith('/cmmn-api/') ||
    route.startsWith('/app-api/') ||
    route.startsWith('/search-api/') ||
    route.startsWith('/content-api/') ||
    route.startsWith('/conversation-api/')
  )
    return PRIVILEGE_REST_API;
  return undefined;
};

const hasPrivilege = (principal: Principal, privilege: string): boolean =>
  principal.privileges.includes(privilege) || principal.privileges.includes(PRIVILEGE_ADMIN);

const parseBasic = (header: string | undefined): { userId: string; password: string } | undefined => {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { userId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/** Compared against when the user does not exist, so that unknown and known users take as long. */
let dummyHash: Promise<string> | undefined;

export const authenticate = async (
  db: Queryable,
  cache: CredentialCache,
  userId: string,
  password: string,
): Promise<Principal | undefined> => {
  const cached = cache.get(userId, password);
  if (cached) return cached;
  const user = await getUser(db, userId);
  if (!user) {
    dummyHash ??= hashPassword('weir-dummy-password');
    await verifyPassword(password, await dummyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
  const [groups, privileges] = await Promise.all([
    groupIdsOfUser(db, userId),
    privilegeNamesOfUser(db, userId),
  ]);
  const principal: Principal = { userId, groups, privileges };
  cache.put(password, principal);
  return principal;
};

/** Verify a credential, unless its user id or address has failed too often (429, see login-throttle.ts). */
export const authenticateThrottled = async (
  request: FastifyRequest,
  options: { db: Queryable; cache: CredentialCache; throttle?: LoginThrottle },
  userId: string,
  password: string,
): Promise<Principal> => {
  const { db, cache, throttle } = options;
  // a credential verified recently is let in even while its user id is throttled
  const cached = cache.get(userId, password);
  if (cached) return cached;
  const address = throttle?.addressOf(request) ?? '';
  const wait = throttle?.retryAfterSeconds(userId, address) ?? 0;
  if (wait > 0) {
    throw new WeirError('WEIR_LOGIN_THROTTLED', `Too many failed logins; try again in ${wait} s`, {
      details: { retryAfter: wait },
    });
  }
  const principal = await authenticate(db, cache, userId, password);
  if (!principal) {
    throttle?.failed(userId, address);
    throw new WeirError('WEIR_UNAUTHORIZED', 'Wrong user id or password');
  }
  throttle?.succeeded(userId);
  return principal;
};

export interface AuthOptions {
  readonly db: Queryable;
  readonly cache: CredentialCache;
  readonly throttle?: LoginThrottle;
  readonly sessions?: Sessions;
  readonly bearer?: BearerTokens;
}

/** A bearer token, checked when an issuer is configured; like Basic, it needs no CSRF token. */
const bearerPrincipal = async (options: AuthOptions, header: string): Promise<Principal> => {
  if (!options.bearer) {
    throw refused(
      'this server accepts no bearer tokens (spring.security.oauth2.resourceserver.jwt.issuer-uri is not set)',
    );
  }
  const token = bearerTokenOf(header);
  if (token === undefined)
    throw refused('the Authorization header is not `Bearer <token>`', 'invalid_request');
  return options.bearer.principalOf(token);
};

/**
 * The principal of a request's own credentials: Basic first (a REST client that also holds a
 * cookie is judged by what it sent on purpose, and needs no CSRF token, sessions.ts), then a
 * bearer token, else the session cookie; undefined with none. A wrong credential throws.
 */
export const principalOfCredentials = async (
  request: FastifyRequest,
  options: AuthOptions,
): Promise<Principal | undefined> => {
  const header = request.headers.authorization;
  const credentials = parseBasic(header);
  if (credentials) return authenticateThrottled(request, options, credentials.userId, credentials.password);
  if (isBearerHeader(header)) return bearerPrincipal(options, header as string);
  return options.sessions?.principalOf(request);
};

/** Whether the principal may use the REST API (and so conversations and event streams). */
export const mayUseRestApi = (principal: Principal): boolean => hasPrivilege(principal, PRIVILEGE_REST_API);

export const installBasicAuth = (app: FastifyInstance, options: AuthOptions): void => {
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (route !== undefined && (openRoutes.has(route) || isOpenRoute(request))) return;
    const principal = await principalOfCredentials(request, options);
    if (!principal)
      throw new WeirError('WEIR_UNAUTHORIZED', 'Authentication required: send HTTP Basic credentials');
    request.principal = principal;
    const privilege = route === undefined ? undefined : requiredPrivilege(route, request.method);
    if (privilege && !hasPrivilege(principal, privilege)) {
      throw new WeirError(
        'WEIR_FORBIDDEN',
        `User '${principal.userId}' does not have the privilege '${privilege}'`,
      );
    }
  });
};
