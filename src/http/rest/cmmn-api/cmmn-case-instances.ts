/**
 * `/cmmn-api/cmmn-runtime/case-instances`: start a case (by definition id, or the latest by key
 * in a tenant), list and query running cases, get one, terminate it (DELETE), its variables,
 * and its stage overview.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import {
  deleteCaseVariable,
  deleteCaseVariables,
  requireVisibleCase,
  setCaseVariables,
  startCase,
  terminateCaseInstance,
} from '../../../cmmn/index.ts';
import {
  caseInstanceSorts,
  caseVariablesOf,
  getRunningCase,
  listCaseInstances,
} from '../../../persistence/cmmn-rest-sql.ts';
import { viewerOf } from '../../../engine/authorization.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, NullableStr, notFound, urlsFor, type RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { NoContent, RestVariableAnswer } from '../schemas/common.ts';
import { CaseInstance, StageOverviewItem } from '../schemas/cmmn.ts';
import {
  QueryVariables,
  RestVariableBody,
  RestVariableList,
  restVariable,
  toEngineVariables,
  toVariableConditions,
} from '../variables.ts';
import { caseInstanceResponse, caseRestVariables } from './cmmn-responses.ts';
import { stageOverview } from './stage-overview.ts';
import type { StoredVariable } from '../../../engine/runtime-types.ts';
import { ownVariable } from '../../../engine/own-variables.ts';
import { missingVariable, sendVariableBytes, VariableDataAnswer } from '../variable-data.ts';

const tags = ['Case Instances'];
const base = '/cmmn-api/cmmn-runtime/case-instances';

const caseFilters = {
  id: Str(),
  caseDefinitionId: Str(),
  caseDefinitionKey: Str(),
  caseDefinitionKeyLike: Str(),
  businessKey: Str(),
  businessKeyLike: Str(),
  name: Str(),
  nameLike: Str(),
  startedBy: Str(),
  state: Str(),
  callbackId: Str(),
  callbackType: Str(),
  parentCaseInstanceId: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  includeCaseVariables: Bool(),
};

const CreateCase = Type.Object(
  {
    caseDefinitionId: NullableStr(),
    caseDefinitionKey: NullableStr(),
    businessKey: NullableStr(),
    name: NullableStr(),
    tenantId: NullableStr(),
    overrideDefinitionTenantId: NullableStr(),
    outcome: NullableStr(),
    variables: RestVariableList(),
    transientVariables: RestVariableList(),
    startFormVariables: RestVariableList(),
    returnVariables: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const cmmnCaseInstanceRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  /** The running case, if the caller may see it (else the answer of a missing case). */
  const requireCase = async (request: FastifyRequest, id: string) => {
    await requireVisibleCase(db, principalOf(request), id);
    const row = await getRunningCase(db, id);
    if (!row) throw notFound('case instance', id);
    return row;
  };

  app.post(
    base,
    {
      schema: { body: CreateCase, response: { 201: CaseInstance }, tags, summary: 'Start a case instance' },
    },
    async (request, reply) => {
      const body = request.body;
      if (!body.caseDefinitionId === !body.caseDefinitionKey)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Either caseDefinitionId or caseDefinitionKey is required, not both.',
        );
      if (body.transientVariables?.length || body.startFormVariables?.length || body.outcome)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Weir starts cases without transient or start form variables',
        );
      const { values, types } = toEngineVariables(body.variables);
      const started = await startCase(engine, {
        caseDefinitionId: body.caseDefinitionId ?? undefined,
        caseDefinitionKey: body.caseDefinitionKey ?? undefined,
        tenantId: body.tenantId ?? '',
        businessKey: body.businessKey ?? null,
        name: body.name ?? null,
        variables: values,
        variableTypes: types,
        startUserId: principalOf(request)?.userId ?? null,
        by: principalOf(request),
      }).catch((error: unknown) => {
        // as Flowable's REST API: a definition the body names but that does not exist is a bad request
        if (error instanceof WeirError && error.code === 'WEIR_NOT_FOUND')
          throw new WeirError('WEIR_ILLEGAL_ARGUMENT', error.message, { cause: error });
        throw error;
      });
      const d = started.definition;
      const answer = caseInstanceResponse(
        {
          ...started.row,
          definitionKey: d.key,
          definitionName: d.name,
          definitionDescription: d.description,
          endedAt: started.ended ? new Date() : null,
        },
        urlsFor(rest, request),
        body.returnVariables ? caseRestVariables(started.row.document.variables) : [],
      );
      return reply.code(201).send(answer);
    },
  );

  listRoutes(app, {
    item: CaseInstance,
    api: 'cmmn-api',
    path: 'cmmn-runtime/case-instances',
    queryPath: 'cmmn-query/case-instances',
    tags,
    what: 'case instances',
    filters: caseFilters,
    bodyFilters: { variables: QueryVariables() },
    sorts: caseInstanceSorts,
    defaultSort: 'id',
    load: (request, { includeCaseVariables: _, variables, ...filter }, page) =>
      listCaseInstances(
        db,
        { ...filter, variables: toVariableConditions(variables) },
        page,
        viewerOf(principalOf(request)),
      ),
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      return Promise.all(
        rows.map(async (row) =>
          caseInstanceResponse(
            row,
            urls,
            filter.includeCaseVariables
              ? caseRestVariables((await caseVariablesOf(db, row.id)) as Record<string, StoredVariable>)
              : [],
          ),
        ),
      );
    },
  });

  const params = IdParams('caseInstanceId');

  app.get(
    `${base}/:caseInstanceId`,
    { schema: { response: { 200: CaseInstance }, tags, summary: 'Get a case instance', params } },
    async (request) =>
      caseInstanceResponse(await requireCase(request, request.params.caseInstanceId), urlsFor(rest, request)),
  );

  app.delete(
    `${base}/:caseInstanceId`,
    { schema: { response: { 204: NoContent }, tags, summary: 'Terminate (delete) a case instance', params } },
    async (request, reply) => {
      await requireCase(request, request.params.caseInstanceId);
      await terminateCaseInstance(engine, request.params.caseInstanceId, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/:caseInstanceId/stage-overview`,
    {
      schema: {
        response: { 200: Type.Array(StageOverviewItem) },
        tags,
        summary: 'The stages and milestones of a case instance, in plan order',
        params,
      },
    },
    async (request) => {
      const row = await requireCase(request, request.params.caseInstanceId);
      return stageOverview(db, row);
    },
  );

  // --- variables ---------------------------------------------------------------------------
  const variablesOf = async (
    request: FastifyRequest,
    id: string,
  ): Promise<Record<string, StoredVariable>> => {
    await requireCase(request, id);
    return ((await caseVariablesOf(db, id)) ?? {}) as Record<string, StoredVariable>;
  };

  const caseDataUrl = (request: FastifyRequest, id: string, name: string) =>
    urlsFor(rest, request)('cmmn-api/cmmn-runtime/case-instances/%s/variables/%s/data', id, name);

  app.get(
    `${base}/:caseInstanceId/variables`,
    {
      schema: {
        response: { 200: Type.Array(RestVariableAnswer) },
        tags,
        summary: 'List the variables of a case instance',
        params,
      },
    },
    async (request) => {
      const id = request.params.caseInstanceId;
      return caseRestVariables(await variablesOf(request, id), (name) => caseDataUrl(request, id, name));
    },
  );

  for (const [method, createOnly] of [
    ['POST', true],
    ['PUT', false],
  ] as const)
    app.route({
      method,
      url: `${base}/:caseInstanceId/variables`,
      schema: {
        body: Type.Array(RestVariableBody),
        response: { 201: Type.Array(RestVariableAnswer) },
        tags,
        summary: createOnly ? 'Create case variables (409 if one exists)' : 'Create or update case variables',
        params,
      },
      handler: async (request, reply) => {
        const id = request.params.caseInstanceId;
        await requireCase(request, id);
        if (request.body.length === 0)
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            'Request did not contain a list of variables to create.',
          );
        const { values, types } = toEngineVariables(request.body);
        const after = await setCaseVariables(engine, id, values, types, createOnly, principalOf(request));
        return reply
          .code(201)
          .send(
            request.body.map((v) =>
              restVariable(v.name, after[v.name] ?? { type: 'null', value: null }, 'global'),
            ),
          );
      },
    });

  app.delete(
    `${base}/:caseInstanceId/variables`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete all variables of a case instance',
        params,
      },
    },
    async (request, reply) => {
      await deleteCaseVariables(engine, request.params.caseInstanceId, principalOf(request));
      return reply.code(204).send();
    },
  );

  const variableParams = IdParams('caseInstanceId', 'variableName');

  app.get(
    `${base}/:caseInstanceId/variables/:variableName/data`,
    {
      schema: {
        response: { 200: VariableDataAnswer },
        tags,
        summary: 'The bytes of a binary or serializable variable of a case instance',
        params: variableParams,
      },
    },
    async (request, reply) => {
      const { caseInstanceId, variableName } = request.params;
      const stored = ownVariable(await variablesOf(request, caseInstanceId), variableName);
      if (!stored) throw missingVariable('Case instance', caseInstanceId, variableName);
      return sendVariableBytes(db, reply, stored);
    },
  );

  app.get(
    `${base}/:caseInstanceId/variables/:variableName`,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags,
        summary: 'Get a case variable',
        params: variableParams,
      },
    },
    async (request) => {
      const { caseInstanceId, variableName } = request.params;
      const variables = await variablesOf(request, caseInstanceId);
      const v = Object.hasOwn(variables, variableName) ? variables[variableName] : undefined;
      if (!v)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Case instance '${caseInstanceId}' does not have a variable with name: '${variableName}'.`,
        );
      return restVariable(variableName, v, 'global', caseDataUrl(request, caseInstanceId, variableName));
    },
  );

  app.put(
    `${base}/:caseInstanceId/variables/:variableName`,
    {
      schema: {
        body: RestVariableBody,
        response: { 200: RestVariableAnswer },
        tags,
        summary: 'Create or update one case variable',
        params: variableParams,
      },
    },
    async (request) => {
      const { caseInstanceId, variableName } = request.params;
      await requireCase(request, caseInstanceId);
      if (request.body.name !== variableName)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Variable name in the body does not match the path');
      const { values, types } = toEngineVariables([request.body]);
      const after = await setCaseVariables(
        engine,
        caseInstanceId,
        values,
        types,
        false,
        principalOf(request),
      );
      return restVariable(variableName, after[variableName], 'global');
    },
  );

  app.delete(
    `${base}/:caseInstanceId/variables/:variableName`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a case variable',
        params: variableParams,
      },
    },
    async (request, reply) => {
      const { caseInstanceId, variableName } = request.params;
      await requireCase(request, caseInstanceId);
      await deleteCaseVariable(engine, caseInstanceId, variableName, principalOf(request));
      return reply.code(204).send();
    },
  );
};
