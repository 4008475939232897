import type { PoolerMode } from '../persistence/postgres.ts';
import type { DeploymentEngine } from './auto-deployment-keys.ts';
import type { ConfigSource } from './key-types.ts';

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

export interface DescribedSetting {
  readonly key: string;
  /** As given (or the default), secrets masked; `(unset)` when the key has no value. */
  readonly value: string;
  readonly source: ConfigSource;
}

export interface WeirConfig {
  readonly server: { readonly port: number; readonly address: string; readonly maxBodySize: number };
  readonly database: {
    readonly url?: string;
    readonly embeddedPath: string;
    readonly poolSize: number;
    readonly pooler: PoolerMode;
    readonly listenUrl?: string;
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
  };
  readonly http: {
    readonly trustedProxies: string[];
    readonly adminUserId?: string;
    readonly adminPassword?: string;
    readonly eventReplayWindow: number;
  };
  readonly logging: { readonly level: string };
  readonly autoDeployment: {
    readonly enabled: boolean;
    readonly path: string;
    readonly engines: Readonly<Record<DeploymentEngine, AutoDeploymentSettings>>;
  };
  readonly indexing: {
    readonly useLockForIndexMappingCreation: boolean;
    readonly mappingSchemaLockWaitTime: number;
  };
  readonly search: { readonly elasticsearchUris: string[] };
  readonly broker: { readonly stompBrokerAddresses: string[]; readonly activemqBrokerUrl?: string };
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
  };
  /** Every effective value as a string, by key, with its source; for `weir config` and logs. */
  describe(): DescribedSetting[];
}
