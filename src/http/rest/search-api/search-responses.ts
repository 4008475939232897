/**
 * What the search API answers: a task, a process or a case instance as its search document holds it
 * (fewer fields than the process API's, with the text-search title as `name`), and the
 * grouped counts.
 */
import Type from 'typebox';
import type { SearchDocumentRow } from '../../../search/search-index.ts';
import { iso, Nullable, type Urls } from '../context.ts';
import { Count, Flag, Link, Text, TextOrNull, TimestampOrNull, type Answer } from '../schemas/common.ts';

export const SearchTask = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  assignee: TextOrNull(),
  owner: TextOrNull(),
  priority: Nullable(Type.Integer()),
  dueDate: TimestampOrNull(),
  createTime: TimestampOrNull(),
  taskDefinitionKey: TextOrNull(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  processDefinitionKey: TextOrNull(),
  businessKey: TextOrNull(),
  suspended: Flag(),
  tenantId: Text(),
});

const instanceFields = {
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  businessKey: TextOrNull(),
  processDefinitionId: TextOrNull(),
  processDefinitionKey: TextOrNull(),
  startTime: TimestampOrNull(),
  startUserId: TextOrNull(),
  tenantId: Text(),
};

export const SearchProcessInstance = Type.Object({ ...instanceFields, suspended: Flag(), ended: Flag() });

export const SearchHistoricProcessInstance = Type.Object({
  ...instanceFields,
  endTime: TimestampOrNull(),
  state: Text('active, suspended, completed, ...'),
});

export const SearchCaseInstance = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  businessKey: TextOrNull(),
  caseDefinitionId: TextOrNull(),
  caseDefinitionKey: TextOrNull(),
  startTime: TimestampOrNull(),
  startUserId: TextOrNull(),
  endTime: TimestampOrNull(),
  state: Text('active, completed or terminated'),
  tenantId: Text(),
});

export const SearchCounts = Type.Object({
  groupBy: Text(),
  data: Type.Array(Type.Object({ key: TextOrNull(), count: Count() })),
  total: Count(),
});

export const taskJson = (urls: Urls, d: SearchDocumentRow): Answer<typeof SearchTask> => ({
  id: d.id,
  url: urls('process-api/runtime/tasks/%s', d.id),
  name: d.title,
  assignee: d.assignee,
  owner: d.owner,
  priority: d.priority,
  dueDate: iso(d.dueDate),
  createTime: iso(d.createdAt),
  taskDefinitionKey: d.taskDefinitionKey,
  processInstanceId: d.processInstanceId,
  processDefinitionId: d.definitionId,
  processDefinitionKey: d.definitionKey,
  businessKey: d.businessKey,
  suspended: d.state === 'suspended',
  tenantId: d.tenantId,
});

const instanceBase = (d: SearchDocumentRow, url: string) => ({
  id: d.id,
  url,
  name: d.title,
  businessKey: d.businessKey,
  processDefinitionId: d.definitionId,
  processDefinitionKey: d.definitionKey,
  startTime: iso(d.createdAt),
  startUserId: d.startUserId,
  tenantId: d.tenantId,
});

export const instanceJson = (urls: Urls, d: SearchDocumentRow): Answer<typeof SearchProcessInstance> => ({
  ...instanceBase(d, urls('process-api/runtime/process-instances/%s', d.id)),
  suspended: d.state === 'suspended',
  ended: false,
});

export const caseInstanceJson = (urls: Urls, d: SearchDocumentRow): Answer<typeof SearchCaseInstance> => ({
  id: d.id,
  url: urls('cmmn-api/cmmn-history/historic-case-instances/%s', d.id),
  name: d.title,
  businessKey: d.businessKey,
  caseDefinitionId: d.definitionId,
  caseDefinitionKey: d.definitionKey,
  startTime: iso(d.createdAt),
  startUserId: d.startUserId,
  endTime: iso(d.endedAt),
  state: d.state,
  tenantId: d.tenantId,
});

export const historicInstanceJson = (
  urls: Urls,
  d: SearchDocumentRow,
): Answer<typeof SearchHistoricProcessInstance> => ({
  ...instanceBase(d, urls('process-api/history/historic-process-instances/%s', d.id)),
  endTime: iso(d.endedAt),
  state: d.state,
});
