/** The job executor's public surface. */
export { JobExecutor, type ExecutorState, type JobExecutorOptions } from './executor.ts';
export { executorSettingsFrom, runsJobs, type ExecutorSettings } from './settings.ts';
export { checkTimingRule } from './fence.ts';
export { moveDeadLetterJobToExecutable } from './dead-letters.ts';
export {
  renderPrometheus,
  type JobMetricsSnapshot,
  type LatencySummary,
  type HandOffSource,
} from './metrics.ts';
