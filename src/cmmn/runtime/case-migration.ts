/**
 * Case instance migration (Flowable's CaseInstanceMigrationDocument): a running case moves onto
 * another case definition, usually a newer version of its own, under its case lock.
 *
 * Each plan item instance keeps its state and its work (task, process, timer) when the new
 * model has its plan item definition: it is pointed at the plan item of that definition (the
 * same plan item id unless a `changePlanItemIds...` mapping says otherwise). An open instance
 * whose definition the new model lacks is terminated, as Flowable does. An open instance whose
 * plan item in the new model is of another kind, or sits in another stage, cannot be kept: that
 * is a validation message naming the plan item, and a migration with any message changes
 * nothing. Then the document's mappings run (plan-item-state.ts), new plan items are made
 * available when `enableAutomaticPlanItemInstanceCreation` asks, and the sentry agenda decides
 * what the new model's sentries start.
 */
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import type { Queryable } from '../../persistence/database.ts';
import { getCaseDefinition } from '../../persistence/cmmn-sql.ts';
import {
  caseDefinitionByKeyAndVersion,
  lockHistoricCase,
  moveCaseRowsToDefinition,
} from '../../persistence/cmmn-migration-sql.ts';
import type { CaseModel } from '../model/types.ts';
import { caseModelOf } from './case-context.ts';
import {
  findMigrationTarget,
  isMissing,
  refuseMissing,
  type Missing,
} from '../../engine/migration-target.ts';
import { evaluateInCase } from './case-expressions.ts';
import { setCaseVariable } from './case-variables.ts';
import { createItemInstance, isEnded, terminate } from './lifecycle.ts';
import {
  applyStateMappings,
  planItemIdChanges,
  planItemOfDefinition,
  renamePlanItems,
  terminateMapped,
  type PlanItemDefinitionMapping,
  type PlanItemStateChange,
} from './plan-item-state.ts';
import type { CaseDefinitionRow, CaseInstanceRow, LoadedCase } from './types.ts';

/** Where a migration goes: a definition id, or a key with an optional version and tenant. */
export interface CaseMigrationTargetRef {
  readonly toCaseDefinitionId?: string;
  readonly toCaseDefinitionKey?: string;
  readonly toCaseDefinitionVersion?: number;
  readonly toCaseDefinitionTenantId?: string;
}

/** Flowable's case migration document, the parts Weir runs. */
export interface CaseMigrationDocument extends CaseMigrationTargetRef, PlanItemStateChange {
  readonly enableAutomaticPlanItemInstanceCreation?: boolean;
  readonly caseInstanceVariables?: Readonly<Record<string, unknown>>;
  readonly preUpgradeExpression?: string;
  readonly postUpgradeExpression?: string;
}

export interface CaseMigrationTarget {
  readonly definition: CaseDefinitionRow;
  readonly model: CaseModel;
}

const illegal = (message: string) => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

/** The definition a document migrates to, or Flowable's message when there is none. */
export const resolveCaseMigrationTarget = async (
  db: Queryable,
  ref: CaseMigrationTargetRef,
): Promise<CaseMigrationTarget | Missing> => {
  const definition = await findMigrationTarget(
    'case',
    {
      id: ref.toCaseDefinitionId,
      key: ref.toCaseDefinitionKey,
      version: ref.toCaseDefinitionVersion,
      tenantId: ref.toCaseDefinitionTenantId,
    },
    {
      byId: (id) => getCaseDefinition(db, id),
      byKey: (key, version, tenantId) => caseDefinitionByKeyAndVersion(db, key, version, tenantId),
    },
  );
  if (isMissing(definition)) return definition;
  return { definition, model: await caseModelOf(db, definition) };
};

export const refuseMissingCaseTarget = (target: CaseMigrationTarget | Missing): CaseMigrationTarget =>
  refuseMissing(target);

const tenantMismatch = (kind: string, tenantId: string, target: CaseMigrationTarget): string | undefined =>
  tenantId === target.definition.tenantId
    ? undefined
    : `Tenant mismatch between ${kind} ('${tenantId}') and Case Definition ('${target.definition.tenantId}') to migrate to`;

const MAPPING_SECTIONS: [keyof PlanItemStateChange, string][] = [
  ['activate', 'activate'],
  ['terminate', 'terminate'],
  ['moveToAvailable', 'move to available'],
  ['addWaitingForRepetition', 'add waiting for repetition'],
  ['removeWaitingForRepetition', 'remove waiting for repetition'],
];

/** What stops a case from moving onto the target, as messages naming the plan items. */
export const validateCaseMigration = (
  c: { row: CaseInstanceRow; model: CaseModel },
  target: CaseMigrationTarget,
  doc: CaseMigrationDocument,
): string[] => {
  const messages: string[] = [];
  const mismatch = tenantMismatch('Case Instance', c.row.tenantId, target);
  if (mismatch) messages.push(mismatch);
  for (const [section, label] of MAPPING_SECTIONS)
    for (const m of (doc[section] ?? []) as PlanItemDefinitionMapping[])
      if (!planItemOfDefinition(target.model, m.planItemDefinitionId))
        messages.push(
          `Invalid mapping for ${label} plan item definition '${m.planItemDefinitionId}' cannot be found in the case definition`,
        );
  let renames: Map<string, string>;
  try {
    renames = planItemIdChanges(doc, c.model, target.model, target.definition.id);
  } catch (error) {
    if (!(error instanceof WeirError)) throw error;
    return [...messages, error.message];
  }
  const terminated = new Set((doc.terminate ?? []).map((m) => m.planItemDefinitionId));
  const byId = new Map(c.row.document.items.map((i) => [i.id, i]));
  for (const item of c.row.document.items) {
    const old = c.model.planItems[item.elementId];
    if (isEnded(item) || !old || terminated.has(old.definitionId)) continue;
    const next = counterpart(target.model, item.elementId, old.definitionId, renames);
    if (!next) continue; // terminated by the migration, as Flowable does
    const what = `Plan item instance '${item.id}' of plan item '${item.elementId}'`;
    if (next.definition.kind !== old.definition.kind)
      messages.push(
        `${what} cannot be migrated: it is a ${old.definition.kind}, plan item '${next.id}' of the target is a ${next.definition.kind}`,
      );
    const stage = item.stageInstanceId ? byId.get(item.stageInstanceId) : undefined;
    const stageDefinition = stage ? (c.model.planItems[stage.elementId]?.definitionId ?? null) : null;
    if (next.parentStageId !== stageDefinition)
      messages.push(
        `${what} cannot be migrated: it sits in ${stageDefinition ? `stage '${stageDefinition}'` : 'the case plan model'}, plan item '${next.id}' of the target in ${next.parentStageId ? `stage '${next.parentStageId}'` : 'the case plan model'}`,
      );
  }
  return messages;
};

/** The target's plan item for an instance: a renamed one, the same id, else the same definition. */
const counterpart = (
  model: CaseModel,
  elementId: string,
  definitionId: string,
  renames: ReadonlyMap<string, string>,
) => {
  const renamed = renames.get(elementId);
  if (renamed) return model.planItems[renamed];
  const same = model.planItems[elementId];
  if (same && same.definitionId === definitionId) return same;
  return planItemOfDefinition(model, definitionId);
};

/** New plan items of the target in open stages, made available so their sentries decide. */
const createNewPlanItems = (ctx: CommandContext, c: LoadedCase, doc: CaseMigrationDocument): void => {
  const mapped = new Set(
    MAPPING_SECTIONS.flatMap(([section]) =>
      ((doc[section] ?? []) as PlanItemDefinitionMapping[]).map((m) => m.planItemDefinitionId),
    ),
  );
  for (const planItem of Object.values(c.model.planItems)) {
    if (mapped.has(planItem.definitionId)) continue;
    if (
      c.row.document.items.some((i) => c.model.planItems[i.elementId]?.definitionId === planItem.definitionId)
    )
      continue;
    const stage =
      planItem.parentStageId === null
        ? null
        : c.row.document.items.find(
            (i) =>
              c.model.planItems[i.elementId]?.definitionId === planItem.parentStageId && i.state === 'active',
          );
    if (stage !== undefined) createItemInstance(ctx, c, planItem, stage?.id ?? null, 1);
  }
};

/** Move a locked, running case onto the target; the caller runs the sentry agenda afterwards. */
export const migrateCase = async (
  ctx: CommandContext,
  c: LoadedCase,
  target: CaseMigrationTarget,
  doc: CaseMigrationDocument,
): Promise<void> => {
  const messages = validateCaseMigration(c, target, doc);
  if (messages.length > 0) throw illegal(`Migration is not valid: ${messages.join('; ')}`);
  if (doc.preUpgradeExpression) evaluateInCase(ctx, c, doc.preUpgradeExpression, 'preUpgradeExpression');
  terminateMapped(ctx, c, doc);
  const renames = planItemIdChanges(doc, c.model, target.model, target.definition.id);
  for (const item of c.row.document.items) {
    const old = c.model.planItems[item.elementId];
    if (isEnded(item) || !old) continue;
    if (!counterpart(target.model, item.elementId, old.definitionId, renames))
      terminate(ctx, c, item, 'terminate');
  }
  renamePlanItems(c, renames);
  for (const item of c.row.document.items) {
    const old = c.model.planItems[item.elementId];
    const next = old && counterpart(target.model, item.elementId, old.definitionId, renames);
    if (!next) continue;
    if (next.id !== item.elementId) item.elementId = next.id;
    // every row is written again: its definition, type and plan item may have changed
    c.dirty.add(item.id);
  }
  c.row.definitionId = target.definition.id;
  c.definition = target.definition;
  // instances the target has no plan item for (ended ones) are still written by the old model
  c.formerModel = c.model;
  c.model = target.model;
  await moveCaseRowsToDefinition(ctx.tx, c.row.id, target.definition);
  for (const task of ctx.tasks.values())
    if (task.scopeId === c.row.id) task.scopeDefinitionId = target.definition.id;
  for (const [name, value] of Object.entries(doc.caseInstanceVariables ?? {}))
    setCaseVariable(ctx, c, name, value);
  if (doc.enableAutomaticPlanItemInstanceCreation) createNewPlanItems(ctx, c, doc);
  await applyStateMappings(ctx, c, doc);
};

/** After the agenda ran: Flowable's post-upgrade expression, evaluated on the migrated case. */
export const afterCaseMigration = (ctx: CommandContext, c: LoadedCase, doc: CaseMigrationDocument): void => {
  if (doc.postUpgradeExpression && !c.ended)
    evaluateInCase(ctx, c, doc.postUpgradeExpression, 'postUpgradeExpression');
};

/** Move an ended case's history onto the target (Flowable's historic case migration). */
export const migrateHistoricCase = async (
  ctx: CommandContext,
  caseId: string,
  target: CaseMigrationTarget,
): Promise<void> => {
  const head = await lockHistoricCase(ctx.tx, caseId);
  if (!head)
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a historic case instance with id '${caseId}'.`);
  if (head.endedAt === null)
    throw illegal(
      `Historic case instance '${caseId}' has not ended and can only be migrated with the case instance migrate action`,
    );
  const mismatch = tenantMismatch('Historic Case Instance', head.tenantId, target);
  if (mismatch) throw illegal(mismatch);
  await moveCaseRowsToDefinition(ctx.tx, caseId, target.definition);
};
