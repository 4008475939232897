import type { BrokerAddress } from './broker-addresses.ts';
import type { PoolerMode } from '../persistence/postgres.ts';
import type { DeploymentEngine } from './auto-deployment-keys.ts';
import type { HttpTaskConfig } from './http-task-keys.ts';
import type { ConfigSource } from './key-types.ts';
import type { MailServerConfig } from './mail-keys.ts';
import type { ContentConfig } from './content-keys.ts';
import type { OidcConfig } from './oidc-keys.ts';

/**
 * The typed configuration every part of Weir reads. Durations are milliseconds, sizes are
 * bytes, paths are absolute (resolved against the working directory), lists are arrays
 * (empty when unset). The object is deeply frozen.
 */

export type HistoryLevel = 'none' | 'activity' | 'audit' | 'full';

export interface AutoDeploymentSettings {
  readonly useLock: boolean;
  readonly lockWaitTime: number;
  readonly throwExceptionOnDeploymentFailure: boolean;
  readonly lockName: string;
}

/** What `flowable.database-schema-update` leaves a booting node to do with the schema. */
export type SchemaUpdate = 'migrate' | 'verify';

export interface DescribedSetting {
  readonly key: string;
  /** As given (or the default), secrets masked; `(unset)` when the key has no value. */
  readonly value: string;
  readonly source: ConfigSource;
}

/** The HTTP layer's limits, in bytes, milliseconds and counts (docs/security.md). */
export interface HttpLimits {
  /** Whole request body, all multipart parts together (`server.max-body-size`). */
  readonly maxBodySize: number;
  /** Time to receive a request's headers (`server.headers-timeout`). */
  readonly headersTimeout: number;
  /** Time to receive a whole request, headers and body (`server.request-timeout`). */
  readonly requestTimeout: number;
  /** Files in one deployment upload (`weir.deployment.max-resources`). */
  readonly maxDeploymentResources: number;
  /** Entries in one `.bar`/`.zip` archive (`weir.deployment.archive.max-entries`). */
  readonly maxArchiveEntries: number;
  /** Bytes of all entries of an archive once inflated (`weir.deployment.archive.max-expanded-size`). */
  readonly maxArchiveExpandedSize: number;
  /** Inflated size over compressed size of one entry (`weir.deployment.archive.max-compression-ratio`). */
  readonly maxArchiveCompressionRatio: number;
  /** Longest lock an external worker may take on a job (`weir.external-job.max-lock-duration`). */
  readonly maxExternalJobLockDuration: number;
  /** Failed logins of one user id within the window before 429 (`weir.login.max-failures-per-user`). */
  readonly maxLoginFailuresPerUser: number;
  /** Failed logins from one address within the window before 429 (`weir.login.max-failures-per-address`). */
  readonly maxLoginFailuresPerAddress: number;
  /** The window failed logins are counted in, and so the longest a 429 lasts (`weir.login.failure-window`). */
  readonly loginFailureWindow: number;
  /** A browser session unused this long ends (`weir.session.idle-timeout`). */
  readonly sessionIdleTimeout: number;
  /** A browser session ends this long after sign-in (`weir.session.max-age`). */
  readonly sessionMaxAge: number;
}

export interface WeirConfig {
  readonly server: { readonly port: number; readonly address: string; readonly maxBodySize: number };
  readonly database: {
    readonly url?: string;
    readonly embeddedPath: string;
    readonly poolSize: number;
    readonly pooler: PoolerMode;
    readonly listenUrl?: string;
    readonly schemaUpdate: SchemaUpdate;
    readonly schemaLockWaitTime: number;
  };
  readonly node: { readonly id?: string; readonly heartbeatInterval: number; readonly staleAfter: number };
  readonly engine: {
    readonly historyLevel: HistoryLevel;
    readonly delegatesPath: string;
    readonly scriptTimeout: number;
    readonly scriptMemoryLimit: number;
    readonly maxVariableSize: number;
    readonly scriptThreads: number;
    readonly maxVariablesPerScope: number;
    readonly maxInstanceSize: number;
    readonly maxMultiInstances: number;
    /** 0 or less: no limit. */
    readonly definitionCacheLimit: number;
  };
  readonly http: {
    readonly trustedProxies: string[];
    readonly adminUserId?: string;
    readonly adminPassword?: string;
    readonly eventReplayWindow: number;
  };
  /** Limits of the HTTP layer (docs/security.md); `maxBodySize` is `server.max-body-size`. */
  readonly limits: HttpLimits;
  readonly logging: { readonly level: string; readonly format: 'auto' | 'pretty' | 'json' };
  readonly autoDeployment: {
    readonly enabled: boolean;
    readonly path: string;
    readonly engines: Readonly<Record<DeploymentEngine, AutoDeploymentSettings>>;
  };
  readonly indexing: {
    readonly useLockForIndexMappingCreation: boolean;
    readonly mappingSchemaLockWaitTime: number;
  };
  readonly search: {
    readonly elasticsearchUris: string[];
    readonly language: string;
    readonly reindexBatchSize: number;
  };
  readonly broker: {
    readonly stompBrokerAddresses: string[];
    readonly activemqBrokerUrl?: string;
    /** The STOMP brokers to relay conversations through, from either key; empty: PostgreSQL. */
    readonly addresses: readonly BrokerAddress[];
    /** STOMP `login` and `passcode` on the brokers. */
    readonly user?: string;
    readonly password?: string;
  };
  readonly executor: {
    readonly asyncJobLockTime: number;
    readonly timerLockTime: number;
    readonly asyncJobAcquireWaitTime: number;
    readonly timerJobAcquireWaitTime: number;
    readonly queueFullWaitTime: number;
    readonly maxAsyncJobsDuePerAcquisition: number;
    readonly maxTimerJobsPerAcquisition: number;
    readonly resetExpiredJobsInterval: number;
    readonly resetExpiredJobsPageSize: number;
    readonly concurrency: number;
    readonly queueSize: number;
    readonly asyncJobAcquisitionEnabled: boolean;
    readonly timerJobAcquisitionEnabled: boolean;
    readonly defaultRetries: number;
    readonly defaultRetryWait: number;
    readonly shutdownTimeout: number;
    /** `weir.jobs.group-commit-size`: most jobs committed together (1: no group commit). */
    readonly commitGroupSize: number;
  };
  readonly httpTask: HttpTaskConfig;
  readonly mailServer: MailServerConfig;
  /** The content engine's store and size limit (docs/content.md). */
  readonly content: ContentConfig;
  /** OpenID Connect sign-in and bearer tokens (docs/security.md). */
  readonly oidc: OidcConfig;
  /**
   * One line per thing the configuration asked for that Weir will not do (a Flowable key with
   * no effect here, `spring.datasource.url` overridden by `database.url`); logged at boot.
   */
  readonly warnings: readonly string[];
  /** Every effective value as a string, by key, with its source; for `weir config` and logs. */
  describe(): DescribedSetting[];
}
