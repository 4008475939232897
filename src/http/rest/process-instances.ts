/** `/process-api/runtime/process-instances`: start, list, get, delete, suspend/activate, identity links (variables: `process-instance-variables.ts`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { InstanceRow } from '../../engine/runtime-types.ts';
import { selectHistoricInstance } from '../../persistence/queries-sql.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { identityLinksOfInstance } from '../../persistence/rest-tasks-sql.ts';
import { instanceSorts, listProcessInstances } from '../../persistence/rest-runtime-sql.ts';
import { listHistoricVariables } from '../../persistence/rest-history-sql.ts';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { IdParams, notFound, NullableStr, urlsFor, variablesIndexed, type RestContext } from './context.ts';
import { Bool, listRoutes, Str, StrList } from './list-route.ts';
import { endedAtStartResponse, instanceResponse, rootVariablesOf } from './responses.ts';
import { instanceLinkResponse } from './instance-identity-links.ts';
import { instanceChangesOf, instanceUpdateSchema } from './process-instance-update.ts';
import { startFormHook } from '../../forms/form-commands.ts';
import { formValuesOf } from './form-api/form-values-input.ts';
import {
  QueryVariables,
  restVariable,
  restVariables,
  RestVariableList,
  toEngineVariables,
  toVariableConditions,
  type RestVariable,
} from './variables.ts';
import { EndedAtStart, InstanceIdentityLink, ProcessInstance } from './schemas/runtime.ts';
import { NoContent } from './schemas/common.ts';

const tags = ['Process Instances'];

const StartBody = Type.Object(
  {
    processDefinitionId: Str(),
    processDefinitionKey: Str(),
    message: Str(),
    businessKey: NullableStr(),
    name: NullableStr(),
    tenantId: NullableStr(),
    variables: RestVariableList(),
    transientVariables: RestVariableList(),
    startFormVariables: RestVariableList(),
    outcome: NullableStr(),
    returnVariables: Bool(),
  },
  { additionalProperties: false },
);

const instanceFilters = {
  id: Str(),
  processDefinitionKey: Str(),
  processDefinitionId: Str(),
  businessKey: Str(),
  businessKeyLike: Str(),
  name: Str(),
  nameLike: Str(),
  involvedUser: Str(),
  startedBy: Str(),
  suspended: Bool(),
  superProcessInstanceId: Str(),
  subProcessInstanceId: Str(),
  excludeSubprocesses: Bool(),
  includeProcessVariables: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

export const processInstanceRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  /** The running instance, if the caller may see it (404 alike when it does not exist or is not theirs). */
  const requireInstance = async (request: FastifyRequest, id: string): Promise<InstanceRow> => {
    await requireVisibleInstance(db, principalOf(request), id);
    const row = await loadInstance(db, id);
    if (!row) throw notFound('process instance', id);
    return row;
  };

  const instances = listRoutes(app, {
    item: ProcessInstance,
    path: 'runtime/process-instances',
    queryPath: 'query/process-instances',
    tags,
    what: 'process instances',
    filters: instanceFilters,
    bodyFilters: { processInstanceIds: StrList(), variables: QueryVariables() },
    sorts: instanceSorts,
    defaultSort: 'id',
    load: (request, filter, page) =>
      listProcessInstances(
        db,
        {
          ...filter,
          ids: filter.processInstanceIds,
          variables: toVariableConditions(filter.variables),
          variableIndex: variablesIndexed(rest),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      return rows.map((r) => instanceResponse(r, urls, { includeVariables: filter.includeProcessVariables }));
    },
  });

  app.post(
    '/process-api/runtime/process-instances',
    {
      schema: {
        response: { 201: Type.Union([ProcessInstance, EndedAtStart]) },
        tags,
        summary: 'Start a process instance by definition id, key or message',
        body: StartBody,
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
        // Flowable's start with a start form: its values are checked against the form in the command
        startForm:
          (body.startFormVariables?.length ?? 0) > 0 || body.outcome
            ? startFormHook(
                { values: formValuesOf(body.startFormVariables), outcome: body.outcome },
                principalOf(request).userId,
              )
            : undefined,
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
      return reply
        .code(201)
        .send(endedAtStartResponse(started.id, started.definitionId, history, urls, returned));
    },
  );

  app.get(
    '/process-api/runtime/process-instances/:processInstanceId',
    {
      schema: {
        response: { 200: ProcessInstance },
        tags,
        summary: 'Get a process instance',
        params: IdParams('processInstanceId'),
      },
    },
    async (request) => {
      const found = await instances(request, { id: request.params.processInstanceId });
      if (!found.data[0]) throw notFound('process instance', request.params.processInstanceId);
      return found.data[0];
    },
  );

  app.delete(
    '/process-api/runtime/process-instances/:processInstanceId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a process instance',
        params: IdParams('processInstanceId'),
        querystring: Type.Object({ deleteReason: Str() }),
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

  app.put(
    '/process-api/runtime/process-instances/:processInstanceId',
    {
      schema: {
        response: { 200: ProcessInstance },
        tags,
        summary: 'Suspend, activate or update a process instance',
        params: IdParams('processInstanceId'),
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

  app.get(
    '/process-api/runtime/process-instances/:processInstanceId/identitylinks',
    {
      schema: {
        response: { 200: Type.Array(InstanceIdentityLink) },
        tags,
        summary: 'Involved people of a process instance',
        params: IdParams('processInstanceId'),
      },
    },
    async (request) => {
      const row = await requireInstance(request, request.params.processInstanceId);
      const urls = urlsFor(rest, request);
      const links = await identityLinksOfInstance(db, row.id);
      const starter = row.startUserId ? [{ userId: row.startUserId, groupId: null, type: 'starter' }] : [];
      const recorded = links.filter((l) => !(l.type === 'starter' && l.userId === row.startUserId));
      return [...starter, ...recorded].map((l) => instanceLinkResponse(row.id, l, urls));
    },
  );
};
