import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { configKeys, loadConfig, renderConfigDoc } from '../../src/config/index.ts';

const docPath = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));

const envName = (key: string): string => key.toUpperCase().replace(/[.-]/g, '_');

describe('the key registry', () => {
  it('holds each key once, in kebab-case under a known prefix', () => {
    const keys = configKeys.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    // `<id>` stands for a registration or provider id (spring.security.oauth2.client.*)
    for (const key of keys)
      expect(key).toMatch(/^(server|database|weir|flowable|spring|logging)\.([a-z0-9.-]|<id>)+$/);
  });

  it("speaks Flowable's executor and auto-deployment names verbatim", () => {
    const keys = new Set(configKeys.map((entry) => entry.key));
    for (const name of [
      'async-job-lock-time',
      'timer-lock-time',
      'default-async-job-acquire-wait-time',
      'default-timer-job-acquire-wait-time',
      'default-queue-size-full-wait-time',
      'max-async-jobs-due-per-acquisition',
      'max-timer-jobs-per-acquisition',
      'reset-expired-jobs-interval',
      'reset-expired-jobs-page-size',
      'core-pool-size',
      'max-pool-size',
      'queue-size',
      'async-job-acquisition-enabled',
      'timer-job-acquisition-enabled',
    ]) {
      expect(keys).toContain(`flowable.process.async.executor.${name}`);
    }
    for (const engine of ['bpmn', 'cmmn', 'dmn', 'app', 'form', 'content', 'idm']) {
      for (const name of [
        'use-lock',
        'lock-wait-time',
        'throw-exception-on-deployment-failure',
        'lock-name',
      ]) {
        expect(keys).toContain(`flowable.auto-deployment.engine.${engine}.${name}`);
      }
    }
  });

  it('lets every key be set from its environment variable and reports it as coming from env', () => {
    const samples: Record<string, string> = {
      int: '7',
      port: '9999',
      boolean: 'true',
      string: 'x',
      duration: 'PT11M',
      'byte-size': '3KB',
      list: 'a,b',
      'postgres-url': 'postgres://localhost/weir',
      'jdbc-url': 'jdbc:postgresql://localhost/weir',
    };
    const env: Record<string, string> = {};
    // the keys of registration and provider `okta`, from SPRING_..._REGISTRATION_OKTA_CLIENT_ID
    const withId = (key: string) => key.replace('<id>', 'okta');
    for (const entry of configKeys) {
      env[envName(withId(entry.key))] =
        entry.type.kind === 'enum' ? entry.type.values[0] : samples[entry.type.kind];
    }
    // Keep the cross-key rules satisfied: stale-after must exceed the heartbeat.
    env.WEIR_NODE_STALE_AFTER = 'PT12M';
    // and broker addresses are host:port
    env.FLOWABLE_WEBSOCKET_STOMP_BROKER_ADDRESSES = 'mq1:61613,mq2:61613';
    // ... and the registration must use a provider that has an issuer
    env.SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_OKTA_PROVIDER = 'okta';
    const config = loadConfig({ argv: [], env, cwd: '/' });
    const described = config.describe();
    expect(described.map((entry) => entry.key)).toEqual(configKeys.map((entry) => withId(entry.key)));
    expect(config.oidc.registrations.map((registration) => registration.id)).toEqual(['okta']);
    for (const entry of described) expect(entry.source, entry.key).toBe('env');
  });
});

describe('docs/configuration.md', () => {
  it('is exactly what scripts/config-doc.ts generates from the registry', async () => {
    const generated = await format(renderConfigDoc(), {
      ...(await resolveConfig(docPath)),
      filepath: docPath,
    });
    expect(readFileSync(docPath, 'utf8')).toBe(generated);
  });

  it('has a row for every key', () => {
    const doc = readFileSync(docPath, 'utf8');
    for (const entry of configKeys) expect(doc).toContain(`| \`${entry.key}\``);
  });
});
