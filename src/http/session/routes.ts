/**
 * Sign-in and sign-out for the browser app (docs/ui.md):
 *
 *   POST /auth/login    {username, password} -> the session cookie, and the page's CSRF token
 *   GET  /auth/session  who the request is, with the CSRF token of its cookie
 *   POST /auth/logout   ends the session on every node (its row is deleted) and clears the cookie
 *
 * A failed sign-in counts against the same throttle as a failed Basic credential.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Principal } from '../../engine/authorization.ts';
import type { Queryable } from '../../persistence/database.ts';
import { authenticateThrottled, principalOf } from '../auth/basic-auth.ts';
import type { CredentialCache } from '../auth/credential-cache.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { Sessions } from './sessions.ts';
import { NoContent } from '../rest/schemas/common.ts';
import type { ProviderLogout } from '../oidc/provider-logout.ts';

export interface SessionRouteOptions {
  readonly db: Queryable;
  readonly cache: CredentialCache;
  readonly throttle: LoginThrottle;
  readonly sessions: Sessions;
  /** Where a browser goes to end an identity provider's session too (oidc/provider-logout.ts). */
  readonly providerLogout?: ProviderLogout;
}

const tags = ['Sessions'];

const SessionAnswer = Type.Object({
  userId: Type.String(),
  groups: Type.Array(Type.String()),
  privileges: Type.Array(Type.String()),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

const answerOf = (principal: Principal) => ({
  userId: principal.userId,
  groups: [...principal.groups],
  privileges: [...principal.privileges],
});

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRouteOptions> = async (app, options) => {
  const { sessions } = options;

  app.post(
    '/auth/login',
    {
      config: { open: true },
      schema: {
        tags,
        summary: 'Sign in and receive a session cookie',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 255 }),
            password: Type.String({ maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionAnswer },
      },
    },
    async (request, reply) => {
      // a page of another site must not sign the browser into an account of the attacker's
      sessions.checkOrigin(request, false);
      const { username, password } = request.body;
      const principal = await authenticateThrottled(request, options, username, password);
      const csrfToken = await sessions.signIn(request, reply, principal.userId);
      return { ...answerOf(principal), csrfToken };
    },
  );

  app.get(
    '/auth/session',
    { schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: SessionAnswer } } },
    (request) => {
      const principal = principalOf(request);
      return { ...answerOf(principal), csrfToken: sessions.csrfOf(request) ?? null };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: end the session on every node (and at the identity provider that started it)',
        response: {
          200: Type.Object(
            {
              logoutUrl: Type.String({
                description:
                  "The session came from an identity provider that ends sessions: send the browser here (the provider's end_session_endpoint), which sends it back to Weir",
              }),
            },
            { additionalProperties: false },
          ),
          204: NoContent,
        },
      },
    },
    async (request, reply) => {
      const provider = await sessions.signOut(request, reply);
      const logoutUrl = provider && options.providerLogout?.(request, provider);
      if (logoutUrl) return { logoutUrl };
      return reply.code(204).send();
    },
  );
};
