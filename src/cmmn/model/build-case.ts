/**
 * Walking a `<case>`'s plan: the case plan model and its nested stages, each plan item with its
 * definition, item control (required, repetition, manual activation) and entry and exit
 * criteria with their sentries. Sentries are kept per criterion, as each criterion watches its
 * own on-parts; a sentry's on-part names a plan item of the same case.
 */
import type { CmmnElement } from './read-xml.ts';
import {
  buildItemDefinition,
  documentationOf,
  flowableExtensions,
  isTimerCycle,
  type ItemContext,
} from './build-items.ts';
import { extensionValues } from './flowable.ts';
import { CASE_LIFECYCLE_LISTENER, LIFECYCLE_LISTENER, listenersOf } from './listeners.ts';
import type {
  CaseModel,
  Criterion,
  OnPart,
  PlanItem,
  RepetitionRule,
  Sentry,
  StageDef,
  StandardEvent,
} from './types.ts';
import { STANDARD_EVENTS } from './types.ts';

const STAGE_ATTRIBUTES = ['autoCompleteCondition', 'formKey', 'displayOrder', 'includeInStageOverview'];

const expressionBody = (value: unknown): string | null => {
  const body = (value as { body?: unknown } | undefined)?.body;
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : null;
};

/** A rule element: null when absent, its condition ('' when it has none: always) when present. */
const ruleCondition = (rule: unknown): string | null =>
  rule === undefined || rule === null ? null : (expressionBody((rule as CmmnElement).condition) ?? '');

const buildSentry = (sentry: CmmnElement, ctx: ItemContext): Sentry => {
  const onParts: OnPart[] = [];
  for (const part of (sentry.onParts as CmmnElement[] | undefined) ?? []) {
    if (part.$type !== 'cmmn:PlanItemOnPart') {
      ctx.problem(
        sentry.id,
        `<${part.$type.replace(/^cmmn:/, '')}> on-parts are not supported (case file items are not)`,
      );
      continue;
    }
    const source = part.sourceRef as CmmnElement | undefined;
    const event = String(part.standardEvent ?? '').trim() as StandardEvent;
    if (!source?.id)
      ctx.problem(sentry.id, `on-part '${part.id ?? ''}' needs a sourceRef naming a plan item`);
    if (!STANDARD_EVENTS.includes(event))
      ctx.problem(sentry.id, `on-part '${part.id ?? ''}' has an unknown standardEvent '${event}'`);
    onParts.push({ id: part.id ?? `${sentry.id}-${onParts.length}`, sourceId: source?.id ?? '', event });
  }
  const ifPart = sentry.ifPart as CmmnElement | undefined;
  const condition = ifPart ? expressionBody(ifPart.condition) : null;
  if (ifPart && condition === null) ctx.problem(sentry.id, 'the ifPart needs a <condition>');
  return { id: sentry.id ?? '', onParts, condition };
};

const buildCriteria = (owner: CmmnElement, list: unknown, ctx: ItemContext): Criterion[] =>
  ((list as CmmnElement[] | undefined) ?? []).flatMap((criterion) => {
    const sentry = criterion.sentryRef as CmmnElement | undefined;
    if (!sentry?.id) {
      ctx.problem(owner.id, `criterion '${criterion.id ?? ''}' needs a sentryRef naming a sentry`);
      return [];
    }
    return [{ id: criterion.id ?? sentry.id, sentry: buildSentry(sentry, ctx) }];
  });

const buildRepetition = (rule: CmmnElement, ctx: ItemContext): RepetitionRule => {
  const fl = ctx.flowable;
  for (const name of fl.unknown(rule, [
    'counterVariable',
    'maxInstanceCount',
    'collectionVariable',
    'elementVariable',
    'elementIndexVariable',
  ]))
    ctx.problem(rule.id, `attribute '${name}' on repetitionRule is not supported`);
  const max = fl.get(rule, 'maxInstanceCount');
  if (max !== undefined && !/^\d+$/.test(max) && max !== 'unlimited')
    ctx.problem(rule.id, `maxInstanceCount '${max}' is not a whole number`);
  return {
    condition: expressionBody(rule.condition),
    counterVariable: fl.get(rule, 'counterVariable') ?? 'repetitionCounter',
    maxInstanceCount: max === undefined || max === 'unlimited' ? null : Number(max),
    collectionVariable: fl.get(rule, 'collectionVariable') ?? null,
    elementVariable: fl.get(rule, 'elementVariable') ?? null,
    elementIndexVariable: fl.get(rule, 'elementIndexVariable') ?? null,
  };
};

interface Walk {
  readonly ctx: ItemContext;
  readonly items: Record<string, PlanItem>;
}

const buildStage = (stage: CmmnElement, walk: Walk, isPlanModel: boolean): StageDef => {
  const { ctx } = walk;
  for (const name of ctx.flowable.unknown(stage, STAGE_ATTRIBUTES))
    ctx.problem(stage.id, `attribute '${name}' is not supported by Weir's case engine`);
  if (stage.planningTable) ctx.problem(stage.id, 'planning tables (discretionary items) are not supported');
  flowableExtensions(stage, ctx, []);
  // the plan model has no plan item instance of its own: its case has caseLifecycleListeners
  if (
    isPlanModel &&
    listenersOf(extensionValues(stage), LIFECYCLE_LISTENER, ctx.flowable, () => {}).length > 0
  )
    ctx.problem(
      stage.id,
      'a planItemLifecycleListener on the casePlanModel is not run: put a caseLifecycleListener on the <case>',
    );
  const children: string[] = [];
  for (const item of (stage.planItems as CmmnElement[] | undefined) ?? []) {
    const definition = item.definitionRef as CmmnElement | undefined;
    if (!item.id) continue;
    if (!definition?.id) {
      ctx.problem(item.id, `plan item '${item.id}' needs a definitionRef naming a plan item definition`);
      continue;
    }
    children.push(item.id);
    const built =
      definition.$type === 'cmmn:Stage'
        ? buildStage(definition, walk, false)
        : buildItemDefinition(definition, ctx);
    if (built === undefined) continue;
    const control = (item.itemControl ?? definition.defaultControl) as CmmnElement | undefined;
    const repetition = control?.repetitionRule as CmmnElement | undefined;
    walk.items[item.id] = {
      id: item.id,
      name: item.name ?? definition.name ?? null,
      definitionId: definition.id,
      definitionName: definition.name ?? null,
      definition: built,
      parentStageId: isPlanModel ? null : (stage.id ?? null),
      entryCriteria: buildCriteria(item, item.entryCriteria, ctx),
      exitCriteria: buildCriteria(item, item.exitCriteria, ctx),
      required: ruleCondition(control?.requiredRule),
      manualActivation: ruleCondition(control?.manualActivationRule),
      repetition: repetition ? buildRepetition(repetition, ctx) : null,
      lifecycleListeners: listenersOf(
        extensionValues(definition),
        LIFECYCLE_LISTENER,
        ctx.flowable,
        (message) => ctx.problem(definition.id, message),
      ),
    };
    if (walk.items[item.id].entryCriteria.length > 0 && built.kind.endsWith('EventListener'))
      ctx.problem(item.id, 'an event listener cannot have entry criteria');
    // a timer cycle makes the next instance of its listener itself (behaviors.ts); a
    // repetition rule on top would make a second one per occurrence
    if (built.kind === 'timerEventListener' && repetition && isTimerCycle(built.timerExpression))
      ctx.problem(
        item.id,
        'a timer event listener with a timer cycle repeats by its cycle: drop the repetitionRule',
      );
  }
  return {
    kind: 'stage',
    autoComplete: stage.autoComplete === true,
    autoCompleteCondition: ctx.flowable.get(stage, 'autoCompleteCondition') ?? null,
    children,
    exitCriteria: buildCriteria(stage, stage.exitCriteria, ctx),
    formKey: ctx.flowable.get(stage, 'formKey') ?? null,
  };
};

/** Check that every on-part names a plan item of this case. */
const checkOnParts = (model: Walk, ctx: ItemContext, planModel: StageDef, planModelId: string): void => {
  const criteria = [
    ...Object.values(model.items).flatMap((item) => [...item.entryCriteria, ...item.exitCriteria]),
    ...Object.values(model.items).flatMap((item) =>
      item.definition.kind === 'stage' ? item.definition.exitCriteria : [],
    ),
    ...planModel.exitCriteria,
  ];
  for (const item of Object.values(model.items)) {
    const trigger = item.definition.kind === 'timerEventListener' ? item.definition.startTrigger : null;
    if (trigger && model.items[trigger.sourceId] === undefined)
      ctx.problem(
        item.id,
        `the planItemStartTrigger names '${trigger.sourceId}', which is not a plan item of case plan model '${planModelId}'`,
      );
  }
  for (const criterion of criteria)
    for (const part of criterion.sentry.onParts)
      if (part.sourceId !== '' && model.items[part.sourceId] === undefined)
        ctx.problem(
          criterion.sentry.id,
          `on-part '${part.id}' names '${part.sourceId}', which is not a plan item of case plan model '${planModelId}'`,
        );
};

export const buildCase = (caseElement: CmmnElement, ctx: ItemContext): CaseModel | undefined => {
  const fl = ctx.flowable;
  for (const name of fl.unknown(caseElement, ['initiatorVariableName']))
    ctx.problem(caseElement.id, `attribute '${name}' is not supported by Weir's case engine`);
  if (!caseElement.id) {
    ctx.problem(undefined, 'a <case> needs an id');
    return undefined;
  }
  const caseFile = caseElement.caseFileModel as CmmnElement | undefined;
  if ((caseFile?.caseFileItems as unknown[] | undefined)?.length)
    ctx.problem(caseFile?.id ?? caseElement.id, 'case file items are not supported by Weir');
  const plan = caseElement.casePlanModel as CmmnElement | undefined;
  if (!plan?.id) {
    ctx.problem(caseElement.id, 'a <case> needs a <casePlanModel> with an id');
    return undefined;
  }
  flowableExtensions(caseElement, ctx, [], [CASE_LIFECYCLE_LISTENER]);
  const walk: Walk = { ctx, items: {} };
  const planModel = buildStage(plan, walk, true);
  checkOnParts(walk, ctx, planModel, plan.id);
  return {
    key: caseElement.id,
    name: caseElement.name ?? plan.name ?? null,
    documentation: documentationOf(caseElement),
    initiatorVariableName: fl.get(caseElement, 'initiatorVariableName') ?? null,
    startFormKey: planModel.formKey,
    planModelId: plan.id,
    planModel,
    planItems: walk.items,
    lifecycleListeners: listenersOf(extensionValues(caseElement), CASE_LIFECYCLE_LISTENER, fl, (message) =>
      ctx.problem(caseElement.id, message),
    ),
  };
};
