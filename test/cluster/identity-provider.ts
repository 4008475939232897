/**
 * A real OpenID Connect provider for tests: `oidc-provider` over HTTPS on 127.0.0.1, with its
 * own development login form (any login, any password; the login is the account id), the
 * accounts a test gives it, and these clients:
 *
 *   weir              Weir's sign-in: authorization code with PKCE, client_secret_basic;
 *                     RP-initiated logout back to the given post-logout URIs
 *   robots            services calling the REST API: client credentials, JWT access tokens
 *                     for the resource `API_RESOURCE` (audience `API_AUDIENCE`); the tokens
 *                     of a robot whose id ends in `-brief` live one second (expired tokens)
 *
 * Access tokens for the API carry `preferred_username` and `groups`, as Keycloak's do with the
 * matching mappers. The provider's signing key is an EC P-256 key made per run, so nothing
 * secret is committed.
 */
import { createServer, request, type Server } from 'node:https';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

export const API_RESOURCE = 'https://weir.test/api';
export const API_AUDIENCE = 'weir-api';
export const CLIENT_SECRET = 'weir-client-secret-for-tests-only';
export const ROBOT_SECRET = 'weir-robot-secret-for-tests-only';
export const SIGNING_KID = 'test-provider-key-1';

export interface Account {
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  /** Changed by a test between two sign-ins: the provider reads it at each one. */
  groups: string[];
}

export interface TestIdentityProvider {
  readonly issuer: string;
  readonly server: Server;
  /** A client-credentials access token for the API, naming the robot in `preferred_username`. */
  robotToken(robot: string): Promise<string>;
  stop(): Promise<void>;
}

export const startIdentityProvider = async (options: {
  readonly port: number;
  readonly certificate: Buffer;
  readonly certificateKey: Buffer;
  /** Where the provider may send the browser back to. */
  readonly redirectUris: readonly string[];
  /** Where the provider may send the browser after ending its session (RP-initiated logout). */
  readonly postLogoutRedirectUris: readonly string[];
  readonly accounts: ReadonlyMap<string, Account>;
  /** Client ids of the services. */
  readonly robots: readonly string[];
  /** Groups in the robots' tokens. */
  readonly robotGroups: readonly string[];
}): Promise<TestIdentityProvider> => {
  const issuer = `https://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: SIGNING_KID, alg: 'ES256', use: 'sig' };
  const robot = (clientId: string) => ({
    client_id: clientId,
    client_secret: ROBOT_SECRET,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    id_token_signed_response_alg: 'ES256' as const,
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'weir',
        client_secret: CLIENT_SECRET,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [...options.redirectUris],
        post_logout_redirect_uris: [...options.postLogoutRedirectUris],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256' as const,
      },
      ...options.robots.map(robot),
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['a-cookie-key-for-the-test-provider-only'] },
    scopes: ['openid', 'profile', 'email', 'groups', 'api'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => {
      const account = options.accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          preferred_username: id,
          name: account.name,
          given_name: account.givenName,
          family_name: account.familyName,
          email: account.email,
          groups: [...account.groups],
        }),
      };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Sign-in asks for no resource: its access token is for the userinfo endpoint.
        defaultResource: () => undefined,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'api',
            audience: API_AUDIENCE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) =>
      token.kind === 'ClientCredentials'
        ? { preferred_username: token.clientId, groups: [...options.robotGroups] }
        : undefined,
    ttl: {
      ClientCredentials: (_ctx, _token, client) => (client.clientId.endsWith('-brief') ? 1 : 600),
    },
  });
  const server = createServer(
    { cert: options.certificate, key: options.certificateKey },
    provider.callback(),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  /** The token endpoint over HTTPS that trusts the test certificate (Node's fetch cannot be told to). */
  const postToken = (client: string) =>
    new Promise<{ access_token?: string }>((resolve, reject) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'api',
        resource: API_RESOURCE,
      });
      const req = request(
        `${issuer}/token`,
        {
          method: 'POST',
          ca: options.certificate,
          agent: false,
          headers: {
            authorization: `Basic ${Buffer.from(`${client}:${ROBOT_SECRET}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text) as { access_token?: string }));
        },
      );
      req.on('error', reject);
      req.end(body.toString());
    });
  return {
    issuer,
    server,
    async robotToken(robot) {
      const body = await postToken(robot);
      if (!body.access_token) throw new Error(`no token from the provider: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
