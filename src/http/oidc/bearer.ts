/**
 * Bearer tokens on the REST API (`Authorization: Bearer <JWT>`, docs/security.md): JWT access
 * tokens of `spring.security.oauth2.resourceserver.jwt.issuer-uri`, as Spring's resource server
 * checks them: the signature against the issuer's key set (JWKS), `iss`, `exp`, `nbf`, and
 * `aud` when audiences are configured. The key set is fetched once and kept; a token signed
 * with a key id not in it makes jose fetch the set again (the provider rotated its keys), but
 * not more often than `weir.oidc.jwks-refetch-interval`, so forged tokens with made-up key ids
 * cannot make a node hammer the provider.
 *
 * The user is the claim `user-name-attribute`, unless that names a user with a password (Weir's
 * own, such as the bootstrap admin), which the provider does not speak for; its groups are those of the token's groups claim
 * when the token has one (as Flowable's JWT mapper reads them), else its memberships in Weir.
 * Privileges are Weir's: those granted to the user or to those groups.
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { WeirError } from '../../errors.ts';
import type { Principal } from '../../engine/authorization.ts';
import type { ClaimMapping, OidcConfig } from '../../config/oidc-keys.ts';
import type { Queryable } from '../../persistence/database.ts';
import { getUser, groupIdsOfUser, privilegeNamesOfUserInGroups } from '../../persistence/idm-sql.ts';
import { groupsOf, userIdOf } from './claims.ts';
import { discover } from './providers.ts';

const ISSUER_KEY = 'spring.security.oauth2.resourceserver.jwt.issuer-uri';

/** RFC 6750 token characters. */
const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i;

export const bearerTokenOf = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : BEARER.exec(header)?.[1];

export const isBearerHeader = (header: string | undefined): boolean =>
  header !== undefined && /^Bearer\s/i.test(header);

/** A 401 whose `WWW-Authenticate` says why, as RFC 6750 asks (`http/errors.ts` sends it). */
export const refused = (description: string, error = 'invalid_token'): WeirError =>
  new WeirError('WEIR_BEARER_TOKEN_INVALID', `Bearer token refused: ${description}`, {
    details: {
      wwwAuthenticate: `Bearer realm="Weir", error="${error}", error_description="${description.replace(/["\\]/g, '')}"`,
    },
  });

const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'iss') return 'the token was issued by another issuer';
    if (error.claim === 'aud') return 'the token is meant for another audience';
    return `the token's claim '${error.claim}' is not acceptable`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the token is signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'the token is not a well-formed JWT';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'the token is signed with an algorithm the issuer does not use';
  return 'the token cannot be verified';
};

export class BearerTokens {
  readonly #issuer: string;
  readonly #audiences: readonly string[];
  readonly #userNameAttribute: string;
  readonly #claims: ClaimMapping;
  readonly #keys: JWTVerifyGetKey;
  readonly #db: Queryable;

  constructor(settings: {
    issuer: string;
    audiences: readonly string[];
    userNameAttribute: string;
    claims: ClaimMapping;
    jwksUri: URL;
    refetchInterval: number;
    db: Queryable;
  }) {
    this.#issuer = settings.issuer;
    this.#audiences = settings.audiences;
    this.#userNameAttribute = settings.userNameAttribute;
    this.#claims = settings.claims;
    this.#db = settings.db;
    this.#keys = createRemoteJWKSet(settings.jwksUri, {
      cooldownDuration: settings.refetchInterval,
      timeoutDuration: 5_000,
    });
  }

  /** Discovers the issuer's key set at boot; undefined when no resource server is configured. */
  static async fromConfig(config: OidcConfig, db: Queryable): Promise<BearerTokens | undefined> {
    const server = config.resourceServer;
    if (!server) return undefined;
    const sameIssuer = config.registrations.find((r) => r.issuer === server.issuer);
    // Discovery needs a client id but uses it for nothing; a registration's is as good as any.
    const discovered = await discover(server.issuer, ISSUER_KEY, sameIssuer?.clientId ?? 'weir');
    const jwksUri = discovered.serverMetadata().jwks_uri;
    if (!jwksUri) {
      throw new WeirError(
        'WEIR_OIDC_PROVIDER_UNAVAILABLE',
        `The issuer '${server.issuer}' of '${ISSUER_KEY}' publishes no jwks_uri to check tokens with`,
      );
    }
    return new BearerTokens({
      ...server,
      claims: config.claims,
      jwksUri: new URL(jwksUri),
      refetchInterval: config.jwksRefetchInterval,
      db,
    });
  }

  async principalOf(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#issuer,
        audience: this.#audiences.length > 0 ? [...this.#audiences] : undefined,
      }));
    } catch (error) {
      // The issuer's key set could not be fetched: not the token's fault, and not a 401.
      if (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_TIMEOUT') {
        throw new WeirError(
          'WEIR_OIDC_PROVIDER_UNAVAILABLE',
          `The key set of '${this.#issuer}' did not answer`,
        );
      }
      if (error instanceof errors.JOSEError) throw refused(reasonOf(error));
      if (error instanceof TypeError && error.message === 'fetch failed') {
        throw new WeirError(
          'WEIR_OIDC_PROVIDER_UNAVAILABLE',
          `The key set of '${this.#issuer}' cannot be fetched`,
        );
      }
      throw error;
    }
    const userId = userIdOf(payload, this.#userNameAttribute);
    if (userId === undefined)
      throw refused(`the token names no user in the claim '${this.#userNameAttribute}'`);
    // As at sign-in (engine/user-provisioning.ts): the provider does not speak for Weir's own users.
    if ((await getUser(this.#db, userId))?.passwordHash) {
      throw refused(`the token names '${userId}', a user of Weir's own with a password`);
    }
    const groups = groupsOf(payload, this.#claims) ?? (await groupIdsOfUser(this.#db, userId));
    const privileges = await privilegeNamesOfUserInGroups(this.#db, userId, groups);
    return { userId, groups, privileges };
  }
}
