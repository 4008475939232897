/**
 * What the search index holds, built from the engine's rows: one document per task, per
 * process instance and per case instance, and the typed values of their variables. Pure functions, shared by the
 * engine's flush (`command-changes.ts`) and by `weir reindex`, so both write the same thing.
 */
import type { InstanceRow, StoredVariable, TaskRow } from '../engine/runtime-types.ts';
import { MAX_INDEXED_TEXT } from '../persistence/search-index-sql.ts';

export { MAX_INDEXED_TEXT };

export type DocumentKind = 'task' | 'process' | 'case';
export type VariableScope = 'task' | 'process' | 'case';

export interface SearchDocument {
  kind: DocumentKind;
  id: string;
  tenantId: string;
  title: string | null;
  /** the words of the document, besides its comments (which SQL adds from weir_comment) */
  text: string;
  processInstanceId: string | null;
  definitionId: string | null;
  definitionKey: string | null;
  taskDefinitionKey: string | null;
  businessKey: string | null;
  assignee: string | null;
  owner: string | null;
  startUserId: string | null;
  /** task: active | suspended; process: active | suspended | completed | deleted; case: active | completed | terminated */
  state: string;
  runtime: boolean;
  historic: boolean;
  priority: number | null;
  dueDate: string | null;
  createdAt: string | null;
  endedAt: string | null;
}

export interface SearchValue {
  name: string;
  type: string;
  textValue: string | null;
  numberValue: number | null;
  dateValue: string | null;
  boolValue: boolean | null;
}

/** All the variables of one task or instance: what is not listed is removed from the index. */
export interface SearchVariableSet {
  scope: VariableScope;
  scopeId: string;
  values: SearchValue[];
  /** the owner was created by this command: no indexed variable of it can exist to remove */
  fresh?: boolean;
}

const NUMBER_TYPES = new Set(['short', 'integer', 'long', 'double']);

export const searchValueOf = (name: string, type: string, value: unknown): SearchValue => {
  const out: SearchValue = {
    name,
    type,
    textValue: null,
    numberValue: null,
    dateValue: null,
    boolValue: null,
  };
  if (value === null || value === undefined) return out;
  if (type === 'string' && typeof value === 'string') out.textValue = value.slice(0, MAX_INDEXED_TEXT);
  else if (NUMBER_TYPES.has(type) && typeof value === 'number' && Number.isFinite(value))
    out.numberValue = value;
  else if (type === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    out.dateValue = new Date(value).toISOString();
  else if (type === 'boolean' && typeof value === 'boolean') out.boolValue = value;
  return out;
};

const valuesOf = (variables: Record<string, { type: string; value: unknown }>): SearchValue[] =>
  Object.entries(variables).map(([name, v]) => searchValueOf(name, v.type, v.value));

/** The string values of some variables, for the full text. */
const stringsOf = (variables: Record<string, { type: string; value: unknown }>): string[] =>
  Object.values(variables)
    .filter((v) => v.type === 'string' && typeof v.value === 'string')
    .map((v) => v.value as string);

const words = (...parts: (string | null | undefined)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');

const isoOf = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();

/** The instance's own variables: those of its root execution. */
export const instanceVariables = (row: InstanceRow): Record<string, StoredVariable> =>
  row.state.executions.find((e) => e.id === row.id)?.variables ?? {};

export interface InstanceFacts {
  row: Pick<
    InstanceRow,
    | 'id'
    | 'tenantId'
    | 'name'
    | 'definitionId'
    | 'definitionKey'
    | 'businessKey'
    | 'startUserId'
    | 'startedAt'
  > & { suspended?: boolean };
  variables: Record<string, { type: string; value: unknown }>;
  runtime: boolean;
  historic: boolean;
  endedAt?: Date | string | null;
  endReason?: string | null;
  definitionName?: string | null;
}

export const instanceDocument = (f: InstanceFacts): SearchDocument => ({
  kind: 'process',
  id: f.row.id,
  tenantId: f.row.tenantId,
  title: f.row.name,
  text: words(f.row.name, f.row.businessKey, f.definitionName, ...stringsOf(f.variables)),
  processInstanceId: f.row.id,
  definitionId: f.row.definitionId,
  definitionKey: f.row.definitionKey,
  taskDefinitionKey: null,
  businessKey: f.row.businessKey,
  assignee: null,
  owner: null,
  startUserId: f.row.startUserId,
  state: f.runtime ? (f.row.suspended ? 'suspended' : 'active') : f.endReason ? 'deleted' : 'completed',
  runtime: f.runtime,
  historic: f.historic,
  priority: null,
  dueDate: null,
  createdAt: isoOf(f.row.startedAt),
  endedAt: f.runtime ? null : isoOf(f.endedAt),
});

export interface TaskFacts {
  task: TaskRow;
  definitionKey: string | null;
  businessKey: string | null;
}

export const taskDocument = ({ task, definitionKey, businessKey }: TaskFacts): SearchDocument => ({
  kind: 'task',
  id: task.id,
  tenantId: task.tenantId,
  title: task.name,
  text: words(task.name, task.description, businessKey, task.category, ...stringsOf(task.variables)),
  processInstanceId: task.processInstanceId,
  definitionId: task.definitionId,
  definitionKey,
  taskDefinitionKey: task.taskDefinitionKey,
  businessKey,
  assignee: task.assignee,
  owner: task.owner,
  startUserId: null,
  state: task.suspended ? 'suspended' : 'active',
  runtime: true,
  historic: false,
  priority: task.priority,
  dueDate: isoOf(task.dueDate),
  createdAt: isoOf(task.createdAt),
  endedAt: null,
});

export interface CaseFacts {
  id: string;
  tenantId: string;
  name: string | null;
  definitionId: string;
  definitionKey: string;
  definitionName: string | null;
  businessKey: string | null;
  startUserId: string | null;
  startedAt: Date;
  /** active, completed or terminated */
  state: string;
  endedAt: Date | null;
  variables: Record<string, { type: string; value: unknown }>;
}

/** A case instance, running or ended (cases always keep their history row). */
export const caseDocument = (f: CaseFacts): SearchDocument => ({
  kind: 'case',
  id: f.id,
  tenantId: f.tenantId,
  title: f.name,
  text: words(f.name, f.businessKey, f.definitionName, ...stringsOf(f.variables)),
  processInstanceId: null,
  definitionId: f.definitionId,
  definitionKey: f.definitionKey,
  taskDefinitionKey: null,
  businessKey: f.businessKey,
  assignee: null,
  owner: null,
  startUserId: f.startUserId,
  state: f.state,
  runtime: f.state === 'active',
  historic: true,
  priority: null,
  dueDate: null,
  createdAt: isoOf(f.startedAt),
  endedAt: isoOf(f.endedAt),
});

export const caseVariableSet = (
  id: string,
  variables: Record<string, { type: string; value: unknown }>,
): SearchVariableSet => ({ scope: 'case', scopeId: id, values: valuesOf(variables) });

export const taskVariableSet = (task: TaskRow): SearchVariableSet => ({
  scope: 'task',
  scopeId: task.id,
  values: valuesOf(task.variables),
});

export const instanceVariableSet = (
  id: string,
  variables: Record<string, { type: string; value: unknown }>,
): SearchVariableSet => ({
  scope: 'process',
  scopeId: id,
  values: valuesOf(variables),
});
