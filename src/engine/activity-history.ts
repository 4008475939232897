/**
 * Activity instances, as Flowable's ActivityInstanceEntityManager writes them: a row when an
 * execution enters a flow node, one when it takes a sequence flow (started and ended at once),
 * and one for each boundary event of an activity from the moment the activity is entered.
 * Weir keeps one table: a row without an end is a runtime activity instance.
 *
 * A boundary event's row is held on the attached activity's execution (Weir gives a boundary
 * event no execution of its own until it fires) and ends with that activity: with no reason when
 * the activity completes, with the activity's delete reason when it is cancelled. When the event
 * fires, an interrupting event's row becomes the row of the execution that leaves by it; a
 * non-interrupting event's row ends and a new one starts, still waiting for the next firing.
 */
import type { BoundaryEventNode, FlowNode, SequenceFlow } from '../model/types.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { lenientStringValue } from './conditions.ts';
import { newId } from './ids.ts';

const historyOff = (ctx: CommandContext): boolean => ctx.services.config.historyLevel === 'none';

/** Insert an activity instance of `exec` for `element`; returns its id. */
const insertRow = (
  ctx: CommandContext,
  exec: ExecutionState,
  element: { id: string; name?: string },
  activityId: string,
  activityType: string,
  ended: boolean,
): string => {
  const inst = ctx.instanceOf(exec);
  const id = newId();
  ctx.history.newActivities.set(id, {
    id,
    processInstanceId: inst.row.id,
    executionId: exec.id,
    definitionId: inst.row.definitionId,
    activityId,
    // a name with `${...}` or `#{...}` is evaluated, as Flowable does for activity instances
    // (flow nodes and flows alike); one that cannot be evaluated stays as written
    activityName: lenientStringValue(ctx, exec, element.name, element.id),
    activityType,
    assignee: null,
    taskId: null,
    calledProcessInstanceId: null,
    tenantId: inst.row.tenantId,
    startedAt: ctx.now,
    endedAt: ended ? ctx.now : null,
    durationMs: ended ? 0 : null,
    endReason: null,
    seq: ctx.nextSeq(),
  });
  return id;
};

const typeOf = (node: FlowNode): string =>
  node.kind === 'subProcess' && node.triggeredByEvent ? 'eventSubProcess' : node.kind;

/** Record that `exec` entered `node`: its activity instance, open until the execution leaves. */
export const recordActivityStart = (ctx: CommandContext, exec: ExecutionState, node: FlowNode): void => {
  if (historyOff(ctx)) return;
  exec.activityInstanceId = insertRow(ctx, exec, node, node.id, typeOf(node), false);
};

/**
 * Record a sequence flow taken by an execution, as Flowable does: an activity instance of type
 * `sequenceFlow` that starts and ends at once. It is complete when made, so it joins the other
 * new activity rows in the command's one batched insert and is never updated.
 */
export const recordFlowTaken = (ctx: CommandContext, exec: ExecutionState, flow: SequenceFlow): void => {
  if (historyOff(ctx)) return;
  insertRow(ctx, exec, flow, flow.unnamedActivityId ?? flow.id, 'sequenceFlow', true);
};

/** End one activity instance, written in this command or an earlier one. */
const endRow = (ctx: CommandContext, id: string, reason: string | null): void => {
  const pending = ctx.history.newActivities.get(id);
  if (pending) {
    pending.endedAt = ctx.now;
    pending.durationMs = ctx.now.getTime() - pending.startedAt.getTime();
    pending.endReason = reason;
    return;
  }
  ctx.history.endedActivities.set(id, {
    id,
    endedAt: ctx.now,
    // computed in SQL from the stored start (history-writes-sql.ts)
    durationMs: -1,
    endReason: reason,
    assignee: ctx.history.activityAssignees.get(id),
  });
};

/**
 * Close the activity instance an execution is in, and those of the boundary events waiting on
 * it, which end with it (Flowable deletes their executions with the attached one's).
 */
export const closeActivityHistory = (
  ctx: CommandContext,
  exec: ExecutionState,
  reason: string | null,
): void => {
  const id = exec.activityInstanceId;
  exec.activityInstanceId = undefined;
  if (id) endRow(ctx, id, reason);
  const boundaries = exec.boundaryActivityInstanceIds;
  if (!boundaries) return;
  exec.boundaryActivityInstanceIds = undefined;
  for (const rowId of Object.values(boundaries)) endRow(ctx, rowId, reason);
};

/**
 * Record the boundary events of the activity `exec` entered, each waiting from now on.
 * Compensation boundary events wait for nothing and get no row, as in Flowable. A boundary that
 * already has an open row (a migrated instance keeping its activity) keeps it.
 */
export const recordBoundaryStarts = (
  ctx: CommandContext,
  exec: ExecutionState,
  boundaries: readonly BoundaryEventNode[],
): void => {
  if (historyOff(ctx)) return;
  for (const boundary of boundaries) {
    if (boundary.eventDefinition.type === 'compensate') continue;
    if (exec.boundaryActivityInstanceIds?.[boundary.id]) continue;
    const id = insertRow(ctx, exec, boundary, boundary.id, 'boundaryEvent', false);
    exec.boundaryActivityInstanceIds = { ...exec.boundaryActivityInstanceIds, [boundary.id]: id };
  }
};

/** End the rows of boundary events `exec` holds that `keep` does not name (a migration removed them). */
export const closeBoundaryRowsNotIn = (
  ctx: CommandContext,
  exec: ExecutionState,
  keep: readonly string[],
): void => {
  const rows = exec.boundaryActivityInstanceIds;
  if (!rows) return;
  const kept = Object.fromEntries(Object.entries(rows).filter(([boundaryId]) => keep.includes(boundaryId)));
  for (const [boundaryId, rowId] of Object.entries(rows)) if (!(boundaryId in kept)) endRow(ctx, rowId, null);
  exec.boundaryActivityInstanceIds = Object.keys(kept).length > 0 ? kept : undefined;
};

/**
 * A boundary event of `attached` fires. Interrupting: its row is handed to `leaving`, the
 * execution that leaves by the event, and ends when it leaves. Non-interrupting: its row ends
 * now and a new one starts, the event waiting again on the activity. Returns false when the event
 * had no row (its activity was entered before Weir recorded boundary events, or history is off).
 */
export const fireBoundaryRow = (
  ctx: CommandContext,
  attached: ExecutionState,
  leaving: ExecutionState,
  boundary: BoundaryEventNode,
): boolean => {
  const rows = attached.boundaryActivityInstanceIds;
  const id = rows?.[boundary.id];
  if (!rows || !id) return false;
  const others = { ...rows };
  delete others[boundary.id];
  attached.boundaryActivityInstanceIds = Object.keys(others).length > 0 ? others : undefined;
  if (boundary.cancelActivity) {
    leaving.activityInstanceId = id;
    return true;
  }
  endRow(ctx, id, null);
  recordBoundaryStarts(ctx, attached, [boundary]);
  return true;
};
