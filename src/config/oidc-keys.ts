import { WeirError } from '../errors.ts';
import { duration, list, oneOf, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * OpenID Connect (docs/security.md): sign-in through a provider and bearer tokens on the REST
 * API. Spring Security's names, so a Flowable configuration carries over:
 * `spring.security.oauth2.client.registration.<id>.*` and `...client.provider.<id>.*` for the
 * browser sign-in (`<id>` names the registration, e.g. `keycloak`), and
 * `spring.security.oauth2.resourceserver.jwt.*` for bearer tokens. The claims that carry a
 * user's name, e-mail and groups use the names of Flowable's UI apps
 * (`flowable.common.app.security.oauth2.*`).
 */

/**
 * Stands for the registration or provider id in a key; see `relaxed.ts`. Such keys have no
 * `default`: it would be a value for a registration literally named `<id>`.
 */
export const ID_PLACEHOLDER = '<id>';

const registration = `spring.security.oauth2.client.registration.${ID_PLACEHOLDER}.`;
const provider = `spring.security.oauth2.client.provider.${ID_PLACEHOLDER}.`;
const resourceServer = 'spring.security.oauth2.resourceserver.jwt.';
const mapper = 'flowable.common.app.security.oauth2.';

export const oidcKeys: readonly ConfigKey[] = [
  {
    key: `${registration}client-id`,
    type: string,
    unsetMeaning: 'no OpenID Connect sign-in',
    description:
      'Client id of Weir at the provider; setting it turns on "Sign in with ..." for registration `<id>`.',
  },
  {
    key: `${registration}client-secret`,
    type: string,
    unsetMeaning: 'a public client (PKCE only)',
    secret: true,
    description: 'Client secret, sent to the token endpoint (`client_secret_basic`).',
  },
  {
    key: `${registration}client-name`,
    type: string,
    unsetMeaning: 'the registration id',
    description: 'Provider name shown on the sign-in page: "Sign in with <client-name>".',
  },
  {
    key: `${registration}scope`,
    type: list,
    unsetMeaning: '`openid,profile,email`',
    description: 'Scopes asked for; `openid` is added when missing.',
  },
  {
    key: `${registration}redirect-uri`,
    type: string,
    unsetMeaning: '`{baseUrl}/auth/oidc/<id>/callback`, from the request as the browser sent it',
    description:
      'Callback URL registered at the provider. `{baseUrl}` and `{registrationId}` are replaced as in Spring.',
  },
  {
    key: `${registration}provider`,
    type: string,
    unsetMeaning: 'the registration id',
    description: 'Which `spring.security.oauth2.client.provider.<id>` this registration uses.',
  },
  {
    key: `${registration}authorization-grant-type`,
    type: oneOf('authorization_code'),
    unsetMeaning: '`authorization_code`',
    description:
      'Accepted for Spring configurations; Weir signs in with the authorization code flow and PKCE.',
  },
  {
    key: `${provider}issuer-uri`,
    type: string,
    unsetMeaning: 'required for each provider a registration uses',
    description:
      "The provider's issuer; its `/.well-known/openid-configuration` is read at boot, which fails when it does not answer.",
  },
  {
    key: `${provider}user-name-attribute`,
    type: string,
    unsetMeaning: '`sub`',
    description:
      'Claim whose value is the Weir user id (e.g. `preferred_username`), in ID tokens and bearer tokens.',
  },
  {
    key: `${resourceServer}issuer-uri`,
    type: string,
    unsetMeaning: 'no bearer tokens',
    description:
      "Issuer whose JWT access tokens the REST API accepts as `Authorization: Bearer`, checked with the issuer's keys (JWKS).",
  },
  {
    key: `${resourceServer}audiences`,
    type: list,
    unsetMeaning: 'any audience',
    description: 'Audiences a bearer token must name one of in `aud`.',
  },
  // Keys rotate at the provider; an unknown `kid` makes Weir fetch the key set again, but not
  // more often than this, so a flood of forged tokens with made-up kids cannot turn each node
  // into a client hammering the provider.
  {
    key: 'weir.oidc.jwks-refetch-interval',
    type: duration(0),
    default: 'PT30S',
    description: "Least time between two fetches of the issuer's key set (JWKS) for an unknown key id.",
  },
  // Ten minutes covers a user who reads the provider's login page, fetches a one-time code
  // from a phone and types it; a state that lives longer only widens the window for replay.
  {
    key: 'weir.oidc.login-timeout',
    type: duration(1000),
    default: 'PT10M',
    description: 'How long a started sign-in waits for its callback before it must be started again.',
  },
  {
    key: `${mapper}groups-attribute`,
    type: string,
    unsetMeaning: 'group memberships are not taken from the provider',
    description:
      "Claim listing the user's groups (an array, or a comma-separated string). Group memberships are set from it at each sign-in; in a bearer token it gives the groups of the request.",
  },
  {
    key: `${mapper}default-groups`,
    type: list,
    unsetMeaning: 'none',
    description: 'Groups every user signed in through OpenID Connect belongs to, besides those of the claim.',
  },
  {
    key: `${mapper}first-name-attribute`,
    type: string,
    default: 'given_name',
    description: "Claim holding the user's first name.",
  },
  {
    key: `${mapper}last-name-attribute`,
    type: string,
    default: 'family_name',
    description: "Claim holding the user's last name.",
  },
  {
    key: `${mapper}full-name-attribute`,
    type: string,
    default: 'name',
    description: "Claim holding the user's display name.",
  },
  {
    key: `${mapper}email-attribute`,
    type: string,
    default: 'email',
    description: "Claim holding the user's e-mail address.",
  },
];

export interface OidcRegistration {
  /** `<id>` of `spring.security.oauth2.client.registration.<id>`; in the callback path. */
  readonly id: string;
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  readonly redirectUri?: string;
  readonly issuer: string;
  /** `<id>` of the `spring.security.oauth2.client.provider.<id>` the issuer comes from. */
  readonly providerId: string;
  readonly userNameAttribute: string;
}

export interface ClaimMapping {
  readonly groupsAttribute?: string;
  readonly defaultGroups: readonly string[];
  readonly firstNameAttribute: string;
  readonly lastNameAttribute: string;
  readonly fullNameAttribute: string;
  readonly emailAttribute: string;
}

export interface OidcConfig {
  readonly registrations: readonly OidcRegistration[];
  /** Bearer tokens; absent: the REST API accepts none. */
  readonly resourceServer?: {
    readonly issuer: string;
    readonly audiences: readonly string[];
    readonly userNameAttribute: string;
  };
  readonly claims: ClaimMapping;
  readonly jwksRefetchInterval: number;
  readonly loginTimeout: number;
}

const missing = (key: string, why: string) =>
  new WeirError('WEIR_CONFIG_BAD_VALUE', `'${key}' is not set: ${why}`);

/** The ids given for a template key, from the concrete keys that were set. */
const idsOf = (keys: Iterable<string>, template: string): string[] => {
  const [before, after] = template.split(ID_PLACEHOLDER);
  const ids = new Set<string>();
  for (const key of keys) {
    if (key.startsWith(before) && key.endsWith(after) && key.length > before.length + after.length)
      ids.add(key.slice(before.length, key.length - after.length));
  }
  return [...ids].sort();
};

const at = (template: string, id: string) => template.replace(ID_PLACEHOLDER, id);

export const oidcConfigOf = (value: <T>(key: string) => T, setKeys: Iterable<string>): OidcConfig => {
  const keys = [...setKeys];
  const registrations = registrationIdsOf(keys).map((id): OidcRegistration => {
    const clientIdKey = at(`${registration}client-id`, id);
    const clientId = value<string | undefined>(clientIdKey);
    if (!clientId) throw missing(clientIdKey, `registration '${id}' has other settings but no client id`);
    const providerId = value<string | undefined>(at(`${registration}provider`, id)) ?? id;
    const issuerKey = at(`${provider}issuer-uri`, providerId);
    const issuer = value<string | undefined>(issuerKey);
    if (!issuer) throw missing(issuerKey, `registration '${id}' needs its provider's issuer`);
    const scopes = value<string[]>(at(`${registration}scope`, id)) ?? ['openid', 'profile', 'email'];
    return {
      id,
      name: value<string | undefined>(at(`${registration}client-name`, id)) ?? id,
      clientId,
      clientSecret: value(at(`${registration}client-secret`, id)),
      scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
      redirectUri: value(at(`${registration}redirect-uri`, id)),
      issuer,
      providerId,
      userNameAttribute: value<string | undefined>(at(`${provider}user-name-attribute`, providerId)) ?? 'sub',
    };
  });
  const bearerIssuer = value<string | undefined>(`${resourceServer}issuer-uri`);
  // A bearer token names its user with the claim the provider of the same issuer is set up with.
  const sameIssuer = registrations.find((r) => r.issuer === bearerIssuer);
  return {
    registrations,
    resourceServer: bearerIssuer
      ? {
          issuer: bearerIssuer,
          audiences: value<string[] | undefined>(`${resourceServer}audiences`) ?? [],
          userNameAttribute: sameIssuer?.userNameAttribute ?? 'sub',
        }
      : undefined,
    claims: {
      groupsAttribute: value(`${mapper}groups-attribute`),
      defaultGroups: value<string[] | undefined>(`${mapper}default-groups`) ?? [],
      firstNameAttribute: value(`${mapper}first-name-attribute`),
      lastNameAttribute: value(`${mapper}last-name-attribute`),
      fullNameAttribute: value(`${mapper}full-name-attribute`),
      emailAttribute: value(`${mapper}email-attribute`),
    },
    jwksRefetchInterval: value('weir.oidc.jwks-refetch-interval'),
    loginTimeout: value('weir.oidc.login-timeout'),
  };
};

/** Every registration id that any `registration.<id>.*` key was given for. */
const registrationIdsOf = (keys: readonly string[]): string[] => {
  const ids = new Set<string>();
  for (const entry of oidcKeys) {
    if (entry.key.startsWith(registration)) for (const id of idsOf(keys, entry.key)) ids.add(id);
  }
  return [...ids].sort();
};
