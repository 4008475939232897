/**
 * `/cmmn-api/cmmn-runtime/event-subscriptions`: the event subscriptions of cases. Flowable's
 * case engine makes them for signal and event-registry event listeners and for cases started
 * by an event-registry event; Weir's case models have none of those (the model refuses them),
 * and its timer event listeners wait as jobs. So no case has an event subscription: the list is
 * empty and every id is unknown (404). The routes take Flowable's filters and answer its shape,
 * so that clients and admin tools that poll them keep working.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import type { RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { IdParams } from '../context.ts';
import { Link, LinkOrNull, Text, TextOrNull, Timestamp } from '../schemas/common.ts';

const tags = ['Event subscriptions'];

/** Flowable's CMMN EventSubscriptionResponse. */
const CaseEventSubscription = Type.Object({
  id: Text(),
  url: Link(),
  eventType: Text(),
  eventName: TextOrNull(),
  activityId: TextOrNull(),
  caseInstanceId: TextOrNull(),
  caseInstanceUrl: LinkOrNull(),
  caseDefinitionId: TextOrNull(),
  caseDefinitionUrl: LinkOrNull(),
  planItemInstanceId: TextOrNull(),
  planItemInstanceUrl: LinkOrNull(),
  executionId: TextOrNull(),
  processInstanceId: TextOrNull(),
  processDefinitionId: TextOrNull(),
  scopeDefinitionId: TextOrNull(),
  scopeId: TextOrNull(),
  subScopeId: TextOrNull(),
  scopeType: TextOrNull(),
  created: Timestamp(),
  configuration: TextOrNull(),
  tenantId: Text("'' when none"),
});

export const cmmnEventSubscriptionRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app) => {
  listRoutes(app, {
    item: CaseEventSubscription,
    api: 'cmmn-api',
    path: 'cmmn-runtime/event-subscriptions',
    tags,
    what: 'event subscriptions of cases (always none: see the module comment)',
    filters: {
      id: Str(),
      eventType: Str(),
      eventName: Str(),
      activityId: Str(),
      caseInstanceId: Str(),
      caseDefinitionId: Str(),
      planItemInstanceId: Str(),
      configuration: Str(),
      withoutConfiguration: Bool(),
      createdBefore: Str(),
      createdAfter: Str(),
      withoutProcessInstanceId: Bool(),
      withoutProcessDefinitionId: Bool(),
      withoutScopeId: Bool(),
      withoutScopeDefinitionId: Bool(),
      tenantId: Str(),
      withoutTenantId: Bool(),
    },
    sorts: { id: 'id', created: 'created_at', tenantId: 'tenant_id' },
    defaultSort: 'id',
    load: () => Promise.resolve({ rows: [], total: 0 }),
    respond: () => [],
  });

  app.get(
    '/cmmn-api/cmmn-runtime/event-subscriptions/:eventSubscriptionId',
    {
      schema: {
        response: { 200: CaseEventSubscription },
        tags,
        summary: 'Get an event subscription of a case (none exist: always 404)',
        params: IdParams('eventSubscriptionId'),
      },
    },
    (request) => {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Could not find an event subscription with id '${request.params.eventSubscriptionId}'.`,
      );
    },
  );
};
