/** Reads for clients and tests: what is running, what is waiting, what happened. */
import type { Queryable } from '../persistence/database.ts';
import * as q from '../persistence/queries-sql.ts';
import type { InstanceRow, StoredVariable } from './runtime-types.ts';
import { decodeValue } from './variables.ts';
import { variableRecord, variableRecordOf } from './own-variables.ts';

export interface ProcessInstanceView {
  id: string;
  rootId: string;
  definitionId: string;
  definitionKey: string;
  businessKey: string | null;
  suspended: boolean;
  tenantId: string;
  startedAt: Date;
  /** current activities of the instance's executions (waiting or joining) */
  activityIds: string[];
  variables: Record<string, unknown>;
}

const values = (vars: Record<string, StoredVariable>): Record<string, unknown> =>
  variableRecordOf(Object.entries(vars).map(([k, v]) => [k, decodeValue(v)] as const));

export const instanceView = (row: InstanceRow): ProcessInstanceView => {
  const root = row.state.executions.find((e) => e.id === row.id);
  return {
    id: row.id,
    rootId: row.rootId,
    definitionId: row.definitionId,
    definitionKey: row.definitionKey,
    businessKey: row.businessKey,
    suspended: row.suspended,
    tenantId: row.tenantId,
    startedAt: row.startedAt,
    activityIds: row.state.executions.filter((e) => e.activityId !== null).map((e) => e.activityId!),
    variables: root ? values(root.variables) : variableRecord(),
  };
};

export class EngineQueries {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  tasks(filter: q.TaskFilter = {}) {
    return q.selectTasks(this.#db, filter);
  }

  identityLinks(taskId: string) {
    return q.selectIdentityLinksOfTask(this.#db, taskId);
  }

  async processInstance(id: string): Promise<ProcessInstanceView | undefined> {
    const row = await q.selectInstance(this.#db, id);
    return row ? instanceView(row) : undefined;
  }

  jobs(filter: { processInstanceId?: string; state?: string; handler?: string } = {}) {
    return q.selectJobs(this.#db, filter);
  }

  subscriptions(filter: { processInstanceId?: string; eventType?: string; eventName?: string } = {}) {
    return q.selectSubscriptions(this.#db, filter);
  }

  historicProcessInstance(id: string) {
    return q.selectHistoricInstance(this.#db, id);
  }

  historicActivities(processInstanceId: string) {
    return q.selectHistoricActivities(this.#db, processInstanceId);
  }

  historicTasks(processInstanceId: string) {
    return q.selectHistoricTasks(this.#db, processInstanceId);
  }

  historicVariables(processInstanceId: string) {
    return q.selectHistoricVariables(this.#db, processInstanceId);
  }

  variableUpdates(processInstanceId: string) {
    return q.selectVariableUpdates(this.#db, processInstanceId);
  }
}
