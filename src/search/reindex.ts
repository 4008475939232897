/**
 * Rebuilding the search index from the engine's tables, online: running trees in batches
 * under their root locks (see `search-reindex-sql.ts`), then ended instances from history,
 * then tasks of no instance, then the removal of documents nothing backs any more. Each batch
 * is one short transaction, so nodes keep serving while it runs; a batch that loses a
 * deadlock to a command (PostgreSQL aborts one side) is tried again.
 */
import type { Database, Queryable } from '../persistence/database.ts';
import {
  countReindexWork,
  loadEndedCases,
  loadEndedInstances,
  loadTrees,
  lockNextRunningCases,
  lockNextRunningTrees,
  lockNextStandaloneTasks,
  removeOrphans,
} from '../persistence/search-reindex-sql.ts';
import { writeSearchChanges } from '../persistence/search-writes-sql.ts';
import {
  caseDocument,
  caseVariableSet,
  instanceDocument,
  instanceVariables,
  instanceVariableSet,
  taskDocument,
  taskVariableSet,
  type CaseFacts,
  type SearchDocument,
  type SearchVariableSet,
} from './documents.ts';
import type { InstanceRow, TaskRow } from '../engine/runtime-types.ts';

export interface ReindexProgress {
  readonly done: number;
  readonly total: number;
}

export interface ReindexOptions {
  readonly language: string;
  readonly batchSize: number;
  readonly onProgress?: (progress: ReindexProgress) => void;
}

export interface ReindexResult {
  readonly instances: number;
  readonly cases: number;
  readonly tasks: number;
  readonly removed: number;
}

/** PostgreSQL's deadlock and serialization failures: the batch is simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

const retrying = async <T>(work: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
};

const taskDocuments = (tasks: readonly TaskRow[], instances: ReadonlyMap<string, InstanceRow>) => ({
  documents: tasks.map((task) => {
    const inst = task.processInstanceId ? instances.get(task.processInstanceId) : undefined;
    return taskDocument({
      task,
      definitionKey: inst?.definitionKey ?? null,
      businessKey: inst?.businessKey ?? null,
    });
  }),
  variableSets: tasks.map(taskVariableSet),
});

const write = (
  db: Queryable,
  documents: SearchDocument[],
  variableSets: SearchVariableSet[],
  language: string,
) => writeSearchChanges(db, { documents, variableSets, removedTasks: [], removedInstances: [] }, language);

export const reindex = async (db: Database, options: ReindexOptions): Promise<ReindexResult> => {
  const { language, batchSize } = options;
  const totals = await countReindexWork(db);
  const total =
    totals.runningTrees +
    totals.endedInstances +
    totals.runningCases +
    totals.endedCases +
    totals.standaloneTasks;
  let done = 0;
  let instances = 0;
  let cases = 0;
  let tasks = 0;
  const progress = (n: number) => {
    done = Math.min(total, done + n);
    options.onProgress?.({ done, total });
  };
  options.onProgress?.({ done, total });

  for (let after = ''; ;) {
    const batch = await retrying(() =>
      db.transaction(async (tx) => {
        const roots = await lockNextRunningTrees(tx, after, batchSize);
        if (roots.length === 0) return roots;
        const trees = await loadTrees(tx, roots);
        const byId = new Map(trees.instances.map((row) => [row.id, row]));
        const documents: SearchDocument[] = trees.instances.map((row) =>
          instanceDocument({
            row,
            variables: instanceVariables(row),
            runtime: true,
            historic: trees.historicIds.has(row.id),
            definitionName: trees.definitionNames.get(row.definitionId) ?? null,
          }),
        );
        const variableSets = trees.instances.map((row) =>
          instanceVariableSet(row.id, instanceVariables(row)),
        );
        const ofTasks = taskDocuments(trees.tasks, byId);
        await write(
          tx,
          [...documents, ...ofTasks.documents],
          [...variableSets, ...ofTasks.variableSets],
          language,
        );
        instances += documents.length;
        tasks += ofTasks.documents.length;
        return roots;
      }),
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1];
    progress(batch.length);
  }

  for (let after = ''; ;) {
    const ended = await loadEndedInstances(db, after, batchSize);
    if (ended.length === 0) break;
    const documents = ended.map(({ row, definitionName, variables }) =>
      instanceDocument({
        row,
        variables,
        runtime: false,
        historic: true,
        endedAt: row.endedAt,
        endReason: row.endReason,
        definitionName,
      }),
    );
    const variableSets = ended.map(({ row, variables }) => instanceVariableSet(row.id, variables));
    await write(db, documents, variableSets, language);
    instances += documents.length;
    after = ended[ended.length - 1].row.id;
    progress(ended.length);
  }

  // Cases: running ones under their case row locks, then those only history holds. Their
  // tasks (no process instance) are rebuilt with the standalone tasks below.
  const writeCases = async (tx: Queryable, facts: readonly CaseFacts[]) => {
    await write(
      tx,
      facts.map(caseDocument),
      facts.map((f) => caseVariableSet(f.id, f.variables)),
      language,
    );
    cases += facts.length;
    progress(facts.length);
  };
  for (let after = ''; ;) {
    const batch = await retrying(() =>
      db.transaction(async (tx) => {
        const facts = await lockNextRunningCases(tx, after, batchSize);
        if (facts.length > 0) await writeCases(tx, facts);
        return facts;
      }),
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
  }
  for (let after = ''; ;) {
    const ended = await loadEndedCases(db, after, batchSize);
    if (ended.length === 0) break;
    await writeCases(db, ended);
    after = ended[ended.length - 1].id;
  }

  for (let after = ''; ;) {
    const batch = await retrying(() =>
      db.transaction(async (tx) => {
        const rows = await lockNextStandaloneTasks(tx, after, batchSize);
        const ofTasks = taskDocuments(rows, new Map());
        await write(tx, ofTasks.documents, ofTasks.variableSets, language);
        return rows;
      }),
    );
    if (batch.length === 0) break;
    tasks += batch.length;
    after = batch[batch.length - 1].id;
    progress(batch.length);
  }

  const removed = await removeOrphans(db);
  return { instances, cases, tasks, removed };
};
