/** The decision engine's answers, in the JSON shapes of Flowable's DMN REST API. */
import type { DecisionExecutionListRow } from '../../../persistence/dmn-queries-sql.ts';
import type { DmnDecisionRow } from '../../../persistence/dmn-sql.ts';
import { iso, type Urls } from '../context.ts';
import type { Answer } from '../schemas/common.ts';
import type { Decision, DecisionExecution } from '../schemas/dmn.ts';

export const decisionResponse = (d: DmnDecisionRow, urls: Urls): Answer<typeof Decision> => ({
  id: d.id,
  url: urls('dmn-api/dmn-repository/decisions/%s', d.id),
  category: d.category,
  name: d.name,
  key: d.key,
  description: d.description,
  version: d.version,
  resourceName: d.resourceName,
  deploymentId: d.deploymentId,
  tenantId: d.tenantId,
  decisionType: d.decisionType,
});

export const decisionExecutionResponse = (
  e: DecisionExecutionListRow,
  urls: Urls,
): Answer<typeof DecisionExecution> => ({
  id: e.id,
  url: urls('dmn-api/dmn-history/historic-decision-executions/%s', e.id),
  decisionDefinitionId: e.decisionDefinitionId,
  deploymentId: e.deploymentId,
  activityId: e.activityId,
  executionId: e.executionId,
  instanceId: e.instanceId,
  scopeType: e.scopeType,
  failed: e.failed,
  startTime: iso(e.startTime),
  endTime: iso(e.endTime),
  tenantId: e.tenantId,
  decisionKey: e.decisionKey,
  decisionName: e.decisionName,
  // Flowable's HistoricDecisionExecutionResponse holds the version as a String
  decisionVersion: e.decisionVersion === null ? null : String(e.decisionVersion),
});
