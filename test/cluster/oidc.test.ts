/**
 * OpenID Connect with no sticky sessions: a real provider (oidc-provider, over HTTPS on
 * 127.0.0.1), two Weir nodes on one PostgreSQL, and nginx from deploy/nginx/weir-https.conf
 * as shipped: round-robin, so consecutive requests of one browser go to
 * the two nodes in turn. Chromium signs in through the provider's login form: the node that
 * starts the sign-in is not the one the callback reaches, which finds the login state in
 * PostgreSQL. The user and its groups are provisioned from the claims, and follow the provider
 * at the next sign-in. A service's bearer token from the provider calls the REST API; an
 * expired token and tokens signed by a foreign key are refused with a Bearer challenge.
 *
 * The nodes trust the provider's self-signed certificate through NODE_EXTRA_CA_CERTS, as an
 * operator with a private CA would. docs/cluster.md shows this configuration.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { grantPrivilege, insertGroup } from '../../src/persistence/idm-sql.ts';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';
import { chromiumAvailable as available, launchChromium } from '../helpers/chromium.ts';
import { cleanUpNodeProcesses, runWeir, spawnNodeProcess } from '../helpers/node-process.ts';
import type { NodeProcess } from '../helpers/node-process.ts';
import { ADMIN_FLAGS, call, makeCertificate, startTestNginx } from './harness.ts';
import type { CallResult, TestNginx } from './harness.ts';
import {
  API_AUDIENCE,
  CLIENT_SECRET,
  SIGNING_KID,
  startIdentityProvider,
  type Account,
  type TestIdentityProvider,
} from './identity-provider.ts';

const BOOT_TIMEOUT_MS = 120_000;

type RunningProcess = NodeProcess & { readonly url: string; readonly port: number; readonly nodeId: string };

let database: ScratchDatabase;
let db: Database;
let tls: ScratchFolder;
let certificate: string;
let idp: TestIdentityProvider;
let nodes: RunningProcess[];
let nginx: TestNginx;
let front: string;
let browser: Browser;
/** The URL the provider sent the browser back to in the first sign-in. */
let callbackUrl: string;

const rowlf: Account = {
  name: 'Rowlf the Dog',
  givenName: 'Rowlf',
  familyName: 'the Dog',
  email: 'rowlf@muppets.test',
  groups: ['engineering', 'piano'],
};

/** The configuration of docs/cluster.md, for a provider at `issuer`. */
const oidcFlags = (issuer: string) => [
  '--spring.security.oauth2.client.registration.testidp.client-id=weir',
  `--spring.security.oauth2.client.registration.testidp.client-secret=${CLIENT_SECRET}`,
  '--spring.security.oauth2.client.registration.testidp.client-name=Test IdP',
  '--spring.security.oauth2.client.registration.testidp.scope=openid,profile,email,groups',
  `--spring.security.oauth2.client.provider.testidp.issuer-uri=${issuer}`,
  '--spring.security.oauth2.client.provider.testidp.user-name-attribute=preferred_username',
  `--spring.security.oauth2.resourceserver.jwt.issuer-uri=${issuer}`,
  `--spring.security.oauth2.resourceserver.jwt.audiences=${API_AUDIENCE}`,
  '--flowable.common.app.security.oauth2.groups-attribute=groups',
];

const startNode = async (args: string[]): Promise<RunningProcess> => {
  const node = await spawnNodeProcess({ args, env: { NODE_EXTRA_CA_CERTS: certificate } });
  return Object.assign(node, await node.waitUntilUp(BOOT_TIMEOUT_MS));
};

const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
  // nginx and the provider both show the test certificate
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  return { context, page: await context.newPage() };
};

/** How often each node logged `message` so far. */
const logCounts = (message: string) =>
  nodes.map(
    (node) =>
      node
        .stdout()
        .split('\n')
        .filter((line) => line.includes(`"msg":"${message}"`)).length,
  );

/** Through the provider's own login and consent forms, back to the app's inbox. */
const signInWithProvider = async (page: Page, login: string) => {
  await page.goto(`${front}/`);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the test provider takes any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Tasks' }).waitFor({ timeout: 20_000 });
};

const sessionOf = (page: Page) =>
  page.evaluate(() =>
    fetch('auth/session', { headers: { 'X-Requested-With': 'test' } }).then(
      (r) => r.json() as Promise<{ userId: string; groups: string[]; privileges: string[] }>,
    ),
  );

/** A request through nginx with only the given headers (a bearer token, a cookie). */
const viaNginx = (path: string, headers: Record<string, string>): Promise<CallResult> =>
  call(`${front}${path}`, { as: null, ca: nginx.ca, headers });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const groupsOf = async (userId: string) => {
  const answer = await call(`${front}/idm-api/groups?member=${userId}&sort=id`, { ca: nginx.ca });
  expect(answer.status).toBe(200);
  return answer.json<{ data: { id: string }[] }>().data.map((group) => group.id);
};

beforeAll(async () => {
  if (!available) return;
  database = await clonePostgresDatabase();
  db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  // The operator's part: the REST API for the provider's group `engineering`, before anyone signs in.
  await insertGroup(db, { id: 'engineering', name: 'Engineering', type: 'assignment' });
  await grantPrivilege(db, 'access-rest-api', { groupId: 'engineering' });
  tls = await createTempFolder('weir-idp-tls-');
  const files = await makeCertificate(tls.path);
  certificate = files.certificate;
  // nginx's ports first: the provider must know the callback URL, the nodes the provider.
  const [httpPort, httpsPort, idpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  front = `https://localhost:${httpsPort}`;
  idp = await startIdentityProvider({
    port: idpPort,
    certificate: await readFile(files.certificate),
    certificateKey: await readFile(files.certificateKey),
    redirectUris: [`${front}/auth/oidc/testidp/callback`],
    postLogoutRedirectUris: [`${front}/`],
    // `admin` at the provider is not Weir's admin (ADMIN_FLAGS), whom the provider cannot speak for
    accounts: new Map([
      ['rowlf', rowlf],
      ['admin', { ...rowlf, name: 'Not the admin', groups: [] }],
    ]),
    robots: ['weir-robot', 'weir-robot-brief', 'admin'],
    robotGroups: ['engineering'],
  });
  const args = [`--database.url=${database.url}`, ...ADMIN_FLAGS, ...oidcFlags(idp.issuer)];
  [nodes, browser] = await Promise.all([Promise.all([startNode(args), startNode(args)]), launchChromium()]);
  nginx = await startTestNginx(
    'https',
    nodes.map((node) => node.port),
    { httpPort, httpsPort },
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await cleanUpNodeProcesses();
  await idp?.stop();
  await tls?.remove();
  await db?.close();
  await database?.drop();
});

describe.skipIf(!available)('OpenID Connect behind nginx round-robin', { timeout: 90_000 }, () => {
  it('signs a browser in through the provider although the callback reaches the other node', async () => {
    const { context, page } = await newPage();
    page.on('request', (request) => {
      if (request.url().includes('/auth/oidc/testidp/callback')) callbackUrl = request.url();
    });
    const started = logCounts('OpenID Connect sign-in started');
    const completed = logCounts('OpenID Connect sign-in completed');
    await signInWithProvider(page, 'rowlf');
    const startedOn = logCounts('OpenID Connect sign-in started').findIndex((n, i) => n > started[i]);
    const completedOn = logCounts('OpenID Connect sign-in completed').findIndex((n, i) => n > completed[i]);
    expect(startedOn).toBeGreaterThanOrEqual(0);
    expect(completedOn).toBeGreaterThanOrEqual(0);
    expect(nodes[completedOn].nodeId).not.toBe(nodes[startedOn].nodeId);
    expect(callbackUrl).toMatch(/[?&]code=/);
    // the same session as a password sign-in: the cookie, and a CSRF token for writes
    const session = await sessionOf(page);
    expect(session).toMatchObject({ userId: 'rowlf', groups: ['engineering', 'piano'] });
    expect(session.privileges).toContain('access-rest-api');
    const cookies = await context.cookies(front);
    expect(cookies.find((cookie) => cookie.name === 'weir_session')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });
    // the login state cookie is gone once used
    expect(cookies.map((cookie) => cookie.name)).not.toContain('weir_oidc_state');
    await context.close();
  });

  it('provisions the user with its name, e-mail and groups from the claims', async () => {
    const user = await call(`${front}/idm-api/users/rowlf`, { ca: nginx.ca });
    expect(user.status).toBe(200);
    expect(user.json()).toMatchObject({
      id: 'rowlf',
      firstName: 'Rowlf',
      lastName: 'the Dog',
      displayName: 'Rowlf the Dog',
      email: 'rowlf@muppets.test',
    });
    expect(await groupsOf('rowlf')).toEqual(['engineering', 'piano']);
  });

  it('refuses the same callback a second time, even with its state cookie', async () => {
    const state = new URL(callbackUrl).searchParams.get('state') ?? '';
    const replay = await viaNginx(new URL(callbackUrl).pathname + new URL(callbackUrl).search, {
      cookie: `weir_oidc_state=${state}`,
    });
    expect(replay.status).toBe(400);
    expect(replay.json()).toMatchObject({ exception: expect.stringContaining('completed already') });
    expect(String(replay.headers['set-cookie'] ?? '')).not.toContain('weir_session=');
  });

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    const answer = await viaNginx(new URL(callbackUrl).pathname + new URL(callbackUrl).search, {});
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({
      exception: expect.stringContaining('not started in this browser'),
    });
  });

  it('updates the memberships at the next sign-in to those the provider names', async () => {
    rowlf.groups = ['band', 'engineering'];
    const { context, page } = await newPage();
    await signInWithProvider(page, 'rowlf');
    expect((await sessionOf(page)).groups).toEqual(['band', 'engineering']);
    expect(await groupsOf('rowlf')).toEqual(['band', 'engineering']);
    await context.close();
  });

  it('signing out ends the session at the provider too (RP-initiated logout), and the provider sends the browser back', async () => {
    const { context, page } = await newPage();
    await signInWithProvider(page, 'rowlf');
    const toProvider = page.waitForRequest((request) =>
      request.url().startsWith(`${idp.issuer}/session/end`),
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    const endSession = new URL((await toProvider).url());
    expect(endSession.searchParams.get('client_id')).toBe('weir');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${front}/`);
    expect(decodeJwt(endSession.searchParams.get('id_token_hint') ?? '')).toMatchObject({
      iss: idp.issuer,
      sub: 'rowlf',
      aud: 'weir',
    });
    // Weir's session ended at once, on every node
    expect((await context.cookies(front)).map((cookie) => cookie.name)).not.toContain('weir_session');
    // the provider asks, then ends its session and sends the browser back to Weir's sign-in page
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${front}/`);
    // signed out at the provider: signing in again asks for the login (a live provider session
    // would have sent the browser straight back, signed in)
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name="login"]').waitFor({ timeout: 20_000 });
    await context.close();
  });

  it('a provider session still open signs the browser in again without the login form (what sign-out prevents)', async () => {
    const { context, page } = await newPage();
    await signInWithProvider(page, 'rowlf');
    // Weir's session only (a password-style sign-out of the cookie): the provider's remains
    await context.clearCookies({ name: 'weir_session' });
    await page.goto(`${front}/`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    // whatever comes first: back in Weir, the provider's consent, or its login form
    const login = page.locator('input[name="login"]');
    await page
      .getByRole('link', { name: 'Tasks' })
      .or(page.getByRole('button', { name: 'Continue' }))
      .or(login)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await login.count()).toBe(0);
    await context.close();
  });

  it("does not let the provider sign in as a user of Weir's own, by browser or by token", async () => {
    const { context, page } = await newPage();
    await page.goto(`${front}/`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name="login"]').fill('admin');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const callback = page.waitForResponse((response) =>
      response.url().includes('/auth/oidc/testidp/callback'),
    );
    await page.getByRole('button', { name: 'Continue' }).click();
    // the browser is sent back to the sign-in page, which says why
    expect((await callback).status()).toBe(303);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        "User 'admin' is one of Weir's own (it has a password): the identity provider cannot sign in as it",
      );
    expect((await context.cookies(front)).map((cookie) => cookie.name)).not.toContain('weir_session');
    await context.close();
    const token = await idp.robotToken('admin');
    const refused = await viaNginx('/process-api/repository/process-definitions', bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ exception: expect.stringContaining("a user of Weir's own") });
  });

  it("accepts the provider's bearer token on the REST API", async () => {
    const token = await idp.robotToken('weir-robot');
    const definitions = await viaNginx('/process-api/repository/process-definitions', bearer(token));
    expect(definitions.status).toBe(200);
    expect(definitions.json()).toMatchObject({ data: [], total: 0 });
    const who = await viaNginx('/auth/session', bearer(token));
    expect(who.json()).toMatchObject({ userId: 'weir-robot', groups: ['engineering'] });
  });

  it('refuses an expired token with a Bearer challenge', async () => {
    const token = await idp.robotToken('weir-robot-brief');
    const { exp } = decodeJwt(token);
    // the token lives one second; wait it out, then it is refused
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (exp ?? 0) * 1000 - Date.now()) + 1100));
    const answer = await viaNginx('/process-api/repository/process-definitions', bearer(token));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token".*expired/);
    expect(answer.json()).toMatchObject({ exception: 'Bearer token refused: the token has expired' });
  });

  it('refuses tokens signed by a foreign key, under an unknown key id or the provider’s own', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forge = (kid: string) =>
      new SignJWT({ preferred_username: 'weir-robot', groups: ['engineering'], scope: 'api' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(idp.issuer)
        .setAudience(API_AUDIENCE)
        .setSubject('weir-robot')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const unknownKey = await viaNginx(
      '/process-api/repository/process-definitions',
      bearer(await forge('foreign')),
    );
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(unknownKey.json()).toMatchObject({ exception: expect.stringContaining('does not publish') });
    const ownKid = await viaNginx(
      '/process-api/repository/process-definitions',
      bearer(await forge(SIGNING_KID)),
    );
    expect(ownKid.status).toBe(401);
    expect(ownKid.json()).toMatchObject({ exception: expect.stringContaining('signature does not verify') });
  });

  it('does not start a node whose provider does not answer, and names the key', async () => {
    const closedPort = await freePort();
    const result = await runWeir('start', {
      args: [
        `--database.url=${database.url}`,
        '--server.port=0',
        '--server.address=127.0.0.1',
        '--database.pool-size=2',
        ...oidcFlags(`https://127.0.0.1:${closedPort}`),
      ],
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `The OpenID Connect issuer 'https://127.0.0.1:${closedPort}' of 'spring.security.oauth2.client.provider.testidp.issuer-uri' cannot be discovered`,
    );
  });
});
