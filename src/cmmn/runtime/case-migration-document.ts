/**
 * Flowable's case migration document as JSON (what `/migrate`, `/validate-migration` and
 * `/batch-migrate` take, and what a migration batch keeps as its document) read into the
 * engine's document. The parts Weir cannot honour are refused by name, never ignored: the task
 * changes of an activate mapping (`newName`, `newAssignee`...) and plan item local variables.
 */
import { WeirError } from '../../errors.ts';
import { TASK_PROPERTY_MAPPING_FIELDS } from '../../engine/migration.ts';
import type { CaseMigrationDocument, CaseMigrationTargetRef } from './case-migration.ts';
import type { PlanItemDefinitionMapping } from './plan-item-state.ts';

export interface FlowableMappingJson {
  planItemDefinitionId?: string;
  condition?: string | null;
  [unsupported: string]: unknown;
}

export interface FlowableCaseMigrationJson {
  toCaseDefinitionId?: string;
  toCaseDefinitionKey?: string;
  toCaseDefinitionVersion?: number;
  toCaseDefinitionTenantId?: string;
  caseInstanceIdsToMigrate?: string[];
  enableAutomaticPlanItemInstanceCreation?: boolean;
  activatePlanItemDefinitions?: FlowableMappingJson[];
  terminatePlanItemDefinitions?: FlowableMappingJson[];
  moveToAvailablePlanItemDefinitions?: FlowableMappingJson[];
  waitingForRepetitionPlanItemDefinitions?: FlowableMappingJson[];
  removeWaitingForRepetitionPlanItemDefinitions?: FlowableMappingJson[];
  changePlanItemIds?: { existingPlanItemId?: string; newPlanItemId?: string }[];
  changePlanItemIdsWithDefinitionId?: {
    existingPlanItemDefinitionId?: string;
    newPlanItemDefinitionId?: string;
  }[];
  changePlanItemDefinitionWithNewTargetIds?: {
    existingPlanItemDefinitionId?: string;
    newPlanItemId?: string;
    newPlanItemDefinitionId?: string;
  }[];
  caseInstanceVariables?: Record<string, unknown>;
  preUpgradeExpression?: string;
  postUpgradeExpression?: string;
}

/** Fields of a plan item definition mapping that Flowable has and Weir refuses. */
export const UNSUPPORTED_MAPPING_FIELDS = [...TASK_PROPERTY_MAPPING_FIELDS, 'localVariables'] as const;

const illegal = (message: string) => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

const need = (value: string | undefined, where: string): string => {
  if (!value) throw illegal(`${where}: required`);
  return value;
};

const mappings = (
  doc: FlowableCaseMigrationJson,
  section:
    | 'activatePlanItemDefinitions'
    | 'terminatePlanItemDefinitions'
    | 'moveToAvailablePlanItemDefinitions'
    | 'waitingForRepetitionPlanItemDefinitions'
    | 'removeWaitingForRepetitionPlanItemDefinitions',
): PlanItemDefinitionMapping[] =>
  (doc[section] ?? []).map((m, i) => {
    const where = `${section}[${i}]`;
    for (const name of UNSUPPORTED_MAPPING_FIELDS)
      if (m[name] !== undefined && m[name] !== null)
        throw illegal(`${where}.${name}: not supported by Weir's case instance migration`);
    return {
      planItemDefinitionId: need(m.planItemDefinitionId, `${where}.planItemDefinitionId`),
      condition: m.condition ?? null,
    };
  });

/** A document must name where it goes: a definition id, or a key. */
export const requireTargetRef = <T extends CaseMigrationTargetRef>(doc: T): T => {
  if (!doc.toCaseDefinitionId && !doc.toCaseDefinitionKey)
    throw illegal('toCaseDefinitionId: give the case definition to migrate to (or toCaseDefinitionKey)');
  return doc;
};

/** The engine's document from Flowable's JSON; a 400 naming what is missing or refused. */
export const caseMigrationDocumentOf = (doc: FlowableCaseMigrationJson): CaseMigrationDocument => {
  requireTargetRef(doc);
  return {
    toCaseDefinitionId: doc.toCaseDefinitionId,
    toCaseDefinitionKey: doc.toCaseDefinitionKey,
    toCaseDefinitionVersion: doc.toCaseDefinitionVersion,
    toCaseDefinitionTenantId: doc.toCaseDefinitionTenantId,
    enableAutomaticPlanItemInstanceCreation: doc.enableAutomaticPlanItemInstanceCreation ?? false,
    activate: mappings(doc, 'activatePlanItemDefinitions'),
    terminate: mappings(doc, 'terminatePlanItemDefinitions'),
    moveToAvailable: mappings(doc, 'moveToAvailablePlanItemDefinitions'),
    addWaitingForRepetition: mappings(doc, 'waitingForRepetitionPlanItemDefinitions'),
    removeWaitingForRepetition: mappings(doc, 'removeWaitingForRepetitionPlanItemDefinitions'),
    changePlanItemIds: Object.fromEntries(
      (doc.changePlanItemIds ?? []).map((m, i) => [
        need(m.existingPlanItemId, `changePlanItemIds[${i}].existingPlanItemId`),
        need(m.newPlanItemId, `changePlanItemIds[${i}].newPlanItemId`),
      ]),
    ),
    changePlanItemIdsWithDefinitionId: Object.fromEntries(
      (doc.changePlanItemIdsWithDefinitionId ?? []).map((m, i) => [
        need(
          m.existingPlanItemDefinitionId,
          `changePlanItemIdsWithDefinitionId[${i}].existingPlanItemDefinitionId`,
        ),
        need(m.newPlanItemDefinitionId, `changePlanItemIdsWithDefinitionId[${i}].newPlanItemDefinitionId`),
      ]),
    ),
    changePlanItemDefinitionsWithNewTargetIds: (doc.changePlanItemDefinitionWithNewTargetIds ?? []).map(
      (m, i) => {
        const where = `changePlanItemDefinitionWithNewTargetIds[${i}]`;
        return {
          existingPlanItemDefinitionId: need(
            m.existingPlanItemDefinitionId,
            `${where}.existingPlanItemDefinitionId`,
          ),
          newPlanItemId: need(m.newPlanItemId, `${where}.newPlanItemId`),
          newPlanItemDefinitionId: need(m.newPlanItemDefinitionId, `${where}.newPlanItemDefinitionId`),
        };
      },
    ),
    caseInstanceVariables: doc.caseInstanceVariables,
    preUpgradeExpression: doc.preUpgradeExpression,
    postUpgradeExpression: doc.postUpgradeExpression,
  };
};
