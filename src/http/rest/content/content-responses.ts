/** Flowable's ContentItemResponse, field for field. */
import type { ContentItemRow } from '../../../persistence/content-sql.ts';
import Type from 'typebox';
import { iso, type Urls } from '../context.ts';
import { Flag, Link, Text, TextOrNull, Timestamp, TimestampOrNull, type Answer } from '../schemas/common.ts';

export const ContentItem = Type.Object({
  id: Text(),
  name: TextOrNull(),
  mimeType: TextOrNull(),
  taskId: TextOrNull(),
  processInstanceId: TextOrNull(),
  contentStoreId: TextOrNull(),
  contentStoreName: TextOrNull(),
  contentAvailable: Flag('Whether bytes were stored for it'),
  tenantId: Text(),
  created: Timestamp(),
  createdBy: TextOrNull(),
  lastModified: TimestampOrNull(),
  lastModifiedBy: TextOrNull(),
  url: Link(),
});

export const contentItemResponse = (item: ContentItemRow, urls: Urls): Answer<typeof ContentItem> => ({
  id: item.id,
  name: item.name,
  mimeType: item.mimeType,
  taskId: item.taskId,
  processInstanceId: item.processInstanceId,
  contentStoreId: item.contentStoreId,
  contentStoreName: item.contentStoreName,
  contentAvailable: item.contentAvailable,
  tenantId: item.tenantId,
  created: iso(item.createdAt),
  createdBy: item.createdBy,
  lastModified: iso(item.lastModifiedAt),
  lastModifiedBy: item.lastModifiedBy,
  url: urls('content-api/content-service/content-items/%s', item.id),
});
