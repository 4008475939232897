/**
 * Browser sessions: sign-in, the cookie, and who a cookie's request is (docs/ui.md).
 *
 * A request with a session cookie and no Basic credential is authenticated here. Its session
 * must be in the database (any node may have created it) and live: neither idle longer than
 * `weir.session.idle-timeout` nor older than `weir.session.max-age`. The user's groups and
 * privileges are read on each request, so a privilege taken away counts at once.
 *
 * Cross-site request forgery: a browser sends the cookie with requests another site makes it
 * send. So a request that changes anything (every method but GET, HEAD, OPTIONS) made with the
 * cookie must carry `X-CSRF-Token` (which only a page of this origin can have read) and, when
 * the browser names an `Origin`, it must be this server's own. A WebSocket upgrade cannot carry
 * the header, so with a cookie it must name this origin: browsers always send `Origin` there.
 * Requests with Basic credentials carry no ambient authority and need neither.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import { WeirError } from '../../errors.ts';
import type { Principal } from '../../engine/authorization.ts';
import type { Queryable } from '../../persistence/database.ts';
import { groupIdsOfUser, privilegeNamesOfUser } from '../../persistence/idm-sql.ts';
import {
  deleteDeadSessions,
  deleteSession,
  findLiveSession,
  insertSession,
  touchSession,
  type SessionProvider,
} from '../../persistence/sessions-sql.ts';
import { baseUrlOf } from '../rest/urls.ts';
import { csrfTokenOf, hashOfToken, newSessionToken, sameSecret } from './tokens.ts';

export const SESSION_COOKIE = 'weir_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * `last_seen_at` is written at most once a minute per session: a write on every request would
 * double the database's work for a busy page, and idle expiry needs no finer grain.
 */
const TOUCH_EVERY_MS = 60_000;
/** Dead sessions are swept at most this often, by a node that signs someone in. */
const SWEEP_EVERY_MS = 10 * 60_000;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionSettings {
  readonly db: Queryable;
  readonly idleMs: number;
  readonly maxAgeMs: number;
  readonly trustedProxies: BlockList;
  readonly now?: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session token of a request authenticated by its cookie. */
    sessionToken?: string;
  }
}

export class Sessions {
  readonly #settings: SessionSettings;
  #lastSweep = 0;

  constructor(settings: SessionSettings) {
    this.#settings = settings;
  }

  #now(): Date {
    return this.#settings.now?.() ?? new Date();
  }

  /** Over HTTPS, directly or behind a trusted proxy that says so in `X-Forwarded-Proto`. */
  isSecure(request: FastifyRequest): boolean {
    return baseUrlOf(request, this.#settings.trustedProxies).startsWith('https:');
  }

  /** `https://host:port` as the browser sees this server. */
  #origin(request: FastifyRequest): string {
    const base = baseUrlOf(request, this.#settings.trustedProxies);
    return new URL(base).origin;
  }

  /** Refuses a request whose `Origin` names another site; `required` when a browser always sends one. */
  checkOrigin(request: FastifyRequest, required: boolean): void {
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (required)
        throw new WeirError('WEIR_ORIGIN_REFUSED', 'A request with the session cookie must name its Origin');
      return;
    }
    if (origin !== this.#origin(request)) {
      throw new WeirError('WEIR_ORIGIN_REFUSED', `Requests from origin '${origin}' are refused`);
    }
  }

  /** Starts a session; `provider` when the user signed in through OpenID Connect. */
  async signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    provider?: SessionProvider,
  ): Promise<string> {
    const { db, maxAgeMs, idleMs } = this.#settings;
    const now = this.#now();
    const token = newSessionToken();
    await insertSession(db, {
      tokenHash: hashOfToken(token),
      userId,
      now,
      expiresAt: new Date(now.getTime() + maxAgeMs),
      provider,
    });
    if (now.getTime() - this.#lastSweep > SWEEP_EVERY_MS) {
      this.#lastSweep = now.getTime();
      await deleteDeadSessions(db, now, idleMs);
    }
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: this.isSecure(request),
      sameSite: 'lax',
      maxAge: Math.floor(maxAgeMs / 1000),
    });
    return csrfTokenOf(token);
  }

  /** Ends the session on every node; answers the provider it came from, for a provider logout. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<SessionProvider | undefined> {
    const token = request.sessionToken;
    const provider =
      token === undefined ? undefined : await deleteSession(this.#settings.db, hashOfToken(token));
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      secure: this.isSecure(request),
      sameSite: 'lax',
    });
    return provider;
  }

  /** The principal of a request carrying a live session cookie, or undefined without a cookie. */
  async principalOf(request: FastifyRequest): Promise<Principal | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') return undefined;
    const { db, idleMs } = this.#settings;
    const now = this.#now();
    const tokenHash = hashOfToken(token);
    const session = await findLiveSession(db, tokenHash, now, idleMs);
    if (!session)
      throw new WeirError('WEIR_SESSION_ENDED', 'The session has ended or expired: sign in again');
    const upgrade = request.headers.upgrade !== undefined;
    if (upgrade) this.checkOrigin(request, true);
    else if (!SAFE_METHODS.has(request.method)) {
      this.checkOrigin(request, false);
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenOf(token))) {
        throw new WeirError(
          'WEIR_CSRF_TOKEN_INVALID',
          `A request with the session cookie that changes something needs the header X-CSRF-Token (from GET /auth/session)`,
        );
      }
    }
    const touchEvery = Math.min(TOUCH_EVERY_MS, idleMs / 4);
    if (now.getTime() - session.lastSeenAt.getTime() > touchEvery) await touchSession(db, tokenHash, now);
    const [groups, privileges] = await Promise.all([
      groupIdsOfUser(db, session.userId),
      privilegeNamesOfUser(db, session.userId),
    ]);
    request.sessionToken = token;
    return { userId: session.userId, groups, privileges };
  }

  /** What `GET /auth/session` tells the page: the CSRF token of its cookie, and when it ends. */
  csrfOf(request: FastifyRequest): string | undefined {
    return request.sessionToken === undefined ? undefined : csrfTokenOf(request.sessionToken);
  }
}
