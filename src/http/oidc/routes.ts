/**
 * Sign-in through an OpenID Connect provider (docs/security.md), authorization code flow with
 * PKCE (openid-client):
 *
 *   GET /auth/providers                       the providers the sign-in page offers
 *   GET /auth/oidc/:registrationId/login      stores state, nonce and code verifier, then
 *                                             redirects the browser to the provider
 *   GET /auth/oidc/:registrationId/callback   the provider sends the browser back here: the
 *                                             code is exchanged, the user provisioned, and a
 *                                             session started as by password sign-in
 *   (POST /auth/logout of such a session answers where the browser ends the provider's
 *   session too: provider-logout.ts)
 *
 * No sticky sessions: the login state is a row in PostgreSQL (`weir_oidc_login`), so the
 * callback may reach another node than the one that started the sign-in. The row is taken
 * (deleted) by the callback, so a state works once, and only in the browser that started it:
 * the state also travels in a cookie, so an attacker cannot make a victim's browser complete a
 * sign-in the attacker started (login CSRF) by sending it a callback link.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import Type from 'typebox';
import * as client from 'openid-client';
import { WeirError } from '../../errors.ts';
import type { ClaimMapping } from '../../config/oidc-keys.ts';
import type { Database } from '../../persistence/database.ts';
import { deleteExpiredOidcLogins, insertOidcLogin, takeOidcLogin } from '../../persistence/oidc-login-sql.ts';
import { provisionUser } from '../../engine/user-provisioning.ts';
import { baseUrlOf } from '../rest/urls.ts';
import { Redirect } from '../rest/schemas/common.ts';
import type { Sessions } from '../session/sessions.ts';
import { hashOfToken, sameSecret } from '../session/tokens.ts';
import { identityOf, userIdOf } from './claims.ts';
import type { OidcProvider } from './providers.ts';

export const LOGIN_COOKIE = 'weir_oidc_state';
const COOKIE_PATH = '/auth/oidc/';
/** Read (and removed) by the sign-in page: not HttpOnly. */
export const SIGN_IN_ERROR_COOKIE = 'weir_sign_in_error';
const SHOWN_ON_SIGN_IN_PAGE = new Set(['WEIR_OIDC_SIGN_IN_FAILED', 'WEIR_OIDC_PROVIDER_UNAVAILABLE']);
/** Unfinished sign-ins are swept at most this often, by a node that starts one. */
const SWEEP_EVERY_MS = 10 * 60_000;

export interface OidcRouteOptions {
  readonly db: Database;
  readonly providers: ReadonlyMap<string, OidcProvider>;
  readonly claims: ClaimMapping;
  readonly loginTimeout: number;
  readonly sessions: Sessions;
  readonly trustedProxies: BlockList;
}

const tags = ['Sessions'];
const Params = Type.Object({ registrationId: Type.String({ maxLength: 100 }) });

const failed = (message: string, cause?: unknown) =>
  new WeirError('WEIR_OIDC_SIGN_IN_FAILED', message, cause === undefined ? undefined : { cause });

/** Only a path of this site: anything else would make the sign-in an open redirect. */
const safeReturnTo = (value: string | undefined): string =>
  value !== undefined && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';

/** No connection or no answer in time, anywhere in the error's chain of causes. */
const isUnreachable = (error: unknown): boolean => {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return true;
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
  }
  return false;
};

export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRouteOptions> = async (app, options) => {
  const { db, providers, sessions, trustedProxies } = options;
  let lastSweep = 0;

  const providerOf = (registrationId: string): OidcProvider => {
    const provider = providers.get(registrationId);
    if (!provider)
      throw new WeirError('WEIR_NOT_FOUND', `No identity provider '${registrationId}' is configured`);
    return provider;
  };

  /** As Spring: `{baseUrl}/login/oauth2/code/{registrationId}` there, `{baseUrl}/auth/oidc/{registrationId}/callback` here. */
  const redirectUriOf = (request: FastifyRequest, provider: OidcProvider): string => {
    const base = baseUrlOf(request, trustedProxies);
    const template = provider.registration.redirectUri ?? '{baseUrl}/auth/oidc/{registrationId}/callback';
    return template.replaceAll('{baseUrl}', base).replaceAll('{registrationId}', provider.registration.id);
  };

  const loginCookie = (request: FastifyRequest) => ({
    path: COOKIE_PATH,
    httpOnly: true,
    secure: sessions.isSecure(request),
    // Lax: the provider's redirect back is a top-level GET from another site, which must carry it.
    sameSite: 'lax' as const,
  });

  app.get(
    '/auth/providers',
    {
      config: { open: true },
      schema: {
        tags,
        summary: 'The identity providers the sign-in page offers',
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), loginUrl: Type.String() })),
        },
      },
    },
    () =>
      [...providers.values()].map(({ registration }) => ({
        id: registration.id,
        name: registration.name,
        loginUrl: `auth/oidc/${encodeURIComponent(registration.id)}/login`,
      })),
  );

  app.get(
    '/auth/oidc/:registrationId/login',
    {
      config: { open: true },
      schema: {
        tags,
        summary: 'Start signing in with an identity provider (redirects to it)',
        params: Params,
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 302: Redirect("To the identity provider's authorization endpoint") },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.registrationId);
      const now = new Date();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await insertOidcLogin(db, {
        stateHash: hashOfToken(state),
        registrationId: provider.registration.id,
        nonce,
        codeVerifier,
        returnTo: safeReturnTo(request.query.returnTo),
        now,
        expiresAt: new Date(now.getTime() + options.loginTimeout),
      });
      if (now.getTime() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now.getTime();
        await deleteExpiredOidcLogins(db, now);
      }
      const url = client.buildAuthorizationUrl(provider.client, {
        redirect_uri: redirectUriOf(request, provider),
        scope: provider.registration.scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      request.log.info({ registration: provider.registration.id }, 'OpenID Connect sign-in started');
      reply.setCookie(LOGIN_COOKIE, state, {
        ...loginCookie(request),
        maxAge: Math.ceil(options.loginTimeout / 1000),
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/auth/oidc/:registrationId/callback',
    {
      config: { open: true },
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back',
        params: Params,
        // The provider's parameters (code, state, iss, session_state, error, ...) are read by openid-client.
        querystring: Type.Object(
          { state: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: true },
        ),
        response: {
          303: Redirect(
            'Signed in: to returnTo, with the session cookie. A browser whose sign-in failed goes to the sign-in page, which shows why',
          ),
        },
      },
    },
    async (request, reply) =>
      completeSignIn(request, reply, request.params.registrationId, request.query.state).catch(
        (error: unknown) => backToSignIn(request, reply, error),
      ),
  );

  /**
   * A browser whose sign-in failed goes back to the sign-in page, which shows why: the message
   * travels in a cookie this site sets (a query parameter would let any link put words of its
   * choosing on the page). Other clients get the error as JSON.
   */
  const backToSignIn = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    const shown = error instanceof WeirError && SHOWN_ON_SIGN_IN_PAGE.has(error.code);
    if (!shown || !(request.headers.accept ?? '').includes('text/html')) throw error;
    request.log.info({ status: error.status, reason: error.message }, 'OpenID Connect sign-in refused');
    reply.setCookie(SIGN_IN_ERROR_COOKIE, error.message, {
      path: '/',
      secure: sessions.isSecure(request),
      sameSite: 'strict',
      maxAge: 60,
    });
    return reply.redirect('/', 303);
  };

  const completeSignIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    registrationId: string,
    state: string | undefined,
  ) => {
    const provider = providerOf(registrationId);
    const cookie = request.cookies[LOGIN_COOKIE];
    reply.clearCookie(LOGIN_COOKIE, loginCookie(request));
    if (state === undefined) throw failed('The identity provider sent the browser back without a state');
    if (cookie === undefined || !sameSecret(cookie, state)) {
      throw failed('This sign-in was not started in this browser (or its cookie expired): sign in again');
    }
    const login = await takeOidcLogin(db, hashOfToken(state), new Date());
    if (!login || login.registrationId !== registrationId) {
      throw failed('This sign-in is unknown, was completed already, or took too long: sign in again');
    }
    const redirectUri = redirectUriOf(request, provider);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(provider.client, new URL(redirectUri + query), {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token;
      const idClaims: Record<string, unknown> = tokens.claims() ?? {};
      // Many providers put profile and group claims in the userinfo answer only (oidc-provider,
      // Okta), as Spring reads them.
      const userInfo = provider.client.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(provider.client, tokens.access_token, String(idClaims.sub))
        : {};
      claims = { ...userInfo, ...idClaims };
    } catch (error) {
      if (isUnreachable(error)) {
        throw new WeirError(
          'WEIR_OIDC_PROVIDER_UNAVAILABLE',
          `The identity provider '${registrationId}' did not answer: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      const reason =
        error instanceof client.AuthorizationResponseError
          ? `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`
          : error instanceof Error
            ? error.message
            : String(error);
      throw failed(`Signing in with '${registrationId}' failed: ${reason}`, error);
    }
    const attribute = provider.registration.userNameAttribute;
    const userId = userIdOf(claims, attribute);
    if (userId === undefined) {
      throw failed(`The identity provider '${registrationId}' named no user in the claim '${attribute}'`);
    }
    const provisioned = await provisionUser(db, identityOf(claims, userId, options.claims));
    // the ID token is kept with the session for the provider logout at sign-out (provider-logout.ts)
    await sessions.signIn(
      request,
      reply,
      userId,
      idToken === undefined ? undefined : { registrationId, idToken },
    );
    request.log.info(
      {
        registration: registrationId,
        userId,
        created: provisioned.created,
        groupsAdded: provisioned.added,
        groupsRemoved: provisioned.removed,
      },
      'OpenID Connect sign-in completed',
    );
    return reply.redirect(login.returnTo, 303);
  };
};
