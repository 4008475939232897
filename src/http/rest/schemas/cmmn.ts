/** Response schemas of `/cmmn-api`, Flowable's CMMN REST shapes field for field. */
import Type from 'typebox';
import {
  Flag,
  Link,
  LinkOrNull,
  RestVariableAnswer,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
} from './common.ts';
import { HistoricTaskInstance } from './history.ts';

/** A resource of a case deployment; a case model's type is `caseDefinition`, as in Flowable. */
export const CaseDeploymentResource = Type.Object({
  id: Text('The resource name'),
  url: Link(),
  contentUrl: Link('Where the bytes are'),
  mediaType: Text(),
  type: Type.Enum(['caseDefinition', 'resource'], { type: 'string' }),
});

/** Flowable's CaseDefinitionResponse. */
export const CaseDefinition = Type.Object({
  id: Text(),
  url: Link(),
  key: Text(),
  version: Type.Integer(),
  name: TextOrNull(),
  description: TextOrNull(),
  tenantId: Text("'' when none"),
  deploymentId: Text(),
  deploymentUrl: Link(),
  resource: Link('Where the .cmmn file is'),
  diagramResource: LinkOrNull(),
  category: TextOrNull(),
  graphicalNotationDefined: Flag(),
  startFormDefined: Flag(),
});

/** Flowable's CaseInstanceResponse. */
export const CaseInstance = Type.Object({
  id: Text(),
  name: TextOrNull(),
  url: Link(),
  businessKey: TextOrNull(),
  businessStatus: TextOrNull(),
  startTime: Timestamp(),
  startUserId: TextOrNull(),
  state: Text('active, completed or terminated'),
  ended: Flag(),
  caseDefinitionId: Text(),
  caseDefinitionUrl: Link(),
  caseDefinitionName: TextOrNull(),
  caseDefinitionDescription: TextOrNull(),
  parentId: TextOrNull(),
  callbackId: TextOrNull(),
  callbackType: TextOrNull(),
  referenceId: TextOrNull(),
  referenceType: TextOrNull(),
  tenantId: Text("'' when none"),
  completed: Flag(),
  variables: Type.Array(RestVariableAnswer),
});

/** Flowable's PlanItemInstanceResponse (and, with its history fields, HistoricPlanItemInstanceResponse). */
export const PlanItemInstance = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  caseInstanceId: Text(),
  caseInstanceUrl: Link(),
  caseDefinitionId: Text(),
  caseDefinitionUrl: Link(),
  derivedCaseDefinitionId: TextOrNull(),
  derivedCaseDefinitionUrl: LinkOrNull(),
  stageInstanceId: TextOrNull(),
  stageInstanceUrl: LinkOrNull(),
  planItemDefinitionId: Text(),
  planItemDefinitionType: Text(),
  state: Text(),
  stage: Flag(),
  elementId: Text(),
  createTime: Timestamp(),
  lastAvailableTime: TimestampOrNull(),
  lastEnabledTime: TimestampOrNull(),
  lastDisabledTime: TimestampOrNull(),
  lastStartedTime: TimestampOrNull(),
  lastSuspendedTime: TimestampOrNull(),
  completedTime: TimestampOrNull(),
  occurredTime: TimestampOrNull(),
  terminatedTime: TimestampOrNull(),
  exitTime: TimestampOrNull(),
  endedTime: TimestampOrNull(),
  startUserId: TextOrNull(),
  assignee: TextOrNull(),
  completedBy: TextOrNull(),
  referenceId: TextOrNull(),
  referenceType: TextOrNull(),
  completable: Flag(),
  entryCriterionId: TextOrNull(),
  exitCriterionId: TextOrNull(),
  formKey: TextOrNull(),
  extraValue: TextOrNull(),
  tenantId: Text("'' when none"),
});

/** Flowable's HistoricCaseInstanceResponse. */
export const HistoricCaseInstance = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  businessKey: TextOrNull(),
  businessStatus: TextOrNull(),
  caseDefinitionId: Text(),
  caseDefinitionUrl: Link(),
  caseDefinitionName: TextOrNull(),
  caseDefinitionDescription: TextOrNull(),
  startTime: Timestamp(),
  endTime: TimestampOrNull(),
  startUserId: TextOrNull(),
  endUserId: TextOrNull(),
  superProcessInstanceId: TextOrNull(),
  variables: Type.Array(RestVariableAnswer),
  tenantId: Text("'' when none"),
  state: Text(),
  callbackId: TextOrNull(),
  callbackType: TextOrNull(),
  referenceId: TextOrNull(),
  referenceType: TextOrNull(),
});

/** Flowable's HistoricMilestoneInstanceResponse. */
export const HistoricMilestone = Type.Object({
  id: Text(),
  name: TextOrNull(),
  elementId: Text(),
  timestamp: Timestamp(),
  caseInstanceId: Text(),
  caseDefinitionId: Text(),
  url: Link(),
  historicCaseInstanceUrl: Link(),
  caseDefinitionUrl: Link(),
});

/** Flowable's HistoricVariableInstanceResponse, for case variables. */
export const HistoricCaseVariable = Type.Object({
  id: Text(),
  caseInstanceId: Text(),
  caseInstanceUrl: Link(),
  taskId: TextOrNull(),
  planItemInstanceId: TextOrNull(),
  variable: RestVariableAnswer,
});

/** One stage (or milestone) of Flowable's stage overview. */
export const StageOverviewItem = Type.Object({
  id: Text('The plan item id'),
  name: TextOrNull(),
  current: Flag(),
  ended: Flag(),
  endTime: TimestampOrNull(),
  displayOrder: Type.Union([Type.Integer(), Type.Null()]),
});

/** Flowable's CMMN JobResponse (`/cmmn-api/cmmn-management/...`): a case's job. */
export const CaseJob = Type.Object({
  id: Text(),
  url: Link(),
  caseInstanceId: TextOrNull(),
  caseInstanceUrl: LinkOrNull(),
  caseDefinitionId: TextOrNull(),
  caseDefinitionUrl: LinkOrNull(),
  planItemInstanceId: TextOrNull(),
  elementId: TextOrNull(),
  elementName: TextOrNull(),
  handlerType: Text(),
  retries: Type.Integer(),
  exceptionMessage: TextOrNull(),
  dueDate: TimestampOrNull(),
  createTime: Timestamp(),
  lockOwner: TextOrNull(),
  lockExpirationTime: TimestampOrNull(),
  tenantId: Text(),
});

/** A person involved in a running case (Flowable's RestIdentityLink of a case instance). */
export const CaseIdentityLink = Type.Object({
  url: Link(),
  user: TextOrNull(),
  group: TextOrNull(),
  type: Text('participant, starter or any other type'),
});

/** A person involved in a case, running or ended (Flowable's CMMN HistoricIdentityLinkResponse). */
export const HistoricCaseIdentityLink = Type.Object({
  type: Text(),
  userId: TextOrNull(),
  groupId: TextOrNull(),
  taskId: TextOrNull(),
  taskUrl: LinkOrNull(),
  caseInstanceId: TextOrNull(),
  caseInstanceUrl: LinkOrNull(),
});

const {
  processDefinitionUrl: _processDefinitionUrl,
  processInstanceUrl: _processInstanceUrl,
  ...historicTaskFields
} = HistoricTaskInstance.properties;

/**
 * A task in history as the CMMN REST API answers it (Flowable's CMMN HistoricTaskInstanceResponse):
 * the process API's shape without its process links, with the task's case and scope.
 */
export const CaseHistoricTaskInstance = Type.Object({
  ...historicTaskFields,
  caseInstanceId: TextOrNull(),
  caseInstanceUrl: LinkOrNull(),
  caseDefinitionId: TextOrNull(),
  caseDefinitionUrl: LinkOrNull(),
  scopeDefinitionId: TextOrNull(),
  scopeId: TextOrNull(),
  subScopeId: TextOrNull(),
  scopeType: TextOrNull(),
  propagatedStageInstanceId: TextOrNull(),
});

/** A task's person in history, as the CMMN REST API answers it. */
export const CaseHistoricTaskIdentityLink = HistoricCaseIdentityLink;

/** A running case's variable instance (Flowable's CMMN VariableInstanceResponse). */
export const CaseVariableInstance = HistoricCaseVariable;
