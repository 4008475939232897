/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): signing out of a session that
 * an identity provider started also ends the user's session at the provider, when the provider
 * advertises an `end_session_endpoint`. Otherwise the next "Sign in with ..." would go straight
 * through on the provider's session, and signing out of Weir would not sign anyone out.
 *
 * Weir cannot call the provider for the browser (the provider's session is the browser's
 * cookie there), so sign-out answers where to send the browser: the provider's endpoint with
 * the session's ID token as `id_token_hint` and Weir's own root as `post_logout_redirect_uri`
 * (which the provider must have registered for the client, as with Spring's
 * `OidcClientInitiatedLogoutSuccessHandler` and `{baseUrl}`).
 */
import type { FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import * as client from 'openid-client';
import type { SessionProvider } from '../../persistence/sessions-sql.ts';
import { baseUrlOf } from '../rest/urls.ts';
import type { OidcProvider } from './providers.ts';

/** Where to send a browser whose session `provider` started; undefined when nowhere. */
export type ProviderLogout = (request: FastifyRequest, provider: SessionProvider) => string | undefined;

export const providerLogout =
  (providers: ReadonlyMap<string, OidcProvider>, trustedProxies: BlockList): ProviderLogout =>
  (request, { registrationId, idToken }) => {
    // a registration removed from the configuration since the sign-in: nothing to end
    const provider = providers.get(registrationId);
    if (!provider?.client.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(provider.client, {
      id_token_hint: idToken,
      post_logout_redirect_uri: `${baseUrlOf(request, trustedProxies)}/`,
    }).href;
  };
