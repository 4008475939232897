/**
 * `/cmmn-api/cmmn-runtime/plan-item-instances/{id}/variables`: a plan item instance's local
 * variables (Flowable's POST to create, PUT and DELETE of one, and its bytes at `.../data`),
 * JSON or a binary upload. They live on the item in its case (see cmmn/runtime/case-variables.ts);
 * `variables-async` is in variables-async.ts. A case the caller may not see: 404 for its items.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  deletePlanItemVariable,
  maySeeCase,
  onPlanItem,
  writePlanItemVariables,
} from '../../../cmmn/index.ts';
import type { VariableWrite } from '../../../engine/execution-variables.ts';
import { ownVariable } from '../../../engine/own-variables.ts';
import type { StoredVariable } from '../../../engine/runtime-types.ts';
import { getPlanItem, planItemVariablesOf } from '../../../persistence/cmmn-rest-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { executionVariableRequest } from '../execution-variable-reads.ts';
import { singleVariableWrite } from '../execution-variables.ts';
import { missingVariable, sendVariableBytes, VariableDataAnswer } from '../variable-data.ts';
import { jsonOrUpload, readVariableUpload, uploadedVariable } from '../variable-upload.ts';
import { restVariable, RestVariableBody, type RestVariableInput } from '../variables.ts';
import { NoContent, RestVariableAnswer } from '../schemas/common.ts';

const tags = ['Plan Item Instances'];
const base = '/cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables';

export const cmmnPlanItemVariableRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;
  const dataUrl = (request: FastifyRequest, id: string, name: string) =>
    urlsFor(rest, request)('cmmn-api/cmmn-runtime/plan-item-instances/%s/variables/%s/data', id, name);
  /** Its local variables as the case document holds them (read without a lock). */
  const localVariables = async (
    request: FastifyRequest,
    id: string,
  ): Promise<Record<string, StoredVariable>> => {
    const item = await getPlanItem(db, id, true);
    if (!item || !(await maySeeCase(db, principalOf(request), item.caseInstanceId)))
      throw notFound('plan item instance', id);
    return (await planItemVariablesOf(db, item.caseInstanceId, id)) as Record<string, StoredVariable>;
  };
  const write = async (request: FastifyRequest, id: string, asked: VariableWrite) => {
    const by = principalOf(request);
    return onPlanItem(engine, id, by, (caseId) => writePlanItemVariables(engine, caseId, id, asked, by));
  };
  const answer = (
    request: FastifyRequest,
    id: string,
    variables: Record<string, StoredVariable>,
    name: string,
  ) => restVariable(name, ownVariable(variables, name)!, 'local', dataUrl(request, id, name));

  app.post(
    base,
    {
      schema: {
        response: {
          201: Type.Union([Type.Array(RestVariableAnswer), RestVariableAnswer], {
            description: 'The variables written; one variable for an upload',
          }),
        },
        tags,
        summary:
          'Create local variables of a plan item instance (409 if one exists); JSON or a binary upload',
        params: IdParams('planItemInstanceId'),
        body: jsonOrUpload(Type.Array(RestVariableBody)),
      },
    },
    async (request, reply) => {
      const id = request.params.planItemInstanceId;
      if (request.isMultipart()) {
        const upload = await readVariableUpload(request, rest.limits);
        const after = await write(request, id, {
          variables: [uploadedVariable(upload)],
          scope: 'local',
          mode: 'create',
        });
        return reply.code(201).send(answer(request, id, after, upload.name));
      }
      const asked = executionVariableRequest(request.body as RestVariableInput[], 'create');
      const after = await write(request, id, { ...asked, scope: 'local' });
      return reply.code(201).send(asked.variables.map((v) => answer(request, id, after, v.name)));
    },
  );

  const one = `${base}/:variableName`;
  const oneParams = IdParams('planItemInstanceId', 'variableName');

  app.put(
    one,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags,
        summary: 'Create or update one local variable of a plan item instance; JSON or a binary upload',
        params: oneParams,
        body: jsonOrUpload(RestVariableBody),
      },
    },
    async (request) => {
      const { planItemInstanceId: id, variableName } = request.params;
      const asked = await singleVariableWrite(request, rest, variableName);
      const after = await write(request, id, { ...asked, scope: 'local', mode: 'upsert' });
      return answer(request, id, after, variableName);
    },
  );

  app.delete(
    one,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete one local variable of a plan item instance',
        params: oneParams,
      },
    },
    async (request, reply) => {
      const { planItemInstanceId: id, variableName } = request.params;
      const by = principalOf(request);
      const removed = await onPlanItem(engine, id, by, (caseId) =>
        deletePlanItemVariable(engine, caseId, id, variableName, by),
      );
      if (!removed) throw missingVariable('Plan item instance', id, variableName);
      return reply.code(204).send();
    },
  );

  app.get(
    `${one}/data`,
    {
      schema: {
        response: { 200: VariableDataAnswer },
        tags,
        summary: 'The bytes of a binary or serializable local variable of a plan item instance',
        params: oneParams,
      },
    },
    async (request, reply) => {
      const { planItemInstanceId: id, variableName } = request.params;
      const stored = ownVariable(await localVariables(request, id), variableName);
      if (!stored) throw missingVariable('Plan item instance', id, variableName);
      return sendVariableBytes(db, reply, stored);
    },
  );
};
