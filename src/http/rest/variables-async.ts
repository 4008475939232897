/**
 * `variables-async` of process instances, executions and case instances: Flowable sets these variables through
 * a job. Weir checks the request now (names, scope, types, existence: the same 400, 404 and
 * 409 as the synchronous routes) and leaves the writing to a `set-async-variables` job on the
 * executor, which applies them under the instance lock. The answer has no body: 201 for the
 * process-instance collection, 204 otherwise, as Flowable's.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { writeExecutionVariablesAsync, type VariableWrite } from '../../engine/execution-variables.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { writeCaseVariablesAsync, writePlanItemVariablesAsync } from '../../cmmn/index.ts';
import type { RestContext } from './context.ts';
import { executionVariableRequest } from './execution-variable-reads.ts';
import { singleVariableWrite } from './execution-variables.ts';
import { jsonOrUpload, readVariableUpload, uploadedVariable } from './variable-upload.ts';
import { RestVariableBody, type RestVariableInput } from './variables.ts';
import { NoContent } from './schemas/common.ts';

const Id = Type.String({ minLength: 1 });

export const variablesAsyncRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine } = rest;
  const collectionBody = jsonOrUpload(Type.Array(RestVariableBody));

  const collectionWrite = async (
    request: FastifyRequest,
    mode: VariableWrite['mode'],
  ): Promise<VariableWrite> => {
    if (!request.isMultipart()) return executionVariableRequest(request.body as RestVariableInput[], mode);
    const upload = await readVariableUpload(request, rest.limits);
    return { variables: [uploadedVariable(upload)], scope: upload.scope ?? 'local', mode };
  };

  /** Who writes the variables later: an execution's job, or a case's (it has one scope: scope is not asked). */
  const writers = {
    execution: writeExecutionVariablesAsync,
    case: writeCaseVariablesAsync,
    planItem: writePlanItemVariablesAsync,
  } as const;

  for (const [base, param, tag, collectionStatus, writer, what] of [
    [
      'process-api/runtime/process-instances',
      'processInstanceId',
      'Process Instance Variables',
      201,
      writers.execution,
      'a process instance',
    ],
    ['process-api/runtime/executions', 'executionId', 'Executions', 204, writers.execution, 'an execution'],
    [
      'cmmn-api/cmmn-runtime/case-instances',
      'caseInstanceId',
      'Case Instance Variables',
      201,
      writers.case,
      'a case instance',
    ],
    [
      'cmmn-api/cmmn-runtime/plan-item-instances',
      'planItemInstanceId',
      'Plan Item Instances',
      201,
      writers.planItem,
      'a plan item instance (its local variables)',
    ],
  ] as const) {
    const schedule = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      write: VariableWrite,
      status: number,
    ) => {
      await writer(engine, id, write, principalOf(request));
      return reply.code(status).send();
    };
    const path = `/${base}/:${param}/variables-async`;
    const params = Type.Object({ [param]: Id });
    const idOf = (request: FastifyRequest) => (request.params as Record<string, string>)[param];
    for (const [method, mode, verb] of [
      ['POST', 'create', 'Create'],
      ['PUT', 'upsert', 'Create or update'],
    ] as const) {
      // Flowable's plan item instances have no PUT of the collection
      if (method === 'PUT' && param === 'planItemInstanceId') continue;
      app.route({
        method,
        url: path,
        schema: {
          response: { [collectionStatus]: NoContent },
          tags: [tag],
          summary: `${verb} variables of ${what} through a job (asynchronously); JSON or a binary upload`,
          params,
          body: collectionBody,
        },
        handler: async (request, reply) =>
          schedule(request, reply, idOf(request), await collectionWrite(request, mode), collectionStatus),
      });
    }
    app.put(
      `${path}/:variableName`,
      {
        schema: {
          response: { 204: NoContent },
          tags: [tag],
          summary: `Update one variable of ${what} through a job (404 if it does not exist)`,
          params: Type.Object({ [param]: Id, variableName: Id }),
          body: jsonOrUpload(RestVariableBody),
        },
      },
      async (request, reply) => {
        const { variableName } = request.params as { variableName: string };
        return schedule(
          request,
          reply,
          idOf(request),
          await singleVariableWrite(request, rest, variableName),
          204,
        );
      },
    );
  }
};
