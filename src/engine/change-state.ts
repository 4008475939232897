/**
 * Changing where an instance is, by hand (Flowable's change-activity-state): the executions at
 * the given activities (or the given executions) are cancelled as a boundary event would
 * cancel them, with their tasks, waits and history rows ended with the reason
 * `Change activity to <targets>`; then new executions start at the target activities. A
 * target inside embedded subprocesses gets its enclosing scopes: an open one is reused, a
 * missing one is entered (history, boundary and event-subprocess waits). A subprocess that
 * the move leaves without any path of control is cancelled too, so nothing waits forever.
 *
 * What cannot be done safely is refused by name: a target inside a multi-instance body or an
 * event subprocess (no scope to start it in), a boundary event, a compensation handler.
 */
import type { FlowNode, ProcessModel, SubProcessNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { cancelExecution } from './cancel.ts';
import { createExecution, enterActivity } from './operations.ts';
import { createBoundaryWaits, createEventSubprocessWaits } from './triggers.ts';

export interface ActivityStateChange {
  /** move these executions (of the instance) */
  readonly executionIds?: readonly string[];
  /** move every execution at these activities */
  readonly cancelActivityIds?: readonly string[];
  /** start a path of control at each of these activities */
  readonly startActivityIds: readonly string[];
}

const illegal = (message: string): WeirError => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

/** The embedded subprocesses around a node, outermost first. */
export const enclosingSubprocesses = (model: ProcessModel, node: FlowNode): SubProcessNode[] => {
  const chain: SubProcessNode[] = [];
  for (let id = node.parentId; id; id = model.nodes[id]?.parentId ?? null) {
    chain.unshift(model.nodes[id] as SubProcessNode);
  }
  return chain;
};

/** The reason a target cannot be started by a state change, or undefined when it can. */
export const unstartableReason = (model: ProcessModel, activityId: string): string | undefined => {
  const node = model.nodes[activityId];
  if (!node) return `Activity '${activityId}' does not exist in process '${model.id}'`;
  if (node.kind === 'boundaryEvent') return `Cannot move to boundary event '${activityId}'`;
  if (node.isForCompensation) return `Cannot move to compensation handler '${activityId}'`;
  for (const scope of enclosingSubprocesses(model, node)) {
    if (scope.triggeredByEvent)
      return `Cannot move to '${activityId}': it is inside event subprocess '${scope.id}'`;
    if (scope.multiInstance)
      return `Cannot move to '${activityId}': it is inside multi-instance subprocess '${scope.id}'`;
  }
  return undefined;
};

/** The executions at an activity, only the outermost of each nest (a multi-instance body, not its inner ones). */
export const executionsAt = (inst: LoadedInstance, activityId: string): ExecutionState[] => {
  const live = inst.row.state.executions.filter((e) => e.state !== 'ended' && e.id !== inst.row.id);
  const atActivity = live.filter((e) => e.activityId === activityId);
  const ids = new Set(atActivity.map((e) => e.id));
  return atActivity.filter((e) => !e.parentId || !ids.has(e.parentId));
};

const executionsToMove = (
  ctx: CommandContext,
  inst: LoadedInstance,
  change: ActivityStateChange,
): ExecutionState[] => {
  const moving: ExecutionState[] = [];
  for (const id of change.executionIds ?? []) {
    const ref = ctx.executions.get(id);
    if (!ref || ref.inst !== inst || ref.exec.state === 'ended')
      throw new WeirError('WEIR_NOT_FOUND', `Could not find an execution with id '${id}'.`);
    if (id === inst.row.id)
      throw illegal(
        `Execution '${id}' is the process instance itself: use the process instance's change-state with cancelActivityIds`,
      );
    moving.push(ref.exec);
  }
  for (const activityId of change.cancelActivityIds ?? []) {
    if (!inst.model.nodes[activityId])
      throw illegal(
        `cancelActivityIds: activity '${activityId}' does not exist in process '${inst.model.id}'`,
      );
    const found = executionsAt(inst, activityId);
    if (found.length === 0)
      throw illegal(`cancelActivityIds: no active execution is at activity '${activityId}'`);
    moving.push(...found);
  }
  return moving;
};

/** The open scope execution for `scope` below `parent`, entered now when there is none. */
const scopeExecution = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  parent: ExecutionState,
  scope: SubProcessNode,
): Promise<ExecutionState> => {
  const open = ctx
    .childrenOf(parent)
    .find((e) => e.activityId === scope.id && e.isScope && !e.isMultiInstanceRoot);
  if (open) return open;
  const exec = createExecution(ctx, inst, parent, scope.id);
  exec.isScope = true;
  await enterActivity(ctx, exec, scope);
  if (scope.boundaryEventIds.length > 0) await createBoundaryWaits(ctx, exec, scope);
  createEventSubprocessWaits(ctx, exec, scope.eventSubProcessIds);
  return exec;
};

/** Cancel a subprocess scope (and those around it) left with no path of control by the move. */
const cancelEmptiedScopes = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  parents: Iterable<ExecutionState>,
  reason: string,
): Promise<void> => {
  for (let scope of parents) {
    while (scope.id !== inst.row.id && scope.state !== 'ended' && ctx.childrenOf(scope).length === 0) {
      const parent = ctx.parentOf(scope);
      await cancelExecution(ctx, scope, reason);
      if (!parent) break;
      scope = parent;
    }
  }
};

/**
 * Cancel `moving` (with the reason naming the targets), start one execution at each target,
 * entering the subprocesses around it, then cancel the scopes the move left empty.
 */
export const moveExecutions = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  moving: readonly ExecutionState[],
  targets: readonly string[],
): Promise<void> => {
  const reason = `Change activity to ${targets.join(',')}`;
  const parents = new Set<ExecutionState>();
  for (const exec of moving) {
    if (exec.state === 'ended') continue; // inside one cancelled before it
    const parent = ctx.parentOf(exec);
    if (parent) parents.add(parent);
    await cancelExecution(ctx, exec, reason);
  }
  for (const activityId of targets) {
    const node = inst.model.nodes[activityId];
    let scope = ctx.rootExecution(inst);
    for (const sub of enclosingSubprocesses(inst.model, node))
      scope = await scopeExecution(ctx, inst, scope, sub);
    const exec = createExecution(ctx, inst, scope, activityId);
    ctx.push({ kind: 'continue', exec });
  }
  await cancelEmptiedScopes(ctx, inst, parents, reason);
};

export const changeActivityState = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  change: ActivityStateChange,
): Promise<void> => {
  if (inst.ended) throw new WeirError('WEIR_NOT_FOUND', `Process instance '${inst.row.id}' has ended.`);
  if (inst.row.suspended)
    throw new WeirError('WEIR_SUSPENDED', `Process instance '${inst.row.id}' is suspended`);
  if (change.startActivityIds.length === 0)
    throw illegal('startActivityIds: at least one activity is needed');
  for (const id of change.startActivityIds) {
    const reason = unstartableReason(inst.model, id);
    if (reason) throw illegal(`startActivityIds: ${reason}`);
  }
  const moving = executionsToMove(ctx, inst, change);
  if (moving.length === 0) throw illegal('Nothing to move: name the activities or executions to cancel');
  await moveExecutions(ctx, inst, moving, change.startActivityIds);
};
