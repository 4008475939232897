/**
 * The case engine's runtime SQL: case definitions and their resources, the case row every
 * command locks first, and case variable history. Batch writes of case rows, plan items and
 * milestones go through rows.ts like the process engine's.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import type { CaseDefinitionRow, CaseInstanceRow } from '../cmmn/runtime/types.ts';
import type { TaskRow } from '../engine/runtime-types.ts';

export const insertCaseDefinition = async (db: Queryable, d: CaseDefinitionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_cmmn_case_definition (id, key, version, name, description, category, tenant_id,
       deployment_id, resource_name, has_start_form_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      d.id,
      d.key,
      d.version,
      d.name,
      d.description,
      d.category,
      d.tenantId,
      d.deploymentId,
      d.resourceName,
      d.hasStartFormKey,
      d.createdAt,
    ],
  );
};

export const getCaseDefinition = async (
  db: Queryable,
  id: string,
): Promise<CaseDefinitionRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_cmmn_case_definition WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<CaseDefinitionRow>(rows[0]) : undefined;
};

/** The latest version of a key in a tenant ('' is the default tenant). */
export const latestCaseDefinition = async (
  db: Queryable,
  key: string,
  tenantId: string,
): Promise<CaseDefinitionRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_cmmn_case_definition WHERE key = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
    [key, tenantId],
  );
  return rows[0] ? toCamelRow<CaseDefinitionRow>(rows[0]) : undefined;
};

/** A definition of a key deployed in the given deployment (a case task's sameDeployment). */
export const caseDefinitionInDeployment = async (
  db: Queryable,
  key: string,
  deploymentId: string,
): Promise<CaseDefinitionRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_cmmn_case_definition WHERE key = $1 AND deployment_id = $2 LIMIT 1`,
    [key, deploymentId],
  );
  return rows[0] ? toCamelRow<CaseDefinitionRow>(rows[0]) : undefined;
};

export const getCmmnResource = async (
  db: Queryable,
  deploymentId: string,
  name: string,
): Promise<Uint8Array | undefined> => {
  const { rows } = await db.query<{ content: Uint8Array }>(
    `SELECT content FROM weir_cmmn_resource WHERE deployment_id = $1 AND name = $2`,
    [deploymentId, name],
  );
  return rows[0]?.content;
};

export const listCmmnResourceNames = async (db: Queryable, deploymentId: string): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM weir_cmmn_resource WHERE deployment_id = $1 ORDER BY name`,
    [deploymentId],
  );
  return rows.map((r) => r.name);
};

/** Lock a running case for a command: every command on a case queues here first. */
export const lockCaseRow = async (db: Queryable, id: string): Promise<CaseInstanceRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_cmmn_case_instance WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toCamelRow<CaseInstanceRow>(rows[0]) : undefined;
};

export const deleteCaseRows = async (db: Queryable, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  await db.query(`DELETE FROM weir_cmmn_case_instance WHERE id = ANY($1::text[])`, [ids]);
  // the case's people stay named by the links' historic copies (case-links-sql.ts)
  await db.query(`DELETE FROM weir_identity_link WHERE scope_type = 'cmmn' AND scope_id = ANY($1::text[])`, [
    ids,
  ]);
};

export interface CaseVariableHistory {
  id: string;
  caseInstanceId: string;
  taskId: string | null;
  /** a plan item instance's local variable: that item */
  planItemInstanceId?: string | null;
  name: string;
  type: string;
  value: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** Write the case variables a command set or removed, one statement. */
export const upsertCaseVariableHistory = async (
  db: Queryable,
  rows: readonly CaseVariableHistory[],
): Promise<void> => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO weir_cmmn_hi_variable (id, case_instance_id, plan_item_instance_id, task_id, name, type, value,
       created_at, updated_at)
     SELECT v.id, v.case_instance_id, v.plan_item_instance_id, v.task_id, v.name, v.type, v.value, v.created_at,
       v.updated_at
     FROM jsonb_to_recordset($1::jsonb) AS v(id text, case_instance_id text, plan_item_instance_id text,
       task_id text, name text, type text, value jsonb, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT (id) DO UPDATE SET type = excluded.type, value = excluded.value, updated_at = excluded.updated_at`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          case_instance_id: r.caseInstanceId,
          plan_item_instance_id: r.planItemInstanceId ?? null,
          task_id: r.taskId,
          name: r.name,
          type: r.type,
          value: r.value,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })),
      ),
    ],
  );
};

/** Case instances (running) started by a plan item or process, e.g. to terminate them along. */
export const caseIdsWithCallback = async (db: Queryable, callbackId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_cmmn_case_instance WHERE callback_id = $1`,
    [callbackId],
  );
  return rows.map((r) => r.id);
};

export const processIdsWithCallback = async (db: Queryable, callbackId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_process_instance WHERE callback_id = $1`,
    [callbackId],
  );
  return rows.map((r) => r.id);
};

/** Delete the jobs of plan items that ended: timers, async activations, external work (all but the job running now). */
export const deleteCaseTimerJobs = async (
  db: Queryable,
  planItemInstanceIds: readonly string[],
  runningJobId: string | null,
): Promise<void> => {
  if (planItemInstanceIds.length === 0) return;
  await db.query(
    `DELETE FROM weir_job WHERE scope_type = 'cmmn' AND handler_config ->> 'planItemInstanceId' = ANY($1::text[])
       AND id IS DISTINCT FROM $2`,
    [planItemInstanceIds, runningJobId],
  );
};

export const caseIdOfPlanItem = async (
  db: Queryable,
  planItemInstanceId: string,
): Promise<string | undefined> => {
  const { rows } = await db.query<{ case_instance_id: string }>(
    `SELECT case_instance_id FROM weir_cmmn_plan_item WHERE id = $1`,
    [planItemInstanceId],
  );
  return rows[0]?.case_instance_id;
};

/** The open tasks of a case, read under the case's lock (every change to them takes it). */
export const loadTasksOfCase = async (db: Queryable, caseId: string): Promise<TaskRow[]> => {
  const { rows } = await db.query(`SELECT * FROM weir_task WHERE scope_id = $1 AND scope_type = 'cmmn'`, [
    caseId,
  ]);
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

/** Running cases of a case deployment's definitions. */
export const runningCaseIdsOfDeployment = async (db: Queryable, deploymentId: string): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM weir_cmmn_case_instance c JOIN weir_cmmn_case_definition d ON d.id = c.definition_id
     WHERE d.deployment_id = $1 ORDER BY c.started_at, c.id`,
    [deploymentId],
  );
  return rows.map((r) => r.id);
};

/** Running cases of the case deployments a process or app deployment carried. */
export const runningCaseIdsOfParent = async (
  db: Queryable,
  parentDeploymentId: string,
): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM weir_cmmn_case_instance c
     JOIN weir_cmmn_case_definition d ON d.id = c.definition_id
     JOIN weir_cmmn_deployment p ON p.id = d.deployment_id
     WHERE p.parent_deployment_id = $1 ORDER BY c.started_at, c.id`,
    [parentDeploymentId],
  );
  return rows.map((r) => r.id);
};
