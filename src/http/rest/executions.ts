/** `/process-api/runtime/executions`, `runtime/signals` and `runtime/event-subscriptions`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { WeirError, isWeirError } from '../../errors.ts';
import { getSubscriptionRow } from '../../persistence/runtime-reads-sql.ts';
import {
  executionSorts,
  instanceOfExecution,
  listEventSubscriptions,
  listExecutions,
  subscriptionSorts,
  type ExecutionListRow,
} from '../../persistence/rest-runtime-sql.ts';
import {
  ActionBody,
  IdParams,
  notFound,
  NullableStr,
  urlsFor,
  variablesIndexed,
  withDates,
  type RestContext,
} from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { executionResponse, subscriptionResponse } from './responses.ts';
import {
  QueryVariables,
  restVariables,
  RestVariableList,
  toEngineVariables,
  toVariableConditions,
} from './variables.ts';
import { EventSubscription, Execution } from './schemas/runtime.ts';
import { NoContent, RestVariableAnswer } from './schemas/common.ts';

const executionFilters = {
  id: Str(),
  activityId: Str(),
  processDefinitionKey: Str(),
  processDefinitionId: Str(),
  processInstanceId: Str(),
  processBusinessKey: Str(),
  parentId: Str(),
  messageEventSubscriptionName: Str(),
  signalEventSubscriptionName: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

const ExecutionActionBody = ActionBody(['signal', 'trigger', 'signalEventReceived', 'messageEventReceived'], {
  signalName: Str(),
  messageName: Str(),
  variables: RestVariableList(),
  transientVariables: RestVariableList(),
});

const subscriptionFilters = {
  id: Str(),
  eventType: Str(),
  eventName: Str(),
  activityId: Str(),
  executionId: Str(),
  processInstanceId: Str(),
  withoutProcessInstanceId: Bool(),
  processDefinitionId: Str(),
  createdBefore: Str(),
  createdAfter: Str(),
  tenantId: Str(),
  withoutTenantId: Bool(),
};

const isNotFound = (error: unknown) => isWeirError(error) && error.code === 'WEIR_NOT_FOUND';

export const executionRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;
  const tags = ['Executions'];
  const one = { start: 0, size: 1, sort: 'id', order: 'asc' } as const;

  /** The execution, if the caller may see its instance (undefined alike when it does not exist). */
  const findExecution = async (request: FastifyRequest, id: string): Promise<ExecutionListRow | undefined> =>
    (await listExecutions(db, { id, visibleTo: viewerOf(principalOf(request)) }, one)).rows[0];

  /** The instance holding an execution, if the caller may see it. */
  const visibleInstanceOfExecution = async (request: FastifyRequest, executionId: string) => {
    const instance = await instanceOfExecution(db, executionId);
    if (!instance) return undefined;
    await requireVisibleInstance(db, principalOf(request), instance.id).catch((error: unknown) => {
      throw isNotFound(error) ? notFound('execution', executionId) : error;
    });
    return instance;
  };

  listRoutes(app, {
    item: Execution,
    path: 'runtime/executions',
    queryPath: 'query/executions',
    tags,
    what: 'executions',
    filters: executionFilters,
    bodyFilters: { variables: QueryVariables(), processInstanceVariables: QueryVariables() },
    sorts: executionSorts,
    defaultSort: 'id',
    load: (request, filter, page) =>
      listExecutions(
        db,
        {
          ...filter,
          variables: toVariableConditions(filter.variables),
          processInstanceVariables: toVariableConditions(filter.processInstanceVariables),
          variableIndex: variablesIndexed(rest),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((e) => executionResponse(e, urls));
    },
  });

  app.get(
    '/process-api/runtime/executions/:executionId',
    {
      schema: {
        response: { 200: Execution },
        tags,
        summary: 'Get an execution',
        params: IdParams('executionId'),
      },
    },
    async (request) => {
      const execution = await findExecution(request, request.params.executionId);
      if (!execution) throw notFound('execution', request.params.executionId);
      return executionResponse(execution, urlsFor(rest, request));
    },
  );

  app.put(
    '/process-api/runtime/executions/:executionId',
    {
      schema: {
        response: { 200: Execution, 204: NoContent },
        tags,
        summary: 'Signal or trigger an execution, or deliver a message or signal to it',
        params: IdParams('executionId'),
        body: ExecutionActionBody,
      },
    },
    async (request, reply) => {
      const { executionId } = request.params;
      const body = request.body;
      if (!(await findExecution(request, executionId))) throw notFound('execution', executionId);
      const by = principalOf(request);
      const variables = toEngineVariables(body.variables).values;
      const transients = toEngineVariables(body.transientVariables).values;
      switch (body.action) {
        case 'signal':
        case 'trigger':
          await engine.trigger(executionId, variables, transients, by);
          break;
        case 'messageEventReceived':
          if (!body.messageName) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Message name is required');
          await engine.messageEventReceived(body.messageName, executionId, variables, by);
          break;
        case 'signalEventReceived': {
          if (!body.signalName) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Signal name is required');
          const delivered = await engine.signalEventReceived(body.signalName, { executionId, variables });
          if (delivered === 0) {
            throw new WeirError(
              'WEIR_NOT_FOUND',
              `Execution '${executionId}' does not have a subscription to a signal event with name '${body.signalName}'`,
            );
          }
          break;
        }
      }
      const after = await findExecution(request, executionId);
      // As in Flowable: 204 when the execution ended because of the action.
      if (!after) return reply.code(204).send();
      return executionResponse(after, urlsFor(rest, request));
    },
  );

  app.put(
    '/process-api/runtime/executions',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Deliver a signal to every execution subscribed to it',
        body: ActionBody(['signalEventReceived'], {
          signalName: Type.String(),
          variables: RestVariableList(),
          tenantId: Str(),
        }),
      },
    },
    async (request, reply) => {
      await engine.signalEventReceived(request.body.signalName, {
        tenantId: request.body.tenantId ?? '',
        variables: toEngineVariables(request.body.variables).values,
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/process-api/runtime/executions/:executionId/activities',
    {
      schema: {
        response: {
          200: Type.Array(Type.String(), {
            description: 'The ids of the activities the execution and its children wait in',
          }),
        },
        tags,
        summary: 'Active activities in an execution and its children',
        params: IdParams('executionId'),
      },
    },
    async (request) => {
      const { executionId } = request.params;
      const instance = await visibleInstanceOfExecution(request, executionId);
      if (!instance) throw notFound('execution', executionId);
      const live = instance.state.executions.filter((e) => e.state !== 'ended');
      const inTree = new Set([executionId]);
      for (let grew = true; grew;) {
        grew = false;
        for (const e of live) {
          if (e.parentId && inTree.has(e.parentId) && !inTree.has(e.id)) {
            inTree.add(e.id);
            grew = true;
          }
        }
      }
      const childIds = new Set(live.map((e) => e.parentId));
      return [
        ...new Set(
          live
            .filter((e) => inTree.has(e.id) && e.activityId !== null && (!e.isScope || !childIds.has(e.id)))
            .map((e) => e.activityId!),
        ),
      ];
    },
  );

  app.get(
    '/process-api/runtime/executions/:executionId/variables',
    {
      schema: {
        response: { 200: Type.Array(RestVariableAnswer) },
        tags,
        summary: 'Variables of an execution (local, or visible from it with scope=global)',
        params: IdParams('executionId'),
        querystring: Type.Object({
          scope: Type.Optional(Type.Enum(['local', 'global'], { type: 'string' })),
        }),
      },
    },
    async (request) => {
      const { executionId } = request.params;
      const instance = await visibleInstanceOfExecution(request, executionId);
      const exec = instance?.state.executions.find((e) => e.id === executionId);
      if (!instance || !exec) throw notFound('execution', executionId);
      const valueUrlOf = (name: string) =>
        urlsFor(rest, request)('process-api/runtime/executions/%s/variables/%s/data', executionId, name);
      const local = restVariables(exec.variables, 'local', valueUrlOf);
      if (request.query.scope === 'local') return local;
      const seen = new Set(local.map((v) => v.name));
      const result = [...local];
      for (let parentId = exec.parentId; parentId;) {
        const parent = instance.state.executions.find((e) => e.id === parentId);
        if (!parent) break;
        for (const v of restVariables(parent.variables, 'global', valueUrlOf)) {
          if (!seen.has(v.name)) {
            seen.add(v.name);
            result.push(v);
          }
        }
        parentId = parent.parentId;
      }
      return request.query.scope === 'global' ? result.filter((v) => v.scope === 'global') : result;
    },
  );

  // --- signals -------------------------------------------------------------------------------

  app.post(
    '/process-api/runtime/signals',
    {
      schema: {
        response: { 202: NoContent, 204: NoContent },
        tags: ['Signals'],
        summary: 'Throw a signal: every subscriber receives it, signal start events start instances',
        body: Type.Object(
          {
            signalName: Type.String({ minLength: 1 }),
            tenantId: NullableStr(),
            async: Bool(),
            variables: RestVariableList(),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { signalName, tenantId, variables } = request.body;
      const values = toEngineVariables(variables).values;
      if (request.body.async) {
        // Flowable queues an async signal as a job; Weir delivers it after answering.
        void engine
          .signalEventReceived(signalName, { tenantId: tenantId ?? '', variables: values })
          .catch((error: unknown) =>
            request.log.error({ err: error, signalName }, 'Asynchronous signal failed'),
          );
        return reply.code(202).send();
      }
      await engine.signalEventReceived(signalName, { tenantId: tenantId ?? '', variables: values });
      return reply.code(204).send();
    },
  );

  // --- event subscriptions ---------------------------------------------------------------

  listRoutes(app, {
    item: EventSubscription,
    path: 'runtime/event-subscriptions',
    tags: ['Event Subscriptions'],
    what: 'event subscriptions',
    filters: subscriptionFilters,
    sorts: subscriptionSorts,
    defaultSort: 'id',
    load: (request, filter, page) =>
      listEventSubscriptions(
        db,
        {
          ...withDates(filter, ['createdBefore', 'createdAfter'] as const),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((s) => subscriptionResponse(s, urls));
    },
  });

  app.get(
    '/process-api/runtime/event-subscriptions/:eventSubscriptionId',
    {
      schema: {
        response: { 200: EventSubscription },
        tags: ['Event Subscriptions'],
        summary: 'Get an event subscription',
        params: IdParams('eventSubscriptionId'),
      },
    },
    async (request) => {
      const row = await getSubscriptionRow(db, request.params.eventSubscriptionId);
      if (!row) throw notFound('event subscription', request.params.eventSubscriptionId);
      if (row.processInstanceId) {
        await requireVisibleInstance(db, principalOf(request), row.processInstanceId).catch(
          (error: unknown) => {
            throw isNotFound(error)
              ? notFound('event subscription', request.params.eventSubscriptionId)
              : error;
          },
        );
      }
      return subscriptionResponse(row, urlsFor(rest, request));
    },
  );
};
