/**
 * Writing the cases a command held, before the process engine's flush: each case document
 * (or, for a case that ended, its row deleted and its history closed), its new and changed
 * plan item instances, reached milestones and variable history. Timers of ended event
 * listeners are deleted here too.
 */
import type { CommandContext } from '../../engine/context.ts';
import { insertRows, updateRows } from '../../persistence/rows.ts';
import { deleteCaseRows, upsertCaseVariableHistory } from '../../persistence/cmmn-sql.ts';
import { deleteCaseTimerJobs } from '../../persistence/cmmn-sql.ts';
import type { CaseScope } from './case-context.ts';
import { caseTimerJobsToDelete } from './behaviors.ts';
import type { LoadedCase, PlanItemInstance } from './types.ts';
import type { PlanItemDefinition } from '../model/types.ts';

const PLAN_ITEM_COLUMNS = [
  'stateName',
  'name',
  'referenceId',
  'referenceType',
  'entryCriterionId',
  'exitCriterionId',
  'startUserId',
  'lastAvailableAt',
  'lastEnabledAt',
  'lastDisabledAt',
  'lastStartedAt',
  'completedAt',
  'occurredAt',
  'terminatedAt',
  'exitedAt',
  'endedAt',
  'lastUpdatedAt',
  'completable',
  // a migration points rows at another definition and plan item
  'elementId',
  'caseDefinitionId',
  'planItemDefinitionId',
  'planItemDefinitionType',
  'isStage',
].map((c) => (c === 'stateName' ? 'state' : c));

/** Flowable's PlanItemDefinitionType: the model class's name in lower case. */
const definitionTypeOf = (definition: PlanItemDefinition): string =>
  definition.kind === 'serviceTask' && definition.implementation === 'externalWorker'
    ? 'externalworkerservicetask'
    : definition.kind.toLowerCase();

const planItemRow = (ctx: CommandContext, c: LoadedCase, item: PlanItemInstance) => {
  const planItem = c.model.planItems[item.elementId] ?? c.formerModel!.planItems[item.elementId];
  return {
    id: item.id,
    caseInstanceId: c.row.id,
    caseDefinitionId: c.row.definitionId,
    stageInstanceId: item.stageInstanceId,
    elementId: item.elementId,
    name: item.name,
    state: item.state,
    planItemDefinitionId: planItem.definitionId,
    planItemDefinitionType: definitionTypeOf(planItem.definition),
    isStage: planItem.definition.kind === 'stage',
    referenceId: item.referenceId,
    referenceType: item.referenceType,
    entryCriterionId: item.entryCriterionId,
    exitCriterionId: item.exitCriterionId,
    startUserId: item.startUserId,
    tenantId: c.row.tenantId,
    createdAt: item.createdAt,
    lastAvailableAt: item.lastAvailableAt,
    lastEnabledAt: item.lastEnabledAt,
    lastDisabledAt: item.lastDisabledAt,
    lastStartedAt: item.lastStartedAt,
    lastSuspendedAt: null,
    completedAt: item.completedAt,
    occurredAt: item.occurredAt,
    terminatedAt: item.terminatedAt,
    exitedAt: item.exitedAt,
    endedAt: item.endedAt,
    lastUpdatedAt: ctx.now,
    completable: item.completable ?? false,
  };
};

export const flushCases = async (ctx: CommandContext, scope: CaseScope): Promise<void> => {
  const tx = ctx.tx;
  const inserts = [];
  const updates = [];
  const ended: string[] = [];
  const newHistory = [];
  const endedHistory = [];
  const renamedHistory = [];
  const newItems = [];
  const changedItems = [];
  for (const c of scope.cases.values()) {
    for (const item of c.row.document.items) {
      if (c.newItems.has(item.id)) newItems.push(planItemRow(ctx, c, item));
      else if (c.dirty.has(item.id)) changedItems.push(planItemRow(ctx, c, item));
    }
    if (c.isNew)
      newHistory.push({
        id: c.row.id,
        definitionId: c.row.definitionId,
        definitionKey: c.definition.key,
        definitionVersion: c.definition.version,
        definitionName: c.definition.name,
        businessKey: c.row.businessKey,
        businessStatus: c.row.businessStatus,
        name: c.row.name,
        state: c.row.state,
        startUserId: c.row.startUserId,
        startedAt: c.row.startedAt,
        endedAt: c.ended ? ctx.now : null,
        tenantId: c.row.tenantId,
        callbackId: c.row.callbackId,
        callbackType: c.row.callbackType,
        parentId: c.row.parentId,
      });
    else if (c.ended) endedHistory.push({ id: c.row.id, state: c.row.state, endedAt: ctx.now });
    if (!c.isNew && c.renamed) {
      const { id, name, businessKey, businessStatus } = c.row;
      renamedHistory.push({ id, name, businessKey, businessStatus });
      c.renamed = false;
    }
    if (c.ended) {
      if (!c.isNew) ended.push(c.row.id);
      continue;
    }
    if (c.isNew) inserts.push(c.row);
    else {
      c.row.revision += 1;
      updates.push(c.row);
    }
  }
  await deleteCaseRows(tx, ended);
  await insertRows(tx, 'weir_cmmn_case_instance', inserts);
  await updateRows(tx, 'weir_cmmn_case_instance', updates, [
    'document',
    'revision',
    'state',
    'definitionId',
    'name',
    'businessKey',
    'businessStatus',
  ]);
  await insertRows(tx, 'weir_cmmn_hi_case_instance', newHistory);
  await updateRows(tx, 'weir_cmmn_hi_case_instance', endedHistory, ['state', 'endedAt']);
  await updateRows(tx, 'weir_cmmn_hi_case_instance', renamedHistory, [
    'name',
    'businessKey',
    'businessStatus',
  ]);
  await insertRows(tx, 'weir_cmmn_plan_item', newItems);
  await updateRows(tx, 'weir_cmmn_plan_item', changedItems, PLAN_ITEM_COLUMNS);
  await insertRows(tx, 'weir_cmmn_hi_milestone', scope.milestones);
  await upsertCaseVariableHistory(tx, [...scope.variableHistory.values()]);
  await deleteCaseTimerJobs(tx, [...caseTimerJobsToDelete(ctx)], ctx.guardedJobId);
  // written: a second flush of the same command (none today) must not write them twice
  for (const c of scope.cases.values()) {
    c.isNew = false;
    c.newItems.clear();
    c.dirty.clear();
  }
  scope.milestones.length = 0;
  scope.variableHistory.clear();
};
