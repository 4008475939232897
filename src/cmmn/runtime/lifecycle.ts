/**
 * Plan item instances through CMMN's lifecycle, as Flowable names the states:
 *
 *   available --(entry criteria satisfied, or none)--> active        (event start)
 *   available --(same, manual activation rule holds)--> enabled       (event enable)
 *   available --(same, flowable:async)--> async-active, then a job activates it as above
 *   enabled  --(start action)--> active                               (event manualStart)
 *   enabled <--(disable / enable actions)--> disabled                 (events disable, enable)
 *   active   --(work done)--> completed                               (event complete)
 *   available (milestone, event listener) --> completed               (event occur)
 *   any not ended --(exit criterion)--> terminated                    (event exit)
 *   any not ended --(terminate action, parent ending)--> terminated   (event terminate)
 *
 * Each transition is queued for the sentry agenda (agenda.ts), which delivers it to the
 * on-parts listening for it in the same command.
 */
import type { CommandContext } from '../../engine/context.ts';
import { newId } from '../../engine/ids.ts';
import type { PlanItem, StageDef, StandardEvent } from '../model/types.ts';
import { caseScope, touchItem } from './case-context.ts';
import { conditionHolds, textValue } from './case-expressions.ts';
import type { LoadedCase, PlanItemInstance, PlanItemState } from './types.ts';
import { activateAsync, startBehavior, endBehavior, scheduleTimerListener } from './behaviors.ts';
import { queueLifecycleListeners } from './case-listeners.ts';

const TIMESTAMP_OF: Partial<Record<PlanItemState, keyof PlanItemInstance>> = {
  available: 'lastAvailableAt',
  enabled: 'lastEnabledAt',
  disabled: 'lastDisabledAt',
  active: 'lastStartedAt',
  'async-active': 'lastStartedAt',
  completed: 'completedAt',
  terminated: 'terminatedAt',
};

export const planItemOf = (c: LoadedCase, item: PlanItemInstance): PlanItem =>
  c.model.planItems[item.elementId];

export const transition = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  state: PlanItemState,
  event: StandardEvent | null,
): void => {
  // a new instance comes into being in its first state: its listeners see it come from none
  const from = event === 'create' ? null : item.state;
  item.state = state;
  const now = ctx.now.toISOString();
  const stamp = TIMESTAMP_OF[state];
  if (stamp) (item as unknown as Record<string, unknown>)[stamp] = now;
  if (event === 'occur') item.occurredAt = now;
  if (event === 'exit') item.exitedAt = now;
  if (state === 'completed' || state === 'terminated' || state === 'failed') item.endedAt = now;
  touchItem(c, item);
  if (from !== state) queueLifecycleListeners(ctx, c, item, from, state);
  if (event) caseScope(ctx).transitions.push({ caseId: c.row.id, item, event });
  ctx.emit({
    type: 'planitem:changed',
    data: {
      caseInstanceId: c.row.id,
      planItemInstanceId: item.id,
      elementId: item.elementId,
      name: item.name,
      state,
      transition: event,
    },
    time: ctx.now,
  });
};

export const isEnded = (item: PlanItemInstance): boolean =>
  item.state === 'completed' || item.state === 'terminated' || item.state === 'failed';

/** A new instance of a plan item, available; an event listener starts waiting at once. */
export const createItemInstance = (
  ctx: CommandContext,
  c: LoadedCase,
  planItem: PlanItem,
  stageInstanceId: string | null,
  repetition: number,
  state: PlanItemState = 'available',
): PlanItemInstance => {
  const now = ctx.now.toISOString();
  const item: PlanItemInstance = {
    id: newId(),
    elementId: planItem.id,
    stageInstanceId,
    state,
    // a name expression is resolved once, when the instance is made, as Flowable names it
    name: textValue(ctx, c, planItem.name, planItem.id),
    createdAt: now,
    lastAvailableAt: null,
    lastEnabledAt: null,
    lastDisabledAt: null,
    lastStartedAt: null,
    completedAt: null,
    occurredAt: null,
    terminatedAt: null,
    exitedAt: null,
    endedAt: null,
    referenceId: null,
    referenceType: null,
    entryCriterionId: null,
    exitCriterionId: null,
    startUserId: null,
    onParts: {},
    repetition,
  };
  c.row.document.items.push(item);
  c.newItems.add(item.id);
  transition(ctx, c, item, state, 'create');
  // a timer with a start trigger waits for its trigger's transition (agenda.ts)
  if (planItem.definition.kind === 'timerEventListener' && !planItem.definition.startTrigger)
    scheduleTimerListener(ctx, c, item, planItem.definition);
  return item;
};

/** The plan items of a stage (or the plan model), each as a first, available instance. */
export const createChildren = (
  ctx: CommandContext,
  c: LoadedCase,
  stage: StageDef,
  stageInstanceId: string | null,
): void => {
  for (const id of stage.children) createItemInstance(ctx, c, c.model.planItems[id], stageInstanceId, 1);
};

/** Whether a repetition rule lets another instance of the plan item be made now. */
export const mayRepeat = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): boolean => {
  const planItem = planItemOf(c, item);
  const rule = planItem.repetition;
  if (!rule) return false;
  if (rule.maxInstanceCount !== null && item.repetition >= rule.maxInstanceCount) return false;
  if (rule.condition === null) return true;
  return conditionHolds(
    ctx,
    c,
    rule.condition,
    planItem.id,
    { [rule.counterVariable]: item.repetition },
    item,
  );
};

/** Entry: start the plan item, or enable it when its manual activation rule holds. */
export const activate = async (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): Promise<void> => {
  const planItem = planItemOf(c, item);
  if (planItem.definition.kind === 'milestone') {
    transition(ctx, c, item, 'completed', 'occur');
    caseScope(ctx).milestones.push({
      id: newId(),
      name: item.name,
      elementId: item.elementId,
      planItemInstanceId: item.id,
      caseInstanceId: c.row.id,
      caseDefinitionId: c.row.definitionId,
      tenantId: c.row.tenantId,
      reachedAt: ctx.now,
    });
    return;
  }
  const def = planItem.definition;
  // flowable:async: a job activates it later, on any node (evaluating the manual rule then)
  if ('async' in def && def.async && item.state !== 'async-active') {
    transition(ctx, c, item, 'async-active', null);
    activateAsync(ctx, c, item, def.exclusive);
    return;
  }
  const manual = planItem.manualActivation;
  if (manual !== null && (manual === '' || conditionHolds(ctx, c, manual, planItem.id, {}, item))) {
    transition(ctx, c, item, 'enabled', 'enable');
    return;
  }
  await start(ctx, c, item, 'start');
};

export const start = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  event: 'start' | 'manualStart',
): Promise<void> => {
  transition(ctx, c, item, 'active', event);
  item.startUserId = ctx.authenticatedUserId;
  await startBehavior(ctx, c, item);
};

/** The plan item's work is done. A repeatable item without entry criteria comes again. */
export const complete = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  if (isEnded(item)) return;
  transition(ctx, c, item, 'completed', 'complete');
  endBehavior(ctx, c, item, null);
  const planItem = planItemOf(c, item);
  if (planItem.entryCriteria.length === 0 && mayRepeat(ctx, c, item))
    createItemInstance(ctx, c, planItem, item.stageInstanceId, item.repetition + 1);
};

/** An event listener (or milestone) occurred. */
export const occur = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  transition(ctx, c, item, 'completed', 'occur');
  endBehavior(ctx, c, item, null);
  // a repeating event listener listens again
  if (mayRepeat(ctx, c, item))
    createItemInstance(ctx, c, planItemOf(c, item), item.stageInstanceId, item.repetition + 1);
};

/** Exit or terminate an item and, for a stage, everything still open inside it. */
export const terminate = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  event: 'exit' | 'terminate' | null,
  exitCriterionId: string | null = null,
): void => {
  if (isEnded(item)) return;
  for (const child of c.row.document.items)
    if (child.stageInstanceId === item.id && !isEnded(child)) terminate(ctx, c, child, null);
  item.exitCriterionId = exitCriterionId;
  transition(ctx, c, item, 'terminated', event);
  endBehavior(ctx, c, item, event === 'exit' ? 'exit' : 'terminate');
};

/** The instances of a stage (null: the plan model) that are its current children. */
export const childrenOf = (c: LoadedCase, stageInstanceId: string | null): PlanItemInstance[] =>
  c.row.document.items.filter((i) => i.stageInstanceId === stageInstanceId);
