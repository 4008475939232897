/**
 * The search-index side of a command's flush: the documents and variable sets of everything
 * the command loaded or changed, taken from its in-memory state (never read back: the batch's
 * statements all see the snapshot from before the command's writes).
 *
 * Every instance the command loaded is written (the upsert leaves unchanged rows alone), with
 * its root execution's variables; of tasks, those created or changed, and those deleted are
 * removed. A task's document carries its instance's business key and definition key, so a
 * task is found by them.
 */
import type { CommandContext } from '../engine/context.ts';
import type { SearchChanges } from '../persistence/search-writes-sql.ts';
import {
  instanceDocument,
  instanceVariables,
  instanceVariableSet,
  taskDocument,
  taskVariableSet,
  type SearchDocument,
  type SearchVariableSet,
} from './documents.ts';

/** Documents another engine (the case engine) adds for what a command changed of it. */
export type SearchContributor = (ctx: CommandContext) => {
  documents: SearchDocument[];
  variableSets: SearchVariableSet[];
};

const contributors: SearchContributor[] = [];

/** Called once by an engine at import: its documents go with every command's index writes. */
export const registerSearchContributor = (contributor: SearchContributor): void => {
  if (!contributors.includes(contributor)) contributors.push(contributor);
};

export const commandSearchChanges = (ctx: CommandContext): SearchChanges => {
  const documents: SearchDocument[] = [];
  // made by this command: nothing can have commented on them yet
  const freshDocuments: SearchDocument[] = [];
  const variableSets: SearchVariableSet[] = [];
  const removedInstances: string[] = [];
  const historic = ctx.services.config.historyLevel !== 'none';
  for (const inst of ctx.instances.values()) {
    const { row } = inst;
    if (inst.ended && !historic) {
      if (!inst.isNew) removedInstances.push(row.id);
      continue;
    }
    const end = ctx.history.newProcesses.get(row.id) ?? ctx.history.endedProcesses.get(row.id);
    const variables = instanceVariables(row);
    (inst.isNew ? freshDocuments : documents).push(
      instanceDocument({
        row,
        variables,
        runtime: !inst.ended,
        historic,
        endedAt: end?.endedAt ?? ctx.now,
        endReason: end?.endReason ?? null,
        definitionName: inst.definition.name,
      }),
    );
    // the root execution holds the instance's variables until the flush, even at its end
    if (row.state.executions.some((e) => e.id === row.id))
      variableSets.push({ ...instanceVariableSet(row.id, variables), fresh: inst.isNew });
  }
  const changedTasks = new Set([...ctx.newTaskIds, ...ctx.dirtyTaskIds]);
  for (const id of changedTasks) {
    const task = ctx.tasks.get(id);
    if (!task || ctx.deletedTaskIds.has(id)) continue;
    const inst = task.processInstanceId ? ctx.instances.get(task.processInstanceId) : undefined;
    (ctx.newTaskIds.has(id) ? freshDocuments : documents).push(
      taskDocument({
        task,
        definitionKey: inst?.row.definitionKey ?? null,
        businessKey: inst?.row.businessKey ?? null,
      }),
    );
    variableSets.push({ ...taskVariableSet(task), fresh: ctx.newTaskIds.has(id) });
  }
  for (const contributor of contributors) {
    const more = contributor(ctx);
    documents.push(...more.documents);
    variableSets.push(...more.variableSets);
  }
  removedInstances.push(...ctx.deletedHistoricInstanceIds);
  return {
    documents,
    freshDocuments,
    variableSets,
    removedTasks: [...ctx.deletedTaskIds],
    removedInstances,
    removedCases: [...ctx.deletedHistoricCaseIds],
  };
};
