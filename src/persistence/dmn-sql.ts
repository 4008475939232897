/** The decision engine's rows: DMN deployments and resources, decision definitions, executions. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import { deploymentFamilyOf } from './repository-sql.ts';
import type { ChildDeploymentRow } from './child-deployments-sql.ts';

export type DmnDeploymentRow = ChildDeploymentRow;

export type DecisionType = 'decision_table' | 'decision_service' | 'literal_expression';

export interface DmnDecisionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  description: string | null;
  category: string | null;
  tenantId: string;
  deploymentId: string;
  resourceName: string;
  decisionType: DecisionType;
  createdAt: Date;
}

export interface DecisionExecutionRow {
  id: string;
  decisionDefinitionId: string;
  decisionKey: string;
  deploymentId: string;
  startTime: Date;
  endTime: Date;
  instanceId: string | null;
  executionId: string | null;
  activityId: string | null;
  scopeType: string | null;
  failed: boolean;
  tenantId: string;
  executionJson: unknown;
}

// --- writes -----------------------------------------------------------------------------------

export const insertDecision = async (db: Queryable, d: DmnDecisionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_dmn_decision (id, key, version, name, description, category, tenant_id,
       deployment_id, resource_name, decision_type, created_at)
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
      d.decisionType,
      d.createdAt,
    ],
  );
};

export const insertDecisionExecution = async (db: Queryable, e: DecisionExecutionRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_dmn_history (id, decision_definition_id, decision_key, deployment_id, start_time,
       end_time, instance_id, execution_id, activity_id, scope_type, failed, tenant_id, execution_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      e.id,
      e.decisionDefinitionId,
      e.decisionKey,
      e.deploymentId,
      e.startTime,
      e.endTime,
      e.instanceId,
      e.executionId,
      e.activityId,
      e.scopeType,
      e.failed,
      e.tenantId,
      JSON.stringify(e.executionJson),
    ],
  );
};

// --- reads ------------------------------------------------------------------------------------

export const getDmnResource = async (
  db: Queryable,
  deploymentId: string,
  name: string,
): Promise<Uint8Array | undefined> => {
  const { rows } = await db.query<{ content: Uint8Array }>(
    `SELECT content FROM weir_dmn_resource WHERE deployment_id = $1 AND name = $2`,
    [deploymentId, name],
  );
  return rows[0]?.content;
};

export const getDecision = async (db: Queryable, id: string): Promise<DmnDecisionRow | undefined> => {
  const { rows } = await db.query(`SELECT * FROM weir_dmn_decision WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<DmnDecisionRow>(rows[0]) : undefined;
};

/**
 * The decision a key names, as Flowable finds it: the latest version in the tenant, or, with
 * `parentDeploymentId`, the one deployed with that process deployment (`sameDeployment`): its
 * sibling when an app deployment carried both.
 */
export const latestDecisionOfKey = async (
  db: Queryable,
  key: string,
  tenantId: string,
  parentDeploymentId: string | null = null,
): Promise<DmnDecisionRow | undefined> => {
  const { rows } = await db.query(
    `SELECT c.* FROM weir_dmn_decision c JOIN weir_dmn_deployment d ON d.id = c.deployment_id
     WHERE c.key = $1 AND c.tenant_id = $2
       AND ($3::text IS NULL OR d.parent_deployment_id = ${deploymentFamilyOf('$3')})
     ORDER BY c.version DESC LIMIT 1`,
    [key, tenantId, parentDeploymentId],
  );
  return rows[0] ? toCamelRow<DmnDecisionRow>(rows[0]) : undefined;
};

export const decisionsOfDmnDeployment = async (
  db: Queryable,
  deploymentId: string,
): Promise<DmnDecisionRow[]> => {
  const { rows } = await db.query(`SELECT * FROM weir_dmn_decision WHERE deployment_id = $1 ORDER BY key`, [
    deploymentId,
  ]);
  return rows.map((row) => toCamelRow<DmnDecisionRow>(row));
};

export const decisionExecutionsOfInstance = async (
  db: Queryable,
  instanceId: string,
): Promise<DecisionExecutionRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_dmn_history WHERE instance_id = $1 ORDER BY start_time, id`,
    [instanceId],
  );
  return rows.map((row) => toCamelRow<DecisionExecutionRow>(row));
};

export const decisionExecutionsOfKey = async (
  db: Queryable,
  decisionKey: string,
): Promise<DecisionExecutionRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_dmn_history WHERE decision_key = $1 ORDER BY start_time, id`,
    [decisionKey],
  );
  return rows.map((row) => toCamelRow<DecisionExecutionRow>(row));
};
