/** Flowable's ContentItemResponse, field for field. */
import type { ContentItemRow } from '../../../persistence/content-sql.ts';
import { iso, type Urls } from '../context.ts';

export const contentItemResponse = (item: ContentItemRow, urls: Urls) => ({
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
