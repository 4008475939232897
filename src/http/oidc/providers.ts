/**
 * The identity providers a node signs users in with, discovered at boot from each issuer's
 * `/.well-known/openid-configuration` (openid-client). A provider that does not answer stops
 * the boot with a message naming the key: a node that started without it would show a
 * "Sign in with ..." button that fails for every user.
 */
import * as client from 'openid-client';
import { WeirError } from '../../errors.ts';
import type { OidcConfig, OidcRegistration } from '../../config/oidc-keys.ts';

export interface OidcProvider {
  readonly registration: OidcRegistration;
  readonly client: client.Configuration;
}

/** Ten seconds: a provider slower than that at boot is as good as down for users too. */
const DISCOVERY_TIMEOUT_S = 10;

const reasonOf = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
};

/** The discovered configuration of `issuer`; `key` names where the issuer was configured. */
export const discover = async (
  issuer: string,
  key: string,
  clientId: string,
  clientSecret?: string,
): Promise<client.Configuration> => {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      `Bad value '${issuer}' for '${key}': expected an https:// URL`,
    );
  }
  try {
    return await client.discovery(
      url,
      clientId,
      undefined,
      clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
      { timeout: DISCOVERY_TIMEOUT_S },
    );
  } catch (error) {
    throw new WeirError(
      'WEIR_OIDC_PROVIDER_UNAVAILABLE',
      `The OpenID Connect issuer '${issuer}' of '${key}' cannot be discovered: ${reasonOf(error)}`,
      { cause: error },
    );
  }
};

export const discoverProviders = async (config: OidcConfig): Promise<Map<string, OidcProvider>> => {
  const providers = new Map<string, OidcProvider>();
  for (const registration of config.registrations) {
    const key = `spring.security.oauth2.client.provider.${registration.providerId}.issuer-uri`;
    const discovered = await discover(
      registration.issuer,
      key,
      registration.clientId,
      registration.clientSecret,
    );
    providers.set(registration.id, { registration, client: discovered });
  }
  return providers;
};
