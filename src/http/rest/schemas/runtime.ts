/** Response schemas of `/process-api/runtime`: process instances, executions, tasks and what hangs off them. */
import Type from 'typebox';
import {
  AlwaysNull,
  Flag,
  Link,
  LinkOrNull,
  RestVariableAnswer,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
} from './common.ts';

export const ProcessInstance = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  businessKey: TextOrNull(),
  suspended: Flag(),
  ended: Flag(),
  completed: Flag(),
  processDefinitionId: Text(),
  processDefinitionUrl: Link(),
  processDefinitionKey: Text(),
  processDefinitionVersion: Type.Integer(),
  processDefinitionName: TextOrNull(),
  processDefinitionDescription: TextOrNull(),
  activityId: TextOrNull('Where the instance waits'),
  startUserId: TextOrNull(),
  startTime: Timestamp(),
  superProcessInstanceId: TextOrNull(),
  callbackId: TextOrNull('The case plan item instance that started it (a process task)'),
  callbackType: TextOrNull('cmmn-1.1-to-bpmn-2.0-child-process when a case started it'),
  referenceId: AlwaysNull(),
  referenceType: AlwaysNull(),
  variables: Type.Array(RestVariableAnswer),
  tenantId: Text(),
});

export const Execution = Type.Object({
  id: Text(),
  url: Link(),
  parentId: TextOrNull(),
  parentUrl: LinkOrNull(),
  superExecutionId: TextOrNull(),
  superExecutionUrl: LinkOrNull(),
  processInstanceId: Text(),
  processInstanceUrl: Link(),
  processDefinitionId: Text(),
  processDefinitionKey: Text(),
  businessKey: TextOrNull(),
  suspended: Flag(),
  activityId: TextOrNull(),
  tenantId: Text(),
});

export const Task = Type.Object({
  id: Text(),
  url: Link(),
  owner: TextOrNull(),
  assignee: TextOrNull(),
  delegationState: TextOrNull('pending, resolved or null'),
  name: TextOrNull(),
  description: TextOrNull(),
  createTime: Timestamp(),
  dueDate: TimestampOrNull(),
  priority: Type.Integer(),
  suspended: Flag(),
  claimTime: TimestampOrNull(),
  taskDefinitionKey: TextOrNull(),
  scopeDefinitionId: TextOrNull('The case definition of a case task'),
  scopeId: TextOrNull('The case instance of a case task'),
  scopeType: TextOrNull("'cmmn' for a case task"),
  tenantId: Text(),
  category: TextOrNull(),
  formKey: TextOrNull(),
  parentTaskId: TextOrNull(),
  parentTaskUrl: LinkOrNull(),
  executionId: TextOrNull(),
  executionUrl: LinkOrNull(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  processDefinitionId: TextOrNull(),
  processDefinitionUrl: LinkOrNull(),
  variables: Type.Array(RestVariableAnswer),
});

export const TaskIdentityLink = Type.Object({
  url: Link(),
  user: TextOrNull(),
  group: TextOrNull(),
  type: Text('candidate, assignee, owner, participant, ...'),
});

export const Comment = Type.Object({
  id: Text(),
  url: Link(),
  author: TextOrNull(),
  message: Text(),
  time: Timestamp(),
  taskId: TextOrNull(),
  taskUrl: LinkOrNull(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
});

export const EventSubscription = Type.Object({
  id: Text(),
  url: Link(),
  eventType: Text('message, signal, conditional, ...'),
  eventName: TextOrNull(),
  activityId: TextOrNull(),
  executionId: TextOrNull(),
  executionUrl: LinkOrNull(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  processDefinitionId: TextOrNull(),
  processDefinitionUrl: LinkOrNull(),
  scopeId: AlwaysNull(),
  scopeType: AlwaysNull(),
  subScopeId: AlwaysNull(),
  scopeDefinitionId: AlwaysNull(),
  created: Timestamp(),
  configuration: TextOrNull(),
  tenantId: Text(),
});

/** What starting answers for an instance that ended within the start (it is only in history). */
export const EndedAtStart = Type.Object({
  id: Text(),
  url: Link(),
  businessKey: TextOrNull(),
  suspended: Type.Literal(false),
  ended: Type.Literal(true),
  completed: Type.Literal(true),
  processDefinitionId: Text(),
  processDefinitionUrl: Link(),
  processDefinitionKey: TextOrNull(),
  activityId: Type.Null(),
  startUserId: TextOrNull(),
  startTime: TimestampOrNull(),
  variables: Type.Array(RestVariableAnswer),
  tenantId: Text(),
});

/** A process instance's identity link: the same shape as a task's. */
export const InstanceIdentityLink = TaskIdentityLink;
