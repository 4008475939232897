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
import { WeirError } from '../../errors.ts';
import type { Criterion, PlanItem, StageDef, StandardEvent } from '../model/types.ts';
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
  if (LEAVES_SENTRIES.includes(state)) endOrphanListeners(ctx, c, item);
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

/** States in which a plan item instance no longer waits on its sentries (Flowable removes their data) */
const LEAVES_SENTRIES: readonly PlanItemState[] = ['active', 'enabled', 'completed', 'terminated', 'failed'];

const criteriaOf = (planItem: PlanItem) => ({
  entry: planItem.entryCriteria,
  exit: [
    ...planItem.exitCriteria,
    ...(planItem.definition.kind === 'stage' ? planItem.definition.exitCriteria : []),
  ],
});
const sourcesOf = (criteria: readonly Criterion[]): string[] =>
  criteria.flatMap((criterion) => criterion.sentry.onParts.map((part) => part.sourceId));
const isListener = (planItem: PlanItem | undefined): boolean =>
  planItem !== undefined && planItem.definition.kind.endsWith('EventListener');

/** Whether an open instance of the stage (a `<stage>` id) or of a stage around it may still make its items. */
const stageMayStillMake = (c: LoadedCase, stageId: string | null): boolean => {
  for (let id = stageId; id !== null;) {
    const stageItems = Object.values(c.model.planItems).filter((p) => p.definitionId === id);
    if (c.row.document.items.some((i) => !isEnded(i) && stageItems.some((p) => p.id === i.elementId)))
      return true;
    id = stageItems[0]?.parentStageId ?? null;
  }
  return false;
};

/**
 * Whether nothing waits for the event listener any more: every plan item whose entry depends on
 * it has no instance waiting for its entry, every one whose exit depends on it has ended, and
 * none that is yet to be made could still use it (Flowable's orphaned event listeners).
 */
const isOrphan = (c: LoadedCase, listenerId: string): boolean => {
  if (sourcesOf(c.model.planModel.exitCriteria).includes(listenerId)) return false;
  for (const dependent of Object.values(c.model.planItems)) {
    const { entry, exit } = criteriaOf(dependent);
    const onEntry = sourcesOf(entry).includes(listenerId);
    const onExit = sourcesOf(exit).includes(listenerId);
    if (!onEntry && !onExit) continue;
    const instances = c.row.document.items.filter((i) => i.elementId === dependent.id);
    if (instances.length === 0 && stageMayStillMake(c, dependent.parentStageId)) return false;
    for (const instance of instances) {
      if (onEntry && (instance.state === 'available' || instance.state === 'waiting_for_repetition'))
        return false;
      if (onExit && !isEnded(instance)) return false;
    }
  }
  return true;
};

/**
 * A plan item left its sentries behind (it started, was enabled or ended): the event listeners
 * its sentries listen to that nothing else waits for are terminated, their timers with them, as
 * Flowable's PlanItemInstanceEntityManager does. Not for a repeating plan item, whose next
 * instance may still need them.
 */
const endOrphanListeners = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  const planItem = planItemOf(c, item);
  if (!planItem || planItem.repetition) return;
  const { entry, exit } = criteriaOf(planItem);
  const listeners = new Set(
    [...sourcesOf(entry), ...sourcesOf(exit)].filter((id) => isListener(c.model.planItems[id])),
  );
  for (const listenerId of listeners) {
    const open = c.row.document.items.filter((i) => i.elementId === listenerId && !isEnded(i));
    if (open.length === 0 || !isOrphan(c, listenerId)) continue;
    for (const listener of open) terminate(ctx, c, listener, 'terminate');
  }
};

export const isEnded = (item: PlanItemInstance): boolean =>
  item.state === 'completed' || item.state === 'terminated' || item.state === 'failed';

/**
 * A repeating plan item may make at most `weir.multi-instance.max-instances` instances in one
 * command, as a multi-instance activity: a repetition rule whose entry sentry has only an
 * if-part (and no maxInstanceCount), or a non-blocking task repeated without a condition,
 * would otherwise repeat without end, holding the case locked.
 */
/** An instance its plan item's repetition made (a next one, or one for an element). */
const isRepeated = (item: Pick<PlanItemInstance, 'repetition' | 'element'>): boolean =>
  item.repetition > 1 || item.element !== undefined;

export const checkRepetitionLimit = (
  ctx: CommandContext,
  c: LoadedCase,
  planItem: PlanItem,
  adding: number,
): void => {
  const max = ctx.services.config.maxMultiInstances;
  let made = 0;
  for (const other of c.row.document.items)
    if (other.elementId === planItem.id && c.newItems.has(other.id) && isRepeated(other)) made++;
  if (made + adding > max)
    throw new WeirError(
      'WEIR_TOO_MANY_INSTANCES',
      `Plan item '${planItem.id}' would make ${made + adding} instances in one command, more than the limit of ${max} (weir.multi-instance.max-instances)`,
    );
};

/**
 * A new instance of a plan item, available; an event listener starts waiting at once. An
 * instance made for one element of a repetition collection carries the element and its index.
 */
export const createItemInstance = (
  ctx: CommandContext,
  c: LoadedCase,
  planItem: PlanItem,
  stageInstanceId: string | null,
  repetition: number,
  state: PlanItemState = 'available',
  element?: PlanItemInstance['element'],
): PlanItemInstance => {
  if (planItem.repetition && isRepeated({ repetition, element })) checkRepetitionLimit(ctx, c, planItem, 1);
  const now = ctx.now.toISOString();
  const item: PlanItemInstance = {
    id: newId(),
    elementId: planItem.id,
    stageInstanceId,
    state,
    name: null,
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
    ...(element ? { element } : {}),
  };
  // a name expression is resolved once, when the instance is made, as Flowable names it (its
  // repetition counter and element already set); the instance that waits for a repetition
  // collection keeps the expression when it cannot be resolved yet, as Flowable's does
  try {
    item.name = textValue(ctx, c, planItem.name, planItem.id, item);
  } catch (error) {
    if (!planItem.repetition?.collectionVariable || element) throw error;
    item.name = planItem.name;
  }
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

/**
 * Whether a repetition rule lets another instance of the plan item be made now, as Flowable's
 * ExpressionUtil.evaluateRepetitionRule: not when `maxInstanceCount` other instances of it in
 * the same stage are still open, otherwise when its condition (none: always) holds with the
 * instance's counter. A rule over a collection repeats by its elements instead (never here).
 */
export const mayRepeat = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): boolean => {
  const planItem = planItemOf(c, item);
  const rule = planItem.repetition;
  if (!rule || rule.collectionVariable !== null) return false;
  if (rule.maxInstanceCount !== null) {
    const open = childrenOf(c, item.stageInstanceId).filter(
      (other) => other.id !== item.id && other.elementId === item.elementId && !isEnded(other),
    ).length;
    if (open >= rule.maxInstanceCount) return false;
  }
  if (rule.condition === null) return true;
  return conditionHolds(ctx, c, rule.condition, planItem.id, {}, item);
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
