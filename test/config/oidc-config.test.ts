import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { WeirConfig } from '../../src/config/index.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir();

const load = (options: { argv?: string[]; env?: Record<string, string | undefined> } = {}): WeirConfig =>
  loadConfig({ argv: options.argv ?? [], env: options.env ?? {}, cwd: dir.path() });

const registration = 'spring.security.oauth2.client.registration';
const provider = 'spring.security.oauth2.client.provider';

describe('OpenID Connect configuration', () => {
  it('has no provider and accepts no bearer token when nothing is set', () => {
    const { oidc } = load();
    expect(oidc.registrations).toEqual([]);
    expect(oidc.resourceServer).toBeUndefined();
  });

  it("reads Spring's registration and provider keys from a file, with Flowable's claim keys", () => {
    writeFileSync(
      join(dir.path(), 'application.properties'),
      [
        `${registration}.keycloak.client-id=weir`,
        `${registration}.keycloak.client-secret=s3cret`,
        `${registration}.keycloak.client-name=Flowable UI Keycloak`,
        `${registration}.keycloak.authorization-grant-type=authorization_code`,
        `${registration}.keycloak.scope=profile,email`,
        `${provider}.keycloak.issuer-uri=https://sso.example.com/realms/work`,
        `${provider}.keycloak.user-name-attribute=preferred_username`,
        'spring.security.oauth2.resourceserver.jwt.issuer-uri=https://sso.example.com/realms/work',
        'spring.security.oauth2.resourceserver.jwt.audiences=weir-api,account',
        'flowable.common.app.security.oauth2.groups-attribute=userGroups',
        'flowable.common.app.security.oauth2.default-groups=flowableUser',
      ].join('\n'),
    );
    const config = load();
    expect(config.oidc.registrations).toEqual([
      {
        id: 'keycloak',
        name: 'Flowable UI Keycloak',
        clientId: 'weir',
        clientSecret: 's3cret',
        scopes: ['openid', 'profile', 'email'],
        redirectUri: undefined,
        issuer: 'https://sso.example.com/realms/work',
        providerId: 'keycloak',
        userNameAttribute: 'preferred_username',
      },
    ]);
    // the bearer token's user is named by the same claim as the sign-in's, for the same issuer
    expect(config.oidc.resourceServer).toEqual({
      issuer: 'https://sso.example.com/realms/work',
      audiences: ['weir-api', 'account'],
      userNameAttribute: 'preferred_username',
    });
    expect(config.oidc.claims).toMatchObject({
      groupsAttribute: 'userGroups',
      defaultGroups: ['flowableUser'],
    });
    const secret = config.describe().find((entry) => entry.key === `${registration}.keycloak.client-secret`);
    expect(secret).toEqual({ key: `${registration}.keycloak.client-secret`, value: '****', source: 'file' });
  });

  it('finds a registration from environment variables, its id lower-cased', () => {
    const config = load({
      env: {
        SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_OKTA_CLIENT_ID: 'weir',
        SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_OKTA_PROVIDER: 'corp',
        SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_CORP_ISSUER_URI: 'https://corp.okta.example',
      },
    });
    expect(config.oidc.registrations).toMatchObject([
      {
        id: 'okta',
        name: 'okta',
        providerId: 'corp',
        issuer: 'https://corp.okta.example',
        userNameAttribute: 'sub',
      },
    ]);
  });

  it("stops on a registration whose provider has no issuer, naming the provider's key", () => {
    expect(() => load({ argv: [`--${registration}.keycloak.client-id=weir`] })).toThrow(
      `'${provider}.keycloak.issuer-uri' is not set: registration 'keycloak' needs its provider's issuer`,
    );
  });

  it('stops on a registration with settings but no client id, naming the key', () => {
    expect(() =>
      load({
        argv: [`--${registration}.keycloak.client-secret=s`, `--${provider}.keycloak.issuer-uri=https://sso`],
      }),
    ).toThrow(`'${registration}.keycloak.client-id' is not set`);
  });

  it('names the nearest key for a misspelt one under spring.security.oauth2', () => {
    expect(() => load({ argv: [`--${registration}.keycloak.client-ids=weir`] })).toThrow(
      `did you mean '${registration}.<id>.client-id'?`,
    );
  });

  it('refuses another grant type than the authorization code', () => {
    expect(() =>
      load({ argv: [`--${registration}.keycloak.authorization-grant-type=client_credentials`] }),
    ).toThrow('expected one of authorization_code');
  });

  it("warns that Flowable's authorities keys have no effect", () => {
    const config = load({ argv: ['--flowable.common.app.security.oauth2.default-authorities=access-task'] });
    expect(config.warnings).toEqual([
      expect.stringContaining(
        "'flowable.common.app.security.oauth2.default-authorities' (from --flag) has no effect in Weir",
      ),
    ]);
  });
});
