/**
 * Case migration's SQL: the definition a migration document names, the cases (running or
 * ended) of a definition, and pointing one case's rows, runtime and history, at another
 * definition. The running case's own row and document are written by the command's flush.
 */
import type { Queryable } from './database.ts';
import { prepared } from './prepared.ts';
import { toCamelRow } from './rows.ts';
import type { CaseDefinitionRow, CaseInstanceRow } from '../cmmn/runtime/types.ts';

/** A key's definition of one version in a tenant; the latest when no version is given. */
export const caseDefinitionByKeyAndVersion = async (
  db: Queryable,
  key: string,
  version: number | undefined,
  tenantId: string,
): Promise<CaseDefinitionRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_cmmn_case_definition
     WHERE key = $1 AND tenant_id = $2 AND ($3::integer IS NULL OR version = $3)
     ORDER BY version DESC LIMIT 1`,
    [key, tenantId, version ?? null],
  );
  return rows[0] ? toCamelRow<CaseDefinitionRow>(rows[0]) : undefined;
};

/** A running case as it is now, without locking it (validation only reads). */
export const readCaseRow = async (db: Queryable, id: string): Promise<CaseInstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_cmmn_case_instance WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<CaseInstanceRow>(rows[0]) : undefined;
};

/** Ids of the running cases of a definition, oldest first. */
export const runningCaseIdsOfDefinition = async (db: Queryable, definitionId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    prepared(`SELECT id FROM weir_cmmn_case_instance WHERE definition_id = $1 ORDER BY started_at, id`),
    [definitionId],
  );
  return rows.map((r) => r.id);
};

/** Ids of the ended cases of a definition, as history holds them, oldest first. */
export const endedCaseIdsOfDefinition = async (db: Queryable, definitionId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      `SELECT id FROM weir_cmmn_hi_case_instance WHERE definition_id = $1 AND ended_at IS NOT NULL ORDER BY started_at, id`,
    ),
    [definitionId],
  );
  return rows.map((r) => r.id);
};

export interface HistoricCaseHead {
  id: string;
  definitionId: string;
  state: string;
  tenantId: string;
  endedAt: Date | null;
}

/** A case's history row, locked: two migrations of one ended case queue here. */
export const lockHistoricCase = async (db: Queryable, id: string): Promise<HistoricCaseHead | undefined> => {
  const { rows } = await db.query(
    `SELECT id, definition_id, state, tenant_id, ended_at FROM weir_cmmn_hi_case_instance WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ? toCamelRow<HistoricCaseHead>(rows[0]) : undefined;
};

/**
 * Point one case's rows at another definition: its history row, plan item rows, milestones,
 * tasks (open and historic) and jobs. For a running case this runs inside the migrating
 * command, under the case lock, before the flush writes the case row itself.
 */
export const moveCaseRowsToDefinition = async (
  db: Queryable,
  caseId: string,
  to: Pick<CaseDefinitionRow, 'id' | 'key' | 'version' | 'name'>,
): Promise<void> => {
  await db.query(
    `UPDATE weir_cmmn_hi_case_instance
     SET definition_id = $2, definition_key = $3, definition_version = $4, definition_name = $5 WHERE id = $1`,
    [caseId, to.id, to.key, to.version, to.name],
  );
  await db.query(`UPDATE weir_cmmn_plan_item SET case_definition_id = $2 WHERE case_instance_id = $1`, [
    caseId,
    to.id,
  ]);
  await db.query(`UPDATE weir_cmmn_hi_milestone SET case_definition_id = $2 WHERE case_instance_id = $1`, [
    caseId,
    to.id,
  ]);
  for (const table of ['weir_task', 'weir_hi_task_instance'] as const)
    await db.query(
      `UPDATE ${table} SET scope_definition_id = $2 WHERE scope_type = 'cmmn' AND scope_id = $1`,
      [caseId, to.id],
    );
  await db.query(
    `UPDATE weir_job SET definition_id = $2 WHERE scope_type = 'cmmn' AND root_instance_id = $1`,
    [caseId, to.id],
  );
};
