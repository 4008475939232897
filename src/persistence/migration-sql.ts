/** Process instance migration: finding the target definition, moving an instance's rows onto it. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { prepared } from './prepared.ts';
import type { ProcessDefinitionRow } from '../engine/runtime-types.ts';

/** A definition by key and version (the latest version when none is given) in a tenant. */
export const definitionByKeyAndVersion = async (
  db: Queryable,
  key: string,
  version: number | undefined,
  tenantId: string,
): Promise<ProcessDefinitionRow | undefined> => {
  const { rows } = await db.query(
    prepared(
      `SELECT * FROM weir_process_definition
       WHERE key = $1 AND tenant_id = $2 AND ($3::integer IS NULL OR version = $3)
       ORDER BY version DESC LIMIT 1`,
    ),
    [key, tenantId, version ?? null],
  );
  return rows[0] ? toCamelRow<ProcessDefinitionRow>(rows[0]) : undefined;
};

/**
 * Point one instance's rows, runtime and history, at another definition. Runs inside the
 * migrating command, under the instance's root lock, before the command's flush.
 */
export const moveInstanceRowsToDefinition = async (
  db: Queryable,
  instanceId: string,
  to: Pick<ProcessDefinitionRow, 'id' | 'key' | 'version'>,
): Promise<void> => {
  const values = [instanceId, to.id, to.key, to.version];
  await db.query(
    `UPDATE weir_process_instance SET definition_id = $2, definition_key = $3, definition_version = $4 WHERE id = $1`,
    values,
  );
  await db.query(
    `UPDATE weir_hi_process_instance SET definition_id = $2, definition_key = $3, definition_version = $4 WHERE id = $1`,
    values,
  );
  for (const table of [
    'weir_task',
    'weir_job',
    'weir_event_subscription',
    'weir_hi_activity_instance',
    'weir_hi_task_instance',
  ] as const) {
    await db.query(`UPDATE ${table} SET definition_id = $2 WHERE process_instance_id = $1`, [
      instanceId,
      to.id,
    ]);
  }
};

/** Ids of the running instances of a definition, oldest first. */
export const instanceIdsOfDefinition = async (db: Queryable, definitionId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    prepared(`SELECT id FROM weir_process_instance WHERE definition_id = $1 ORDER BY started_at, id`),
    [definitionId],
  );
  return rows.map((r) => r.id);
};

/** Ids of the running root instances of a definition (called instances follow their root). */
export const rootInstanceIdsOfDefinition = async (db: Queryable, definitionId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    prepared(`SELECT id FROM weir_process_instance WHERE definition_id = $1 AND id = root_id ORDER BY id`),
    [definitionId],
  );
  return rows.map((r) => r.id);
};
