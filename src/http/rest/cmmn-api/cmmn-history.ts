/**
 * `/cmmn-api/cmmn-history`: historic case instances, plan item instances, milestones and case
 * variables, each listed, queried (`cmmn-query/...`) and read one by one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { maySeeCase } from '../../../cmmn/index.ts';
import { WeirError } from '../../../errors.ts';
import type { VariableType } from '../../../engine/runtime-types.ts';
import { missingVariable, sendVariableBytes, VariableDataAnswer } from '../variable-data.ts';
import { viewerOf } from '../../../engine/authorization.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import {
  getHistoricCase,
  getPlanItem,
  historicCaseSorts,
  historicVariablesOfCases,
  listHistoricCaseInstances,
  listHistoricCaseVariables,
  listMilestones,
  type CaseVariableRow,
  listPlanItems,
  milestoneSorts,
  planItemSorts,
} from '../../../persistence/cmmn-rest-sql.ts';
import { IdParams, notFound, urlsFor, withDates, type RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { QueryVariables, restVariable, toVariableConditions } from '../variables.ts';
import type { StoredVariable } from '../../../engine/runtime-types.ts';
import {
  HistoricCaseInstance,
  HistoricCaseVariable,
  HistoricMilestone,
  PlanItemInstance,
} from '../schemas/cmmn.ts';
import {
  historicCaseResponse,
  historicCaseVariableResponse,
  milestoneResponse,
  planItemResponse,
} from './cmmn-responses.ts';
import { planItemFilters } from './cmmn-plan-items.ts';

export const cmmnHistoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;
  const viewer = (request: FastifyRequest) => viewerOf(principalOf(request));
  /** A row of a case the caller may not see is answered as missing. */
  const visible = async <T extends { caseInstanceId: string }>(
    request: FastifyRequest,
    row: T | undefined,
  ) => (row && (await maySeeCase(db, principalOf(request), row.caseInstanceId)) ? row : undefined);

  listRoutes(app, {
    item: HistoricCaseInstance,
    api: 'cmmn-api',
    path: 'cmmn-history/historic-case-instances',
    queryPath: 'cmmn-query/historic-case-instances',
    tags: ['History Case'],
    what: 'historic case instances',
    filters: {
      caseInstanceId: Str(),
      caseDefinitionId: Str(),
      caseDefinitionKey: Str(),
      businessKey: Str(),
      startedBy: Str(),
      state: Str(),
      finished: Bool(),
      tenantId: Str(),
      withoutTenantId: Bool(),
      includeCaseVariables: Bool(),
    },
    bodyFilters: { variables: QueryVariables() },
    sorts: historicCaseSorts,
    defaultSort: 'id',
    load: (request, { caseInstanceId, includeCaseVariables: _, variables, ...filter }, page) =>
      listHistoricCaseInstances(
        db,
        { ...filter, id: caseInstanceId, variables: toVariableConditions(variables) },
        page,
        viewer(request),
      ),
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      const variables = filter.includeCaseVariables
        ? await historicVariablesOfCases(
            db,
            rows.map((c) => c.id),
          )
        : undefined;
      // as Flowable's: the case's variables with scope local
      return rows.map((c) =>
        historicCaseResponse(
          c,
          urls,
          (variables?.get(c.id) ?? []).map((v) =>
            restVariable(v.name, { type: v.type as StoredVariable['type'], value: v.value }, 'local'),
          ),
        ),
      );
    },
  });

  app.get(
    '/cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId',
    {
      schema: {
        response: { 200: HistoricCaseInstance },
        tags: ['History Case'],
        summary: 'Get a historic case instance',
        params: IdParams('caseInstanceId'),
      },
    },
    async (request) => {
      const id = request.params.caseInstanceId;
      const row = (await maySeeCase(db, principalOf(request), id))
        ? await getHistoricCase(db, id)
        : undefined;
      if (!row) throw notFound('historic case instance', request.params.caseInstanceId);
      return historicCaseResponse(row, urlsFor(rest, request));
    },
  );

  listRoutes(app, {
    item: PlanItemInstance,
    api: 'cmmn-api',
    path: 'cmmn-history/historic-planitem-instances',
    queryPath: 'cmmn-query/historic-planitem-instances',
    tags: ['History PlanItem'],
    what: 'historic plan item instances',
    filters: { ...planItemFilters, ended: Bool() },
    sorts: planItemSorts,
    defaultSort: 'createTime',
    load: (request, filter, page) => listPlanItems(db, filter, page, false, viewer(request)),
    respond: (request, rows) => rows.map((p) => planItemResponse(p, urlsFor(rest, request), true)),
  });

  app.get(
    '/cmmn-api/cmmn-history/historic-planitem-instances/:planItemInstanceId',
    {
      schema: {
        response: { 200: PlanItemInstance },
        tags: ['History PlanItem'],
        summary: 'Get a historic plan item instance',
        params: IdParams('planItemInstanceId'),
      },
    },
    async (request) => {
      const row = await visible(request, await getPlanItem(db, request.params.planItemInstanceId, false));
      if (!row) throw notFound('historic plan item instance', request.params.planItemInstanceId);
      return planItemResponse(row, urlsFor(rest, request), true);
    },
  );

  listRoutes(app, {
    item: HistoricMilestone,
    api: 'cmmn-api',
    path: 'cmmn-history/historic-milestone-instances',
    queryPath: 'cmmn-query/historic-milestone-instances',
    tags: ['History Milestone'],
    what: 'historic milestone instances',
    filters: {
      milestoneId: Str(),
      milestoneName: Str(),
      caseInstanceId: Str(),
      caseDefinitionId: Str(),
      reachedBefore: Str(),
      reachedAfter: Str(),
    },
    sorts: milestoneSorts,
    defaultSort: 'milestoneTimestamp',
    load: (request, { milestoneId, milestoneName, ...filter }, page) =>
      listMilestones(
        db,
        {
          ...withDates(filter, ['reachedBefore', 'reachedAfter'] as const),
          id: milestoneId,
          name: milestoneName,
        },
        page,
        viewer(request),
      ),
    respond: (request, rows) => rows.map((m) => milestoneResponse(m, urlsFor(rest, request))),
  });

  app.get(
    '/cmmn-api/cmmn-history/historic-milestone-instances/:milestoneInstanceId',
    {
      schema: {
        response: { 200: HistoricMilestone },
        tags: ['History Milestone'],
        summary: 'Get a historic milestone instance',
        params: IdParams('milestoneInstanceId'),
      },
    },
    async (request) => {
      const { milestoneInstanceId } = request.params;
      const [row] = (
        await listMilestones(
          db,
          { id: milestoneInstanceId },
          { start: 0, size: 1, sort: 'milestoneTimestamp', order: 'asc' },
          viewer(request),
        )
      ).rows;
      if (!row) throw notFound('historic milestone instance', milestoneInstanceId);
      return milestoneResponse(row, urlsFor(rest, request));
    },
  );

  listRoutes(app, {
    item: HistoricCaseVariable,
    api: 'cmmn-api',
    path: 'cmmn-history/historic-variable-instances',
    queryPath: 'cmmn-query/historic-variable-instances',
    tags: ['History'],
    what: 'historic case variable instances',
    filters: {
      caseInstanceId: Str(),
      taskId: Str(),
      variableName: Str(),
      variableNameLike: Str(),
      excludeTaskVariables: Bool(),
    },
    sorts: { name: 'name', variableName: 'name', caseInstanceId: 'case_instance_id' },
    defaultSort: 'variableName',
    load: (request, filter, page) => listHistoricCaseVariables(db, filter, page, viewer(request)),
    respond: (request, rows) => rows.map((v) => historicCaseVariableResponse(v, urlsFor(rest, request))),
  });

  const varTags = ['History'];
  const historicVariable = (row: CaseVariableRow) => ({ type: row.type as VariableType, value: row.value });

  app.get(
    '/cmmn-api/cmmn-history/historic-variable-instances/:varInstanceId/data',
    {
      schema: {
        response: { 200: VariableDataAnswer },
        tags: varTags,
        summary: 'The bytes of a binary or serializable historic case variable',
        params: IdParams('varInstanceId'),
      },
    },
    async (request, reply) => {
      const { varInstanceId } = request.params;
      const page = { start: 0, size: 1, sort: 'variableName', order: 'asc' } as const;
      const [row] = (await listHistoricCaseVariables(db, { id: varInstanceId }, page, viewer(request))).rows;
      if (!row)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Historic variable instance '${varInstanceId}' could not be found.`,
        );
      return sendVariableBytes(db, reply, historicVariable(row));
    },
  );

  app.get(
    '/cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/variables/:variableName/data',
    {
      schema: {
        response: { 200: VariableDataAnswer },
        tags: varTags,
        summary: 'The bytes of a binary or serializable variable of a historic case instance',
        params: IdParams('caseInstanceId', 'variableName'),
      },
    },
    async (request, reply) => {
      const { caseInstanceId, variableName } = request.params;
      const known =
        (await maySeeCase(db, principalOf(request), caseInstanceId)) &&
        (await getHistoricCase(db, caseInstanceId)) !== undefined;
      if (!known) throw notFound('historic case instance', caseInstanceId);
      const page = { start: 0, size: 1, sort: 'variableName', order: 'asc' } as const;
      const filter = { caseInstanceId, variableName, excludeTaskVariables: true };
      const [row] = (await listHistoricCaseVariables(db, filter, page)).rows;
      if (!row) throw missingVariable('Historic case instance', caseInstanceId, variableName);
      return sendVariableBytes(db, reply, historicVariable(row));
    },
  );
};
