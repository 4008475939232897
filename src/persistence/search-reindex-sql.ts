/**
 * The reads of `weir reindex`: the engine's rows in batches by id, for the search index to be
 * rebuilt from. A batch of running trees is read under their root rows' locks (`FOR UPDATE`,
 * in id order, as commands take them), so no command changes them between the read and the
 * index write of the same transaction: the rebuild never writes a stale document over a
 * fresh one, and nodes keep working (each batch holds its locks for milliseconds).
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import type { HistoricProcessRow, InstanceRow, TaskRow } from '../engine/runtime-types.ts';
import type { CaseFacts } from '../search/documents.ts';

export interface ReindexTotals {
  runningTrees: number;
  endedInstances: number;
  runningCases: number;
  endedCases: number;
  standaloneTasks: number;
}

export const countReindexWork = async (db: Queryable): Promise<ReindexTotals> => {
  const { rows } = await db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM weir_process_instance WHERE id = root_id) AS running_trees,
            (SELECT count(*) FROM weir_hi_process_instance h
              WHERE NOT EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = h.id)) AS ended_instances,
            (SELECT count(*) FROM weir_cmmn_case_instance) AS running_cases,
            (SELECT count(*) FROM weir_cmmn_hi_case_instance h
              WHERE NOT EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = h.id)) AS ended_cases,
            (SELECT count(*) FROM weir_task WHERE process_instance_id IS NULL) AS standalone_tasks`,
  );
  return {
    runningTrees: Number(rows[0].running_trees),
    endedInstances: Number(rows[0].ended_instances),
    runningCases: Number(rows[0].running_cases),
    endedCases: Number(rows[0].ended_cases),
    standaloneTasks: Number(rows[0].standalone_tasks),
  };
};

/** Lock the next running trees after `after`; returns their root ids. */
export const lockNextRunningTrees = async (
  db: Queryable,
  after: string,
  limit: number,
): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_process_instance WHERE id = root_id AND id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
    [after, limit],
  );
  return rows.map((r) => r.id);
};

export interface TreeRows {
  instances: InstanceRow[];
  tasks: TaskRow[];
  /** instances of these trees that have a history row */
  historicIds: Set<string>;
  definitionNames: Map<string, string | null>;
}

export const loadTrees = async (db: Queryable, rootIds: readonly string[]): Promise<TreeRows> => {
  const instances = await db.query(`SELECT * FROM weir_process_instance WHERE root_id = ANY($1::text[])`, [
    rootIds,
  ]);
  const tasks = await db.query(`SELECT * FROM weir_task WHERE root_instance_id = ANY($1::text[])`, [rootIds]);
  const ids = instances.rows.map((r) => r.id as string);
  const historic = await db.query<{ id: string }>(
    `SELECT id FROM weir_hi_process_instance WHERE id = ANY($1::text[])`,
    [ids],
  );
  const definitions = await db.query<{ id: string; name: string | null }>(
    `SELECT id, name FROM weir_process_definition WHERE id IN (SELECT definition_id FROM weir_process_instance
       WHERE root_id = ANY($1::text[]))`,
    [rootIds],
  );
  return {
    instances: instances.rows.map((r) => toCamelRow<InstanceRow>(r)),
    tasks: tasks.rows.map((r) => toCamelRow<TaskRow>(r)),
    historicIds: new Set(historic.rows.map((r) => r.id)),
    definitionNames: new Map(definitions.rows.map((r) => [r.id, r.name])),
  };
};

type HistoricVariable = { name: string; type: string; value: unknown };

/** Historic variable rows grouped by the instance (or case) they belong to. */
const variablesByOwner = <R extends HistoricVariable>(rows: readonly R[], ownerOf: (row: R) => string) => {
  const byOwner = new Map<string, Record<string, { type: string; value: unknown }>>();
  for (const v of rows) {
    const own = byOwner.get(ownerOf(v)) ?? {};
    own[v.name] = { type: v.type, value: v.value };
    byOwner.set(ownerOf(v), own);
  }
  return byOwner;
};

export interface EndedInstance {
  row: HistoricProcessRow;
  definitionName: string | null;
  variables: Record<string, { type: string; value: unknown }>;
}

/** Ended instances (history only) after `after`, with their instance-level variables from history. */
export const loadEndedInstances = async (
  db: Queryable,
  after: string,
  limit: number,
): Promise<EndedInstance[]> => {
  const { rows } = await db.query(
    `SELECT h.*, d.name AS definition_name FROM weir_hi_process_instance h
       LEFT JOIN weir_process_definition d ON d.id = h.definition_id
     WHERE h.id > $1 AND NOT EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = h.id)
     ORDER BY h.id LIMIT $2`,
    [after, limit],
  );
  const ids = rows.map((r) => r.id as string);
  const variables = await db.query<{
    process_instance_id: string;
    name: string;
    type: string;
    value: unknown;
  }>(
    `SELECT process_instance_id, name, type, value FROM weir_hi_variable_instance
     WHERE process_instance_id = ANY($1::text[]) AND task_id IS NULL
       AND (execution_id IS NULL OR execution_id = process_instance_id)`,
    [ids],
  );
  const byInstance = variablesByOwner(variables.rows, (v) => v.process_instance_id);
  return rows.map((r) => {
    const { definitionName, ...row } = toCamelRow<HistoricProcessRow & { definitionName: string | null }>(r);
    return { row, definitionName, variables: byInstance.get(row.id) ?? {} };
  });
};

type CaseVariables = CaseFacts['variables'];

const caseFacts = (r: Record<string, unknown>, variables: CaseVariables): CaseFacts => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  name: r.name as string | null,
  definitionId: r.definition_id as string,
  definitionKey: r.definition_key as string,
  definitionName: r.definition_name as string | null,
  businessKey: r.business_key as string | null,
  startUserId: r.start_user_id as string | null,
  startedAt: r.started_at as Date,
  state: r.state as string,
  endedAt: (r.ended_at as Date | null | undefined) ?? null,
  variables,
});

/**
 * Lock the next running cases after `after` (their row is the case lock every command takes
 * first) and read what their documents are made of: the case row holds its variables.
 */
export const lockNextRunningCases = async (
  db: Queryable,
  after: string,
  limit: number,
): Promise<CaseFacts[]> => {
  const { rows } = await db.query(
    `SELECT c.*, d.key AS definition_key, d.name AS definition_name
       FROM weir_cmmn_case_instance c JOIN weir_cmmn_case_definition d ON d.id = c.definition_id
     WHERE c.id > $1 ORDER BY c.id LIMIT $2 FOR UPDATE OF c`,
    [after, limit],
  );
  return rows.map((r) => caseFacts(r, (r.document as { variables: CaseVariables }).variables));
};

/** Ended cases (history only) after `after`, with their case-level variables from history. */
export const loadEndedCases = async (db: Queryable, after: string, limit: number): Promise<CaseFacts[]> => {
  const { rows } = await db.query(
    `SELECT h.* FROM weir_cmmn_hi_case_instance h
     WHERE h.id > $1 AND NOT EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = h.id)
     ORDER BY h.id LIMIT $2`,
    [after, limit],
  );
  const variables = await db.query<{ case_instance_id: string; name: string; type: string; value: unknown }>(
    `SELECT case_instance_id, name, type, value FROM weir_cmmn_hi_variable
     WHERE case_instance_id = ANY($1::text[]) AND plan_item_instance_id IS NULL AND task_id IS NULL`,
    [rows.map((r) => r.id as string)],
  );
  const byCase = variablesByOwner(variables.rows, (v) => v.case_instance_id);
  return rows.map((r) => caseFacts(r, byCase.get(r.id as string) ?? {}));
};

/** Lock the next tasks of no process instance after `after` (their own row is their lock). */
export const lockNextStandaloneTasks = async (
  db: Queryable,
  after: string,
  limit: number,
): Promise<TaskRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_task WHERE process_instance_id IS NULL AND id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
    [after, limit],
  );
  return rows.map((r) => toCamelRow<TaskRow>(r));
};

/** Remove what no engine row backs any more (documents and variables of deleted things). */
export const removeOrphans = async (db: Queryable): Promise<number> => {
  const documents = await db.query(
    `DELETE FROM weir_search_document d WHERE
       (d.kind = 'task' AND NOT EXISTS (SELECT 1 FROM weir_task t WHERE t.id = d.id))
       OR (d.kind = 'process' AND NOT EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = d.id)
           AND NOT EXISTS (SELECT 1 FROM weir_hi_process_instance h WHERE h.id = d.id))
       OR (d.kind = 'case' AND NOT EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = d.id)
           AND NOT EXISTS (SELECT 1 FROM weir_cmmn_hi_case_instance h WHERE h.id = d.id))`,
  );
  const variables = await db.query(
    `DELETE FROM weir_search_variable v WHERE
       (v.scope = 'task' AND NOT EXISTS (SELECT 1 FROM weir_task t WHERE t.id = v.scope_id))
       OR (v.scope = 'process' AND NOT EXISTS (SELECT 1 FROM weir_process_instance i WHERE i.id = v.scope_id)
           AND NOT EXISTS (SELECT 1 FROM weir_hi_process_instance h WHERE h.id = v.scope_id))
       OR (v.scope = 'case' AND NOT EXISTS (SELECT 1 FROM weir_cmmn_case_instance c WHERE c.id = v.scope_id)
           AND NOT EXISTS (SELECT 1 FROM weir_cmmn_hi_case_instance h WHERE h.id = v.scope_id))`,
  );
  return (documents.rowCount ?? 0) + (variables.rowCount ?? 0);
};
