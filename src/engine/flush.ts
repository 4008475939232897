/**
 * Writing a command's change set: deletions first (so that a wait removed and re-created for
 * one execution in the same command survives), then instances, tasks, links, waits, and
 * history, each kind in one statement.
 */
import { isJobGoneError, WriteBatch } from '../persistence/write-batch.ts';
import { JOBS_CHANNEL } from './channels.ts';
import { WeirError } from '../errors.ts';
import { deleteRowsById, insertRows, updateRows } from '../persistence/rows.ts';
import { deleteVariableBytesOfInstances } from '../persistence/variable-bytes-sql.ts';
import {
  deleteGuardedJob,
  deleteIdentityLinksOfTasks,
  deleteInstanceRows,
  deleteJobsOfExecutions,
  deleteSubscriptionsOfExecutions,
} from '../persistence/runtime-writes-sql.ts';
import {
  endHistoricActivities,
  insertVariableUpdates,
  upsertHistoricVariables,
} from '../persistence/history-writes-sql.ts';
import {
  insertHistoricLinks,
  insertTaskEvents,
  insertTaskLogEntries,
} from '../persistence/task-records-sql.ts';
import type { CommandContext } from './context.ts';
import { keepsHistory } from './task-records.ts';
import type { InstanceDocument, JobRow } from './runtime-types.ts';

const taskColumns = [
  'name',
  'description',
  'assignee',
  'owner',
  'delegationState',
  'priority',
  'dueDate',
  'category',
  'formKey',
  'parentTaskId',
  'tenantId',
  'suspended',
  'claimedAt',
  'variables',
] as const;

export interface FlushResult {
  /** jobs inserted locked to this node, to hand to the local queue after commit */
  localJobs: JobRow[];
  /** whether unlocked executable jobs were created (other nodes should be woken) */
  announce: boolean;
  reserved: number;
}

/**
 * Refuses to write an instance document over the limit: the whole document is read, locked
 * and rewritten by every command on the instance, so one that grows without bound makes each
 * of them slower and, past PostgreSQL's jsonb limit (255 MB), impossible.
 */
const checkDocumentSize = (instanceId: string, state: InstanceDocument, max: number): void => {
  const bytes = Buffer.byteLength(JSON.stringify(state), 'utf8');
  if (bytes > max) {
    throw new WeirError(
      'WEIR_INSTANCE_TOO_LARGE',
      `Process instance '${instanceId}' would hold ${bytes} bytes of state, more than the limit of ${max} bytes (weir.variables.max-instance-size)`,
    );
  }
};

export const flush = async (ctx: CommandContext): Promise<FlushResult> => {
  for (const write of ctx.beforeFlush) await write(ctx);
  const tx = new WriteBatch();
  // 1. deletions. An instance new in this command has no persisted jobs or subscriptions (its
  // waits are still in `newJobs` and `newSubscriptions`, where `clearWaits` removed them): its
  // executions need no delete, which leaves two statements out of every start's batch.
  const cleared = [...ctx.clearedExecutionIds].filter((id) => !ctx.executions.get(id)?.inst.isNew);
  await deleteSubscriptionsOfExecutions(tx, cleared);
  await deleteJobsOfExecutions(tx, cleared, ctx.guardedJobId);
  const guardPart = tx.size;
  if (ctx.guardedJobId) await deleteGuardedJob(tx, ctx.guardedJobId, ctx.services.nodeId);
  await deleteRowsById(tx, 'weir_event_subscription', [...ctx.deletedSubscriptionIds]);
  await deleteRowsById(tx, 'weir_job', [...ctx.deletedJobIds]);
  const deletedTasks = [...ctx.deletedTaskIds];
  await deleteIdentityLinksOfTasks(tx, deletedTasks);
  await deleteRowsById(tx, 'weir_task', deletedTasks);

  // 2. instances: prune ended executions, write each document once
  const inserts = [];
  const updates = [];
  const ended: string[] = [];
  for (const inst of ctx.instances.values()) {
    if (inst.ended) {
      if (!inst.isNew) ended.push(inst.row.id);
      continue;
    }
    inst.row.state.executions = inst.row.state.executions.filter((e) => e.state !== 'ended');
    if (inst.row.id === inst.row.rootId) {
      let open = 0;
      for (const task of ctx.tasks.values()) if (task.rootInstanceId === inst.row.id) open++;
      inst.row.state.openTasks = open;
    }
    checkDocumentSize(inst.row.id, inst.row.state, ctx.services.config.maxInstanceSize);
    if (inst.isNew) inserts.push(inst.row);
    else {
      inst.row.revision += 1;
      updates.push(inst.row);
    }
  }
  await deleteInstanceRows(tx, ended);
  // below history level audit no variable history refers to an ended instance's bytes: without
  // this, every binary variable of every instance would stay in weir_variable_bytes for good
  const level = ctx.services.config.historyLevel;
  if (level === 'none' || level === 'activity') await deleteVariableBytesOfInstances(tx, ended);
  await insertRows(tx, 'weir_process_instance', inserts);
  await updateRows(tx, 'weir_process_instance', updates, [
    'state',
    'revision',
    'suspended',
    'businessKey',
    'name',
  ]);

  // 3. tasks and identity links
  await insertRows(
    tx,
    'weir_task',
    [...ctx.newTaskIds].map((id) => ctx.tasks.get(id)!),
  );
  await updateRows(
    tx,
    'weir_task',
    [...ctx.dirtyTaskIds].filter((id) => ctx.tasks.has(id)).map((id) => ctx.tasks.get(id)!),
    taskColumns,
  );
  await insertRows(tx, 'weir_identity_link', ctx.newLinks);
  if (keepsHistory(ctx)) await insertHistoricLinks(tx, ctx.newLinks);

  // 4. waits; local-first: new executable jobs due now are locked to this node if it has room
  await insertRows(tx, 'weir_event_subscription', ctx.newSubscriptions);
  const executable = ctx.newJobs.filter(
    (j) => j.state === 'executable' && j.dueAt !== null && j.dueAt <= ctx.now,
  );
  const dispatcher = ctx.services.dispatcher;
  const reserved = dispatcher ? dispatcher.reserve(executable.length) : 0;
  ctx.reservedJobSlots = reserved;
  const localJobs = executable.slice(0, reserved);
  const lease = new Date(ctx.now.getTime() + ctx.services.config.asyncJobLockTime);
  for (const job of localJobs) {
    job.lockOwner = ctx.services.nodeId;
    job.lockExpiresAt = lease;
  }
  await insertRows(tx, 'weir_job', ctx.newJobs);

  // 5. history
  const h = ctx.history;
  for (const [id, end] of h.endedProcesses) {
    const pending = h.newProcesses.get(id);
    if (pending) {
      Object.assign(pending, end);
      h.endedProcesses.delete(id);
    }
  }
  await insertRows(tx, 'weir_hi_process_instance', [...h.newProcesses.values()]);
  for (const end of h.endedProcesses.values()) {
    await updateRows(
      tx,
      'weir_hi_process_instance',
      [end],
      ['endedAt', 'durationMs', 'endActivityId', 'endReason'],
    );
  }
  await insertRows(tx, 'weir_hi_activity_instance', [...h.newActivities.values()]);
  if (h.endedActivities.size > 0) await endHistoricActivities(tx, [...h.endedActivities.values()]);
  await insertRows(tx, 'weir_hi_task_instance', [...h.newTasks.values()]);
  for (const row of h.updatedTasks.values()) {
    await updateRows(
      tx,
      'weir_hi_task_instance',
      [row],
      Object.keys(row).filter((k) => k !== 'id'),
    );
  }
  await upsertHistoricVariables(tx, [...h.variables.values()]);
  await insertVariableUpdates(tx, h.variableUpdates);
  await insertTaskEvents(tx, ctx.newEvents);
  await insertTaskLogEntries(tx, ctx.taskLog);
  // 6. the search index, in the same statement: a write that is acknowledged can be found
  await ctx.services.indexer?.recordCommand(tx, ctx);

  // Wake the other nodes' async acquisition for the executable jobs this node could not take.
  // Only that loop listens, and it takes nothing else: a timer is found by the timer loop's
  // poll, an external job by its worker's request. Announcing those too cost every node an
  // acquisition query that found nothing, at every command that created a timer.
  const announce = executable.length > reserved;
  try {
    await tx.run(ctx.tx, {
      notify: announce ? JOBS_CHANNEL : undefined,
      guard: ctx.guardedJobId ? { part: guardPart, jobId: ctx.guardedJobId } : undefined,
    });
  } catch (error) {
    // the guard aborted the statement, and the transaction with it: nothing of this run stays
    if (ctx.guardedJobId && isJobGoneError(error)) {
      throw new WeirError('WEIR_JOB_GONE', `Job '${ctx.guardedJobId}' was run or taken by another node`, {
        cause: error,
      });
    }
    throw error;
  }
  return { localJobs, announce, reserved };
};
