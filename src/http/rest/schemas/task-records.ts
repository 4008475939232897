/** Response schemas of a task's records: attachments, events (comments and changes), identity link history, the task log. */
import Type from 'typebox';
import { AlwaysNull, Link, LinkOrNull, Text, TextOrNull, Timestamp } from './common.ts';

export const Attachment = Type.Object({
  id: Text(),
  url: LinkOrNull(),
  name: TextOrNull(),
  userId: TextOrNull(),
  description: TextOrNull(),
  type: TextOrNull('A media type, or any text the uploader chose'),
  taskUrl: LinkOrNull(),
  processInstanceUrl: LinkOrNull(),
  externalUrl: TextOrNull('The link of an attachment that is a link'),
  contentUrl: LinkOrNull('Where the bytes of an uploaded attachment are'),
  time: Timestamp(),
});

export const TaskEvent = Type.Object({
  url: Link(),
  id: Text(),
  action: TextOrNull('AddComment, AddUserLink, AddGroupLink, AddAttachment, ...'),
  userId: TextOrNull(),
  time: Timestamp(),
  taskUrl: LinkOrNull(),
  processInstanceUrl: LinkOrNull(),
  message: Type.Array(Type.String()),
});

export const HistoricIdentityLink = Type.Object({
  type: Text(),
  userId: TextOrNull(),
  groupId: TextOrNull(),
  taskId: TextOrNull(),
  taskUrl: LinkOrNull(),
  processInstanceId: TextOrNull(),
  processInstanceUrl: LinkOrNull(),
});

export const TaskLogEntry = Type.Object({
  logNumber: Type.Integer(),
  type: Text(),
  taskId: Text(),
  timeStamp: Timestamp(),
  userId: TextOrNull(),
  data: TextOrNull('JSON text'),
  executionId: TextOrNull(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  scopeId: AlwaysNull(),
  scopeDefinitionId: AlwaysNull(),
  subScopeId: AlwaysNull(),
  scopeType: AlwaysNull(),
  tenantId: Text(),
});
