/** Rows as Flowable's REST API shows them: field names, absolute links, ISO dates. */
import type {
  DeploymentRow,
  EventSubscriptionRow,
  HistoricProcessRow,
  IdentityLinkRow,
  InstanceRow,
  JobRow,
  ProcessDefinitionRow,
  TaskRow,
} from '../../engine/runtime-types.ts';
import type { ResourceInfo } from '../../persistence/rest-repository-sql.ts';
import type { ExecutionListRow, InstanceListRow } from '../../persistence/rest-runtime-sql.ts';
import type { CommentRow } from '../../persistence/rest-tasks-sql.ts';
import type {
  HistoricActivityRow,
  HistoricDetailRow,
  HistoricInstanceRow,
  HistoricTaskRow,
  HistoricVariableRow,
} from '../../persistence/rest-history-sql.ts';
import type { Answer } from './schemas/common.ts';
import { iso, type Urls } from './context.ts';
import type { Deployment, DeploymentResource, ProcessDefinition } from './schemas/repository.ts';
import type {
  Comment,
  EndedAtStart,
  EventSubscription,
  Execution,
  ProcessInstance,
  Task,
  TaskIdentityLink,
} from './schemas/runtime.ts';
import type { ExternalJob, Job } from './schemas/jobs.ts';
import type {
  ActivityInstance,
  HistoricActivityInstance,
  HistoricDetail,
  HistoricProcessInstance,
  HistoricTaskInstance,
  HistoricVariableInstance,
} from './schemas/history.ts';
import { restVariable, restVariables, type RestVariable } from './variables.ts';

const tenant = (id: string | null | undefined): string => id ?? '';
const num = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

export const deploymentResponse = (d: DeploymentRow, urls: Urls): Answer<typeof Deployment> => ({
  id: d.id,
  name: d.name,
  deploymentTime: iso(d.deployedAt),
  category: d.category,
  key: d.key,
  parentDeploymentId: d.parentDeploymentId ?? d.id,
  url: urls('process-api/repository/deployments/%s', d.id),
  tenantId: tenant(d.tenantId),
});

const mediaTypeOf = (name: string): string => {
  if (/\.(bpmn20\.xml|bpmn|dmn|xml)$/i.test(name)) return 'text/xml';
  if (/\.png$/i.test(name)) return 'image/png';
  if (/\.svg$/i.test(name)) return 'image/svg+xml';
  if (/\.json$/i.test(name)) return 'application/json';
  if (/\.txt$/i.test(name)) return 'text/plain';
  return 'application/octet-stream';
};

export const resourceResponse = (r: ResourceInfo, urls: Urls): Answer<typeof DeploymentResource> => ({
  id: r.name,
  url: urls('process-api/repository/deployments/%s/resources/%s', r.deploymentId, r.name),
  contentUrl: urls('process-api/repository/deployments/%s/resourcedata/%s', r.deploymentId, r.name),
  mediaType: mediaTypeOf(r.name),
  type: /\.(bpmn20\.xml|bpmn)$/i.test(r.name)
    ? 'processDefinition'
    : /\.(png|svg)$/i.test(r.name)
      ? 'processImage'
      : 'resource',
});

export const resourceMediaType = mediaTypeOf;

export const definitionResponse = (
  d: ProcessDefinitionRow,
  urls: Urls,
): Answer<typeof ProcessDefinition> => ({
  id: d.id,
  url: urls('process-api/repository/process-definitions/%s', d.id),
  key: d.key,
  version: d.version,
  name: d.name,
  description: d.description,
  tenantId: tenant(d.tenantId),
  deploymentId: d.deploymentId,
  deploymentUrl: urls('process-api/repository/deployments/%s', d.deploymentId),
  resource: urls('process-api/repository/deployments/%s/resources/%s', d.deploymentId, d.resourceName),
  diagramResource: null,
  category: d.category,
  graphicalNotationDefined: d.hasGraphicalNotation,
  suspended: d.suspended,
  startFormDefined: d.hasStartFormKey,
});

/** Current activities: where the instance's executions wait (the root execution has none). */
const activityOf = (row: InstanceRow): string | null => {
  const waiting = row.state.executions.filter((e) => e.state !== 'ended' && e.activityId !== null);
  return waiting.length > 0 ? waiting[waiting.length - 1].activityId : null;
};

export const rootVariablesOf = (row: InstanceRow) =>
  row.state.executions.find((e) => e.id === row.id)?.variables ?? {};

export const instanceResponse = (
  row: InstanceRow | InstanceListRow,
  urls: Urls,
  options: { includeVariables?: boolean; variables?: RestVariable[]; ended?: boolean } = {},
): Answer<typeof ProcessInstance> => ({
  id: row.id,
  url: urls('process-api/runtime/process-instances/%s', row.id),
  name: row.name,
  businessKey: row.businessKey,
  suspended: row.suspended,
  ended: options.ended ?? false,
  completed: options.ended ?? false,
  processDefinitionId: row.definitionId,
  processDefinitionUrl: urls('process-api/repository/process-definitions/%s', row.definitionId),
  processDefinitionKey: row.definitionKey,
  processDefinitionVersion: row.definitionVersion,
  processDefinitionName: 'definitionName' in row ? row.definitionName : null,
  processDefinitionDescription: 'definitionDescription' in row ? row.definitionDescription : null,
  activityId: activityOf(row),
  startUserId: row.startUserId,
  startTime: iso(row.startedAt),
  superProcessInstanceId: row.superInstanceId,
  // a process a case's process task started names that plan item, as Flowable's does
  callbackId: 'callbackId' in row ? (row.callbackId ?? null) : null,
  callbackType:
    'callbackType' in row && row.callbackType === 'cmmn' ? 'cmmn-1.1-to-bpmn-2.0-child-process' : null,
  referenceId: null,
  referenceType: null,
  variables:
    options.variables ??
    (options.includeVariables
      ? restVariables(rootVariablesOf(row), 'local', (name) =>
          urls('process-api/runtime/process-instances/%s/variables/%s/data', row.id, name),
        )
      : []),
  tenantId: tenant(row.tenantId),
});

/** An instance that ended within its start, answered from its history row. */
export const endedAtStartResponse = (
  id: string,
  definitionId: string,
  history: HistoricProcessRow | undefined,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof EndedAtStart> => ({
  id,
  url: urls('process-api/runtime/process-instances/%s', id),
  businessKey: history?.businessKey ?? null,
  suspended: false,
  ended: true,
  completed: true,
  processDefinitionId: definitionId,
  processDefinitionUrl: urls('process-api/repository/process-definitions/%s', definitionId),
  processDefinitionKey: history?.definitionKey ?? null,
  activityId: null,
  startUserId: history?.startUserId ?? null,
  startTime: iso(history?.startedAt),
  variables,
  tenantId: history?.tenantId ?? '',
});

export const executionResponse = (e: ExecutionListRow, urls: Urls): Answer<typeof Execution> => ({
  id: e.id,
  url: urls('process-api/runtime/executions/%s', e.id),
  parentId: e.parentId,
  parentUrl: e.parentId ? urls('process-api/runtime/executions/%s', e.parentId) : null,
  superExecutionId: e.superExecutionId,
  superExecutionUrl: e.superExecutionId
    ? urls('process-api/runtime/executions/%s', e.superExecutionId)
    : null,
  processInstanceId: e.processInstanceId,
  processInstanceUrl: urls('process-api/runtime/process-instances/%s', e.processInstanceId),
  processDefinitionId: e.definitionId,
  processDefinitionKey: e.definitionKey,
  businessKey: e.id === e.processInstanceId ? e.businessKey : null,
  suspended: e.suspended,
  activityId: e.activityId,
  tenantId: tenant(e.tenantId),
});

/** Flowable's CMMN task fields: the case and case definition of a case's task (null otherwise). */
export const caseOfTask = (
  t: Pick<TaskRow, 'scopeType' | 'scopeId' | 'scopeDefinitionId'>,
  urls: Urls,
  /** where the case is read: the running case, or its history */
  casePath = 'cmmn-runtime/case-instances',
): {
  caseInstanceId: string | null;
  caseInstanceUrl: string | null;
  caseDefinitionId: string | null;
  caseDefinitionUrl: string | null;
} => {
  const isCase = t.scopeType === 'cmmn';
  const caseId = isCase ? (t.scopeId ?? null) : null;
  const definitionId = isCase ? (t.scopeDefinitionId ?? null) : null;
  return {
    caseInstanceId: caseId,
    caseInstanceUrl: caseId ? urls(`cmmn-api/${casePath}/%s`, caseId) : null,
    caseDefinitionId: definitionId,
    caseDefinitionUrl: definitionId
      ? urls('cmmn-api/cmmn-repository/case-definitions/%s', definitionId)
      : null,
  };
};

export const taskResponse = (
  t: TaskRow,
  urls: Urls,
  variables: RestVariable[] = [],
  /** the API that answers: a task read through /cmmn-api links to itself there, as Flowable's does */
  api: 'process-api' | 'cmmn-api' = 'process-api',
): Answer<typeof Task> => ({
  id: t.id,
  url:
    api === 'cmmn-api'
      ? urls('cmmn-api/cmmn-runtime/tasks/%s', t.id)
      : urls('process-api/runtime/tasks/%s', t.id),
  owner: t.owner,
  assignee: t.assignee,
  delegationState: t.delegationState,
  name: t.name,
  description: t.description,
  createTime: iso(t.createdAt),
  dueDate: iso(t.dueDate),
  priority: t.priority,
  suspended: t.suspended,
  claimTime: iso(t.claimedAt),
  taskDefinitionKey: t.taskDefinitionKey,
  // a case's task names its case (scopeType cmmn), as Flowable's shared task list does
  scopeDefinitionId: t.scopeDefinitionId ?? null,
  scopeId: t.scopeId ?? null,
  subScopeId: t.subScopeId ?? null,
  scopeType: t.scopeType ?? null,
  propagatedStageInstanceId: t.propagatedStageInstanceId ?? null,
  ...caseOfTask(t, urls),
  tenantId: tenant(t.tenantId),
  category: t.category,
  formKey: t.formKey,
  parentTaskId: t.parentTaskId,
  parentTaskUrl: t.parentTaskId ? urls('process-api/runtime/tasks/%s', t.parentTaskId) : null,
  executionId: t.executionId,
  executionUrl: t.executionId ? urls('process-api/runtime/executions/%s', t.executionId) : null,
  processInstanceId: t.processInstanceId,
  processInstanceUrl: t.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', t.processInstanceId)
    : null,
  processDefinitionId: t.definitionId,
  processDefinitionUrl: t.definitionId
    ? urls('process-api/repository/process-definitions/%s', t.definitionId)
    : null,
  variables,
});

export const taskIdentityLinkResponse = (
  taskId: string,
  link: Pick<IdentityLinkRow, 'userId' | 'groupId' | 'type'>,
  urls: Urls,
): Answer<typeof TaskIdentityLink> => ({
  url: link.userId
    ? urls('process-api/runtime/tasks/%s/identitylinks/users/%s/%s', taskId, link.userId, link.type)
    : urls('process-api/runtime/tasks/%s/identitylinks/groups/%s/%s', taskId, link.groupId ?? '', link.type),
  user: link.userId,
  group: link.groupId,
  type: link.type,
});

export const commentResponse = (c: CommentRow, urls: Urls): Answer<typeof Comment> => ({
  id: c.id,
  url: c.taskId
    ? urls('process-api/runtime/tasks/%s/comments/%s', c.taskId, c.id)
    : urls('process-api/history/historic-process-instances/%s/comments/%s', c.processInstanceId ?? '', c.id),
  author: c.author,
  message: c.message,
  time: iso(c.createdAt),
  taskId: c.taskId,
  taskUrl: c.taskId ? urls('process-api/runtime/tasks/%s', c.taskId) : null,
  processInstanceId: c.processInstanceId,
  processInstanceUrl: c.processInstanceId
    ? urls('process-api/history/historic-process-instances/%s', c.processInstanceId)
    : null,
});

export const subscriptionResponse = (
  s: EventSubscriptionRow,
  urls: Urls,
): Answer<typeof EventSubscription> => ({
  id: s.id,
  url: urls('process-api/runtime/event-subscriptions/%s', s.id),
  eventType: s.eventType,
  eventName: s.eventName,
  activityId: s.activityId,
  executionId: s.executionId,
  executionUrl: s.executionId ? urls('process-api/runtime/executions/%s', s.executionId) : null,
  processInstanceId: s.processInstanceId,
  processInstanceUrl: s.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', s.processInstanceId)
    : null,
  processDefinitionId: s.definitionId,
  processDefinitionUrl: s.definitionId
    ? urls('process-api/repository/process-definitions/%s', s.definitionId)
    : null,
  scopeId: null,
  scopeType: null,
  subScopeId: null,
  scopeDefinitionId: null,
  created: iso(s.createdAt),
  configuration: s.configuration === null ? null : JSON.stringify(s.configuration),
  tenantId: tenant(s.tenantId),
});

const jobPaths: Record<string, string> = {
  executable: 'process-api/management/jobs/%s',
  timer: 'process-api/management/timer-jobs/%s',
  deadletter: 'process-api/management/deadletter-jobs/%s',
  suspended: 'process-api/management/suspended-jobs/%s',
  external: 'external-job-api/jobs/%s',
};

/** The fields every job answer ends with: retries, error, times, tenant and lock. */
const jobStateOf = (j: JobRow) => ({
  retries: j.retries,
  exceptionMessage: j.exceptionMessage,
  dueDate: iso(j.dueAt),
  createTime: iso(j.createdAt),
  tenantId: tenant(j.tenantId),
  lockOwner: j.lockOwner,
  lockExpirationTime: iso(j.lockExpiresAt),
});

export const jobResponse = (j: JobRow, urls: Urls): Answer<typeof Job> => ({
  id: j.id,
  url: urls(jobPaths[j.state] ?? jobPaths.executable, j.id),
  correlationId: j.id,
  processInstanceId: j.processInstanceId,
  processInstanceUrl: j.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', j.processInstanceId)
    : null,
  processDefinitionId: j.definitionId,
  processDefinitionUrl: j.definitionId
    ? urls('process-api/repository/process-definitions/%s', j.definitionId)
    : null,
  executionId: j.executionId,
  executionUrl: j.executionId ? urls('process-api/runtime/executions/%s', j.executionId) : null,
  elementId: j.elementId,
  elementName: j.elementName,
  handlerType: j.handler,
  ...jobStateOf(j),
});

/** The external-worker API's job: a case's job fills Flowable's scope fields. */
export const externalJobResponse = (j: JobRow, urls: Urls): Answer<typeof ExternalJob> => {
  // a case's job names its case, plan item instance and case definition, as Flowable's does
  const ofCase = j.scopeType === 'cmmn';
  const planItemInstanceId = j.handlerConfig?.planItemInstanceId;
  return {
    id: j.id,
    url: urls('external-job-api/jobs/%s', j.id),
    correlationId: j.id,
    processInstanceId: j.processInstanceId,
    processDefinitionId: ofCase ? null : j.definitionId,
    executionId: j.executionId,
    scopeId: ofCase ? j.rootInstanceId : null,
    subScopeId: ofCase && typeof planItemInstanceId === 'string' ? planItemInstanceId : null,
    scopeDefinitionId: ofCase ? j.definitionId : null,
    scopeType: ofCase ? 'cmmn' : null,
    elementId: j.elementId,
    elementName: j.elementName,
    ...jobStateOf(j),
  };
};

export const historicInstanceResponse = (
  h: HistoricInstanceRow,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof HistoricProcessInstance> => ({
  id: h.id,
  url: urls('process-api/history/historic-process-instances/%s', h.id),
  name: h.name,
  businessKey: h.businessKey,
  processDefinitionId: h.definitionId,
  processDefinitionUrl: urls('process-api/repository/process-definitions/%s', h.definitionId),
  processDefinitionKey: h.definitionKey,
  processDefinitionName: h.definitionName,
  processDefinitionVersion: h.definitionVersion,
  startTime: iso(h.startedAt),
  endTime: iso(h.endedAt),
  durationInMillis: num(h.durationMs),
  startUserId: h.startUserId,
  startActivityId: h.startActivityId,
  endActivityId: h.endActivityId,
  deleteReason: h.endReason,
  superProcessInstanceId: h.superInstanceId,
  variables,
  tenantId: tenant(h.tenantId),
});

export const historicActivityResponse = (
  a: HistoricActivityRow,
  urls: Urls,
): Answer<typeof HistoricActivityInstance> => ({
  id: a.id,
  activityId: a.activityId,
  activityName: a.activityName,
  activityType: a.activityType,
  processDefinitionId: a.definitionId,
  processDefinitionUrl: urls('process-api/repository/process-definitions/%s', a.definitionId),
  processInstanceId: a.processInstanceId,
  processInstanceUrl: urls('process-api/history/historic-process-instances/%s', a.processInstanceId),
  executionId: a.executionId,
  taskId: a.taskId,
  calledProcessInstanceId: a.calledProcessInstanceId,
  assignee: a.assignee,
  startTime: iso(a.startedAt),
  endTime: iso(a.endedAt),
  durationInMillis: num(a.durationMs),
  deleteReason: a.endReason,
  tenantId: tenant(a.tenantId),
});

/** Flowable's runtime activity instance: the historic shape, pointing at the running instance, no delete reason. */
export const activityInstanceResponse = (
  a: HistoricActivityRow,
  urls: Urls,
): Answer<typeof ActivityInstance> => {
  const { deleteReason: _, ...rest } = historicActivityResponse(a, urls);
  return {
    ...rest,
    processInstanceUrl: urls('process-api/runtime/process-instances/%s', a.processInstanceId),
  };
};

export const historicTaskResponse = (
  t: HistoricTaskRow,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof HistoricTaskInstance> => ({
  id: t.id,
  url: urls('process-api/history/historic-task-instances/%s', t.id),
  processDefinitionId: t.definitionId,
  processDefinitionUrl: t.definitionId
    ? urls('process-api/repository/process-definitions/%s', t.definitionId)
    : null,
  processInstanceId: t.processInstanceId,
  processInstanceUrl: t.processInstanceId
    ? urls('process-api/history/historic-process-instances/%s', t.processInstanceId)
    : null,
  executionId: t.executionId,
  name: t.name,
  description: t.description,
  deleteReason: t.endReason,
  owner: t.owner,
  assignee: t.assignee,
  startTime: iso(t.createdAt),
  endTime: iso(t.endedAt),
  durationInMillis: num(t.durationMs),
  workTimeInMillis:
    t.endedAt && t.claimedAt ? new Date(t.endedAt).getTime() - new Date(t.claimedAt).getTime() : null,
  claimTime: iso(t.claimedAt),
  taskDefinitionKey: t.taskDefinitionKey,
  formKey: t.formKey,
  priority: t.priority,
  dueDate: iso(t.dueDate),
  parentTaskId: t.parentTaskId,
  category: t.category,
  variables,
  tenantId: tenant(t.tenantId),
});

export const historicVariableResponse = (
  v: HistoricVariableRow,
  urls: Urls,
): Answer<typeof HistoricVariableInstance> => ({
  id: v.id,
  processInstanceId: v.processInstanceId,
  processInstanceUrl: v.processInstanceId
    ? urls('process-api/history/historic-process-instances/%s', v.processInstanceId)
    : null,
  taskId: v.taskId,
  executionId: v.executionId,
  variable: restVariable(
    v.name,
    { type: v.type as never, value: v.value },
    v.taskId ? 'local' : 'global',
    urls('process-api/history/historic-variable-instances/%s/data', v.id),
  ),
});

export const historicDetailResponse = (d: HistoricDetailRow, urls: Urls): Answer<typeof HistoricDetail> => ({
  id: d.id,
  processInstanceId: d.processInstanceId,
  processInstanceUrl: d.processInstanceId
    ? urls('process-api/history/historic-process-instances/%s', d.processInstanceId)
    : null,
  executionId: d.executionId,
  activityInstanceId: d.activityInstanceId,
  taskId: d.taskId,
  taskUrl: d.taskId ? urls('process-api/history/historic-task-instances/%s', d.taskId) : null,
  time: iso(d.createdAt),
  detailType: 'variableUpdate',
  revision: d.revision,
  variable: restVariable(
    d.name,
    { type: d.type as never, value: d.value },
    d.taskId ? 'local' : 'global',
    urls('process-api/history/historic-detail/%s/data', d.id),
  ),
  propertyId: null,
  propertyValue: null,
});
