/**
 * Suspending or activating a process definition at a later date (Flowable's `date` on the
 * definition's suspend and activate actions): a timer job, named with Flowable's handler types,
 * that changes the definition's state when it fires, and with `includeProcessInstances` the
 * state of its running instances too. Being a job, it fires once on whichever node takes it,
 * and a node that dies holding it leaves it to another.
 */
import { setDefinitionSuspended } from '../persistence/repository-sql.ts';
import { rootInstanceIdsOfDefinition } from '../persistence/migration-sql.ts';
import type { CommandContext } from './context.ts';
import type { JobRow, ProcessDefinitionRow } from './runtime-types.ts';
import { setInstanceSuspension } from './task-commands.ts';
import { newJob } from './jobs.ts';

export const SUSPEND_DEFINITION = 'suspend-processdefinition';
export const ACTIVATE_DEFINITION = 'activate-processdefinition';

export const scheduleDefinitionState = (
  ctx: CommandContext,
  definition: ProcessDefinitionRow,
  suspended: boolean,
  includeProcessInstances: boolean,
  at: Date,
): JobRow => {
  const job = newJob(ctx, null, null, suspended ? SUSPEND_DEFINITION : ACTIVATE_DEFINITION, 'timer', {
    handlerConfig: { includeProcessInstances },
    definitionId: definition.id,
    exclusive: false,
    dueAt: at,
    tenantId: definition.tenantId,
  });
  ctx.addJob(job);
  return job;
};

/** The job's work: the definition, then each running root instance under its own lock (in id order). */
export const applyDefinitionState = async (
  ctx: CommandContext,
  definitionId: string,
  suspended: boolean,
  includeProcessInstances: boolean,
): Promise<void> => {
  await setDefinitionSuspended(ctx.tx, definitionId, suspended);
  if (!includeProcessInstances) return;
  for (const rootId of await rootInstanceIdsOfDefinition(ctx.tx, definitionId)) {
    await ctx.loadRoot(rootId);
    await setInstanceSuspension(ctx, rootId, suspended);
  }
};
