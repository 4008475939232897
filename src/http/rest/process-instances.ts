/** `/process-api/runtime/process-instances`: start, list, get, delete, suspend/activate, identity links (variables: `process-instance-variables.ts`). */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { InstanceRow } from '../../engine/runtime-types.ts';
import { selectHistoricInstance } from '../../persistence/queries-sql.ts';
import { loadInstance } from '../../persistence/runtime-sql.ts';
import { identityLinksOfInstance } from '../../persistence/rest-tasks-sql.ts';
import {
  instanceSorts,
  listProcessInstances,
  type InstanceFilter,
} from '../../persistence/rest-runtime-sql.ts';
import { listHistoricVariables } from '../../persistence/rest-history-sql.ts';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { idParams, iso, notFound, urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  pagingProperties,
  readPage,
  type PagingInput,
} from './paging.ts';
import { instanceResponse, rootVariablesOf } from './responses.ts';
import {
  instanceChangesOf,
  instanceUpdateSchema,
  type InstanceUpdateBody,
} from './process-instance-update.ts';
import {
  queryVariableSchema,
  restVariable,
  restVariables,
  restVariablesSchema,
  toEngineVariables,
  toVariableConditions,
  type RestQueryVariable,
  type RestVariable,
  type RestVariableInput,
} from './variables.ts';

const tags = ['Process Instances'];
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

interface StartBody {
  processDefinitionId?: string;
  processDefinitionKey?: string;
  message?: string;
  businessKey?: string | null;
  name?: string | null;
  tenantId?: string | null;
  variables?: RestVariableInput[] | null;
  transientVariables?: RestVariableInput[] | null;
  returnVariables?: boolean;
}

const startBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    processDefinitionId: str,
    processDefinitionKey: str,
    message: str,
    businessKey: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    tenantId: { type: ['string', 'null'] },
    variables: restVariablesSchema,
    transientVariables: restVariablesSchema,
    returnVariables: bool,
  },
} as const;

interface InstanceQuery extends PagingInput {
  id?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  businessKey?: string;
  businessKeyLike?: string;
  name?: string;
  nameLike?: string;
  involvedUser?: string;
  startedBy?: string;
  suspended?: boolean;
  superProcessInstanceId?: string;
  subProcessInstanceId?: string;
  excludeSubprocesses?: boolean;
  includeProcessVariables?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

const instanceFilterProperties = {
  id: str,
  processDefinitionKey: str,
  processDefinitionId: str,
  businessKey: str,
  businessKeyLike: str,
  name: str,
  nameLike: str,
  involvedUser: str,
  startedBy: str,
  suspended: bool,
  superProcessInstanceId: str,
  subProcessInstanceId: str,
  excludeSubprocesses: bool,
  includeProcessVariables: bool,
  tenantId: str,
  tenantIdLike: str,
  withoutTenantId: bool,
};

interface InstanceQueryBody extends InstanceQuery {
  processInstanceIds?: string[];
  variables?: RestQueryVariable[];
}

export const instanceQueryBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...instanceFilterProperties,
    ...pagingProperties,
    processInstanceIds: { type: 'array', items: str },
    variables: { type: 'array', items: queryVariableSchema },
  },
} as const;

const toFilter = (request: FastifyRequest, q: InstanceQueryBody): InstanceFilter => ({
  ...q,
  ids: q.processInstanceIds,
  variables: toVariableConditions(q.variables),
  visibleTo: viewerOf(principalOf(request)),
});

export const processInstanceRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  /** The running instance, if the caller may see it (404 alike when it does not exist or is not theirs). */
  const requireInstance = async (request: FastifyRequest, id: string): Promise<InstanceRow> => {
    await requireVisibleInstance(db, principalOf(request), id);
    const row = await loadInstance(db, id);
    if (!row) throw notFound('process instance', id);
    return row;
  };

  const listInstances = async (request: FastifyRequest, query: InstanceQueryBody, paging: PagingInput) => {
    const page = readPage(paging, instanceSorts, 'id');
    const { rows, total } = await listProcessInstances(db, toFilter(request, query), page);
    const urls = urlsFor(rest, request);
    return envelope(
      rows.map((r) => instanceResponse(r, urls, { includeVariables: query.includeProcessVariables })),
      total,
      page,
    );
  };

  app.post<{ Body: StartBody }>(
    '/process-api/runtime/process-instances',
    {
      schema: {
        tags,
        summary: 'Start a process instance by definition id, key or message',
        body: startBodySchema,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const given = [body.processDefinitionId, body.processDefinitionKey, body.message].filter(
        (v) => v !== undefined,
      );
      if (given.length !== 1) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Either processDefinitionId, processDefinitionKey or message is required (exactly one of them)',
        );
      }
      const variables = toEngineVariables(body.variables);
      const transients = toEngineVariables(body.transientVariables);
      const input = {
        businessKey: body.businessKey ?? null,
        name: body.name ?? null,
        variables: variables.values,
        variableTypes: variables.types,
        transientVariables: transients.values,
        tenantId: body.tenantId ?? undefined,
        startUserId: principalOf(request).userId,
        by: principalOf(request),
      };
      const started = await (async () => {
        try {
          if (body.processDefinitionId)
            return await engine.startProcessInstanceById(body.processDefinitionId, input);
          if (body.processDefinitionKey)
            return await engine.startProcessInstanceByKey(body.processDefinitionKey, input);
          return await engine.startProcessInstanceByMessage(body.message!, input);
        } catch (error) {
          // As in Flowable: a definition or message that does not exist makes the request bad, not a missing resource.
          if (error instanceof WeirError && error.code === 'WEIR_NOT_FOUND') {
            throw new WeirError('WEIR_ILLEGAL_ARGUMENT', error.message, { cause: error });
          }
          throw error;
        }
      })();
      const urls = urlsFor(rest, request);
      const row = await loadInstance(db, started.id);
      let returned: RestVariable[] | undefined;
      if (body.returnVariables) {
        if (row) returned = restVariables(rootVariablesOf(row), 'local');
        else {
          const history = await listHistoricVariables(
            db,
            { processInstanceId: started.id, excludeTaskVariables: true },
            { start: 0, size: 10_000, sort: 'variableName', order: 'asc' },
          );
          returned = history.rows
            .filter((v) => v.executionId === started.id)
            .map((v) => restVariable(v.name, { type: v.type as never, value: v.value }, 'local'));
        }
      }
      if (row) return reply.code(201).send(instanceResponse(row, urls, { variables: returned }));
      const history = await selectHistoricInstance(db, started.id);
      return reply.code(201).send({
        id: started.id,
        url: urls('process-api/runtime/process-instances/%s', started.id),
        businessKey: started.businessKey,
        suspended: false,
        ended: true,
        completed: true,
        processDefinitionId: started.definitionId,
        processDefinitionUrl: urls('process-api/repository/process-definitions/%s', started.definitionId),
        processDefinitionKey: history?.definitionKey ?? null,
        activityId: null,
        startUserId: history?.startUserId ?? null,
        startTime: iso(history?.startedAt),
        variables: returned ?? [],
        tenantId: history?.tenantId ?? '',
      });
    },
  );

  app.get<{ Querystring: InstanceQuery }>(
    '/process-api/runtime/process-instances',
    {
      schema: {
        tags,
        summary: 'List process instances',
        querystring: listQuerySchema(instanceFilterProperties),
      },
    },
    (request) => listInstances(request, request.query, request.query),
  );

  app.post<{ Body: InstanceQueryBody; Querystring: PagingInput }>(
    '/process-api/query/process-instances',
    {
      schema: {
        tags: ['Query'],
        summary: 'Query process instances (filters and variable conditions in the body)',
        body: instanceQueryBodySchema,
        querystring: { type: 'object', properties: pagingProperties },
      },
    },
    (request) => listInstances(request, request.body, pagingFrom(request.body, request.query)),
  );

  app.get<{ Params: { processInstanceId: string } }>(
    '/process-api/runtime/process-instances/:processInstanceId',
    { schema: { tags, summary: 'Get a process instance', params: idParams('processInstanceId') } },
    async (request) => {
      const { rows } = await listProcessInstances(
        db,
        { id: request.params.processInstanceId, visibleTo: viewerOf(principalOf(request)) },
        { start: 0, size: 1, sort: 'id', order: 'asc' },
      );
      if (!rows[0]) throw notFound('process instance', request.params.processInstanceId);
      return instanceResponse(rows[0], urlsFor(rest, request));
    },
  );

  app.delete<{ Params: { processInstanceId: string }; Querystring: { deleteReason?: string } }>(
    '/process-api/runtime/process-instances/:processInstanceId',
    {
      schema: {
        tags,
        summary: 'Delete a process instance',
        params: idParams('processInstanceId'),
        querystring: { type: 'object', properties: { deleteReason: str } },
      },
    },
    async (request, reply) => {
      await engine.deleteProcessInstance(
        request.params.processInstanceId,
        request.query.deleteReason ?? null,
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { processInstanceId: string }; Body: InstanceUpdateBody }>(
    '/process-api/runtime/process-instances/:processInstanceId',
    {
      schema: {
        tags,
        summary: 'Suspend, activate or update a process instance',
        params: idParams('processInstanceId'),
        body: instanceUpdateSchema,
      },
    },
    async (request) => {
      const { processInstanceId } = request.params;
      const { action, ...changes } = request.body;
      if (action === 'suspend' || action === 'activate')
        await engine.setProcessInstanceSuspended(
          processInstanceId,
          action === 'suspend',
          principalOf(request),
        );
      else
        await engine.updateProcessInstance(
          processInstanceId,
          instanceChangesOf(action, changes),
          principalOf(request),
        );
      return instanceResponse(await requireInstance(request, processInstanceId), urlsFor(rest, request));
    },
  );

  app.get<{ Params: { processInstanceId: string } }>(
    '/process-api/runtime/process-instances/:processInstanceId/identitylinks',
    {
      schema: {
        tags,
        summary: 'Involved people of a process instance',
        params: idParams('processInstanceId'),
      },
    },
    async (request) => {
      const row = await requireInstance(request, request.params.processInstanceId);
      const urls = urlsFor(rest, request);
      const links = await identityLinksOfInstance(db, row.id);
      const starter = row.startUserId ? [{ userId: row.startUserId, groupId: null, type: 'starter' }] : [];
      return [...starter, ...links.filter((l) => l.type !== 'starter')].map((l) => ({
        url: urls(
          'process-api/runtime/process-instances/%s/identitylinks/users/%s/%s',
          row.id,
          l.userId ?? '',
          l.type,
        ),
        user: l.userId,
        group: l.groupId,
        type: l.type,
      }));
    },
  );
};
