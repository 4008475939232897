import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { WeirConfig } from '../../src/config/index.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir();

const load = (options: { argv?: string[]; env?: Record<string, string | undefined> } = {}): WeirConfig =>
  loadConfig({ argv: options.argv ?? [], env: options.env ?? {}, cwd: dir.path() });

const described = (config: WeirConfig, key: string) => config.describe().find((entry) => entry.key === key);

describe('defaults', () => {
  it('gives every documented default with no file, variable or flag', () => {
    const config = load();
    expect(config.server).toEqual({ port: 8090, address: '0.0.0.0', maxBodySize: 10 * 1024 * 1024 });
    expect(config.database).toEqual({
      url: undefined,
      embeddedPath: `${dir.path()}/data`,
      poolSize: 10,
      pooler: 'direct',
      listenUrl: undefined,
      schemaUpdate: 'migrate',
      schemaLockWaitTime: 5 * 60_000,
    });
    expect(config.mailServer).toEqual({
      host: 'localhost',
      port: 1025,
      sslPort: 1465,
      username: undefined,
      password: undefined,
      useSsl: false,
      useTls: false,
      defaultFrom: 'flowable@localhost',
      forceTo: undefined,
    });
    expect(config.warnings).toEqual([]);
    expect(config.node).toEqual({ id: undefined, heartbeatInterval: 2000, staleAfter: 10_000 });
    expect(config.engine).toEqual({
      historyLevel: 'full',
      delegatesPath: `${dir.path()}/delegates`,
      scriptTimeout: 5000,
      scriptMemoryLimit: 64 * 1024 * 1024,
      maxVariableSize: 1024 * 1024,
      scriptThreads: 1,
      maxVariablesPerScope: 1000,
      maxInstanceSize: 16 * 1024 * 1024,
      maxMultiInstances: 10_000,
      definitionCacheLimit: -1,
    });
    expect(config.http).toEqual({
      trustedProxies: ['127.0.0.1', '::1'],
      adminUserId: undefined,
      adminPassword: undefined,
      eventReplayWindow: 60_000,
    });
    expect(config.logging.level).toBe('info');
    expect(config.autoDeployment.enabled).toBe(true);
    expect(config.autoDeployment.path).toBe(`${dir.path()}/processes`);
    expect(config.autoDeployment.engines.bpmn).toEqual({
      useLock: false,
      lockWaitTime: 300_000,
      throwExceptionOnDeploymentFailure: true,
      lockName: 'flowableAutoDeploymentLock',
    });
    expect(config.indexing).toEqual({
      useLockForIndexMappingCreation: false,
      mappingSchemaLockWaitTime: 300_000,
    });
    expect(config.search.elasticsearchUris).toEqual([]);
    expect(config.broker).toEqual({
      stompBrokerAddresses: [],
      activemqBrokerUrl: undefined,
      addresses: [],
      user: undefined,
      password: undefined,
    });
    expect(config.executor).toEqual({
      asyncJobLockTime: 60_000,
      timerLockTime: 60_000,
      asyncJobAcquireWaitTime: 10_000,
      timerJobAcquireWaitTime: 1000,
      queueFullWaitTime: 1000,
      maxAsyncJobsDuePerAcquisition: 32,
      maxTimerJobsPerAcquisition: 32,
      resetExpiredJobsInterval: 5000,
      resetExpiredJobsPageSize: 100,
      concurrency: 8,
      queueSize: 8,
      asyncJobAcquisitionEnabled: true,
      timerJobAcquisitionEnabled: true,
      defaultRetries: 3,
      defaultRetryWait: 10_000,
      shutdownTimeout: 20_000,
      commitGroupSize: 1,
    });
  });

  it('returns a deeply frozen object', () => {
    const config = load();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.autoDeployment.engines.cmmn)).toBe(true);
    expect(Object.isFrozen(config.http.trustedProxies)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('precedence', () => {
  it('a flag beats an environment variable, which beats the file, which beats the default', () => {
    dir.write(
      'application.properties',
      ['server.port=8001', 'server.address=10.0.0.1', 'database.pool-size=20', 'weir.node-id=from-file'].join(
        '\n',
      ),
    );
    const config = load({
      env: { SERVER_PORT: '8002', SERVER_ADDRESS: '10.0.0.2', WEIR_NODE_ID: 'from-env' },
      argv: ['--server.port=8003', '--weir.node-id', 'from-flag'],
    });
    expect(config.server.port).toBe(8003);
    expect(config.server.address).toBe('10.0.0.2');
    expect(config.database.poolSize).toBe(20);
    expect(config.node.id).toBe('from-flag');
    expect(config.server.maxBodySize).toBe(10 * 1024 * 1024);
    expect(described(config, 'server.port')).toEqual({ key: 'server.port', value: '8003', source: 'flag' });
    expect(described(config, 'server.address')).toEqual({
      key: 'server.address',
      value: '10.0.0.2',
      source: 'env',
    });
    expect(described(config, 'database.pool-size')).toEqual({
      key: 'database.pool-size',
      value: '20',
      source: 'file',
    });
    expect(described(config, 'server.max-body-size')).toEqual({
      key: 'server.max-body-size',
      value: '10MB',
      source: 'default',
    });
  });

  it('--config names the file to read instead of application.* in the working directory', () => {
    dir.write('application.properties', 'server.port=8001\n');
    dir.write('cluster.yaml', 'server:\n  port: 8005\n');
    expect(load({ argv: ['--config', 'cluster.yaml'] }).server.port).toBe(8005);
    expect(load({ argv: [`--config=${dir.path()}/cluster.yaml`] }).server.port).toBe(8005);
  });

  it('an empty value in a higher source unsets an optional key', () => {
    dir.write('application.properties', 'database.url=postgres://weir@db.internal/weir\n');
    const config = load({ env: { DATABASE_URL: '' } });
    expect(config.database.url).toBeUndefined();
    expect(described(config, 'database.url')).toEqual({
      key: 'database.url',
      value: '(unset)',
      source: 'env',
    });
  });
});

describe('environment variables', () => {
  it('are matched in Spring relaxed form, ignoring case, dots, dashes and underscores', () => {
    const config = load({
      env: {
        FLOWABLE_AUTO_DEPLOYMENT_USE_LOCK: 'true',
        FLOWABLE_PROCESS_ASYNC_EXECUTOR_ASYNC_JOB_LOCK_TIME: 'PT2M',
        weir_heartbeatInterval: 'PT1S',
        DATABASE_URL: 'postgresql://weir:secret@db.internal:5432/weir',
      },
    });
    expect(config.autoDeployment.engines.bpmn.useLock).toBe(true);
    expect(config.executor.asyncJobLockTime).toBe(120_000);
    expect(config.node.heartbeatInterval).toBe(1000);
    expect(config.database.url).toBe('postgresql://weir:secret@db.internal:5432/weir');
  });

  it("ignore other software's SERVER_, SPRING_, DATABASE_ and LOGGING_ variables and unrelated ones", () => {
    const config = load({
      env: {
        SERVER_SOFTWARE: 'nginx',
        SPRING_PROFILES_ACTIVE: 'prod',
        DATABASE_HOST: 'db',
        LOGGING_CONFIG: '/etc/log.xml',
        PATH: '/usr/bin',
        HOME: undefined,
      },
    });
    expect(config.server.port).toBe(8090);
  });
});

describe('configuration files', () => {
  it('reads application.properties with comments, separators, continuations and escapes', () => {
    dir.write(
      'application.properties',
      [
        '# a comment',
        '! another comment',
        '   server.port = 8081',
        'server.address: 127.0.0.1',
        'weir.node-id node\\ one',
        'weir.trusted-proxies=10.0.0.1, \\',
        '    10.0.0.2',
        'flowable.rest.app.admin.password=p\\u00e4ss\\=word',
        'server.port=8082',
      ].join('\r\n'),
    );
    const config = load();
    expect(config.server.port).toBe(8082);
    expect(config.server.address).toBe('127.0.0.1');
    expect(config.node.id).toBe('node one');
    expect(config.http.trustedProxies).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(config.http.adminPassword).toBe('päss=word');
  });

  it('reads application.yaml, flattening nested maps to dotted keys and lists to comma lists', () => {
    dir.write(
      'application.yaml',
      [
        'server:',
        '  port: 8083',
        'flowable:',
        '  auto-deployment:',
        '    use-lock: true',
        '    lock-wait-time: PT30S',
        '  process.async.executor:',
        '    max-pool-size: 16',
        '    core-pool-size: 4',
        'spring:',
        '  elasticsearch:',
        '    uris:',
        '      - http://es1:9200',
        '      - http://es2:9200',
        'logging:',
        '  level:',
        '    root: WARN',
        'management:',
        '  endpoints: { enabled: true }',
      ].join('\n'),
    );
    const config = load();
    expect(config.server.port).toBe(8083);
    expect(config.autoDeployment.engines.dmn.useLock).toBe(true);
    expect(config.autoDeployment.engines.dmn.lockWaitTime).toBe(30_000);
    expect(config.executor.concurrency).toBe(16);
    expect(config.search.elasticsearchUris).toEqual(['http://es1:9200', 'http://es2:9200']);
    expect(config.logging.level).toBe('warn');
  });

  it('reads application.yml too', () => {
    dir.write('application.yml', 'weir:\n  history-level: audit\n');
    expect(load().engine.historyLevel).toBe('audit');
  });

  it("accepts Flowable's flowable.history-level, but weir.history-level wins when both are given", () => {
    dir.write('application.properties', 'flowable.history-level=activity\n');
    expect(load().engine.historyLevel).toBe('activity');
    dir.write('application.properties', 'weir.history-level=none\nflowable.history-level=activity\n');
    expect(load().engine.historyLevel).toBe('none');
  });

  it('accepts camelCase spellings of keys, as Spring does', () => {
    dir.write('application.properties', 'flowable.autoDeployment.lockName=deployLock\n');
    expect(load().autoDeployment.engines.app.lockName).toBe('deployLock');
  });

  it('ignores keys outside the known prefixes', () => {
    dir.write(
      'application.properties',
      'management.endpoints.web.exposure.include=health\nmy.own.setting=1\n',
    );
    expect(load().server.port).toBe(8090);
  });
});

describe('per-engine auto-deployment', () => {
  it('an engine key overrides the global value for that engine only; others fall back', () => {
    dir.write(
      'application.properties',
      [
        'flowable.auto-deployment.use-lock=true',
        'flowable.auto-deployment.lock-name=globalLock',
        'flowable.auto-deployment.engine.cmmn.use-lock=false',
        'flowable.auto-deployment.engine.dmn.lock-wait-time=PT1M',
      ].join('\n'),
    );
    const config = load({ env: { FLOWABLE_AUTO_DEPLOYMENT_ENGINE_FORM_LOCK_NAME: 'formLock' } });
    const { engines } = config.autoDeployment;
    expect(engines.bpmn).toEqual({
      useLock: true,
      lockWaitTime: 300_000,
      throwExceptionOnDeploymentFailure: true,
      lockName: 'globalLock',
    });
    expect(engines.cmmn.useLock).toBe(false);
    expect(engines.dmn.lockWaitTime).toBe(60_000);
    expect(engines.dmn.useLock).toBe(true);
    expect(engines.form.lockName).toBe('formLock');
    expect(engines.idm.lockName).toBe('globalLock');
    expect(Object.keys(engines).sort()).toEqual(['app', 'bpmn', 'cmmn', 'content', 'dmn', 'form', 'idm']);
    expect(described(config, 'flowable.auto-deployment.engine.idm.lock-name')).toEqual({
      key: 'flowable.auto-deployment.engine.idm.lock-name',
      value: 'globalLock',
      source: 'file',
    });
  });
});

describe('describe()', () => {
  it('lists every key once with its value and source, masking passwords', () => {
    const config = load({
      env: { DATABASE_URL: 'postgres://weir:s3cret@db.internal:5432/weir?sslmode=require' },
      argv: ['--flowable.rest.app.admin.password=hunter2', '--flowable.rest.app.admin.user-id=admin'],
    });
    const entries = config.describe();
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(entries.length);
    expect(described(config, 'database.url')).toEqual({
      key: 'database.url',
      value: 'postgres://weir:****@db.internal:5432/weir?sslmode=require',
      source: 'env',
    });
    expect(described(config, 'flowable.rest.app.admin.password')).toEqual({
      key: 'flowable.rest.app.admin.password',
      value: '****',
      source: 'flag',
    });
    expect(described(config, 'flowable.rest.app.admin.user-id')?.value).toBe('admin');
    expect(JSON.stringify(entries)).not.toMatch(/s3cret|hunter2/);
    expect(described(config, 'weir.node-id')).toEqual({
      key: 'weir.node-id',
      value: '(unset)',
      source: 'default',
    });
  });

  it('masks credentials inside any URL value, such as Elasticsearch addresses', () => {
    const config = load({
      env: { SPRING_ELASTICSEARCH_URIS: 'https://elastic:pw1@es1:9200,https://es2:9200' },
    });
    expect(described(config, 'spring.elasticsearch.uris')?.value).toBe(
      'https://elastic:****@es1:9200,https://es2:9200',
    );
    expect(config.search.elasticsearchUris).toEqual(['https://elastic:pw1@es1:9200', 'https://es2:9200']);
  });
});

describe('value formats', () => {
  it.each([
    ['PT5M', 300_000],
    ['PT0.5S', 500],
    ['pt1m30s', 90_000],
    ['P1D', 86_400_000],
    ['P1DT2H', 93_600_000],
    ['PT0S', 0],
  ])('parses the ISO-8601 duration %s to %i ms', (text, ms) => {
    expect(
      load({ argv: [`--flowable.auto-deployment.lock-wait-time=${text}`] }).autoDeployment.engines.app
        .lockWaitTime,
    ).toBe(ms);
  });

  it.each([
    ['512', 512],
    ['512KB', 512 * 1024],
    ['10MB', 10 * 1024 * 1024],
    ['1gb', 1024 ** 3],
  ])('parses the byte size %s to %i bytes', (text, bytes) => {
    expect(load({ argv: [`--server.max-body-size=${text}`] }).server.maxBodySize).toBe(bytes);
  });

  it('reads lists by comma, trimming items and dropping empty ones; empty means none', () => {
    expect(
      load({ argv: ['--weir.trusted-proxies= 10.0.0.0/8 ,, 192.168.0.1 '] }).http.trustedProxies,
    ).toEqual(['10.0.0.0/8', '192.168.0.1']);
    expect(load({ argv: ['--weir.trusted-proxies='] }).http.trustedProxies).toEqual([]);
  });

  it('matches enum values case-insensitively', () => {
    expect(load({ env: { LOGGING_LEVEL: 'DEBUG' } }).logging.level).toBe('debug');
  });

  it('ignores flags outside the known prefixes, which belong to the subcommand', () => {
    expect(load({ argv: ['--json', '--server.port', '9000', '-v'] }).server.port).toBe(9000);
  });
});

describe('a Flowable Spring Boot file', () => {
  it('loads with the Spring keys Weir does not use, and still catches typos in the ones it does', () => {
    dir.write(
      'application.properties',
      [
        'spring.application.name=orders',
        'spring.datasource.url=jdbc:postgresql://db:5432/flowable',
        'logging.level.org.flowable=DEBUG',
        'logging.level.root=WARN',
        'server.port=8085',
      ].join('\n'),
    );
    const config = load();
    expect(config.server.port).toBe(8085);
    expect(config.logging.level).toBe('warn');
    dir.write('application.properties', 'spring.elasticsearch.uri=http://es:9200\n');
    expect(() => load()).toThrow(
      /Unknown configuration key 'spring.elasticsearch.uri'.*did you mean 'spring.elasticsearch.uris'/,
    );
  });
});
