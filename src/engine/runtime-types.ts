/**
 * The shapes of runtime state as the engine holds it in memory during a command, and as
 * rows in the tables of `persistence/`. Dates are JS `Date` in memory.
 */

/** Flowable's REST variable type names. */
export type VariableType =
  | 'string'
  | 'short'
  | 'integer'
  | 'long'
  | 'double'
  | 'boolean'
  | 'date'
  | 'json'
  | 'null'
  // bytes kept in weir_variable_bytes; the value is a reference `{bytesId, size}` (variable-bytes.ts)
  | 'binary'
  | 'serializable';

export interface StoredVariable {
  /** the variable's id in history (`weir_hi_variable_instance.id`) */
  id: string;
  type: VariableType;
  /** JSON-compatible; dates as ISO strings */
  value: unknown;
  revision: number;
}

/**
 * One path of control, as in Flowable: the process instance is the root execution
 * (same id); every token is a child execution. An execution at a subprocess, a call
 * activity or a multi-instance body is a scope: it waits for its children.
 */
export interface ExecutionState {
  id: string;
  parentId: string | null;
  activityId: string | null;
  /** active: running or waiting at activityId; joining: waiting at a gateway join; done: ended (pruned at flush) */
  state: 'active' | 'joining' | 'ended';
  isScope: boolean;
  /** this execution is the body of a multi-instance activity */
  isMultiInstanceRoot?: boolean;
  /** this execution runs one instance of a multi-instance activity */
  isMultiInstanceInner?: boolean;
  /** this execution is an event subprocess scope, or an event-scope kept for compensation */
  isEventScope?: boolean;
  variables: Record<string, StoredVariable>;
  /** history id of the activity instance this execution is in */
  activityInstanceId?: string;
  /** boundary event id -> its open activity instance, while this execution is in the attached activity */
  boundaryActivityInstanceIds?: Record<string, string>;
  /** a job (async continuation) is pending for this execution */
  waitingForJob?: boolean;
  /** call activity: the called instance */
  subInstanceId?: string;
  /** for an execution that entered the current activity through a sequence flow: its id */
  lastFlowId?: string;
  startedAt: string;
}

export interface InstanceDocument {
  executions: ExecutionState[];
  /** completed activities with compensation handlers, newest last */
  compensations?: Array<{
    activityId: string;
    executionId: string;
    scopeExecutionId: string;
    variables?: Record<string, StoredVariable>;
  }>;
  /** counter for history ordering */
  seq: number;
  /** on a root instance: open tasks of the whole tree, so that commands on a tree without tasks skip loading them */
  openTasks?: number;
}

export interface InstanceRow {
  id: string;
  rootId: string;
  superInstanceId: string | null;
  superExecutionId: string | null;
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  businessKey: string | null;
  name: string | null;
  tenantId: string;
  startActivityId: string | null;
  startUserId: string | null;
  startedAt: Date;
  suspended: boolean;
  revision: number;
  state: InstanceDocument;
  /** the case plan item that started it (Flowable's callbackId, callbackType 'cmmn') */
  callbackId?: string | null;
  callbackType?: string | null;
}

export interface TaskRow {
  id: string;
  processInstanceId: string | null;
  rootInstanceId: string | null;
  executionId: string | null;
  definitionId: string | null;
  taskDefinitionKey: string | null;
  name: string | null;
  description: string | null;
  assignee: string | null;
  owner: string | null;
  delegationState: 'pending' | 'resolved' | null;
  priority: number;
  dueDate: Date | null;
  category: string | null;
  formKey: string | null;
  tenantId: string;
  parentTaskId: string | null;
  suspended: boolean;
  createdAt: Date;
  claimedAt: Date | null;
  variables: Record<string, StoredVariable>;
  /** a case's task: scopeType 'cmmn', scopeId the case, subScopeId its plan item instance */
  scopeId?: string | null;
  scopeType?: string | null;
  subScopeId?: string | null;
  scopeDefinitionId?: string | null;
  /** a case task's stage plan item instance (null directly in the plan model) */
  propagatedStageInstanceId?: string | null;
}

/** Flowable's types, and on process instances any other a client names. */
export type IdentityLinkType = 'candidate' | 'assignee' | 'owner' | 'participant' | 'starter' | (string & {});

export interface IdentityLinkRow {
  id: string;
  type: IdentityLinkType;
  userId: string | null;
  groupId: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  rootInstanceId: string | null;
  createdAt: Date;
}

export type JobState = 'executable' | 'timer' | 'external' | 'deadletter' | 'suspended';

export type JobHandler =
  | 'async-continuation'
  | 'async-leave'
  | 'external-worker'
  | 'timer-catch'
  | 'timer-boundary'
  | 'timer-start'
  | 'timer-event-subprocess'
  | 'suspend-processdefinition'
  | 'activate-processdefinition'
  | 'process-migration'
  | 'set-async-variables'
  | 'cmmn-timer'
  | 'cmmn-async-activate-plan-item-instance'
  | 'cmmn-case-migration'
  | 'cmmn-historic-case-migration';

export interface JobRow {
  id: string;
  state: JobState;
  handler: JobHandler;
  handlerConfig: Record<string, unknown> | null;
  processInstanceId: string | null;
  rootInstanceId: string | null;
  executionId: string | null;
  definitionId: string | null;
  elementId: string | null;
  elementName: string | null;
  exclusive: boolean;
  retries: number;
  retryCycle: string | null;
  dueAt: Date | null;
  repeat: string | null;
  endAt: Date | null;
  lockOwner: string | null;
  lockExpiresAt: Date | null;
  topic: string | null;
  workerId: string | null;
  /** the authenticated user who acquired an external-worker job (absent on rows made in memory) */
  lockUserId?: string | null;
  exceptionMessage: string | null;
  exceptionStacktrace: string | null;
  tenantId: string;
  createdAt: Date;
  /** 'cmmn' for a case's job (its rootInstanceId is the case); absent for process jobs */
  scopeType?: string | null;
}

export interface EventSubscriptionRow {
  id: string;
  eventType: 'message' | 'signal' | 'compensate' | 'conditional';
  eventName: string;
  processInstanceId: string | null;
  rootInstanceId: string | null;
  executionId: string | null;
  activityId: string | null;
  definitionId: string | null;
  scope: string | null;
  tenantId: string;
  configuration: Record<string, unknown> | null;
  createdAt: Date;
}

export interface DeploymentRow {
  id: string;
  name: string | null;
  category: string | null;
  key: string | null;
  tenantId: string;
  parentDeploymentId: string | null;
  deployedAt: Date;
  /** for a deployment made by a dynamic injection: the deployment it was copied from */
  derivedFrom?: string | null;
  derivedFromRoot?: string | null;
}

export interface ProcessDefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  description: string | null;
  category: string | null;
  tenantId: string;
  deploymentId: string;
  resourceName: string;
  hasStartFormKey: boolean;
  startFormKey: string | null;
  hasGraphicalNotation: boolean;
  suspended: boolean;
  createdAt: Date;
  /** for a definition made by a dynamic injection (version 0): the definition it was copied from */
  derivedFrom?: string | null;
  derivedFromRoot?: string | null;
  /** 1, 2, ... among the derived definitions of the key; 0 for an ordinary definition */
  derivedVersion?: number;
}

/** History rows, as the engine writes them and the query APIs read them (durations in ms). */
export interface HistoricProcessRow {
  id: string;
  rootId: string;
  superInstanceId: string | null;
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  businessKey: string | null;
  name: string | null;
  tenantId: string;
  startActivityId: string | null;
  endActivityId: string | null;
  startUserId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  endReason: string | null;
}

export interface HistoricActivityRow {
  id: string;
  processInstanceId: string;
  executionId: string;
  definitionId: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  assignee: string | null;
  taskId: string | null;
  calledProcessInstanceId: string | null;
  tenantId: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  endReason: string | null;
  seq: number;
}

export interface HistoricTaskRow {
  id: string;
  processInstanceId: string | null;
  executionId: string | null;
  definitionId: string | null;
  taskDefinitionKey: string | null;
  name: string | null;
  description: string | null;
  assignee: string | null;
  owner: string | null;
  priority: number;
  dueDate: Date | null;
  category: string | null;
  formKey: string | null;
  tenantId: string;
  parentTaskId: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  endReason: string | null;
  scopeId?: string | null;
  scopeType?: string | null;
  subScopeId?: string | null;
  scopeDefinitionId?: string | null;
  /** a case task's stage plan item instance (null directly in the plan model) */
  propagatedStageInstanceId?: string | null;
}

export type HistoryLevel = 'none' | 'activity' | 'audit' | 'full';
