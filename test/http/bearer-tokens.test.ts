/**
 * Bearer tokens and the issuer's key set (docs/security.md): the keys are fetched from a real
 * HTTP server that the test can rotate, and that counts how often it is asked. A token signed
 * with a key published after the last fetch is accepted after one more fetch (key rotation);
 * a flood of tokens with made-up key ids makes no more fetches than the refetch interval allows.
 * (test/cluster/oidc.test.ts runs the same checks against a real provider behind nginx.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerTokens } from '../../src/http/oidc/bearer.ts';
import { grantPrivilege, insertGroup } from '../../src/persistence/idm-sql.ts';
import { isWeirError } from '../../src/errors.ts';
import { createHttpHarness, type HttpHarness } from './harness.ts';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'weir-api';

let h: HttpHarness;
let server: Server;
let jwksUri: URL;
/** What the key-set endpoint publishes now, and how often it was asked. */
let published: JWK[] = [];
let fetches = 0;

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

const newKey = async (kid: string): Promise<SigningKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
};

interface TokenOptions {
  readonly kid?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** e.g. `10m`: valid only from ten minutes on */
  readonly notBefore?: string;
}

const tokenOf = (key: SigningKey, claims: Record<string, unknown> = {}, options: TokenOptions = {}) => {
  const jwt = new SignJWT({ preferred_username: 'svc-billing', groups: ['billing'], ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? key.kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject('svc-billing')
    .setIssuedAt()
    .setExpirationTime('20m');
  if (options.notBefore) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
};

const bearerTokens = (refetchInterval: number) =>
  new BearerTokens({
    issuer: ISSUER,
    audiences: [AUDIENCE],
    userNameAttribute: 'preferred_username',
    claims: {
      groupsAttribute: 'groups',
      defaultGroups: [],
      firstNameAttribute: 'given_name',
      lastNameAttribute: 'family_name',
      fullNameAttribute: 'name',
      emailAttribute: 'email',
    },
    jwksUri,
    refetchInterval,
    db: h.db,
  });

/** The refusal's message, or the principal when the token is accepted. */
const judge = async (tokens: BearerTokens, token: string) => {
  try {
    return await tokens.principalOf(token);
  } catch (error) {
    if (isWeirError(error)) return { refused: error.message, code: error.code };
    throw error;
  }
};

beforeAll(async () => {
  h = await createHttpHarness();
  await insertGroup(h.db, { id: 'billing', name: 'Billing', type: 'assignment' });
  await grantPrivilege(h.db, 'access-rest-api', { groupId: 'billing' });
  server = createServer((_request, response) => {
    fetches++;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`);
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

describe("bearer tokens checked with the issuer's key set", () => {
  it('accepts a token of a published key, with the groups of its claim and their privileges', async () => {
    const first = await newKey('key-1');
    published = [first.jwk];
    fetches = 0;
    const tokens = bearerTokens(60_000);
    expect(await judge(tokens, await tokenOf(first))).toEqual({
      userId: 'svc-billing',
      groups: ['billing'],
      privileges: ['access-rest-api'],
    });
    // kept: a second token needs no fetch
    expect(await judge(tokens, await tokenOf(first))).toMatchObject({ userId: 'svc-billing' });
    expect(fetches).toBe(1);
  });

  it('follows a key rotation: a token of a key published since the last fetch is accepted after one more', async () => {
    const [first, second] = await Promise.all([newKey('key-1'), newKey('key-2')]);
    published = [first.jwk];
    fetches = 0;
    const tokens = bearerTokens(0);
    await judge(tokens, await tokenOf(first));
    published = [first.jwk, second.jwk];
    expect(await judge(tokens, await tokenOf(second))).toMatchObject({ userId: 'svc-billing' });
    expect(fetches).toBe(2);
  });

  it('fetches the key set at most once per refetch interval however many unknown key ids arrive', async () => {
    const first = await newKey('key-1');
    const forger = await newKey('forged');
    published = [first.jwk];
    fetches = 0;
    const tokens = bearerTokens(60 * 60_000);
    await judge(tokens, await tokenOf(first));
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        judge(tokens, await tokenOf(forger, {}, { kid: `made-up-${i}` })),
      ),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        refused: 'Bearer token refused: the token is signed with a key the issuer does not publish',
        code: 'WEIR_BEARER_TOKEN_INVALID',
      });
    }
    expect(fetches).toBe(1);
  });

  it('refuses a token for another audience, from another issuer, naming no user, or not valid yet', async () => {
    const first = await newKey('key-1');
    published = [first.jwk];
    const tokens = bearerTokens(60_000);
    expect(await judge(tokens, await tokenOf(first, {}, { audience: 'another-api' }))).toMatchObject({
      refused: 'Bearer token refused: the token is meant for another audience',
    });
    expect(await judge(tokens, await tokenOf(first, {}, { issuer: 'https://elsewhere.test' }))).toMatchObject(
      {
        refused: 'Bearer token refused: the token was issued by another issuer',
      },
    );
    expect(await judge(tokens, await tokenOf(first, { preferred_username: undefined }))).toMatchObject({
      refused: "Bearer token refused: the token names no user in the claim 'preferred_username'",
    });
    expect(await judge(tokens, await tokenOf(first, {}, { notBefore: '10m' }))).toMatchObject({
      refused: 'Bearer token refused: the token is not valid yet',
    });
  });

  it("refuses a token naming a user of Weir's own, and groups from Weir when the token has none", async () => {
    const first = await newKey('key-1');
    published = [first.jwk];
    const tokens = bearerTokens(60_000);
    expect(await judge(tokens, await tokenOf(first, { preferred_username: 'kermit' }))).toMatchObject({
      refused: "Bearer token refused: the token names 'kermit', a user of Weir's own with a password",
    });
    // no groups claim: the memberships Weir knows (none for this service)
    expect(await judge(tokens, await tokenOf(first, { groups: undefined }))).toEqual({
      userId: 'svc-billing',
      groups: [],
      privileges: [],
    });
  });
});
