/** Rows of the case engine as `/cmmn-api` answers them (schemas/cmmn.ts). */
import type { CaseDefinitionRow } from '../../../cmmn/runtime/types.ts';
import type {
  CaseInstanceListRow,
  CaseVariableRow,
  MilestoneRow,
  PlanItemRow,
} from '../../../persistence/cmmn-rest-sql.ts';
import { iso, type Urls } from '../context.ts';
import type { Answer } from '../schemas/common.ts';
import type {
  CaseDefinition,
  CaseInstance,
  HistoricCaseInstance,
  HistoricCaseVariable,
  HistoricMilestone,
  PlanItemInstance,
} from '../schemas/cmmn.ts';
import { restVariable, restVariables, type RestVariable } from '../variables.ts';
import type { StoredVariable } from '../../../engine/runtime-types.ts';

export const caseDefinitionUrl = (urls: Urls, id: string) =>
  urls('cmmn-api/cmmn-repository/case-definitions/%s', id);
export const caseInstanceUrl = (urls: Urls, id: string) =>
  urls('cmmn-api/cmmn-runtime/case-instances/%s', id);

export const caseDefinitionResponse = (d: CaseDefinitionRow, urls: Urls): Answer<typeof CaseDefinition> => ({
  id: d.id,
  url: caseDefinitionUrl(urls, d.id),
  key: d.key,
  version: d.version,
  name: d.name,
  description: d.description,
  tenantId: d.tenantId,
  deploymentId: d.deploymentId,
  deploymentUrl: urls('cmmn-api/cmmn-repository/deployments/%s', d.deploymentId),
  resource: urls('cmmn-api/cmmn-repository/deployments/%s/resources/%s', d.deploymentId, d.resourceName),
  diagramResource: null,
  category: d.category,
  graphicalNotationDefined: false,
  startFormDefined: d.hasStartFormKey,
});

export const caseInstanceResponse = (
  c: CaseInstanceListRow,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof CaseInstance> => ({
  id: c.id,
  name: c.name,
  url: caseInstanceUrl(urls, c.id),
  businessKey: c.businessKey,
  businessStatus: c.businessStatus ?? null,
  startTime: iso(c.startedAt),
  startUserId: c.startUserId,
  state: c.state,
  ended: c.state !== 'active',
  caseDefinitionId: c.definitionId,
  caseDefinitionUrl: caseDefinitionUrl(urls, c.definitionId),
  caseDefinitionName: c.definitionName,
  caseDefinitionDescription: c.definitionDescription,
  parentId: c.parentId,
  callbackId: c.callbackId,
  callbackType: c.callbackType === 'cmmn' ? 'cmmn-1.1-to-cmmn-1.1-child-case' : c.callbackType,
  referenceId: null,
  referenceType: null,
  tenantId: c.tenantId,
  completed: c.state === 'completed',
  variables,
});

export const historicCaseResponse = (
  c: CaseInstanceListRow,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof HistoricCaseInstance> => ({
  id: c.id,
  url: urls('cmmn-api/cmmn-history/historic-case-instances/%s', c.id),
  name: c.name,
  businessKey: c.businessKey,
  businessStatus: c.businessStatus ?? null,
  caseDefinitionId: c.definitionId,
  caseDefinitionUrl: caseDefinitionUrl(urls, c.definitionId),
  caseDefinitionName: c.definitionName,
  caseDefinitionDescription: c.definitionDescription,
  startTime: iso(c.startedAt),
  endTime: iso(c.endedAt),
  startUserId: c.startUserId,
  endUserId: null,
  superProcessInstanceId: null,
  variables,
  tenantId: c.tenantId,
  state: c.state,
  callbackId: c.callbackId,
  callbackType: c.callbackType === 'cmmn' ? 'cmmn-1.1-to-cmmn-1.1-child-case' : c.callbackType,
  referenceId: null,
  referenceType: null,
});

/**
 * Flowable's names for what the case engine stores shorter: the state of a repeating plan item
 * waiting for its sentry, and the reference types of the work a plan item started
 * (`ReferenceTypes` in flowable-cmmn-api). Clients filter and branch on these strings.
 */
const flowableState: Record<string, string> = { waiting_for_repetition: 'wait_repetition' };
const flowableReferenceType: Record<string, string> = {
  'cmmn-task': 'cmmn-1.1-to-cmmn-1.1-child-human-task',
  'bpmn-process': 'cmmn-1.1-to-bpmn-2.0-child-process',
  'cmmn-case': 'cmmn-1.1-to-cmmn-1.1-child-case',
};

export const planItemResponse = (
  p: PlanItemRow,
  urls: Urls,
  history: boolean,
): Answer<typeof PlanItemInstance> => ({
  id: p.id,
  url: history
    ? urls('cmmn-api/cmmn-history/historic-planitem-instances/%s', p.id)
    : urls('cmmn-api/cmmn-runtime/plan-item-instances/%s', p.id),
  name: p.name,
  caseInstanceId: p.caseInstanceId,
  caseInstanceUrl: caseInstanceUrl(urls, p.caseInstanceId),
  caseDefinitionId: p.caseDefinitionId,
  caseDefinitionUrl: caseDefinitionUrl(urls, p.caseDefinitionId),
  derivedCaseDefinitionId: null,
  derivedCaseDefinitionUrl: null,
  stageInstanceId: p.stageInstanceId,
  stageInstanceUrl: p.stageInstanceId
    ? urls('cmmn-api/cmmn-runtime/plan-item-instances/%s', p.stageInstanceId)
    : null,
  planItemDefinitionId: p.planItemDefinitionId,
  planItemDefinitionType: p.planItemDefinitionType,
  state: flowableState[p.state] ?? p.state,
  stage: p.isStage,
  elementId: p.elementId,
  createTime: iso(p.createdAt),
  lastAvailableTime: iso(p.lastAvailableAt),
  lastEnabledTime: iso(p.lastEnabledAt),
  lastDisabledTime: iso(p.lastDisabledAt),
  lastStartedTime: iso(p.lastStartedAt),
  lastSuspendedTime: iso(p.lastSuspendedAt),
  completedTime: iso(p.completedAt),
  occurredTime: iso(p.occurredAt),
  terminatedTime: iso(p.terminatedAt),
  exitTime: iso(p.exitedAt),
  endedTime: iso(p.endedAt),
  startUserId: p.startUserId,
  assignee: null,
  completedBy: null,
  referenceId: p.referenceId,
  referenceType:
    p.referenceType === null ? null : (flowableReferenceType[p.referenceType] ?? p.referenceType),
  completable: p.completable,
  entryCriterionId: p.entryCriterionId,
  exitCriterionId: p.exitCriterionId,
  formKey: null,
  extraValue: null,
  tenantId: p.tenantId,
});

export const milestoneResponse = (m: MilestoneRow, urls: Urls): Answer<typeof HistoricMilestone> => ({
  id: m.id,
  name: m.name,
  elementId: m.elementId,
  timestamp: iso(m.reachedAt),
  caseInstanceId: m.caseInstanceId,
  caseDefinitionId: m.caseDefinitionId,
  url: urls('cmmn-api/cmmn-history/historic-milestone-instances/%s', m.id),
  historicCaseInstanceUrl: urls('cmmn-api/cmmn-history/historic-case-instances/%s', m.caseInstanceId),
  caseDefinitionUrl: caseDefinitionUrl(urls, m.caseDefinitionId),
});

export const historicCaseVariableResponse = (
  v: CaseVariableRow,
  urls: Urls,
): Answer<typeof HistoricCaseVariable> => ({
  id: v.id,
  caseInstanceId: v.caseInstanceId,
  caseInstanceUrl: urls('cmmn-api/cmmn-history/historic-case-instances/%s', v.caseInstanceId),
  taskId: v.taskId,
  planItemInstanceId: v.planItemInstanceId,
  variable: restVariable(
    v.name,
    { type: v.type as StoredVariable['type'], value: v.value },
    undefined,
    urls('cmmn-api/cmmn-history/historic-variable-instances/%s/data', v.id),
  ),
});

/** A running case's variables as Flowable's RestVariable list (scope global). */
export const caseRestVariables = (
  variables: Record<string, StoredVariable> | undefined,
  valueUrlOf?: (name: string) => string,
): RestVariable[] => restVariables(variables, 'global', valueUrlOf);
