/** The bytes of binary and serializable variables (`weir_variable_bytes`), written once, read by id. */
import type { Queryable } from './database.ts';

export const insertVariableBytes = async (
  db: Queryable,
  row: { id: string; processInstanceId: string | null; bytes: Buffer; createdAt: Date },
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_variable_bytes (id, process_instance_id, bytes, created_at) VALUES ($1, $2, $3, $4)`,
    [row.id, row.processInstanceId, row.bytes, row.createdAt],
  );
};

export const readVariableBytes = async (db: Queryable, id: string): Promise<Buffer | undefined> => {
  const { rows } = await db.query<{ bytes: Uint8Array }>(
    `SELECT bytes FROM weir_variable_bytes WHERE id = $1`,
    [id],
  );
  return rows[0] ? Buffer.from(rows[0].bytes) : undefined;
};

/** The bytes of ended instances, when no history row can refer to them. */
export const deleteVariableBytesOfInstances = async (
  db: Queryable,
  instanceIds: readonly string[],
): Promise<void> => {
  if (instanceIds.length === 0) return;
  await db.query(`DELETE FROM weir_variable_bytes WHERE process_instance_id = ANY($1::text[])`, [
    instanceIds,
  ]);
};
