/** `/process-api/runtime/executions`, `runtime/signals` and `runtime/event-subscriptions`. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { WeirError, isWeirError } from '../../errors.ts';
import { getSubscriptionRow } from '../../persistence/runtime-sql.ts';
import {
  executionSorts,
  instanceOfExecution,
  listEventSubscriptions,
  listExecutions,
  subscriptionSorts,
  type ExecutionListRow,
} from '../../persistence/rest-runtime-sql.ts';
import { idParams, notFound, parseDate, urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  queryRouteSchema,
  readPage,
  type PagingInput,
} from './paging.ts';
import { executionResponse, subscriptionResponse } from './responses.ts';
import {
  queryVariableSchema,
  restVariables,
  restVariablesSchema,
  toEngineVariables,
  toVariableConditions,
  type RestQueryVariable,
  type RestVariableInput,
} from './variables.ts';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

interface ExecutionQuery extends PagingInput {
  id?: string;
  activityId?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  processInstanceId?: string;
  parentId?: string;
  messageEventSubscriptionName?: string;
  signalEventSubscriptionName?: string;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
  processBusinessKey?: string;
  variables?: RestQueryVariable[];
  processInstanceVariables?: RestQueryVariable[];
}

const executionProperties = {
  id: str,
  activityId: str,
  processDefinitionKey: str,
  processDefinitionId: str,
  processInstanceId: str,
  processBusinessKey: str,
  parentId: str,
  messageEventSubscriptionName: str,
  signalEventSubscriptionName: str,
  tenantId: str,
  tenantIdLike: str,
  withoutTenantId: bool,
};

interface ExecutionAction {
  action: 'signal' | 'trigger' | 'signalEventReceived' | 'messageEventReceived';
  signalName?: string;
  messageName?: string;
  variables?: RestVariableInput[] | null;
  transientVariables?: RestVariableInput[] | null;
}

const executionActionSchema = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['signal', 'trigger', 'signalEventReceived', 'messageEventReceived'] },
    signalName: str,
    messageName: str,
    variables: restVariablesSchema,
    transientVariables: restVariablesSchema,
  },
} as const;

interface SubscriptionQuery extends PagingInput {
  id?: string;
  eventType?: string;
  eventName?: string;
  activityId?: string;
  executionId?: string;
  processInstanceId?: string;
  withoutProcessInstanceId?: boolean;
  processDefinitionId?: string;
  createdBefore?: string;
  createdAfter?: string;
  tenantId?: string;
  withoutTenantId?: boolean;
}

const isNotFound = (error: unknown) => isWeirError(error) && error.code === 'WEIR_NOT_FOUND';

export const executionRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
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

  const executions = async (request: FastifyRequest, q: ExecutionQuery, paging: PagingInput) => {
    const page = readPage(paging, executionSorts, 'id');
    const { rows, total } = await listExecutions(
      db,
      {
        ...q,
        variables: toVariableConditions(q.variables),
        processInstanceVariables: toVariableConditions(q.processInstanceVariables),
        visibleTo: viewerOf(principalOf(request)),
      },
      page,
    );
    const urls = urlsFor(rest, request);
    return envelope(
      rows.map((e) => executionResponse(e, urls)),
      total,
      page,
    );
  };

  app.get<{ Querystring: ExecutionQuery }>(
    '/process-api/runtime/executions',
    { schema: { tags, summary: 'List executions', querystring: listQuerySchema(executionProperties) } },
    (request) => executions(request, request.query, request.query),
  );

  app.post<{ Body: ExecutionQuery; Querystring: PagingInput }>(
    '/process-api/query/executions',
    {
      schema: queryRouteSchema('Query executions', {
        ...executionProperties,
        variables: { type: 'array', items: queryVariableSchema },
        processInstanceVariables: { type: 'array', items: queryVariableSchema },
      }),
    },
    (request) => executions(request, request.body, pagingFrom(request.body, request.query)),
  );

  app.get<{ Params: { executionId: string } }>(
    '/process-api/runtime/executions/:executionId',
    { schema: { tags, summary: 'Get an execution', params: idParams('executionId') } },
    async (request) => {
      const execution = await findExecution(request, request.params.executionId);
      if (!execution) throw notFound('execution', request.params.executionId);
      return executionResponse(execution, urlsFor(rest, request));
    },
  );

  app.put<{ Params: { executionId: string }; Body: ExecutionAction }>(
    '/process-api/runtime/executions/:executionId',
    {
      schema: {
        tags,
        summary: 'Signal or trigger an execution, or deliver a message or signal to it',
        params: idParams('executionId'),
        body: executionActionSchema,
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

  app.put<{
    Body: {
      action: 'signalEventReceived';
      signalName: string;
      variables?: RestVariableInput[] | null;
      tenantId?: string;
    };
  }>(
    '/process-api/runtime/executions',
    {
      schema: {
        tags,
        summary: 'Deliver a signal to every execution subscribed to it',
        body: {
          type: 'object',
          required: ['action', 'signalName'],
          additionalProperties: false,
          properties: {
            action: { type: 'string', enum: ['signalEventReceived'] },
            signalName: str,
            variables: restVariablesSchema,
            tenantId: str,
          },
        },
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

  app.get<{ Params: { executionId: string } }>(
    '/process-api/runtime/executions/:executionId/activities',
    {
      schema: {
        tags,
        summary: 'Active activities in an execution and its children',
        params: idParams('executionId'),
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

  app.get<{ Params: { executionId: string }; Querystring: { scope?: 'local' | 'global' } }>(
    '/process-api/runtime/executions/:executionId/variables',
    {
      schema: {
        tags,
        summary: 'Variables of an execution (local, or visible from it with scope=global)',
        params: idParams('executionId'),
        querystring: { type: 'object', properties: { scope: { type: 'string', enum: ['local', 'global'] } } },
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

  app.post<{
    Body: {
      signalName: string;
      tenantId?: string | null;
      async?: boolean;
      variables?: RestVariableInput[] | null;
    };
  }>(
    '/process-api/runtime/signals',
    {
      schema: {
        tags: ['Signals'],
        summary: 'Throw a signal: every subscriber receives it, signal start events start instances',
        body: {
          type: 'object',
          required: ['signalName'],
          additionalProperties: false,
          properties: {
            signalName: { type: 'string', minLength: 1 },
            tenantId: { type: ['string', 'null'] },
            async: bool,
            variables: restVariablesSchema,
          },
        },
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

  app.get<{ Querystring: SubscriptionQuery }>(
    '/process-api/runtime/event-subscriptions',
    {
      schema: {
        tags: ['Event Subscriptions'],
        summary: 'List event subscriptions',
        querystring: listQuerySchema({
          id: str,
          eventType: str,
          eventName: str,
          activityId: str,
          executionId: str,
          processInstanceId: str,
          withoutProcessInstanceId: bool,
          processDefinitionId: str,
          createdBefore: str,
          createdAfter: str,
          tenantId: str,
          withoutTenantId: bool,
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const page = readPage(q, subscriptionSorts, 'id');
      const { rows, total } = await listEventSubscriptions(
        db,
        {
          ...q,
          createdBefore: parseDate('createdBefore', q.createdBefore),
          createdAfter: parseDate('createdAfter', q.createdAfter),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      );
      const urls = urlsFor(rest, request);
      return envelope(
        rows.map((s) => subscriptionResponse(s, urls)),
        total,
        page,
      );
    },
  );

  app.get<{ Params: { eventSubscriptionId: string } }>(
    '/process-api/runtime/event-subscriptions/:eventSubscriptionId',
    {
      schema: {
        tags: ['Event Subscriptions'],
        summary: 'Get an event subscription',
        params: idParams('eventSubscriptionId'),
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
