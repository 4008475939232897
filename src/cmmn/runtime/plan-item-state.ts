/**
 * Changing a case's plan items by hand (Flowable's ChangePlanItemStateBuilder), also the
 * second half of a case migration. Plan items are named by their plan item definition id (the
 * `<humanTask id>`, `<stage id>`...), as Flowable names them. The operations run in Flowable's
 * order inside the caller's command, under the case lock:
 *
 * 1. terminate: the open instances (not waiting for repetition) end, as the terminate action
 *    ends them, so the sentries listening for `terminate` hear it;
 * 2. plan item ids change (`changePlanItemIds...`): instances are pointed at another plan item;
 * 3. activate (stages first): an available or enabled instance, or a new one, starts now,
 *    whatever its sentries say; a missing enclosing stage is activated first;
 * 4. move to available (stages first): the one active or enabled instance gives up its work
 *    (its task is ended) and waits for its entry criteria again; with none open, a new one is made;
 * 5. add waiting for repetition: a waiting instance is made when there is none;
 * 6. remove waiting for repetition: the waiting instances are terminated.
 *
 * The caller then runs the sentry agenda, which starts what the new states allow.
 */
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import type { CaseModel, PlanItem } from '../model/types.ts';
import { conditionHolds } from './case-expressions.ts';
import { endBehavior } from './behaviors.ts';
import { createItemInstance, isEnded, mayRepeat, start, terminate, transition } from './lifecycle.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';

export interface PlanItemDefinitionMapping {
  readonly planItemDefinitionId: string;
  /** an expression; the mapping applies only where it holds */
  readonly condition?: string | null;
}

export interface PlanItemDefinitionRetarget {
  readonly existingPlanItemDefinitionId: string;
  readonly newPlanItemId: string;
  readonly newPlanItemDefinitionId: string;
}

export interface PlanItemStateChange {
  readonly activate?: readonly PlanItemDefinitionMapping[];
  readonly moveToAvailable?: readonly PlanItemDefinitionMapping[];
  readonly terminate?: readonly PlanItemDefinitionMapping[];
  readonly addWaitingForRepetition?: readonly PlanItemDefinitionMapping[];
  readonly removeWaitingForRepetition?: readonly PlanItemDefinitionMapping[];
  /** existing plan item id -> new plan item id */
  readonly changePlanItemIds?: Readonly<Record<string, string>>;
  /** existing plan item definition id -> new plan item definition id */
  readonly changePlanItemIdsWithDefinitionId?: Readonly<Record<string, string>>;
  readonly changePlanItemDefinitionsWithNewTargetIds?: readonly PlanItemDefinitionRetarget[];
}

const illegal = (message: string) => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

/** The plan item of a definition id in a model (the first, when one definition is used twice). */
export const planItemOfDefinition = (model: CaseModel, definitionId: string): PlanItem | undefined =>
  Object.values(model.planItems).find((p) => p.definitionId === definitionId);

const requirePlanItem = (c: LoadedCase, definitionId: string): PlanItem => {
  const planItem = planItemOfDefinition(c.model, definitionId);
  if (!planItem)
    throw illegal(
      `Cannot find plan item with definition id '${definitionId}' in case definition with id '${c.row.definitionId}'`,
    );
  return planItem;
};

const definitionIdOf = (c: LoadedCase, item: PlanItemInstance): string | undefined =>
  c.model.planItems[item.elementId]?.definitionId;

const instancesOf = (c: LoadedCase, definitionId: string): PlanItemInstance[] =>
  c.row.document.items.filter((i) => definitionIdOf(c, i) === definitionId);

const holds = (ctx: CommandContext, c: LoadedCase, m: PlanItemDefinitionMapping, item?: PlanItemInstance) =>
  !m.condition || conditionHolds(ctx, c, m.condition, m.planItemDefinitionId, {}, item);

/** The active instance of the stage a plan item sits in (null: the plan model; undefined: none). */
const openStageOf = (c: LoadedCase, planItem: PlanItem): PlanItemInstance | null | undefined => {
  if (planItem.parentStageId === null) return null;
  return c.row.document.items.find(
    (i) => definitionIdOf(c, i) === planItem.parentStageId && i.state === 'active',
  );
};

const isStage = (c: LoadedCase, m: PlanItemDefinitionMapping) =>
  requirePlanItem(c, m.planItemDefinitionId).definition.kind === 'stage';

const stagesFirst = (c: LoadedCase, mappings: readonly PlanItemDefinitionMapping[] = []) => [
  ...mappings.filter((m) => isStage(c, m)),
  ...mappings.filter((m) => !isStage(c, m)),
];

/** The stage around a plan item, activated (with its own enclosing stages) when none is open. */
const stageFor = async (ctx: CommandContext, c: LoadedCase, planItem: PlanItem): Promise<string | null> => {
  const open = openStageOf(c, planItem);
  if (open !== undefined) return open?.id ?? null;
  const stage = requirePlanItem(c, planItem.parentStageId!);
  const item = await activatePlanItem(ctx, c, stage);
  return item.id;
};

const activatePlanItem = async (
  ctx: CommandContext,
  c: LoadedCase,
  planItem: PlanItem,
): Promise<PlanItemInstance> => {
  const stageInstanceId = await stageFor(ctx, c, planItem);
  // the stage's own start may have made the instance (available); it is started now either way
  const waiting = c.row.document.items.find(
    (i) =>
      i.elementId === planItem.id &&
      i.stageInstanceId === stageInstanceId &&
      (i.state === 'available' || i.state === 'enabled' || i.state === 'disabled'),
  );
  const item = waiting ?? createItemInstance(ctx, c, planItem, stageInstanceId, 1);
  await start(ctx, c, item, 'start');
  if (
    planItem.entryCriteria.length > 0 &&
    mayRepeat(ctx, c, item) &&
    !instancesOf(c, planItem.definitionId).some((i) => i.state === 'waiting_for_repetition')
  )
    createItemInstance(ctx, c, planItem, stageInstanceId, item.repetition + 1, 'waiting_for_repetition');
  return item;
};

const terminateByDefinition = (ctx: CommandContext, c: LoadedCase, m: PlanItemDefinitionMapping) => {
  for (const item of instancesOf(c, m.planItemDefinitionId))
    if (!isEnded(item) && item.state !== 'waiting_for_repetition' && holds(ctx, c, m, item))
      terminate(ctx, c, item, 'terminate');
};

/** Back to available: the work it holds ends, and its sentries start listening afresh. */
const backToAvailable = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  endBehavior(ctx, c, item, 'terminate');
  item.referenceId = null;
  item.referenceType = null;
  item.entryCriterionId = null;
  item.onParts = {};
  transition(ctx, c, item, 'available', null);
};

const moveToAvailable = (ctx: CommandContext, c: LoadedCase, m: PlanItemDefinitionMapping) => {
  const planItem = requirePlanItem(c, m.planItemDefinitionId);
  const open = instancesOf(c, m.planItemDefinitionId).filter((i) => !isEnded(i));
  if (open.length === 0) {
    const stage = openStageOf(c, planItem);
    if (stage === undefined)
      throw illegal(
        `Cannot move plan item '${planItem.id}' to available: its stage '${planItem.parentStageId}' is not active`,
      );
    if (holds(ctx, c, m, stage ?? undefined)) createItemInstance(ctx, c, planItem, stage?.id ?? null, 1);
    return;
  }
  if (open.every((i) => i.state === 'available')) return;
  const working = open.filter((i) => i.state === 'active' || i.state === 'enabled');
  if (working.length > 1)
    throw illegal(
      `Multiple active or enabled plan item instances found for plan item definition '${m.planItemDefinitionId}'`,
    );
  if (working.length === 0)
    throw illegal(
      `No active or enabled plan item instances found for plan item definition '${m.planItemDefinitionId}'`,
    );
  if (holds(ctx, c, m, working[0])) backToAvailable(ctx, c, working[0]);
};

const addWaitingForRepetition = (ctx: CommandContext, c: LoadedCase, m: PlanItemDefinitionMapping) => {
  const planItem = requirePlanItem(c, m.planItemDefinitionId);
  const instances = instancesOf(c, m.planItemDefinitionId);
  if (instances.some((i) => i.state === 'waiting_for_repetition')) return;
  const stage = openStageOf(c, planItem);
  if (stage === undefined)
    throw illegal(
      `Cannot add a waiting instance of plan item '${planItem.id}': its stage '${planItem.parentStageId}' is not active`,
    );
  const active = instances.find((i) => i.state === 'active');
  if (!holds(ctx, c, m, active ?? stage ?? undefined)) return;
  const last = Math.max(0, ...instances.map((i) => i.repetition));
  createItemInstance(ctx, c, planItem, stage?.id ?? null, last + 1, 'waiting_for_repetition');
};

const removeWaitingForRepetition = (ctx: CommandContext, c: LoadedCase, m: PlanItemDefinitionMapping) => {
  requirePlanItem(c, m.planItemDefinitionId);
  for (const item of instancesOf(c, m.planItemDefinitionId))
    if (item.state === 'waiting_for_repetition' && holds(ctx, c, m, item))
      transition(ctx, c, item, 'terminated', null);
};

/**
 * The plan item id changes as one map, old plan item id to new, checked against the model the
 * case runs on after the change (`to`); definition ids are looked up in `from` and `to`.
 */
export const planItemIdChanges = (
  change: PlanItemStateChange,
  from: CaseModel,
  to: CaseModel,
  toDefinitionId: string,
): Map<string, string> => {
  const renames = new Map<string, string>(Object.entries(change.changePlanItemIds ?? {}));
  const byDefinition = (existing: string, target: string): [string, string] => {
    const old = planItemOfDefinition(from, existing);
    const next = planItemOfDefinition(to, target);
    if (!old) throw illegal(`Cannot find plan item with definition id '${existing}' in the case's model`);
    if (!next)
      throw illegal(
        `Cannot find plan item with definition id '${target}' in case definition with id '${toDefinitionId}'`,
      );
    return [old.id, next.id];
  };
  for (const [existing, target] of Object.entries(change.changePlanItemIdsWithDefinitionId ?? {}))
    renames.set(...byDefinition(existing, target));
  for (const r of change.changePlanItemDefinitionsWithNewTargetIds ?? []) {
    const [oldId] = byDefinition(r.existingPlanItemDefinitionId, r.newPlanItemDefinitionId);
    if (to.planItems[r.newPlanItemId]?.definitionId !== r.newPlanItemDefinitionId)
      throw illegal(
        `Plan item '${r.newPlanItemId}' with definition id '${r.newPlanItemDefinitionId}' cannot be found in case definition with id '${toDefinitionId}'`,
      );
    renames.set(oldId, r.newPlanItemId);
  }
  for (const target of renames.values())
    if (!to.planItems[target])
      throw illegal(`Cannot find plan item '${target}' in case definition with id '${toDefinitionId}'`);
  return renames;
};

/** Point instances at their new plan items; what their old criteria had seen no longer applies. */
export const renamePlanItems = (c: LoadedCase, renames: ReadonlyMap<string, string>): void => {
  for (const item of c.row.document.items) {
    const target = renames.get(item.elementId);
    if (target === undefined) continue;
    item.elementId = target;
    item.onParts = {};
    c.dirty.add(item.id);
  }
};

/** Steps 1 (terminate) of the change; the caller may switch the model between the halves. */
export const terminateMapped = (ctx: CommandContext, c: LoadedCase, change: PlanItemStateChange): void => {
  for (const m of change.terminate ?? []) {
    requirePlanItem(c, m.planItemDefinitionId);
    terminateByDefinition(ctx, c, m);
  }
};

/** Steps 3 to 6 of the change, on the model the case now runs on. */
export const applyStateMappings = async (
  ctx: CommandContext,
  c: LoadedCase,
  change: PlanItemStateChange,
): Promise<void> => {
  for (const m of stagesFirst(c, change.activate)) {
    const planItem = requirePlanItem(c, m.planItemDefinitionId);
    const stage = openStageOf(c, planItem);
    if (holds(ctx, c, m, stage ?? undefined)) await activatePlanItem(ctx, c, planItem);
  }
  for (const m of stagesFirst(c, change.moveToAvailable)) moveToAvailable(ctx, c, m);
  for (const m of change.addWaitingForRepetition ?? []) addWaitingForRepetition(ctx, c, m);
  for (const m of change.removeWaitingForRepetition ?? []) removeWaitingForRepetition(ctx, c, m);
};

/** The whole change on a case that stays on its definition (the change-state action). */
export const changePlanItemState = async (
  ctx: CommandContext,
  c: LoadedCase,
  change: PlanItemStateChange,
): Promise<void> => {
  terminateMapped(ctx, c, change);
  renamePlanItems(c, planItemIdChanges(change, c.model, c.model, c.row.definitionId));
  await applyStateMappings(ctx, c, change);
};
