/**
 * Content items (the content engine's metadata rows) and the orphaned byte keys their
 * deletion leaves behind (migration 016). The bytes themselves are never in PostgreSQL.
 */
import type { Queryable } from './database.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';
import { visibleInstanceIdsOf, type Viewer } from './visibility-sql.ts';

export interface ContentItemRow {
  id: string;
  name: string;
  mimeType: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  scopeId: string | null;
  scopeType: string | null;
  contentStoreId: string | null;
  contentStoreName: string | null;
  field: string | null;
  contentAvailable: boolean;
  contentSize: number | null;
  checksum: string | null;
  storageKey: string | null;
  tenantId: string;
  createdAt: Date;
  createdBy: string | null;
  lastModifiedAt: Date;
  lastModifiedBy: string | null;
}

const columns = `ci.id, ci.name, ci.mime_type, ci.task_id, ci.process_instance_id, ci.scope_id, ci.scope_type,
  ci.content_store_id, ci.content_store_name, ci.field, ci.content_available, ci.content_size, ci.checksum,
  ci.storage_key, ci.tenant_id, ci.created_at, ci.created_by, ci.last_modified_at, ci.last_modified_by`;

const toRow = (row: Record<string, unknown>): ContentItemRow => {
  const item = toCamelRow<ContentItemRow>(row);
  return { ...item, contentSize: item.contentSize === null ? null : Number(item.contentSize) };
};

/** Every column but the id, in the order of `fieldValues`. */
const fieldColumns = `name, mime_type, task_id, process_instance_id, scope_id, scope_type, content_store_id,
  content_store_name, field, content_available, content_size, checksum, storage_key, tenant_id, created_at,
  created_by, last_modified_at, last_modified_by`;

const fieldValues = (i: ContentItemRow): unknown[] => [
  i.name,
  i.mimeType,
  i.taskId,
  i.processInstanceId,
  i.scopeId,
  i.scopeType,
  i.contentStoreId,
  i.contentStoreName,
  i.field,
  i.contentAvailable,
  i.contentSize,
  i.checksum,
  i.storageKey,
  i.tenantId,
  i.createdAt,
  i.createdBy,
  i.lastModifiedAt,
  i.lastModifiedBy,
];

/** `$2, $3, ...`: the placeholders of the field values, after the id's `$1`. */
const fieldPlaceholders = Array.from({ length: 18 }, (_, n) => `$${n + 2}`).join(', ');

export const insertContentItem = async (db: Queryable, i: ContentItemRow): Promise<void> => {
  await db.query(`INSERT INTO weir_content_item (id, ${fieldColumns}) VALUES ($1, ${fieldPlaceholders})`, [
    i.id,
    ...fieldValues(i),
  ]);
};

/** Write back every field of an item; a replaced storage key is orphaned by the trigger (migration 016). */
export const updateContentItem = async (db: Queryable, i: ContentItemRow): Promise<void> => {
  await db.query(`UPDATE weir_content_item SET (${fieldColumns}) = ROW(${fieldPlaceholders}) WHERE id = $1`, [
    i.id,
    ...fieldValues(i),
  ]);
};

export const getContentItem = async (db: Queryable, id: string): Promise<ContentItemRow | undefined> => {
  const { rows } = await db.query(`SELECT ${columns} FROM weir_content_item ci WHERE ci.id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : undefined;
};

/**
 * The items of `ids` that exist, locked until the transaction ends: a form submission checks
 * whose they are and links them to its task or instance, and two submissions naming the same
 * item must not both find it free.
 */
export const lockContentItems = async (db: Queryable, ids: readonly string[]): Promise<ContentItemRow[]> => {
  if (ids.length === 0) return [];
  const { rows } = await db.query(
    `SELECT ${columns} FROM weir_content_item ci WHERE ci.id = ANY($1::text[]) ORDER BY ci.id FOR UPDATE`,
    [ids],
  );
  return rows.map(toRow);
};

export const deleteContentItem = async (db: Queryable, id: string): Promise<void> => {
  await db.query(`DELETE FROM weir_content_item WHERE id = $1`, [id]);
};

/** Delete the items of one scope (a form's submission, a case): the engine-level API of other engines. */
export const deleteContentItemsOfScope = async (db: Queryable, scopeId: string, scopeType: string) => {
  await db.query(`DELETE FROM weir_content_item WHERE scope_id = $1 AND scope_type = $2`, [
    scopeId,
    scopeType,
  ]);
};

export interface ContentItemFilter {
  id?: string;
  ids?: readonly string[];
  name?: string;
  nameLike?: string;
  mimeType?: string;
  mimeTypeLike?: string;
  taskId?: string;
  taskIdLike?: string;
  processInstanceId?: string;
  processInstanceIdLike?: string;
  scopeId?: string;
  scopeType?: string;
  contentStoreId?: string;
  contentStoreIdLike?: string;
  contentStoreName?: string;
  contentStoreNameLike?: string;
  contentSize?: number;
  minimumContentSize?: number;
  maximumContentSize?: number;
  contentAvailable?: boolean;
  field?: string;
  fieldLike?: string;
  createdOn?: Date;
  createdBefore?: Date;
  createdAfter?: Date;
  createdBy?: string;
  createdByLike?: string;
  lastModifiedOn?: Date;
  lastModifiedBefore?: Date;
  lastModifiedAfter?: Date;
  lastModifiedBy?: string;
  lastModifiedByLike?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  /** absent for admins and the engine: every item */
  visibleTo?: Viewer;
}

export const contentItemSorts = { created: 'ci.created_at', tenantId: 'ci.tenant_id' } as const;

/**
 * An item is visible to whoever may see its process instance, to whoever is assignee, owner,
 * candidate or participant of its task (running or ended), and, when it belongs to neither, to
 * its creator.
 */
const onlyVisibleItems = (where: Conditions, viewer: Viewer | undefined): Conditions => {
  if (!viewer) return where;
  const instances = visibleInstanceIdsOf(viewer);
  const u = viewer.userId;
  return where.add(
    `ci.process_instance_id IN (${instances.sql})
     OR ci.task_id IN (SELECT vt.id FROM weir_task vt WHERE vt.assignee = $? OR vt.owner = $?
                       UNION ALL SELECT vl.task_id FROM weir_identity_link vl WHERE vl.user_id = $? OR vl.group_id = ANY($?::text[])
                       UNION ALL SELECT vh.id FROM weir_hi_task_instance vh WHERE vh.assignee = $? OR vh.owner = $?)
     OR (ci.task_id IS NULL AND ci.process_instance_id IS NULL AND ci.created_by = $?)`,
    ...instances.values,
    u,
    u,
    u,
    viewer.groups,
    u,
    u,
    u,
  );
};

/** `createdOn`: the same millisecond, as Flowable compares a date for equality. */
export const listContentItems = (
  db: Queryable,
  f: ContentItemFilter,
  page: PageRequest,
): Promise<PagedResult<ContentItemRow>> => {
  const where = new Conditions()
    .when(f.id, 'ci.id = $?')
    .when(f.ids?.length ? f.ids : undefined, 'ci.id = ANY($?::text[])')
    .when(f.name, 'ci.name = $?')
    .when(f.nameLike, 'ci.name LIKE $?')
    .when(f.mimeType, 'ci.mime_type = $?')
    .when(f.mimeTypeLike, 'ci.mime_type LIKE $?')
    .when(f.taskId, 'ci.task_id = $?')
    .when(f.taskIdLike, 'ci.task_id LIKE $?')
    .when(f.processInstanceId, 'ci.process_instance_id = $?')
    .when(f.processInstanceIdLike, 'ci.process_instance_id LIKE $?')
    .when(f.scopeId, 'ci.scope_id = $?')
    .when(f.scopeType, 'ci.scope_type = $?')
    .when(f.contentStoreId, 'ci.content_store_id = $?')
    .when(f.contentStoreIdLike, 'ci.content_store_id LIKE $?')
    .when(f.contentStoreName, 'ci.content_store_name = $?')
    .when(f.contentStoreNameLike, 'ci.content_store_name LIKE $?')
    .when(f.contentSize, 'ci.content_size = $?')
    .when(f.minimumContentSize, 'ci.content_size >= $?')
    .when(f.maximumContentSize, 'ci.content_size <= $?')
    .when(f.contentAvailable, 'ci.content_available = $?')
    .when(f.field, 'ci.field = $?')
    .when(f.fieldLike, 'ci.field LIKE $?')
    .when(f.createdOn, 'ci.created_at = $?')
    .when(f.createdBefore, 'ci.created_at < $?')
    .when(f.createdAfter, 'ci.created_at > $?')
    .when(f.createdBy, 'ci.created_by = $?')
    .when(f.createdByLike, 'ci.created_by LIKE $?')
    .when(f.lastModifiedOn, 'ci.last_modified_at = $?')
    .when(f.lastModifiedBefore, 'ci.last_modified_at < $?')
    .when(f.lastModifiedAfter, 'ci.last_modified_at > $?')
    .when(f.lastModifiedBy, 'ci.last_modified_by = $?')
    .when(f.lastModifiedByLike, 'ci.last_modified_by LIKE $?')
    .when(f.tenantId, 'ci.tenant_id = $?')
    .when(f.tenantIdLike, 'ci.tenant_id LIKE $?')
    .when(f.withoutTenantId ? true : undefined, `ci.tenant_id = ''`);
  onlyVisibleItems(where, f.visibleTo);
  return pagedQuery(
    db,
    { columns, from: 'weir_content_item ci', where, sorts: contentItemSorts, tieBreaker: 'ci.id', page },
    toRow,
  );
};

/** Up to `limit` orphaned keys, locked so that two nodes sweeping at once take different ones. */
export const lockOrphanedKeys = async (db: Queryable, limit: number): Promise<string[]> => {
  const { rows } = await db.query<{ storage_key: string }>(
    `SELECT storage_key FROM weir_content_orphan ORDER BY orphaned_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => r.storage_key);
};

export const forgetOrphanedKeys = async (db: Queryable, keys: readonly string[]): Promise<void> => {
  await db.query(`DELETE FROM weir_content_orphan WHERE storage_key = ANY($1::text[])`, [keys]);
};
