/** Response schemas of jobs: `/process-api/management/*jobs` and `/external-job-api/jobs`. */
import Type from 'typebox';
import {
  Link,
  LinkOrNull,
  RestVariableAnswer,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
} from './common.ts';

/** Where a job stands: retries, last failure, due time, lock. */
const stateFields = {
  retries: Type.Integer(),
  exceptionMessage: TextOrNull(),
  dueDate: TimestampOrNull(),
  createTime: Timestamp(),
  tenantId: Text(),
  lockOwner: TextOrNull(),
  lockExpirationTime: TimestampOrNull(),
};

export const Job = Type.Object({
  id: Text(),
  url: Link(),
  correlationId: Text(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
  processDefinitionId: TextOrNull(),
  processDefinitionUrl: LinkOrNull(),
  executionId: TextOrNull(),
  executionUrl: LinkOrNull(),
  elementId: TextOrNull(),
  elementName: TextOrNull(),
  handlerType: Text(),
  ...stateFields,
});

export const ExternalJob = Type.Object({
  id: Text(),
  url: Link(),
  correlationId: Text(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  executionId: TextOrNull(),
  /** a case's job: its case, plan item instance, case definition and `cmmn` */
  scopeId: TextOrNull(),
  subScopeId: TextOrNull(),
  scopeDefinitionId: TextOrNull(),
  scopeType: TextOrNull(),
  elementId: TextOrNull(),
  elementName: TextOrNull(),
  ...stateFields,
});

/** An external-worker job as acquiring answers it: with the variables of its execution. */
export const AcquiredJob = Type.Object({
  ...ExternalJob.properties,
  variables: Type.Array(RestVariableAnswer),
});
