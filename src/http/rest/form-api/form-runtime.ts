/**
 * `/form-api/form`: a form model with values (`model`), a submitted form with its values
 * (`form-instance-model`), form instances (list, query, get, store), and the engine's info.
 *
 * Who sees what: a form instance is seen by the user who submitted it and by admins (others:
 * 404, as for anything they may not see). A form model filled from a task's variables needs
 * the right to see that task.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { isAdmin } from '../../../engine/authorization.ts';
import { formOfKey, requireFormDefinition, saveFormInstance } from '../../../forms/form-commands.ts';
import { fieldsWithValues } from '../../../forms/form-values.ts';
import type { FormInstanceRow } from '../../../persistence/forms-sql.ts';
import {
  formDefinitionIdsOfKey,
  formInstanceSorts,
  getFormInstance,
  latestFormInstance,
  listFormInstances,
} from '../../../persistence/forms-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { NullableStr, urlsFor, type RestContext } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { visibleTaskFor } from '../task-access.ts';
import { taskFormVariables } from './task-forms.ts';
import { formInstanceModelResponse, formInstanceResponse, formModelResponse } from './form-responses.ts';
import { FormInstance, FormInstanceModel, FormModelWithUrl } from '../schemas/forms.ts';
import { EngineInfo, NoContent } from '../schemas/common.ts';

const tags = ['Forms'];

/** Flowable's FormRequest. */
const FormRequest = Type.Object(
  {
    formInstanceId: NullableStr(),
    formDefinitionId: NullableStr(),
    formDefinitionKey: NullableStr(),
    taskId: NullableStr(),
    processInstanceId: NullableStr(),
    processDefinitionId: NullableStr(),
    scopeId: NullableStr(),
    scopeType: NullableStr(),
    scopeDefinitionId: NullableStr(),
    tenantId: NullableStr(),
    parentDeploymentId: NullableStr(),
    variables: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    fallbackToDefaultTenant: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  { additionalProperties: false },
);
type FormRequestBody = Type.Static<typeof FormRequest>;

const instanceFilters = {
  id: Str(),
  formDefinitionId: Str(),
  formDefinitionIdLike: Str(),
  taskId: Str(),
  taskIdLike: Str(),
  processInstanceId: Str(),
  processInstanceIdLike: Str(),
  processDefinitionId: Str(),
  processDefinitionIdLike: Str(),
  scopeId: Str(),
  scopeType: Str(),
  scopeDefinitionId: Str(),
  submittedBy: Str(),
  submittedByLike: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

export const formRuntimeRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  /** The form a request names: by key (the one deployed with a parent deployment first) or by id. */
  const formOfRequest = async (body: FormRequestBody) => {
    if (body.formDefinitionKey) {
      const tenantId = body.tenantId ?? '';
      try {
        return await formOfKey(db, body.formDefinitionKey, tenantId, body.parentDeploymentId ?? null);
      } catch (error) {
        if (!body.fallbackToDefaultTenant || tenantId === '') throw error;
        return formOfKey(db, body.formDefinitionKey, '', body.parentDeploymentId ?? null);
      }
    }
    if (body.formDefinitionId) return requireFormDefinition(db, body.formDefinitionId);
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'Either parent deployment key, form definition key or form definition id must be provided in the request',
    );
  };

  /** The variables a form is filled from: a visible task's, then those the request gives. */
  const variablesOf = async (request: FastifyRequest, body: FormRequestBody) => {
    const fromTask = body.taskId
      ? await taskFormVariables(db, (await visibleTaskFor(db, request, body.taskId)).task)
      : {};
    return { ...fromTask, ...(body.variables ?? {}) };
  };

  const visibleInstance = (request: FastifyRequest, instance: FormInstanceRow | undefined, id: string) => {
    const principal = principalOf(request);
    if (!instance || (!isAdmin(principal) && instance.submittedBy !== principal.userId))
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a form instance with id '${id}'.`);
    return instance;
  };

  app.post(
    '/form-api/form/model',
    {
      schema: {
        response: { 200: FormModelWithUrl },
        tags,
        summary: 'A form model with its values filled in',
        body: FormRequest,
      },
    },
    async (request) => {
      const form = await formOfRequest(request.body);
      const fields = fieldsWithValues(form.model, await variablesOf(request, request.body));
      return { ...formModelResponse(form, fields), url: urlsFor(rest, request)('form-api/form/model') };
    },
  );

  app.post(
    '/form-api/form/form-instance-model',
    {
      schema: {
        response: { 200: FormInstanceModel },
        tags,
        summary: 'A submitted form with its values',
        body: FormRequest,
      },
    },
    async (request) => {
      const body = request.body;
      const urls = urlsFor(rest, request);
      if (body.formInstanceId) {
        const instance = visibleInstance(
          request,
          await getFormInstance(db, body.formInstanceId),
          body.formInstanceId,
        );
        const form = await requireFormDefinition(db, instance.formDefinitionId);
        return formInstanceModelResponse(
          form,
          fieldsWithValues(form.model, instance.formValues),
          instance,
          urls,
        );
      }
      const form = await formOfRequest(body);
      const found = await latestFormInstance(db, {
        taskId: body.taskId ?? undefined,
        processInstanceId: body.processInstanceId ?? undefined,
        formDefinitionIds: await formDefinitionIdsOfKey(db, form.key, form.tenantId),
      });
      const principal = principalOf(request);
      const instance =
        found && (isAdmin(principal) || found.submittedBy === principal.userId) ? found : undefined;
      if (!instance) throw new WeirError('WEIR_NOT_FOUND', 'Could not find a form instance');
      return formInstanceModelResponse(
        form,
        fieldsWithValues(form.model, instance.formValues),
        instance,
        urls,
      );
    },
  );

  listRoutes(app, {
    item: FormInstance,
    api: 'form-api',
    path: 'form/form-instances',
    queryPath: 'query/form-instances',
    tags,
    what: 'form instances (an admin sees all, anyone else what they submitted)',
    filters: instanceFilters,
    sorts: formInstanceSorts,
    defaultSort: 'submittedDate',
    load: (request, filter, page) => {
      const principal = principalOf(request);
      return listFormInstances(
        db,
        { ...filter, visibleTo: isAdmin(principal) ? undefined : principal.userId },
        page,
      );
    },
    respond: (request, rows) => rows.map((f) => formInstanceResponse(f, urlsFor(rest, request))),
  });

  app.post(
    '/form-api/form/form-instances',
    {
      schema: {
        response: { 200: NoContent },
        tags,
        summary: 'Store a form instance (the values are checked against the form)',
        body: FormRequest,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const form = await formOfRequest(body);
      await saveFormInstance(
        engine,
        form,
        {
          values: body.variables ?? {},
          taskId: body.taskId,
          processInstanceId: body.processInstanceId,
          processDefinitionId: body.processDefinitionId,
          scopeId: body.scopeId,
          scopeType: body.scopeType,
          scopeDefinitionId: body.scopeDefinitionId,
          tenantId: body.tenantId,
        },
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.get(
    '/form-api/form/form-instance/:formInstanceId',
    {
      schema: {
        response: { 200: FormInstance },
        tags,
        summary: 'Get a form instance',
        params: Type.Object({ formInstanceId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request) => {
      const id = request.params.formInstanceId;
      return formInstanceResponse(
        visibleInstance(request, await getFormInstance(db, id), id),
        urlsFor(rest, request),
      );
    },
  );

  app.get(
    '/form-api/form-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get form engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );
};
