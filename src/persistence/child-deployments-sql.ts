/**
 * What the engines beside the process engine (forms, decisions) store alike: a deployment of
 * their own (alone, or the child of a process deployment), its resources, and the next version
 * of a definition key, taken under a transaction-scoped advisory lock so that two nodes cannot
 * both take version N+1. Table names come from this fixed list only.
 */
import type { Queryable } from './database.ts';

const TABLES = {
  form: {
    deployment: 'weir_form_deployment',
    resource: 'weir_form_resource',
    definition: 'weir_form_definition',
  },
  dmn: { deployment: 'weir_dmn_deployment', resource: 'weir_dmn_resource', definition: 'weir_dmn_decision' },
} as const;

export type ChildEngine = keyof typeof TABLES;

export interface ChildDeploymentRow {
  id: string;
  name: string | null;
  category: string | null;
  tenantId: string;
  parentDeploymentId: string | null;
  deployedAt: Date;
}

/** Insert the deployment row and each of its resources. */
export const insertChildDeployment = async (
  db: Queryable,
  engine: ChildEngine,
  d: ChildDeploymentRow,
  resources: readonly { name: string; content: Uint8Array }[],
): Promise<void> => {
  const tables = TABLES[engine];
  await db.query(
    `INSERT INTO ${tables.deployment} (id, name, category, tenant_id, parent_deployment_id, deployed_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [d.id, d.name, d.category, d.tenantId, d.parentDeploymentId, d.deployedAt],
  );
  for (const r of resources)
    await db.query(`INSERT INTO ${tables.resource} (deployment_id, name, content) VALUES ($1, $2, $3)`, [
      d.id,
      r.name,
      r.content,
    ]);
};

/** The version the next definition of `key` takes; holds the key's lock until the transaction ends. */
export const nextDefinitionVersion = async (
  db: Queryable,
  engine: ChildEngine,
  key: string,
  tenantId: string,
): Promise<number> => {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2 || ':' || $3))`, [
    `weir.${engine}`,
    key,
    tenantId,
  ]);
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM ${TABLES[engine].definition} WHERE key = $1 AND tenant_id = $2`,
    [key, tenantId],
  );
  return (rows[0]?.v ?? 0) + 1;
};
