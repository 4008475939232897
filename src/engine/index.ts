/** The engine's public surface. */
export { Engine, type EngineOptions, type StartInstanceInput, type StartedInstance } from './engine.ts';
export { SettableClock, systemClock, type Clock } from './clock.ts';
export { DelegateRegistry, type Delegate } from './delegates.ts';
export { BpmnError, isBpmnError } from './bpmn-error.ts';
export type { DelegateExecution, DelegateTask } from './facades.ts';
export type { EngineConfig, JobDispatcher, EngineLogger } from './services.ts';
export type { DeployInput, DeploymentResult, DeploymentResource } from './deploy.ts';
export type { EngineEvent, EngineEventMap, EngineEventType } from './events.ts';
export type { TaskCompletion } from './task-commands.ts';
export type { GroupedJob, GroupedJobOutcome, JobOutcome } from './job-execution.ts';
export { JOBS_CHANNEL } from './command.ts';
export * from './runtime-types.ts';
