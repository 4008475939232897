/**
 * `/dmn-api/dmn-history/historic-decision-executions`: every decision run, from a process or on
 * its own, with its audit trail (`auditdata`: inputs, each rule's conditions and conclusions, the
 * results), as Flowable's HistoricDecisionExecution resources answer them. An audit holds the
 * input variables of the instances that ran the decision, so these routes are for deployers and
 * admins only (an instance's own people read its results as its variables).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../../errors.ts';
import { requireDeployer } from '../../../engine/authorization.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { decisionExecutionSorts, listDecisionExecutions } from '../../../persistence/dmn-queries-sql.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { decisionExecutionResponse } from './dmn-responses.ts';
import type { Answer } from '../schemas/common.ts';
import { DecisionAuditData, DecisionExecution } from '../schemas/dmn.ts';

const tags = ['DMN History'];

const filters = {
  id: Str(),
  decisionDefinitionId: Str(),
  deploymentId: Str(),
  decisionKey: Str(),
  activityId: Str(),
  executionId: Str(),
  instanceId: Str(),
  processInstanceId: Str('Executions run by this process instance'),
  processInstanceIdWithChildren: Str(
    'Executions run by this process instance or by an instance under it (call activities)',
  ),
  caseInstanceIdWithChildren: Str(
    'Executions run by this case instance or by a process or case it started (process and case tasks, at any depth)',
  ),
  scopeType: Str(),
  withoutScopeType: Bool('true: executions run on their own, by no process instance'),
  failed: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

export const dmnHistoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;
  listRoutes(app, {
    item: DecisionExecution,
    api: 'dmn-api',
    path: 'dmn-history/historic-decision-executions',
    tags,
    what: 'historic decision executions',
    filters,
    sorts: decisionExecutionSorts,
    defaultSort: 'startTime',
    load: (request, filter, page) => {
      requireDeployer(principalOf(request), 'read', 'decision history');
      return listDecisionExecutions(db, filter, page);
    },
    respond: (request, rows) => rows.map((row) => decisionExecutionResponse(row, urlsFor(rest, request))),
  });

  const find = async (request: FastifyRequest, id: string) => {
    requireDeployer(principalOf(request), 'read', 'decision history');
    const { rows } = await listDecisionExecutions(
      db,
      { id },
      { start: 0, size: 1, sort: 'startTime', order: 'asc' },
    );
    if (rows[0] === undefined)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a historic decision execution with id '${id}'.`);
    return rows[0];
  };
  const params = IdParams('historicDecisionExecutionId');

  app.get(
    '/dmn-api/dmn-history/historic-decision-executions/:historicDecisionExecutionId',
    {
      schema: {
        response: { 200: DecisionExecution },
        tags,
        summary: 'Get a historic decision execution',
        params,
      },
    },
    async (request) =>
      decisionExecutionResponse(
        await find(request, request.params.historicDecisionExecutionId),
        urlsFor(rest, request),
      ),
  );

  app.get(
    '/dmn-api/dmn-history/historic-decision-executions/:historicDecisionExecutionId/auditdata',
    {
      schema: {
        response: { 200: DecisionAuditData },
        tags,
        summary: 'Get the audit trail of a historic decision execution',
        params,
      },
    },
    // written by the decision runner (dmn/decision-runner.ts) in this shape
    async (request) =>
      (await find(request, request.params.historicDecisionExecutionId)).executionJson as Answer<
        typeof DecisionAuditData
      >,
  );
};
