/**
 * Batch migration (Flowable's `batch-migrate`): a batch row with one part per instance of the
 * source definition, and one executable job per part on the ordinary job executor, so any node
 * may run any part. A part's job migrates its instance under the instance's lock and records
 * the outcome on the part in the same transaction; an instance that cannot be migrated (its
 * validation messages) is a failed part, not a failed job. The last part completes the batch.
 *
 * The batch document is kept in Flowable's shape: it is what `batch-document` answers and what
 * each part's job reads back.
 */
import { WeirError } from '../errors.ts';
import {
  completeBatchPart,
  getBatch,
  getBatchPart,
  insertBatch,
  type BatchPartRow,
} from '../persistence/batches-sql.ts';
import { rootIdOfInstance } from '../persistence/runtime-reads-sql.ts';
import type { CommandContext } from './context.ts';
import type { JobRow } from './runtime-types.ts';
import { newId } from './ids.ts';
import { newJob } from './jobs.ts';
import {
  migrateInstance,
  resolveMigrationTarget,
  validateMigration,
  type ActivityMapping,
  type MigrationDocument,
  type MigrationTarget,
} from './migration.ts';

export const PROCESS_MIGRATION_JOB = 'process-migration';
export const PROCESS_MIGRATION_BATCH = 'processMigration';

const one = (ids: readonly string[], single: string, many: string) =>
  ids.length === 1 ? { [single]: ids[0] } : { [many]: ids };

/** The document as Flowable writes it. */
export const flowableDocument = (doc: MigrationDocument): Record<string, unknown> => ({
  ...(doc.toProcessDefinitionId ? { toProcessDefinitionId: doc.toProcessDefinitionId } : {}),
  ...(doc.toProcessDefinitionKey ? { toProcessDefinitionKey: doc.toProcessDefinitionKey } : {}),
  ...(doc.toProcessDefinitionVersion ? { toProcessDefinitionVersion: doc.toProcessDefinitionVersion } : {}),
  ...(doc.toProcessDefinitionTenantId
    ? { toProcessDefinitionTenantId: doc.toProcessDefinitionTenantId }
    : {}),
  activityMappings: doc.activityMappings.map((m) => ({
    ...one(m.fromActivityIds, 'fromActivityId', 'fromActivityIds'),
    ...one(m.toActivityIds, 'toActivityId', 'toActivityIds'),
  })),
  ...(doc.processInstanceVariables ? { processInstanceVariables: doc.processInstanceVariables } : {}),
});

const ids = (m: Record<string, unknown>, single: string, many: string): string[] =>
  Array.isArray(m[many]) ? (m[many] as string[]) : typeof m[single] === 'string' ? [m[single]] : [];

/** Read back a document written by `flowableDocument`. */
const documentOf = (stored: Record<string, unknown>): MigrationDocument => ({
  ...(stored as Omit<MigrationDocument, 'activityMappings'>),
  activityMappings: ((stored.activityMappings ?? []) as Record<string, unknown>[]).map(
    (m): ActivityMapping => ({
      fromActivityIds: ids(m, 'fromActivityId', 'fromActivityIds'),
      toActivityIds: ids(m, 'toActivityId', 'toActivityIds'),
    }),
  ),
});

export const createMigrationBatch = async (
  ctx: CommandContext,
  sourceDefinitionId: string,
  doc: MigrationDocument,
  target: MigrationTarget,
  instances: readonly { id: string; tenantId: string }[],
): Promise<string> => {
  const batchId = newId();
  const common = {
    batchType: PROCESS_MIGRATION_BATCH,
    searchKey: sourceDefinitionId,
    searchKey2: target.definition.id,
    tenantId: target.definition.tenantId,
    createdAt: ctx.now,
  };
  const parts: BatchPartRow[] = instances.map((inst) => ({
    ...common,
    id: newId(),
    batchId,
    scopeId: inst.id,
    subScopeId: null,
    scopeType: 'bpmn',
    status: 'waiting',
    result: null,
    completedAt: null,
  }));
  const empty = parts.length === 0;
  await insertBatch(
    ctx.tx,
    {
      ...common,
      id: batchId,
      status: empty ? 'completed' : 'inProgress',
      document: flowableDocument(doc),
      completedAt: empty ? ctx.now : null,
    },
    parts,
  );
  parts.forEach((part, i) => {
    ctx.addJob(
      newJob(ctx, null, null, PROCESS_MIGRATION_JOB, 'executable', {
        handlerConfig: { batchId, batchPartId: part.id },
        processInstanceId: instances[i].id,
        definitionId: sourceDefinitionId,
        exclusive: true,
        tenantId: instances[i].tenantId,
      }),
    );
  });
  return batchId;
};

/**
 * A part's job. The job names no root (the instance may have ended since the batch was made,
 * and the part must still be finished): the root is looked up and locked here.
 */
export const runMigrationBatchPart = async (ctx: CommandContext, job: JobRow): Promise<void> => {
  const part = await getBatchPart(ctx.tx, String(job.handlerConfig?.batchPartId));
  if (!part || part.status !== 'waiting') return; // the batch was deleted, or the part already ran
  const batch = await getBatch(ctx.tx, part.batchId);
  if (!batch) return;
  const doc = documentOf(batch.document as Record<string, unknown>);
  const instanceId = part.scopeId ?? '';
  const result = { processInstanceId: instanceId, migrateToProcessDefinitionId: batch.searchKey2 };
  const fail = (messages: string[]) =>
    completeBatchPart(
      ctx.tx,
      part,
      'fail',
      { ...result, resultStatus: 'fail', validationMessages: messages },
      ctx.now,
    );
  const rootId = await rootIdOfInstance(ctx.tx, instanceId);
  if (!rootId) return fail([`Cannot find process instance with id:'${instanceId}'`]);
  await ctx.loadRoot(rootId);
  const inst = ctx.instances.get(instanceId);
  if (!inst) return fail([`Cannot find process instance with id:'${instanceId}'`]);
  const target = await resolveMigrationTarget(ctx.services, ctx.tx, doc);
  if ('message' in target) return fail([target.message]);
  const messages = validateMigration(inst, { ...doc, target });
  if (messages.length > 0) return fail(messages);
  await migrateInstance(ctx, inst, { ...doc, target });
  await completeBatchPart(ctx.tx, part, 'success', { ...result, resultStatus: 'success' }, ctx.now);
};

export const refuseMissingTarget = (target: MigrationTarget | { message: string }): MigrationTarget => {
  if ('message' in target) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', target.message);
  return target;
};
