/**
 * Conditional events, run as Flowable runs them: nothing watches a condition. An execution at a
 * conditional catch event, an activity with a conditional boundary event and a scope with a
 * conditional event subprocess each hold a `conditional` wait (see `waits.ts`); the conditions
 * are evaluated only when a client asks, with `evaluateConditionalEvents` on the instance or a
 * trigger of the catch event's execution. A condition that holds fires its wait: the catch
 * event continues, the boundary event interrupts its activity or runs beside it, the event
 * subprocess starts. A non-interrupting one keeps its wait and fires again at each evaluation
 * that finds its condition true.
 */
import type { FlowNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import { conditionalSubscriptionsOfInstance } from '../persistence/conditional-sql.ts';
import { rootIdOfInstance } from '../persistence/runtime-sql.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { requireVisibleInstance, type Principal } from './authorization.ts';
import { evaluateFor } from './conditions.ts';
import { triggerWait } from './triggers.ts';
import { setVariable } from './variable-scope.ts';

/** The condition of a conditional event node, or undefined for any other node. */
export const conditionOf = (node: FlowNode | undefined): string | undefined =>
  node !== undefined && 'eventDefinition' in node && node.eventDefinition?.type === 'conditional'
    ? node.eventDefinition.condition
    : undefined;

/**
 * Whether a conditional event's condition holds. Only the boolean true fires, as in Flowable;
 * anything else (a string 'true', null) leaves the event waiting.
 */
export const conditionHolds = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: FlowNode,
  condition: string,
): boolean => evaluateFor(ctx, exec, condition, node.id) === true;

/**
 * The command behind `evaluateConditionalEvents`: lock the instance's tree, check the person may
 * see the instance, refuse a suspended one, set the variables on it, then evaluate.
 */
export const evaluateConditionalEventsOf = async (
  ctx: CommandContext,
  instanceId: string,
  variables: Record<string, unknown>,
  by: Principal | undefined,
): Promise<void> => {
  const notFound = () =>
    new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
  const rootId = await rootIdOfInstance(ctx.tx, instanceId);
  if (!rootId) throw notFound();
  await ctx.loadRoot(rootId);
  await requireVisibleInstance(ctx.tx, by, instanceId);
  const inst = ctx.instances.get(instanceId);
  if (!inst) throw notFound();
  if (inst.row.suspended) {
    throw new WeirError(
      'WEIR_SUSPENDED',
      `Cannot evaluate conditions for process instance '${instanceId}': it is suspended`,
    );
  }
  const root = ctx.rootExecution(inst);
  for (const [name, value] of Object.entries(variables)) setVariable(ctx, root, name, value);
  await evaluateConditionalEvents(ctx, inst);
};

/**
 * Evaluate every conditional wait of one process instance (not of the instances it called) and
 * fire those whose condition holds. Event subprocesses go first, then catch and boundary
 * events, each in the order its wait was made, as Flowable orders them. A wait whose execution
 * an earlier firing of this evaluation ended (an interrupting event) is skipped.
 */
export const evaluateConditionalEvents = async (ctx: CommandContext, inst: LoadedInstance): Promise<void> => {
  const waits = await conditionalSubscriptionsOfInstance(ctx.tx, inst.row.rootId, inst.row.id);
  const isStart = (activityId: string | null): boolean =>
    activityId !== null && inst.model.nodes[activityId]?.kind === 'startEvent';
  const ordered = [
    ...waits.filter((w) => isStart(w.activityId)),
    ...waits.filter((w) => !isStart(w.activityId)),
  ];
  for (const wait of ordered) {
    if (wait.executionId === null || wait.activityId === null) continue;
    if (ctx.clearedExecutionIds.has(wait.executionId)) continue;
    const exec = ctx.executions.get(wait.executionId)?.exec;
    if (exec === undefined || exec.state !== 'active') continue;
    const node = inst.model.nodes[wait.activityId];
    const condition = conditionOf(node);
    if (condition === undefined || !conditionHolds(ctx, exec, node, condition)) continue;
    await triggerWait(ctx, exec, node.id);
  }
};
