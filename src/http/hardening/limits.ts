/**
 * The defaults of the HTTP layer's limits, for apps built without a full configuration (tests,
 * embedders). A node gets its limits from the configuration (`src/config/limit-keys.ts`, with
 * these same defaults; a test checks that they agree).
 */
import type { HttpLimits } from '../../config/weir-config.ts';

export type { HttpLimits };

export const defaultHttpLimits: HttpLimits = {
  maxBodySize: 10 * 1024 * 1024,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  maxDeploymentResources: 100,
  maxArchiveEntries: 1000,
  maxArchiveExpandedSize: 32 * 1024 * 1024,
  maxArchiveCompressionRatio: 100,
  maxExternalJobLockDuration: 60 * 60 * 1000,
  maxLoginFailuresPerUser: 10,
  maxLoginFailuresPerAddress: 100,
  loginFailureWindow: 60_000,
  sessionIdleTimeout: 30 * 60_000,
  sessionMaxAge: 12 * 60 * 60_000,
};
