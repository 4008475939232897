/** `/process-api/runtime/process-instances/{id}/variables`: read, create, update and delete an instance's variables. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { InstanceRow } from '../../engine/runtime-types.ts';
import { requireVisibleInstance } from '../../engine/authorization.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { IdParams, notFound, urlsFor, type RestContext } from './context.ts';
import { jsonOrUpload, writeUploadedVariable } from './variable-upload.ts';
import { removeExecutionLocalVariables } from '../../engine/execution-variables.ts';
import { rootVariablesOf } from './responses.ts';
import {
  restVariable,
  RestVariableBody,
  restVariables,
  toEngineVariables,
  type RestVariableInput,
} from './variables.ts';
import { NoContent, RestVariableAnswer } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';

const DATA_URL = 'process-api/runtime/process-instances/%s/variables/%s/data';

export const processInstanceVariableRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
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

  const variablesPath = '/process-api/runtime/process-instances/:processInstanceId/variables';
  const varTags = ['Process Instance Variables'];

  app.get(
    variablesPath,
    {
      schema: {
        response: { 200: Type.Array(RestVariableAnswer) },
        tags: varTags,
        summary: 'The variables of a process instance',
        params: IdParams('processInstanceId'),
      },
    },
    async (request) =>
      restVariables(
        rootVariablesOf(await requireInstance(request, request.params.processInstanceId)),
        'local',
        (name) => urlsFor(rest, request)(DATA_URL, request.params.processInstanceId, name),
      ),
  );

  const writeVariables = async (
    request: FastifyRequest,
    instanceId: string,
    list: readonly RestVariableInput[],
    createOnly: boolean,
  ) => {
    await requireInstance(request, instanceId);
    if (list.length === 0)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Request did not contain a list of variables to create.');
    const { values, types } = toEngineVariables(list);
    await engine.setVariables(instanceId, values, {
      local: true,
      types,
      by: principalOf(request),
      refuseExisting: createOnly
        ? (name) =>
            new WeirError(
              'WEIR_CONFLICT',
              `Variable '${name}' is already present on process instance '${instanceId}'.`,
            )
        : undefined,
    });
    const after = rootVariablesOf(await requireInstance(request, instanceId));
    const urls = urlsFor(rest, request);
    return list.map((v) =>
      restVariable(v.name, ownVariable(after, v.name)!, 'local', urls(DATA_URL, instanceId, v.name)),
    );
  };

  // POST creates (409 for a name that exists), PUT creates or updates; both answer 201
  for (const [method, mode, summary] of [
    ['POST', 'create', 'Create variables (409 if one exists)'],
    ['PUT', 'upsert', 'Create or update variables'],
  ] as const) {
    app.route({
      method,
      url: variablesPath,
      schema: {
        response: {
          201: Type.Union([Type.Array(RestVariableAnswer), RestVariableAnswer], {
            description: 'The variables written; one variable for an upload',
          }),
          409: ErrorBody,
        },
        tags: varTags,
        summary,
        params: IdParams('processInstanceId'),
        body: jsonOrUpload(Type.Array(RestVariableBody)),
      },
      handler: async (request, reply) => {
        const { processInstanceId } = request.params;
        return reply.code(201).send(
          request.isMultipart()
            ? await writeUploadedVariable(rest, request, processInstanceId, {
                mode,
                local: true,
                dataUrl: DATA_URL,
              })
            : await writeVariables(
                request,
                processInstanceId,
                request.body as RestVariableInput[],
                mode === 'create',
              ),
        );
      },
    });
  }

  app.delete(
    variablesPath,
    {
      schema: {
        response: { 204: NoContent },
        tags: varTags,
        summary: 'Delete all variables of a process instance',
        params: IdParams('processInstanceId'),
      },
    },
    async (request, reply) => {
      const row = await requireInstance(request, request.params.processInstanceId);
      await removeExecutionLocalVariables(engine, row.id, principalOf(request));
      return reply.code(204).send();
    },
  );

  const variablePath = `${variablesPath}/:variableName`;
  const variableParams = IdParams('processInstanceId', 'variableName');

  app.get(
    variablePath,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags: varTags,
        summary: 'One variable of a process instance',
        params: variableParams,
      },
    },
    async (request) => {
      const { processInstanceId, variableName } = request.params;
      const stored = ownVariable(
        rootVariablesOf(await requireInstance(request, processInstanceId)),
        variableName,
      );
      if (!stored) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Process instance '${processInstanceId}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return restVariable(
        variableName,
        stored,
        'local',
        urlsFor(rest, request)(DATA_URL, processInstanceId, variableName),
      );
    },
  );

  app.put(
    variablePath,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags: varTags,
        summary: 'Create or update one variable',
        params: variableParams,
        body: jsonOrUpload(RestVariableBody),
      },
    },
    async (request) => {
      const { processInstanceId, variableName } = request.params;
      if (request.isMultipart()) {
        const options = { mode: 'update', local: true, urlName: variableName, dataUrl: DATA_URL } as const;
        return writeUploadedVariable(rest, request, processInstanceId, options);
      }
      const body = request.body as RestVariableInput;
      if (body.name !== variableName) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Variable name in the body must be the same as in the URL',
        );
      }
      const [variable] = await writeVariables(request, processInstanceId, [body], false);
      return variable;
    },
  );

  app.delete(
    variablePath,
    {
      schema: {
        response: { 204: NoContent },
        tags: varTags,
        summary: 'Delete one variable',
        params: variableParams,
      },
    },
    async (request, reply) => {
      const { processInstanceId, variableName } = request.params;
      await requireInstance(request, processInstanceId);
      if (!(await engine.removeVariable(processInstanceId, variableName, true, principalOf(request)))) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Process instance '${processInstanceId}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return reply.code(204).send();
    },
  );
};
