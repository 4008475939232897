import { describe, expect, it } from 'vitest';
import { isWeirError } from '../../src/errors.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { WeirConfig } from '../../src/config/index.ts';
import { useTempDir } from './temp-dir.ts';

/** How Flowable's keys land in the typed configuration, in-process; the node-level proof is in flowable-properties.test.ts. */

const dir = useTempDir();

const load = (options: { argv?: string[]; env?: Record<string, string> } = {}): WeirConfig =>
  loadConfig({ argv: options.argv ?? [], env: options.env ?? {}, cwd: dir.path() });

const failure = (options: { env?: Record<string, string> } = {}): { code: string; message: string } => {
  try {
    load(options);
  } catch (error) {
    if (!isWeirError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('loadConfig did not throw');
};

const described = (config: WeirConfig, key: string) => config.describe().find((entry) => entry.key === key);

describe('spring.datasource.*', () => {
  it('becomes database.url, credentials encoded, pgjdbc parameters kept or reported', () => {
    const config = load({
      env: {
        SPRING_DATASOURCE_URL: 'jdbc:postgresql://db.internal:5433/orders?sslmode=require&currentSchema=app',
        SPRING_DATASOURCE_USERNAME: 'flowable',
        SPRING_DATASOURCE_PASSWORD: 'p@ss/word',
      },
    });
    expect(config.database.url).toBe(
      'postgres://flowable:p%40ss%2Fword@db.internal:5433/orders?sslmode=require',
    );
    expect(described(config, 'database.url')).toEqual({
      key: 'database.url',
      value: 'postgres://flowable:****@db.internal:5433/orders?sslmode=require',
      source: 'env',
    });
    expect(config.warnings).toEqual([
      "JDBC parameters currentSchema in 'spring.datasource.url' (from environment variable SPRING_DATASOURCE_URL) have no effect in Weir",
    ]);
  });

  it('takes user and password from the URL first, as pgjdbc does, and reads the short local form', () => {
    dir.write(
      'application.properties',
      'spring.datasource.url=jdbc:postgresql:orders?user=owner&password=inurl\nspring.datasource.username=other\n',
    );
    const config = load();
    expect(config.database.url).toBe('postgres://owner:inurl@localhost/orders');
    expect(described(config, 'spring.datasource.url')?.value).toBe(
      'jdbc:postgresql:orders?user=owner&password=****',
    );
  });

  it('loses to database.url, and says so in one warning', () => {
    dir.write('application.properties', 'spring.datasource.url=jdbc:postgresql://localhost/flowable\n');
    const config = load({ env: { DATABASE_URL: 'postgres://localhost/weir' } });
    expect(config.database.url).toBe('postgres://localhost/weir');
    expect(config.warnings).toEqual([
      "'database.url' (from environment variable DATABASE_URL) is used; 'spring.datasource.url' (from application.properties) is ignored",
    ]);
  });

  it('warns about a username given without a URL', () => {
    dir.write('application.properties', 'spring.datasource.username=flowable\n');
    const config = load();
    expect(config.database.url).toBeUndefined();
    expect(config.warnings).toEqual([
      "'spring.datasource.username' (from application.properties) has no effect: 'spring.datasource.url' is unset",
    ]);
  });

  it('refuses other databases and URLs node-postgres cannot follow', () => {
    expect(failure({ env: { SPRING_DATASOURCE_URL: 'jdbc:mysql://localhost/flowable' } })).toEqual({
      code: 'WEIR_CONFIG_UNSUPPORTED_DATABASE',
      message:
        "'spring.datasource.url' (from environment variable SPRING_DATASOURCE_URL) names a database of type 'mysql' (jdbc:mysql://localhost/flowable); Weir runs on PostgreSQL only: use jdbc:postgresql://host:port/database, or leave it unset for the embedded database",
    });
    expect(failure({ env: { SPRING_DATASOURCE_URL: 'jdbc:postgresql://a:5432,b:5432/flowable' } })).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "Bad value 'jdbc:postgresql://a:5432,b:5432/flowable' for 'spring.datasource.url' (from environment variable SPRING_DATASOURCE_URL): expected a JDBC URL such as jdbc:postgresql://localhost:5432/weir",
    });
  });

  it('reads the Hikari pool size as database.pool-size', () => {
    dir.write('application.properties', 'spring.datasource.hikari.maximum-pool-size=7\n');
    expect(load().database.poolSize).toBe(7);
  });
});

describe('honoured flowable.* keys', () => {
  it('flowable.async-executor-activate=false turns off both acquisitions, in any relaxed spelling', () => {
    const spellings: { argv?: string[]; env?: Record<string, string> }[] = [
      { argv: ['--flowable.async-executor-activate=false'] },
      { argv: ['--flowable.asyncExecutorActivate=false'] },
      { env: { FLOWABLE_ASYNC_EXECUTOR_ACTIVATE: 'false' } },
      { env: { FLOWABLE_PROCESS_ASYNC_EXECUTOR_ACTIVATE: 'false' } },
    ];
    for (const options of spellings) {
      const config = load(options);
      expect(config.executor.asyncJobAcquisitionEnabled, JSON.stringify(options)).toBe(false);
      expect(config.executor.timerJobAcquisitionEnabled, JSON.stringify(options)).toBe(false);
    }
    expect(load().executor.asyncJobAcquisitionEnabled).toBe(true);
  });

  it('flowable.database-schema-update: true migrates, false only checks, the drop variants are refused', () => {
    expect(load().database.schemaUpdate).toBe('migrate');
    expect(load({ argv: ['--flowable.database-schema-update=false'] }).database.schemaUpdate).toBe('verify');
    dir.write('application.properties', 'flowable.database-schema-update=drop-create\n');
    expect(failure()).toEqual({
      code: 'WEIR_CONFIG_BAD_VALUE',
      message:
        "'flowable.database-schema-update=drop-create' (from application.properties) is refused: Weir never drops its schema; use true (migrate at boot) or false (boot only on a current schema, migrated by 'weir migrate')",
    });
  });

  it('flowable.mail.server.* fills config.mailServer, the SMTP server of the mail task', () => {
    dir.write(
      'application.properties',
      [
        'flowable.mail.server.host=smtp.example.com',
        'flowable.mail.server.port=1025',
        'flowable.mail.server.ssl-port=2465',
        'flowable.mail.server.use-ssl=true',
        'flowable.mail.server.username=mailer',
        'flowable.mail.server.password=secret',
        'flowable.mail.server.default-from=orders@example.com',
        'flowable.mail.server.force-to=qa@example.com, ops@example.com',
        '',
      ].join('\n'),
    );
    const config = load();
    expect(config.mailServer).toEqual({
      host: 'smtp.example.com',
      port: 1025,
      sslPort: 2465,
      username: 'mailer',
      password: 'secret',
      useSsl: true,
      useTls: false,
      defaultFrom: 'orders@example.com',
      forceTo: 'qa@example.com, ops@example.com',
    });
    expect(described(config, 'flowable.mail.server.password')?.value).toBe('****');
  });

  it('flowable.process.definition-cache-limit, or its old name, limits the definition cache', () => {
    expect(load().engine.definitionCacheLimit).toBe(-1);
    expect(load({ env: { FLOWABLE_PROCESS_DEFINITION_CACHE_LIMIT: '50' } }).engine.definitionCacheLimit).toBe(
      50,
    );
    dir.write('application.properties', 'flowable.process-definitions.cache.max=20\n');
    expect(load().engine.definitionCacheLimit).toBe(20);
  });

  it('flowable.check-process-definitions switches auto-deployment', () => {
    expect(load({ env: { FLOWABLE_CHECK_PROCESS_DEFINITIONS: 'false' } }).autoDeployment.enabled).toBe(false);
  });
});

describe('flowable.* keys with no effect', () => {
  it('give one warning each, naming the last source that gave them', () => {
    dir.write('application.properties', 'flowable.cmmn.enabled=false\nflowable.idm.ldap.enabled=false\n');
    const config = load({ env: { FLOWABLE_CMMN_ENABLED: 'false' } });
    expect(config.warnings).toEqual([
      "Configuration key 'flowable.cmmn.enabled' (from environment variable FLOWABLE_CMMN_ENABLED) has no effect in Weir: Weir runs BPMN only; it has no CMMN engine",
      "Configuration key 'flowable.idm.ldap.enabled' (from application.properties) has no effect in Weir: Weir has no LDAP identity service; users and groups live in its database",
    ]);
  });

  it('a misspelling of one is still an error that suggests it', () => {
    dir.write('application.properties', 'flowable.cmmn.enabeld=false\n');
    expect(failure().message).toBe(
      "Unknown configuration key 'flowable.cmmn.enabeld' (from application.properties); did you mean 'flowable.cmmn.enabled'?",
    );
  });
});
