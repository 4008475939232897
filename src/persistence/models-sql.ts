/** The model store (`weir_model`, Flowable's ACT_RE_MODEL): rows, their list, and their two sources. */
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  type PagedResult,
  type PageRequest,
  type SortColumns,
} from './rest-query-sql.ts';
import { toCamelRow } from './rows.ts';

export interface ModelRow {
  readonly id: string;
  readonly name: string | null;
  readonly key: string | null;
  readonly category: string | null;
  readonly version: number | null;
  readonly metaInfo: string | null;
  readonly deploymentId: string | null;
  readonly tenantId: string;
  readonly createTime: Date;
  readonly lastUpdateTime: Date;
  readonly hasSource: boolean;
  readonly hasSourceExtra: boolean;
}

export type ModelFields = Pick<
  ModelRow,
  'name' | 'key' | 'category' | 'version' | 'metaInfo' | 'deploymentId' | 'tenantId'
>;

const columns = `id, name, key, category, version, meta_info, deployment_id, tenant_id, create_time,
  last_update_time, editor_source IS NOT NULL AS has_source, editor_source_extra IS NOT NULL AS has_source_extra`;

export const modelSorts: SortColumns = {
  id: 'id',
  category: 'category',
  createTime: 'create_time',
  key: 'key',
  lastUpdateTime: 'last_update_time',
  name: 'name',
  version: 'version',
  tenantId: 'tenant_id',
};

export interface ModelFilter {
  id?: string;
  category?: string;
  categoryLike?: string;
  categoryNotEquals?: string;
  name?: string;
  nameLike?: string;
  key?: string;
  version?: number;
  latestVersion?: boolean;
  deploymentId?: string;
  deployed?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const listModels = (
  db: Queryable,
  f: ModelFilter,
  page: PageRequest,
): Promise<PagedResult<ModelRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.category, 'category = $?')
    .when(f.categoryLike, 'category LIKE $?')
    .when(f.categoryNotEquals, 'category IS DISTINCT FROM $?')
    .when(f.name, 'name = $?')
    .when(f.nameLike, 'name LIKE $?')
    .when(f.key, 'key = $?')
    .when(f.version, 'version = $?')
    .when(f.deploymentId, 'deployment_id = $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.latestVersion) {
    where.add(`version = (SELECT max(m.version) FROM weir_model m
                          WHERE m.key = weir_model.key AND m.tenant_id = weir_model.tenant_id)`);
  }
  if (f.deployed !== undefined) where.add(f.deployed ? 'deployment_id IS NOT NULL' : 'deployment_id IS NULL');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns, from: 'weir_model', where, sorts: modelSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<ModelRow>(r),
  );
};

export const getModel = async (db: Queryable, id: string): Promise<ModelRow | undefined> => {
  const { rows } = await db.query(`SELECT ${columns} FROM weir_model WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<ModelRow>(rows[0]) : undefined;
};

/** The model row locked for an update in this transaction. */
export const lockModel = async (db: Queryable, id: string): Promise<ModelRow | undefined> => {
  const { rows } = await db.query(`SELECT ${columns} FROM weir_model WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toCamelRow<ModelRow>(rows[0]) : undefined;
};

export const insertModel = async (db: Queryable, id: string, m: ModelFields, now: Date): Promise<void> => {
  await db.query(
    `INSERT INTO weir_model (id, name, key, category, version, meta_info, deployment_id, tenant_id,
       create_time, last_update_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [id, m.name, m.key, m.category, m.version, m.metaInfo, m.deploymentId, m.tenantId, now],
  );
};

export const updateModel = async (db: Queryable, id: string, m: ModelFields, now: Date): Promise<void> => {
  await db.query(
    `UPDATE weir_model SET name = $2, key = $3, category = $4, version = $5, meta_info = $6,
       deployment_id = $7, tenant_id = $8, last_update_time = $9 WHERE id = $1`,
    [id, m.name, m.key, m.category, m.version, m.metaInfo, m.deploymentId, m.tenantId, now],
  );
};

export const deleteModel = async (db: Queryable, id: string): Promise<boolean> => {
  const { rowCount } = await db.query('DELETE FROM weir_model WHERE id = $1', [id]);
  return rowCount > 0;
};

/** Which of the two sources: the editor's document, or its extra (Flowable: a thumbnail, usually). */
export type ModelSourceKind = 'source' | 'sourceExtra';

export const getModelSource = async (
  db: Queryable,
  id: string,
  kind: ModelSourceKind,
): Promise<Uint8Array | null | undefined> => {
  const { rows } = await db.query<{ bytes: Uint8Array | null }>(
    kind === 'source'
      ? 'SELECT editor_source AS bytes FROM weir_model WHERE id = $1'
      : 'SELECT editor_source_extra AS bytes FROM weir_model WHERE id = $1',
    [id],
  );
  return rows[0] ? rows[0].bytes : undefined;
};

export const setModelSource = async (
  db: Queryable,
  id: string,
  kind: ModelSourceKind,
  bytes: Uint8Array,
  now: Date,
): Promise<boolean> => {
  const { rowCount } = await db.query(
    kind === 'source'
      ? 'UPDATE weir_model SET editor_source = $2, last_update_time = $3 WHERE id = $1'
      : 'UPDATE weir_model SET editor_source_extra = $2, last_update_time = $3 WHERE id = $1',
    [id, bytes, now],
  );
  return rowCount > 0;
};
