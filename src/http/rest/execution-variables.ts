/**
 * `runtime/executions/{executionId}/variables`: create, update and delete an execution's
 * variables (the list itself is read in executions.ts), one variable by name, and its bytes
 * (`.../data`). Each write is one engine command (execution-variables.ts). A body is a JSON
 * array (collection) or object (one variable), or a multipart upload of a binary variable.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  removeExecutionLocalVariables,
  removeExecutionVariable,
  writeExecutionVariables,
  type VariableScopeName,
  type VariableWrite,
  type WrittenVariable,
} from '../../engine/execution-variables.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';
import {
  ExecutionParams,
  ExecutionVariableParams,
  executionVariableRequest,
  ScopeQuery,
  visibleExecutionVariable,
} from './execution-variable-reads.ts';
import { sendVariableBytes } from './variable-data.ts';
import { jsonOrUpload, readVariableUpload, uploadedVariable } from './variable-upload.ts';
import { restVariable, RestVariableBody, type RestVariableInput } from './variables.ts';
import { FileAnswer, NoContent, RestVariableAnswer } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';

const tags = ['Executions'];
const path = '/process-api/runtime/executions/:executionId/variables';

export const executionVariableRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine } = rest;

  const answer = (request: FastifyRequest, executionId: string, written: WrittenVariable) =>
    restVariable(
      written.name,
      written.variable,
      written.scope,
      urlsFor(rest, request)(
        'process-api/runtime/executions/%s/variables/%s/data',
        executionId,
        written.name,
      ),
    );

  /** POST (create) and PUT (create or update) of the collection. */
  const writeCollection = async (
    request: FastifyRequest,
    executionId: string,
    reply: FastifyReply,
    mode: VariableWrite['mode'],
  ) => {
    const by = principalOf(request);
    if (request.isMultipart()) {
      const upload = await readVariableUpload(request, rest.limits);
      const write = { variables: [uploadedVariable(upload)], scope: upload.scope ?? 'local', mode } as const;
      const [written] = await writeExecutionVariables(engine, executionId, write, by);
      return reply.code(201).send(answer(request, executionId, written));
    }
    const write = executionVariableRequest(request.body as RestVariableInput[], mode);
    const written = await writeExecutionVariables(engine, executionId, write, by);
    return reply.code(201).send(written.map((w) => answer(request, executionId, w)));
  };

  const collectionBody = jsonOrUpload(Type.Array(RestVariableBody));
  app.post(
    path,
    {
      schema: {
        response: {
          201: Type.Union([Type.Array(RestVariableAnswer), RestVariableAnswer], {
            description: 'The variables written; one variable for an upload',
          }),
          409: ErrorBody,
        },
        tags,
        summary: 'Create variables of an execution (409 if one exists); JSON or a binary upload',
        params: ExecutionParams,
        body: collectionBody,
      },
    },
    (request, reply) => writeCollection(request, request.params.executionId, reply, 'create'),
  );
  app.put(
    path,
    {
      schema: {
        response: {
          201: Type.Union([Type.Array(RestVariableAnswer), RestVariableAnswer], {
            description: 'The variables written; one variable for an upload',
          }),
        },
        tags,
        summary: 'Create or update variables of an execution; JSON or a binary upload',
        params: ExecutionParams,
        body: collectionBody,
      },
    },
    (request, reply) => writeCollection(request, request.params.executionId, reply, 'upsert'),
  );
  app.delete(
    path,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete all local variables of an execution',
        params: ExecutionParams,
      },
    },
    async (request, reply) => {
      await removeExecutionLocalVariables(engine, request.params.executionId, principalOf(request));
      return reply.code(204).send();
    },
  );

  const one = `${path}/:variableName`;
  app.get(
    one,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags,
        summary: 'One variable of an execution (local first, then what its parent sees)',
        params: ExecutionVariableParams,
        querystring: ScopeQuery,
      },
    },
    async (request) => {
      const { executionId, variableName } = request.params;
      const found = await visibleExecutionVariable(
        rest.db,
        request,
        executionId,
        variableName,
        request.query.scope,
      );
      return answer(request, executionId, { name: variableName, ...found });
    },
  );
  app.put(
    one,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags,
        summary: 'Update one variable of an execution (404 if it does not exist); JSON or a binary upload',
        params: ExecutionVariableParams,
        body: jsonOrUpload(RestVariableBody),
      },
    },
    async (request) => {
      const { executionId, variableName } = request.params;
      const write = await singleVariableWrite(request, rest, variableName);
      const [written] = await writeExecutionVariables(engine, executionId, write, principalOf(request));
      return answer(request, executionId, written);
    },
  );
  app.delete(
    one,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete one variable of an execution (scope local by default)',
        params: ExecutionVariableParams,
        querystring: ScopeQuery,
      },
    },
    async (request, reply) => {
      const { executionId, variableName } = request.params;
      const scope: VariableScopeName = request.query.scope ?? 'local';
      if (!(await removeExecutionVariable(engine, executionId, variableName, scope, principalOf(request)))) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Execution '${executionId}' does not have a variable '${variableName}' in scope ${scope}`,
        );
      }
      return reply.code(204).send();
    },
  );
  app.get(
    `${one}/data`,
    {
      schema: {
        response: {
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
        },
        tags,
        summary: 'The bytes of a binary or serializable variable of an execution',
        params: ExecutionVariableParams,
        querystring: ScopeQuery,
      },
    },
    async (request, reply) => {
      const { executionId, variableName } = request.params;
      const found = await visibleExecutionVariable(
        rest.db,
        request,
        executionId,
        variableName,
        request.query.scope,
      );
      return sendVariableBytes(rest.db, reply, found.variable);
    },
  );
};

/**
 * The one variable of a `PUT .../variables/{name}` (JSON or upload) as an update: it must
 * exist in its scope, and the name in the body must be the one in the URL.
 */
export const singleVariableWrite = async (
  request: FastifyRequest,
  rest: RestContext,
  variableName: string,
): Promise<VariableWrite> => {
  if (request.isMultipart()) {
    const upload = await readVariableUpload(request, rest.limits);
    if (upload.name !== variableName) throw nameMismatch();
    return {
      variables: [uploadedVariable(upload)],
      scope: upload.scope ?? 'local',
      mode: 'update',
      single: true,
    };
  }
  const body = request.body as RestVariableInput;
  if (body.name !== variableName) throw nameMismatch();
  return { ...executionVariableRequest([body], 'update'), single: true };
};

const nameMismatch = () =>
  new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    'Variable name in the body should be equal to the name used in the requested URL.',
  );
