/** Response schemas of `/process-api/history` (and the runtime activity instances, which share their shape). */
import Type from 'typebox';
import {
  AlwaysNull,
  IntOrNull,
  Link,
  LinkOrNull,
  RestVariableAnswer,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
} from './common.ts';

export const HistoricProcessInstance = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  businessKey: TextOrNull(),
  processDefinitionId: Text(),
  processDefinitionUrl: Link(),
  processDefinitionKey: Text(),
  processDefinitionName: TextOrNull(),
  processDefinitionVersion: Type.Integer(),
  startTime: Timestamp(),
  endTime: TimestampOrNull(),
  durationInMillis: IntOrNull(),
  startUserId: TextOrNull(),
  startActivityId: TextOrNull(),
  endActivityId: TextOrNull(),
  deleteReason: TextOrNull(),
  superProcessInstanceId: TextOrNull(),
  variables: Type.Array(RestVariableAnswer),
  tenantId: Text(),
});

const activityFields = {
  id: Text(),
  activityId: Text(),
  activityName: TextOrNull(),
  activityType: Text(),
  processDefinitionId: Text(),
  processDefinitionUrl: Link(),
  processInstanceId: Text(),
  processInstanceUrl: Link(),
  executionId: TextOrNull(),
  taskId: TextOrNull(),
  calledProcessInstanceId: TextOrNull(),
  assignee: TextOrNull(),
  startTime: Timestamp(),
  endTime: TimestampOrNull(),
  durationInMillis: IntOrNull(),
  tenantId: Text(),
};

export const HistoricActivityInstance = Type.Object({ ...activityFields, deleteReason: TextOrNull() });

/** The runtime's activity instance: the historic shape without a delete reason. */
export const ActivityInstance = Type.Object(activityFields);

export const HistoricTaskInstance = Type.Object({
  id: Text(),
  url: Link(),
  processDefinitionId: TextOrNull(),
  processDefinitionUrl: LinkOrNull(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  executionId: TextOrNull(),
  name: TextOrNull(),
  description: TextOrNull(),
  deleteReason: TextOrNull(),
  owner: TextOrNull(),
  assignee: TextOrNull(),
  startTime: Timestamp(),
  endTime: TimestampOrNull(),
  durationInMillis: IntOrNull(),
  workTimeInMillis: IntOrNull(),
  claimTime: TimestampOrNull(),
  taskDefinitionKey: TextOrNull(),
  formKey: TextOrNull(),
  priority: Type.Integer(),
  dueDate: TimestampOrNull(),
  parentTaskId: TextOrNull(),
  category: TextOrNull(),
  variables: Type.Array(RestVariableAnswer),
  tenantId: Text(),
});

export const HistoricVariableInstance = Type.Object({
  id: Text(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  taskId: TextOrNull(),
  executionId: TextOrNull(),
  variable: RestVariableAnswer,
});

export const HistoricDetail = Type.Object({
  id: Text(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  executionId: TextOrNull(),
  activityInstanceId: TextOrNull(),
  taskId: TextOrNull(),
  taskUrl: LinkOrNull(),
  time: Timestamp(),
  detailType: Type.Literal('variableUpdate'),
  revision: Type.Integer(),
  variable: RestVariableAnswer,
  propertyId: AlwaysNull(),
  propertyValue: AlwaysNull(),
});

/** A runtime variable instance: the historic variable's shape, its data under the runtime's URL. */
export const VariableInstance = HistoricVariableInstance;
