/** JSON shapes of attachments, task events, historic identity links and task log entries. */
import type { AttachmentRow } from '../../persistence/attachments-sql.ts';
import type {
  HistoricIdentityLinkRow,
  TaskEventRow,
  TaskLogRow,
} from '../../persistence/task-records-sql.ts';
import { messageParts } from '../../engine/task-records.ts';
import { iso, type Urls } from './context.ts';
import type { Answer } from './schemas/common.ts';
import type { Attachment, HistoricIdentityLink, TaskEvent, TaskLogEntry } from './schemas/task-records.ts';

export const attachmentResponse = (a: AttachmentRow, urls: Urls): Answer<typeof Attachment> => ({
  id: a.id,
  url: a.taskId ? urls('process-api/runtime/tasks/%s/attachments/%s', a.taskId, a.id) : null,
  name: a.name,
  userId: a.userId,
  description: a.description,
  type: a.type,
  taskUrl: a.taskId ? urls('process-api/runtime/tasks/%s', a.taskId) : null,
  processInstanceUrl: a.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', a.processInstanceId)
    : null,
  externalUrl: a.hasContent ? null : a.url,
  contentUrl:
    a.hasContent && a.taskId
      ? urls('process-api/runtime/tasks/%s/attachments/%s/content', a.taskId, a.id)
      : null,
  time: iso(a.createdAt),
});

export const eventResponse = (e: TaskEventRow, urls: Urls): Answer<typeof TaskEvent> => ({
  url: urls('process-api/runtime/tasks/%s/events/%s', e.taskId ?? '', e.id),
  id: e.id,
  action: e.action,
  userId: e.author,
  time: iso(e.createdAt),
  taskUrl: e.taskId ? urls('process-api/runtime/tasks/%s', e.taskId) : null,
  processInstanceUrl: e.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', e.processInstanceId)
    : null,
  message: messageParts(e),
});

export const historicIdentityLinkResponse = (
  l: Pick<HistoricIdentityLinkRow, 'type' | 'userId' | 'groupId' | 'taskId' | 'processInstanceId'>,
  urls: Urls,
): Answer<typeof HistoricIdentityLink> => ({
  type: l.type,
  userId: l.userId,
  groupId: l.groupId,
  taskId: l.taskId,
  taskUrl: l.taskId ? urls('process-api/history/historic-task-instances/%s', l.taskId) : null,
  processInstanceId: l.processInstanceId,
  processInstanceUrl: l.processInstanceId
    ? urls('process-api/history/historic-process-instances/%s', l.processInstanceId)
    : null,
});

export const taskLogEntryResponse = (l: TaskLogRow): Answer<typeof TaskLogEntry> => ({
  logNumber: Number(l.logNumber),
  type: l.type,
  taskId: l.taskId,
  timeStamp: iso(l.timeStamp),
  userId: l.userId,
  data: l.data,
  executionId: l.executionId,
  processInstanceId: l.processInstanceId,
  processDefinitionId: l.processDefinitionId,
  scopeId: null,
  scopeDefinitionId: null,
  subScopeId: null,
  scopeType: null,
  tenantId: l.tenantId,
});
