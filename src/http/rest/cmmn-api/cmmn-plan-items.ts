/**
 * `/cmmn-api/cmmn-runtime/plan-item-instances`: the plan item instances of running cases, listed,
 * queried, read one by one, and acted on (Flowable's actions trigger, enable, disable, start;
 * and terminate, and complete for a completable stage). An action that ends the plan item or its case answers 204, as Flowable's does.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import { maySeeCase, planItemAction } from '../../../cmmn/index.ts';
import { viewerOf } from '../../../engine/authorization.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { getPlanItem, listPlanItems, planItemSorts } from '../../../persistence/cmmn-rest-sql.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { NoContent } from '../schemas/common.ts';
import { PlanItemInstance } from '../schemas/cmmn.ts';
import { planItemResponse } from './cmmn-responses.ts';

const tags = ['Plan Item Instances'];

export const planItemFilters = {
  id: Str(),
  caseInstanceId: Str(),
  caseDefinitionId: Str(),
  stageInstanceId: Str(),
  planItemDefinitionId: Str(),
  planItemDefinitionType: Str(),
  name: Str(),
  elementId: Str(),
  state: Str(),
  referenceId: Str(),
  referenceType: Str(),
  startUserId: Str(),
  tenantId: Str(),
  withoutTenantId: Bool(),
};

const Action = Type.Object(
  {
    action: Type.Enum(['trigger', 'enable', 'disable', 'start', 'terminate', 'complete'], {
      type: 'string',
      description:
        "complete: a stage that is completable (Weir, as Flowable's completeStagePlanItemInstance)",
    }),
  },
  { additionalProperties: true },
);

export const cmmnPlanItemRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  listRoutes(app, {
    item: PlanItemInstance,
    api: 'cmmn-api',
    path: 'cmmn-runtime/plan-item-instances',
    queryPath: 'cmmn-query/plan-item-instances',
    tags,
    what: 'plan item instances',
    filters: {
      ...planItemFilters,
      includeEnded: Bool(
        'Also ended instances (completed, terminated...), which are left out by default, as in Flowable',
      ),
    },
    sorts: planItemSorts,
    defaultSort: 'createTime',
    load: (request, { includeEnded, ...filter }, page) =>
      listPlanItems(
        db,
        includeEnded === true ? filter : { ...filter, ended: false },
        page,
        true,
        viewerOf(principalOf(request)),
      ),
    respond: (request, rows) => rows.map((p) => planItemResponse(p, urlsFor(rest, request), false)),
  });

  const params = IdParams('planItemInstanceId');
  /** The plan item of a running case, if the caller may see its case (else: not found). */
  const requireItem = async (request: FastifyRequest, id: string) => {
    const item = await getPlanItem(db, id, true);
    if (!item || !(await maySeeCase(db, principalOf(request), item.caseInstanceId)))
      throw notFound('plan item instance', id);
    return item;
  };

  app.get(
    '/cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId',
    { schema: { response: { 200: PlanItemInstance }, tags, summary: 'Get a plan item instance', params } },
    async (request) =>
      planItemResponse(
        await requireItem(request, request.params.planItemInstanceId),
        urlsFor(rest, request),
        false,
      ),
  );

  app.put(
    '/cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId',
    {
      schema: {
        body: Action,
        response: { 200: PlanItemInstance, 204: NoContent },
        tags,
        summary:
          'Act on a plan item instance: trigger, enable, disable, start, terminate, or complete a stage',
        params,
      },
    },
    async (request, reply) => {
      const item = await requireItem(request, request.params.planItemInstanceId);
      await planItemAction(engine, item.caseInstanceId, item.id, request.body.action, principalOf(request));
      const after = await getPlanItem(db, item.id, true);
      // Flowable reads the instance back with its default query, which leaves ended ones out:
      // an action that ended the plan item (or its case) answers 204
      if (!after || after.endedAt !== null) return reply.code(204).send();
      return planItemResponse(after, urlsFor(rest, request), false);
    },
  );
};
