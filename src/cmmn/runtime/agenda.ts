/**
 * The sentry agenda, run inside the command that changed something, until nothing moves:
 *
 * 1. deliver each queued transition to the criteria listening for it: a criterion of a plan
 *    item instance that can still use it (available or waiting for repetition for entry;
 *    not ended for exit) remembers the on-part;
 * 2. fire every criterion whose on-parts have all been seen and whose if-part holds (a sentry
 *    with only an if-part fires as soon as it holds): entry starts or enables the plan item
 *    (and makes its next instance wait when it repeats), exit terminates it;
 * 3. complete every stage, and the plan model, whose children leave it nothing to do
 *    (Flowable's rule: no active child, no required child open; available or enabled
 *    children only when the stage auto-completes), which completes the case.
 */
import type { CommandContext } from '../../engine/context.ts';
import { cancelInstance } from '../../engine/cancel.ts';
import { rootIdOfInstance } from '../../persistence/runtime-reads-sql.ts';
import { WeirError } from '../../errors.ts';
import type { Criterion, PlanItem, StageDef } from '../model/types.ts';
import { caseScope, loadCase, type CaseScope } from './case-context.ts';
import { applyMappings, scheduleTimerListener } from './behaviors.ts';
import { caseFacade, caseVariableValues, setCaseVariable } from './case-variables.ts';
import { evaluateInCase } from './case-expressions.ts';
import { conditionHolds } from './case-expressions.ts';
import {
  activate,
  checkRepetitionLimit,
  childrenOf,
  complete,
  createItemInstance,
  isEnded,
  mayRepeat,
  planItemOf,
  terminate,
} from './lifecycle.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';
import { completeCase, terminateCase } from './case-end.ts';
import { runListenerCalls } from './case-listeners.ts';

const ENTRY_STATES = ['available', 'waiting_for_repetition'];

const remember = (seen: Record<string, string[]>, criterion: Criterion, onPartId: string): void => {
  const list = (seen[criterion.id] ??= []);
  if (!list.includes(onPartId)) list.push(onPartId);
};

/** The key under a listener's remembered on-parts that says its timer was started. */
const TRIGGERED = 'planItemStartTrigger';

const deliver = (ctx: CommandContext, c: LoadedCase, source: PlanItemInstance, event: string): void => {
  for (const item of c.row.document.items) {
    if (isEnded(item)) continue;
    const planItem = planItemOf(c, item);
    const def = planItem.definition;
    if (
      def.kind === 'timerEventListener' &&
      item.state === 'available' &&
      def.startTrigger?.sourceId === source.elementId &&
      def.startTrigger.event === event &&
      !item.onParts[TRIGGERED]
    ) {
      item.onParts[TRIGGERED] = [source.id];
      c.dirty.add(item.id);
      scheduleTimerListener(ctx, c, item, def);
    }
    const listening: Criterion[] = [
      ...(ENTRY_STATES.includes(item.state) ? planItem.entryCriteria : []),
      ...planItem.exitCriteria,
      ...(planItem.definition.kind === 'stage' ? planItem.definition.exitCriteria : []),
    ];
    for (const criterion of listening)
      for (const part of criterion.sentry.onParts)
        if (part.sourceId === source.elementId && part.event === event) {
          remember(item.onParts, criterion, part.id);
          c.dirty.add(item.id);
        }
  }
  for (const criterion of c.model.planModel.exitCriteria)
    for (const part of criterion.sentry.onParts)
      if (part.sourceId === source.elementId && part.event === event)
        remember(c.row.document.planModelOnParts, criterion, part.id);
};

const satisfied = (
  ctx: CommandContext,
  c: LoadedCase,
  seen: Record<string, string[]>,
  criterion: Criterion,
  item?: PlanItemInstance,
): boolean => {
  const { onParts, condition } = criterion.sentry;
  const got = seen[criterion.id] ?? [];
  if (!onParts.every((p) => got.includes(p.id))) return false;
  return condition === null || conditionHolds(ctx, c, condition, criterion.sentry.id, {}, item);
};

/** Fire one satisfied criterion, if any; true when something changed. */
const fireCriteria = async (ctx: CommandContext, c: LoadedCase): Promise<boolean> => {
  const exit = c.model.planModel.exitCriteria.find((cr) =>
    satisfied(ctx, c, c.row.document.planModelOnParts, cr),
  );
  if (exit) {
    terminateCase(ctx, c, 'exit', exit.id);
    return true;
  }
  for (const item of [...c.row.document.items]) {
    if (isEnded(item)) continue;
    const planItem = planItemOf(c, item);
    const exits = [
      ...planItem.exitCriteria,
      ...(planItem.definition.kind === 'stage' ? planItem.definition.exitCriteria : []),
    ];
    const exiting = exits.find((cr) => satisfied(ctx, c, item.onParts, cr, item));
    if (exiting) {
      terminate(ctx, c, item, 'exit', exiting.id);
      return true;
    }
    if (!ENTRY_STATES.includes(item.state)) continue;
    let entry: Criterion | undefined;
    if (planItem.entryCriteria.length === 0) {
      // a first instance without entry criteria starts at once; an event listener waits
      if (item.state !== 'available' || planItem.definition.kind.endsWith('EventListener')) continue;
    } else {
      entry = planItem.entryCriteria.find((cr) => satisfied(ctx, c, item.onParts, cr, item));
      if (!entry) continue;
    }
    const rule = planItem.repetition;
    if (rule?.collectionVariable) {
      if (await repeatOverCollection(ctx, c, item, planItem, rule.collectionVariable, entry)) return true;
      continue;
    }
    if (entry) {
      // a repeating item enters only while its rule holds, and its next instance then waits
      // for its own sentry, as in Flowable
      if (rule) {
        if (!mayRepeat(ctx, c, item)) continue;
        createItemInstance(
          ctx,
          c,
          planItem,
          item.stageInstanceId,
          item.repetition + 1,
          'waiting_for_repetition',
        );
      }
      item.entryCriterionId = entry.id;
    }
    await activate(ctx, c, item);
    return true;
  }
  return false;
};

/**
 * The collection a repetition rule repeats over: the variable it names, or the value of its
 * expression; undefined while that is not set (Flowable's ExpressionUtil).
 */
const collectionOf = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  collection: string,
): unknown[] | undefined => {
  const value =
    collection.startsWith('${') || collection.startsWith('#{')
      ? evaluateInCase(ctx, c, collection, item.elementId, {}, item)
      : caseFacade(ctx, c).getVariable(collection);
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...(value as Set<unknown>)];
  throw new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `Plan item '${item.elementId}': the repetition collection '${collection}' is not a collection`,
  );
};

/**
 * A plan item repeating over a collection enters as Flowable's PlanItemInstanceUtil does: one
 * new instance per element (its counter from 1, its element and index set) started at once.
 * Without on-parts it waits (available) until the collection is set, then ends; with them it
 * stays for the next occurrence, its sentry reset. False when it waits.
 */
const repeatOverCollection = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  planItem: PlanItem,
  collection: string,
  entry: Criterion | undefined,
): Promise<boolean> => {
  const onParts = planItem.entryCriteria.some((cr) => cr.sentry.onParts.length > 0);
  const elements = collectionOf(ctx, c, item, collection);
  if (elements === undefined && !onParts) return false;
  checkRepetitionLimit(ctx, c, planItem, elements?.length ?? 0);
  for (const [index, value] of (elements ?? []).entries()) {
    const made = createItemInstance(ctx, c, planItem, item.stageInstanceId, index + 1, 'available', {
      value,
      index,
    });
    made.entryCriterionId = entry?.id ?? null;
    await activate(ctx, c, made);
  }
  item.onParts = {};
  c.dirty.add(item.id);
  if (!onParts) terminate(ctx, c, item, 'terminate');
  return true;
};

const isRequired = (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  planItem: PlanItem,
): boolean =>
  planItem.required !== null &&
  (planItem.required === '' || conditionHolds(ctx, c, planItem.required, planItem.id, {}, item));

/** Whether a stage's children leave it nothing to do (see the rule at the top). */
export const stageCompletable = (
  ctx: CommandContext,
  c: LoadedCase,
  stageInstanceId: string | null,
  stage: StageDef,
  ignoringAutoComplete = false,
): boolean => {
  const auto =
    ignoringAutoComplete ||
    (stage.autoCompleteCondition !== null
      ? conditionHolds(ctx, c, stage.autoCompleteCondition, stageInstanceId ?? c.model.planModelId)
      : stage.autoComplete);
  for (const child of childrenOf(c, stageInstanceId)) {
    if (isEnded(child) || child.state === 'disabled' || child.state === 'waiting_for_repetition') continue;
    if (child.state === 'active' || child.state === 'async-active') return false;
    const planItem = planItemOf(c, child);
    if (isRequired(ctx, c, child, planItem)) return false;
    if (!auto) return false;
  }
  return true;
};

/**
 * Flowable's `completable` flag of each active stage, once the agenda has settled: no active
 * and no required work left in it (what its auto-completion alone would wait for aside).
 */
const markCompletableStages = (ctx: CommandContext, c: LoadedCase): void => {
  for (const item of c.row.document.items) {
    if (item.state !== 'active') continue;
    // an ended item of a migrated case may name a plan item its new model lacks
    const def = (planItemOf(c, item) as PlanItem | undefined)?.definition;
    if (def?.kind !== 'stage') continue;
    const completable = stageCompletable(ctx, c, item.id, def, true);
    if ((item.completable ?? false) !== completable) {
      item.completable = completable;
      c.dirty.add(item.id);
    }
  }
};

/** Complete a stage a client completes by hand: only one that is completable, as Flowable's CompleteStagePlanItemInstanceCmd. */
export const completeStageByHand = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  const def = planItemOf(c, item).definition;
  if (def.kind !== 'stage' || item.state !== 'active' || !stageCompletable(ctx, c, item.id, def, true))
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Cannot complete plan item instance '${item.id}': only an active stage that is completable (no active or required work left in it) can be completed`,
    );
  completeStage(ctx, c, item);
};

/** A stage completes: what is still open inside it ends with it. */
const completeStage = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance): void => {
  for (const child of childrenOf(c, item.id)) if (!isEnded(child)) terminate(ctx, c, child, null);
  complete(ctx, c, item);
};

/** Complete one stage (innermost first) or the case when it has nothing left to do. */
const completeStages = (ctx: CommandContext, c: LoadedCase): boolean => {
  for (const item of [...c.row.document.items].reverse()) {
    if (item.state !== 'active') continue;
    const def = planItemOf(c, item).definition;
    if (def.kind !== 'stage' || !stageCompletable(ctx, c, item.id, def)) continue;
    completeStage(ctx, c, item);
    return true;
  }
  if (stageCompletable(ctx, c, null, c.model.planModel)) {
    completeCase(ctx, c);
    return true;
  }
  return false;
};

/** A case task's child case ended: its out mappings, then the plan item completes. */
const childCaseEnded = async (
  ctx: CommandContext,
  ended: CaseScope['endedChildren'][number],
): Promise<void> => {
  const parent = await loadCase(ctx, ended.parentId);
  const item = parent.row.document.items.find((i) => i.id === ended.planItemInstanceId);
  if (parent.ended || !item || isEnded(item)) return;
  if (!ended.completed) {
    terminate(ctx, parent, item, 'terminate');
    return;
  }
  const def = planItemOf(parent, item).definition;
  if (def.kind === 'caseTask') {
    const childVariables = caseVariableValues(ended.child);
    applyMappings(
      def.outParameters,
      (name) => childVariables[name] ?? null,
      (expression) => evaluateInCase(ctx, ended.child, expression, item.elementId),
      (name, value) => setCaseVariable(ctx, parent, name, value),
    );
  }
  complete(ctx, parent, item);
};

/**
 * A process or child case whose plan item was terminated or exited ends with it: the process
 * is cancelled (its root locked after the case, the order every case command keeps), the
 * child case terminated.
 */
const endOrphan = async (ctx: CommandContext, orphan: CaseScope['orphans'][number]): Promise<void> => {
  if (orphan.kind === 'case') {
    const child = await loadCase(ctx, orphan.id).catch(() => undefined);
    if (child && !child.ended) terminateCase(ctx, child, 'terminate', null);
    return;
  }
  const rootId = await rootIdOfInstance(ctx.tx, orphan.id);
  if (!rootId) return;
  await ctx.loadRoot(rootId);
  const inst = ctx.instances.get(orphan.id);
  if (inst && !inst.ended) await cancelInstance(ctx, inst, 'cmmn-state-transition-terminate-case');
};

/** Run every held case's agenda until nothing moves. */
export const runCaseAgenda = async (ctx: CommandContext): Promise<void> => {
  const scope = caseScope(ctx);
  for (;;) {
    if (await runListenerCalls(ctx)) continue;
    const next = scope.transitions.shift();
    if (next) {
      const c = scope.cases.get(next.caseId);
      if (c && !c.ended) deliver(ctx, c, next.item, next.event);
      continue;
    }
    let moved = false;
    for (const c of scope.cases.values()) {
      if (c.ended) continue;
      if ((await fireCriteria(ctx, c)) || completeStages(ctx, c)) {
        moved = true;
        break;
      }
    }
    const child = moved ? undefined : scope.endedChildren.shift();
    if (child) {
      await childCaseEnded(ctx, child);
      continue;
    }
    const orphan = moved ? undefined : scope.orphans.shift();
    if (orphan) {
      await endOrphan(ctx, orphan);
      continue;
    }
    if (!moved && scope.transitions.length === 0 && scope.listenerCalls.length === 0) {
      for (const c of scope.cases.values()) if (!c.ended) markCompletableStages(ctx, c);
      return;
    }
  }
};
