/**
 * What the job executor is tuned by: the `flowable.process.async.executor.*` settings
 * (explained in `config/executor-keys.ts`) plus the two node settings its crash recovery
 * depends on.
 */
import type { WeirConfig } from '../config/index.ts';

export interface ExecutorSettings extends Readonly<WeirConfig['executor']> {
  /** A node whose heartbeat is older than this (ms) is dead: its job locks are released. */
  readonly nodeStaleAfter: number;
  /**
   * How often (ms) to look for dead nodes' locks: half the heartbeat interval, so a dead
   * node's jobs are released at most that long after its heartbeat went stale. With the
   * defaults (beat every 2 s, stale after 10 s) that is 11 s after its last beat at worst,
   * leaving the survivors time to run its jobs within 15 s of a crash; the five-second
   * expiry sweep alone would take up to 15 s just to release them.
   */
  readonly deadNodeCheckInterval: number;
  /**
   * A node whose heartbeat is older than this (ms) and that has no database session left is
   * dead too: half the staleness limit (when a live node has fenced itself) plus one heartbeat
   * interval of margin. With the defaults, 7 s after its last beat: a killed node's jobs run
   * elsewhere well within 15 s.
   */
  readonly nodeFencedAfter: number;
}

export const executorSettingsFrom = (config: Pick<WeirConfig, 'executor' | 'node'>): ExecutorSettings => ({
  ...config.executor,
  nodeStaleAfter: config.node.staleAfter,
  deadNodeCheckInterval: Math.max(100, config.node.heartbeatInterval / 2),
  nodeFencedAfter: config.node.staleAfter / 2 + config.node.heartbeatInterval,
});

/** A node with both acquisitions off serves requests only: it runs no executor at all. */
export const runsJobs = (
  settings: Pick<ExecutorSettings, 'asyncJobAcquisitionEnabled' | 'timerJobAcquisitionEnabled'>,
) => settings.asyncJobAcquisitionEnabled || settings.timerJobAcquisitionEnabled;
