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
import {
  completeBatchPart,
  getBatch,
  getBatchPart,
  insertBatch,
  type BatchPartRow,
  type BatchRow,
} from '../persistence/batches-sql.ts';
import { rootIdOfInstance } from '../persistence/runtime-reads-sql.ts';
import type { CommandContext } from './context.ts';
import type { JobRow } from './runtime-types.ts';
import { newId } from './ids.ts';
import { newJob } from './jobs.ts';
import { refuseMissing, type Missing } from './migration-target.ts';
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

/** What a batch is made of: one part (and one job running it) per instance it covers. */
export interface BatchSpec {
  readonly batchType: string;
  readonly searchKey: string;
  readonly searchKey2: string;
  readonly tenantId: string;
  /** kept in Flowable's shape: what `batch-document` answers and each part's job reads back */
  readonly document: unknown;
  readonly scopeType: 'bpmn' | 'cmmn';
  readonly instances: readonly { id: string; tenantId: string }[];
  /** the job that runs one part, on the ordinary executor */
  readonly jobFor: (
    instance: { id: string; tenantId: string },
    handlerConfig: Record<string, unknown>,
  ) => JobRow;
}

/** Write a batch, its parts and their jobs in the caller's command; answers the batch id. */
export const createBatch = async (ctx: CommandContext, spec: BatchSpec): Promise<string> => {
  const batchId = newId();
  const common = {
    batchType: spec.batchType,
    searchKey: spec.searchKey,
    searchKey2: spec.searchKey2,
    tenantId: spec.tenantId,
    createdAt: ctx.now,
  };
  const parts: BatchPartRow[] = spec.instances.map((inst) => ({
    ...common,
    id: newId(),
    batchId,
    scopeId: inst.id,
    subScopeId: null,
    scopeType: spec.scopeType,
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
      document: spec.document,
      completedAt: empty ? ctx.now : null,
    },
    parts,
  );
  parts.forEach((part, i) => ctx.addJob(spec.jobFor(spec.instances[i], { batchId, batchPartId: part.id })));
  return batchId;
};

export interface OpenBatchPart {
  readonly part: BatchPartRow;
  readonly batch: BatchRow;
  /** record the part's outcome (its result document: `result` with `resultStatus`) */
  readonly finish: (outcome: { messages: string[] } | 'success') => Promise<void>;
}

/**
 * The waiting part a job runs, with its batch and how to finish it; undefined when the batch
 * was deleted or the part already ran. A part that cannot run is finished as failed with
 * Flowable's `validationMessages`, not left to fail the job.
 */
export const openBatchPart = async (
  ctx: CommandContext,
  job: JobRow,
  resultOf: (part: BatchPartRow, batch: BatchRow) => Record<string, unknown>,
): Promise<OpenBatchPart | undefined> => {
  const part = await getBatchPart(ctx.tx, String(job.handlerConfig?.batchPartId));
  if (!part || part.status !== 'waiting') return undefined;
  const batch = await getBatch(ctx.tx, part.batchId);
  if (!batch) return undefined;
  const result = resultOf(part, batch);
  const finish: OpenBatchPart['finish'] = (outcome) =>
    outcome === 'success'
      ? completeBatchPart(ctx.tx, part, 'success', { ...result, resultStatus: 'success' }, ctx.now)
      : completeBatchPart(
          ctx.tx,
          part,
          'fail',
          { ...result, resultStatus: 'fail', validationMessages: outcome.messages },
          ctx.now,
        );
  return { part, batch, finish };
};

export const createMigrationBatch = (
  ctx: CommandContext,
  sourceDefinitionId: string,
  doc: MigrationDocument,
  target: MigrationTarget,
  instances: readonly { id: string; tenantId: string }[],
): Promise<string> =>
  createBatch(ctx, {
    batchType: PROCESS_MIGRATION_BATCH,
    searchKey: sourceDefinitionId,
    searchKey2: target.definition.id,
    tenantId: target.definition.tenantId,
    document: flowableDocument(doc),
    scopeType: 'bpmn',
    instances,
    jobFor: (inst, handlerConfig) =>
      newJob(ctx, null, null, PROCESS_MIGRATION_JOB, 'executable', {
        handlerConfig,
        processInstanceId: inst.id,
        definitionId: sourceDefinitionId,
        exclusive: true,
        tenantId: inst.tenantId,
      }),
  });

/**
 * A part's job. The job names no root (the instance may have ended since the batch was made,
 * and the part must still be finished): the root is looked up and locked here.
 */
export const runMigrationBatchPart = async (ctx: CommandContext, job: JobRow): Promise<void> => {
  const open = await openBatchPart(ctx, job, (part, batch) => ({
    processInstanceId: part.scopeId,
    migrateToProcessDefinitionId: batch.searchKey2,
  }));
  if (!open) return; // the batch was deleted, or the part already ran
  const { part, batch } = open;
  const doc = documentOf(batch.document as Record<string, unknown>);
  const instanceId = part.scopeId ?? '';
  const fail = (messages: string[]) => open.finish({ messages });
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
  await open.finish('success');
};

export const refuseMissingTarget = (target: MigrationTarget | Missing): MigrationTarget =>
  refuseMissing(target);
