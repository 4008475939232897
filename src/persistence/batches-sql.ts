/** Batches and their parts (`weir_batch`, `weir_batch_part`), and the jobs that run the parts. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { prepared } from './prepared.ts';
import { Conditions, pagedQuery, type PageRequest, type PagedResult } from './rest-query-sql.ts';

export interface BatchRow {
  id: string;
  batchType: string;
  searchKey: string | null;
  searchKey2: string | null;
  status: 'inProgress' | 'completed';
  document: unknown;
  tenantId: string;
  createdAt: Date;
  completedAt: Date | null;
}

export interface BatchPartRow {
  id: string;
  batchId: string;
  batchType: string;
  searchKey: string | null;
  searchKey2: string | null;
  scopeId: string | null;
  subScopeId: string | null;
  scopeType: string | null;
  status: 'waiting' | 'success' | 'fail';
  result: unknown;
  tenantId: string;
  createdAt: Date;
  completedAt: Date | null;
}

export const insertBatch = async (
  db: Queryable,
  batch: BatchRow,
  parts: readonly BatchPartRow[],
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_batch (id, batch_type, search_key, search_key2, status, document, tenant_id, created_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [
      batch.id,
      batch.batchType,
      batch.searchKey,
      batch.searchKey2,
      batch.status,
      JSON.stringify(batch.document),
      batch.tenantId,
      batch.createdAt,
      batch.completedAt,
    ],
  );
  if (parts.length === 0) return;
  await db.query(
    `INSERT INTO weir_batch_part SELECT * FROM jsonb_populate_recordset(null::weir_batch_part, $1::jsonb)`,
    [
      JSON.stringify(
        parts.map((p) => ({
          id: p.id,
          batch_id: p.batchId,
          batch_type: p.batchType,
          search_key: p.searchKey,
          search_key2: p.searchKey2,
          scope_id: p.scopeId,
          sub_scope_id: p.subScopeId,
          scope_type: p.scopeType,
          status: p.status,
          result: p.result,
          tenant_id: p.tenantId,
          created_at: p.createdAt,
          completed_at: p.completedAt,
        })),
      ),
    ],
  );
};

export interface BatchFilter {
  id?: string;
  batchType?: string;
  searchKey?: string;
  searchKey2?: string;
  createTimeBefore?: Date;
  createTimeAfter?: Date;
  completeTimeBefore?: Date;
  completeTimeAfter?: Date;
  status?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const batchSorts = {
  id: 'id',
  createTime: 'created_at',
  tenantId: 'tenant_id',
} as const;

export const listBatches = (
  db: Queryable,
  f: BatchFilter,
  page: PageRequest,
): Promise<PagedResult<BatchRow>> => {
  const where = new Conditions()
    .when(f.id, 'id = $?')
    .when(f.batchType, 'batch_type = $?')
    .when(f.searchKey, 'search_key = $?')
    .when(f.searchKey2, 'search_key2 = $?')
    .when(f.createTimeBefore, 'created_at < $?')
    .when(f.createTimeAfter, 'created_at > $?')
    .when(f.completeTimeBefore, 'completed_at < $?')
    .when(f.completeTimeAfter, 'completed_at > $?')
    .when(f.status, 'status = $?')
    .when(f.tenantId, 'tenant_id = $?')
    .when(f.tenantIdLike, 'tenant_id LIKE $?');
  if (f.withoutTenantId) where.add(`tenant_id = ''`);
  return pagedQuery(
    db,
    { columns: '*', from: 'weir_batch', where, sorts: batchSorts, tieBreaker: 'id', page },
    (r) => toCamelRow<BatchRow>(r),
  );
};

export const getBatch = async (db: Queryable, id: string): Promise<BatchRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_batch WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<BatchRow>(rows[0]) : undefined;
};

/** A batch with its parts and the jobs still waiting to run them. */
export const deleteBatch = async (db: Queryable, id: string): Promise<boolean> => {
  await db.query(
    `DELETE FROM weir_job WHERE handler = 'process-migration' AND handler_config ->> 'batchId' = $1`,
    [id],
  );
  const { rowCount } = await db.query(`DELETE FROM weir_batch WHERE id = $1`, [id]);
  return rowCount > 0;
};

export const partsOfBatch = async (
  db: Queryable,
  batchId: string,
  status?: string,
): Promise<BatchPartRow[]> => {
  const { rows } = await db.query(
    prepared(
      `SELECT * FROM weir_batch_part WHERE batch_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at, id`,
    ),
    [batchId, status ?? null],
  );
  return rows.map((r) => toCamelRow<BatchPartRow>(r));
};

export const getBatchPart = async (db: Queryable, id: string): Promise<BatchPartRow | undefined> => {
  const { rows } = await db.query(prepared(`SELECT * FROM weir_batch_part WHERE id = $1`), [id]);
  return rows[0] ? toCamelRow<BatchPartRow>(rows[0]) : undefined;
};

export interface BatchSummaryCounts {
  total: number;
  completed: number;
  success: number;
  fail: number;
}

export const batchPartCounts = async (db: Queryable, batchId: string): Promise<BatchSummaryCounts> => {
  const { rows } = await db.query<{ total: string; completed: string; success: string; fail: string }>(
    prepared(
      `SELECT count(*) AS total, count(completed_at) AS completed,
              count(*) FILTER (WHERE status = 'success') AS success,
              count(*) FILTER (WHERE status = 'fail') AS fail
       FROM weir_batch_part WHERE batch_id = $1`,
    ),
    [batchId],
  );
  const r = rows[0];
  return {
    total: Number(r.total),
    completed: Number(r.completed),
    success: Number(r.success),
    fail: Number(r.fail),
  };
};

/**
 * Record a part's outcome; the part that finishes last completes its batch. The batch row is
 * locked first, so two parts finishing at once on two nodes cannot both see the other still
 * waiting and leave the batch in progress forever.
 */
export const completeBatchPart = async (
  db: Queryable,
  part: Pick<BatchPartRow, 'id' | 'batchId'>,
  status: 'success' | 'fail',
  result: unknown,
  now: Date,
): Promise<void> => {
  await db.query(`SELECT id FROM weir_batch WHERE id = $1 FOR UPDATE`, [part.batchId]);
  await db.query(
    `UPDATE weir_batch_part SET status = $2, result = $3::jsonb, completed_at = $4 WHERE id = $1`,
    [part.id, status, JSON.stringify(result), now],
  );
  await db.query(
    `UPDATE weir_batch SET status = 'completed', completed_at = $2
     WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM weir_batch_part WHERE batch_id = $1 AND status = 'waiting')`,
    [part.batchId, now],
  );
};
