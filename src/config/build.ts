import { brokerAddressesOf } from './broker-addresses.ts';
import { resolve } from 'node:path';
import { deploymentEngines, perEngineSettings } from './auto-deployment-keys.ts';
import type { AutoDeploymentSettings, DescribedSetting, HistoryLevel, WeirConfig } from './weir-config.ts';
import { WeirError } from '../errors.ts';
import { formatDuration } from './duration.ts';
import { httpTaskConfigOf } from './http-task-keys.ts';
import { configKeys } from './keys.ts';
import { mailServerConfigOf } from './mail-keys.ts';
import { contentConfigOf } from './content-keys.ts';
import type { ConfigKey } from './key-types.ts';
import { oidcConfigOf } from './oidc-keys.ts';
import { isTemplate } from './relaxed.ts';
import type { Setting } from './resolve.ts';
import { badValue, maskValue } from './validate.ts';

/** Maps resolved settings onto the typed `WeirConfig` and checks rules that span two keys. */

const executor = 'flowable.process.async.executor.';

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

const describeOne = (key: string, entry: ConfigKey, setting: Setting | undefined): DescribedSetting => {
  if (!setting || setting.value === undefined) {
    return { key, value: '(unset)', source: setting?.origin.source ?? 'default' };
  }
  return { key, value: maskValue(entry, setting.display), source: setting.origin.source };
};

/** A key with `<id>` is described once per id given, or once as itself when none is. */
const describe = (settings: ReadonlyMap<string, Setting>): DescribedSetting[] =>
  configKeys.flatMap((entry) => {
    if (!isTemplate(entry)) return [describeOne(entry.key, entry, settings.get(entry.key))];
    const given = [...settings.values()].filter((setting) => setting.entry.template === entry.key);
    if (given.length === 0) return [describeOne(entry.key, entry, undefined)];
    return given.map((setting) => describeOne(setting.entry.key, entry, setting));
  });

const checkSpanningRules = (settings: ReadonlyMap<string, Setting>): void => {
  const get = (key: string): Setting => settings.get(key) as Setting;
  const heartbeat = get('weir.heartbeat-interval');
  const stale = get('weir.node-stale-after');
  if ((stale.value as number) <= (heartbeat.value as number)) {
    const expected = `a duration longer than 'weir.heartbeat-interval' (${formatDuration(heartbeat.value as number)})`;
    throw badValue(stale.entry, stale.entry.key, stale.display, stale.origin, expected);
  }
  const core = get(`${executor}core-pool-size`);
  const max = get(`${executor}max-pool-size`);
  if ((core.value as number) > (max.value as number)) {
    const expected = `a number no larger than '${max.entry.key}' (${max.display})`;
    throw badValue(core.entry, core.entry.key, core.display, core.origin, expected);
  }
};

// Flowable drops the schema at boot (`drop-create`) or at shutdown (`create-drop`): in a
// cluster that wipes every other node's data, so Weir refuses rather than imitates.
const schemaUpdateOf = (setting: Setting): 'migrate' | 'verify' => {
  if (setting.value === 'true') return 'migrate';
  if (setting.value === 'false') return 'verify';
  throw new WeirError(
    'WEIR_CONFIG_BAD_VALUE',
    `'${setting.entry.key}=${setting.display}' (from ${setting.origin.label}) is refused: Weir never drops its schema; use true (migrate at boot) or false (boot only on a current schema, migrated by 'weir migrate')`,
  );
};

export const buildConfig = (
  settings: ReadonlyMap<string, Setting>,
  cwd: string,
  warnings: readonly string[] = [],
): WeirConfig => {
  checkSpanningRules(settings);
  const value = <T>(key: string): T => settings.get(key)?.value as T;
  // Flowable's master switch: off means no executor at all, whatever the finer switches say.
  const activated = value<boolean>('flowable.async-executor-activate');
  const path = (key: string): string => resolve(cwd, value<string>(key));
  const engineSettings = (engine: string): AutoDeploymentSettings => {
    const fields: Record<string, unknown> = {};
    for (const { name, field } of perEngineSettings) {
      fields[field] = value(`flowable.auto-deployment.engine.${engine}.${name}`);
    }
    return fields as unknown as AutoDeploymentSettings;
  };
  const config: WeirConfig = {
    server: {
      port: value('server.port'),
      address: value('server.address'),
      maxBodySize: value('server.max-body-size'),
    },
    database: {
      url: value('database.url'),
      embeddedPath: path('database.embedded-path'),
      poolSize: value('database.pool-size'),
      pooler: value('database.pooler'),
      listenUrl: value('database.listen-url'),
      schemaUpdate: schemaUpdateOf(settings.get('flowable.database-schema-update') as Setting),
      schemaLockWaitTime: value('flowable.schema-lock-wait-time'),
    },
    node: {
      id: value('weir.node-id'),
      heartbeatInterval: value('weir.heartbeat-interval'),
      staleAfter: value('weir.node-stale-after'),
    },
    engine: {
      historyLevel: value<HistoryLevel>('weir.history-level'),
      delegatesPath: path('weir.delegates-path'),
      scriptTimeout: value('weir.script.timeout'),
      scriptMemoryLimit: value('weir.script.memory-limit'),
      maxVariableSize: value('weir.variables.max-size'),
      scriptThreads: value('weir.script.threads'),
      maxVariablesPerScope: value('weir.variables.max-per-scope'),
      maxInstanceSize: value('weir.variables.max-instance-size'),
      maxMultiInstances: value('weir.multi-instance.max-instances'),
      definitionCacheLimit: value('flowable.process.definition-cache-limit'),
    },
    http: {
      trustedProxies: value('weir.trusted-proxies'),
      adminUserId: value('flowable.rest.app.admin.user-id'),
      adminPassword: value('flowable.rest.app.admin.password'),
      eventReplayWindow: value('weir.events.replay-window'),
    },
    limits: {
      maxBodySize: value('server.max-body-size'),
      headersTimeout: value('server.headers-timeout'),
      requestTimeout: value('server.request-timeout'),
      maxDeploymentResources: value('weir.deployment.max-resources'),
      maxArchiveEntries: value('weir.deployment.archive.max-entries'),
      maxArchiveExpandedSize: value('weir.deployment.archive.max-expanded-size'),
      maxArchiveCompressionRatio: value('weir.deployment.archive.max-compression-ratio'),
      maxExternalJobLockDuration: value('weir.external-job.max-lock-duration'),
      maxLoginFailuresPerUser: value('weir.login.max-failures-per-user'),
      maxLoginFailuresPerAddress: value('weir.login.max-failures-per-address'),
      loginFailureWindow: value('weir.login.failure-window'),
      sessionIdleTimeout: value('weir.session.idle-timeout'),
      sessionMaxAge: value('weir.session.max-age'),
    },
    logging: { level: value('logging.level'), format: value('logging.format') },
    autoDeployment: {
      enabled: value('flowable.auto-deployment.enabled'),
      path: path('flowable.auto-deployment.path'),
      engines: Object.fromEntries(
        deploymentEngines.map((engine) => [engine, engineSettings(engine)]),
      ) as Record<(typeof deploymentEngines)[number], AutoDeploymentSettings>,
    },
    indexing: {
      useLockForIndexMappingCreation: value('flowable.indexing.use-lock-for-index-mapping-creation'),
      mappingSchemaLockWaitTime: value('flowable.indexing.mapping-schema-lock-wait-time'),
    },
    search: {
      elasticsearchUris: value<string[] | undefined>('spring.elasticsearch.uris') ?? [],
      language: value('weir.search.language'),
      reindexBatchSize: value('weir.search.reindex-batch-size'),
    },
    broker: {
      ...brokerSettings(
        value<string[] | undefined>('flowable.websocket.stomp-broker-addresses') ?? [],
        value('spring.activemq.broker-url'),
      ),
      user: value('spring.activemq.user'),
      password: value('spring.activemq.password'),
    },
    executor: {
      asyncJobLockTime: value(`${executor}async-job-lock-time`),
      timerLockTime: value(`${executor}timer-lock-time`),
      asyncJobAcquireWaitTime: value(`${executor}default-async-job-acquire-wait-time`),
      timerJobAcquireWaitTime: value(`${executor}default-timer-job-acquire-wait-time`),
      queueFullWaitTime: value(`${executor}default-queue-size-full-wait-time`),
      maxAsyncJobsDuePerAcquisition: value(`${executor}max-async-jobs-due-per-acquisition`),
      maxTimerJobsPerAcquisition: value(`${executor}max-timer-jobs-per-acquisition`),
      resetExpiredJobsInterval: value(`${executor}reset-expired-jobs-interval`),
      resetExpiredJobsPageSize: value(`${executor}reset-expired-jobs-page-size`),
      concurrency: value(`${executor}max-pool-size`),
      queueSize: value<number | undefined>(`${executor}queue-size`) ?? value(`${executor}max-pool-size`),
      asyncJobAcquisitionEnabled: activated && value<boolean>(`${executor}async-job-acquisition-enabled`),
      timerJobAcquisitionEnabled: activated && value<boolean>(`${executor}timer-job-acquisition-enabled`),
      defaultRetries: value(`${executor}number-of-retries`),
      defaultRetryWait: value(`${executor}default-failed-job-wait-time`),
      shutdownTimeout: value(`${executor}await-termination-period`),
      commitGroupSize: value('weir.jobs.group-commit-size'),
    },
    httpTask: httpTaskConfigOf(value),
    mailServer: mailServerConfigOf(value),
    content: contentConfigOf(value, cwd),
    oidc: oidcConfigOf(value, settings.keys()),
    warnings: [...warnings],
    describe: () => describe(settings),
  };
  return deepFreeze(config);
};

/** The broker keys and the addresses they name (a bad or OpenWire-only list fails the load here). */
const brokerSettings = (stompBrokerAddresses: string[], activemqBrokerUrl: string | undefined) => ({
  stompBrokerAddresses,
  activemqBrokerUrl,
  addresses: brokerAddressesOf({ stompBrokerAddresses, activemqBrokerUrl }),
});
