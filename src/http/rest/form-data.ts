/**
 * Flowable's legacy forms, `/process-api/form/form-data`: the `flowable:formProperty` fields of a
 * task or of a definition's start event, with their current values (GET), and submitting them
 * (POST): checked whole (400 naming every bad field), then the task is completed or the process
 * started with the values as variables.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { compileExpression } from '../../expression/index.ts';
import { instanceView } from '../../engine/queries.ts';
import type { ProcessDefinitionRow, TaskRow } from '../../engine/runtime-types.ts';
import { formValueOf, readSubmission } from '../../forms/legacy-form-values.ts';
import type { FormProperty, ProcessModel } from '../../model/types.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { selectHistoricInstance } from '../../persistence/queries-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext, type Urls } from './context.ts';
import { requireDefinition } from './diagrams.ts';
import { endedAtStartResponse, instanceResponse } from './responses.ts';
import { NoContent, type Answer } from './schemas/common.ts';
import { LegacyFormData } from './schemas/forms.ts';
import { EndedAtStart, ProcessInstance } from './schemas/runtime.ts';
import { visibleTaskFor } from './task-access.ts';

const tags = ['Forms'];
const path = '/process-api/form/form-data';

const FormQuery = Type.Object({
  taskId: Type.Optional(Type.String({ minLength: 1 })),
  processDefinitionId: Type.Optional(Type.String({ minLength: 1 })),
});

/** A submitted field: Flowable's RestFormProperty, of which only `id` and `value` count. */
const SubmittedProperty = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    value: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    readable: Type.Optional(Type.Boolean()),
    writable: Type.Optional(Type.Boolean()),
    required: Type.Optional(Type.Boolean()),
    datePattern: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    enumValues: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: false },
);

const SubmitBody = Type.Object(
  {
    taskId: Type.Optional(Type.String({ minLength: 1 })),
    processDefinitionId: Type.Optional(Type.String({ minLength: 1 })),
    businessKey: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    properties: Type.Optional(Type.Union([Type.Array(SubmittedProperty), Type.Null()])),
  },
  { additionalProperties: false },
);

type Variables = Record<string, unknown>;

const evaluate = (text: string, variables: Variables): unknown =>
  compileExpression(text).evaluate({
    resolve: (name) => (name in variables ? { found: true, value: variables[name] } : { found: false }),
  });

/** What a form shows of a property: its variable (or expression) on a task, its default on a start form. */
const shownValue = (property: FormProperty, variables: Variables | undefined): string | null => {
  let value: unknown;
  try {
    if (variables === undefined)
      value = property.default === undefined ? null : evaluate(property.default, {});
    else if (property.variable !== undefined || property.expression === undefined)
      value = variables[property.variable ?? property.id];
    else value = evaluate(property.expression, variables);
  } catch {
    // an expression over variables the instance does not have (yet) shows nothing, as an unset variable
    value = null;
  }
  return formValueOf(property, value);
};

const propertyResponse = (property: FormProperty, variables: Variables | undefined) => ({
  id: property.id,
  name: property.name ?? null,
  type: property.type ?? null,
  value: shownValue(property, variables),
  readable: property.readable,
  writable: property.writable,
  required: property.required,
  datePattern: property.type === 'date' ? (property.datePattern ?? null) : null,
  enumValues: property.enumValues.map((v) => ({ id: v.id, name: v.name })),
});

const startFormOf = (model: ProcessModel): readonly FormProperty[] => {
  const start = model.initialStartEventId ? model.nodes[model.initialStartEventId] : undefined;
  return start?.kind === 'startEvent' ? (start.formProperties ?? []) : [];
};

const taskFormOf = (model: ProcessModel, task: TaskRow): readonly FormProperty[] => {
  const node = task.taskDefinitionKey ? model.nodes[task.taskDefinitionKey] : undefined;
  return node?.kind === 'userTask' ? (node.formProperties ?? []) : [];
};

const variablesOfTask = async (rest: RestContext, task: TaskRow): Promise<Variables> => {
  const instance = task.processInstanceId ? await loadInstance(rest.db, task.processInstanceId) : undefined;
  return instance ? instanceView(instance).variables : {};
};

export const formDataRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;

  const taskForm = async (request: FastifyRequest, taskId: string) => {
    const { task, principal } = await visibleTaskFor(db, request, taskId);
    const model = task.definitionId ? await engine.processModel(task.definitionId) : undefined;
    const definition = task.definitionId ? await requireDefinition(db, task.definitionId) : undefined;
    return { task, principal, definition, form: model ? taskFormOf(model, task) : [] };
  };

  const startForm = async (definitionId: string) => {
    const definition = await requireDefinition(db, definitionId);
    return { definition, form: startFormOf(await engine.processModel(definition.id)) };
  };

  app.get(
    path,
    {
      schema: {
        response: { 200: LegacyFormData },
        tags,
        summary: 'The form properties of a task or of a start form',
        querystring: FormQuery,
      },
    },
    async (request) => {
      const { taskId, processDefinitionId } = request.query;
      if (taskId === undefined && processDefinitionId === undefined)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'The taskId or processDefinitionId parameter has to be provided',
        );
      if (taskId !== undefined && processDefinitionId !== undefined) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Not both a taskId and a processDefinitionId parameter can be provided',
        );
      }
      const urls = urlsFor(rest, request);
      if (taskId !== undefined) {
        const { task, definition, form } = await taskForm(request, taskId);
        const variables = await variablesOfTask(rest, task);
        return formResponse(urls, {
          formKey: task.formKey,
          deploymentId: definition?.deploymentId ?? null,
          taskId: task.id,
          properties: form.filter((p) => p.readable).map((p) => propertyResponse(p, variables)),
        });
      }
      const { definition, form } = await startForm(processDefinitionId!);
      return formResponse(urls, {
        formKey: definition.startFormKey,
        deploymentId: definition.deploymentId,
        definition,
        properties: form.filter((p) => p.readable).map((p) => propertyResponse(p, undefined)),
      });
    },
  );

  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'Submit a task form (completes the task) or a start form (starts the process)',
        body: SubmitBody,
        response: {
          200: Type.Union([ProcessInstance, EndedAtStart], { description: 'The started process instance' }),
          204: NoContent,
        },
      },
    },
    async (request, reply) => {
      const { taskId, processDefinitionId, businessKey } = request.body;
      const submitted = (request.body.properties ?? []).map((p) => ({ id: p.id, value: p.value ?? null }));
      if (taskId !== undefined) {
        const { task, principal, form } = await taskForm(request, taskId);
        const variables = await variablesOfTask(rest, task);
        const { variables: values, types } = readSubmission(form, submitted, (text) =>
          evaluate(text, variables),
        );
        await engine.completeTask(
          task.id,
          { variables: values, variableTypes: types, userId: principal.userId },
          principal,
        );
        return reply.code(204).send();
      }
      if (processDefinitionId === undefined)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'The taskId or processDefinitionId property has to be provided',
        );
      const { definition, form } = await startForm(processDefinitionId);
      const { variables, types } = readSubmission(form, submitted, (text) => evaluate(text, {}));
      const principal = principalOf(request);
      const started = await engine.startProcessInstanceById(definition.id, {
        variables,
        variableTypes: types,
        businessKey: businessKey ?? null,
        startUserId: principal.userId,
        by: principal,
      });
      const urls = urlsFor(rest, request);
      const row = await loadInstance(db, started.id);
      if (row) return instanceResponse(row, urls);
      return endedAtStartResponse(
        started.id,
        definition.id,
        await selectHistoricInstance(db, started.id),
        urls,
      );
    },
  );
};

const formResponse = (
  urls: Urls,
  form: {
    formKey: string | null;
    deploymentId: string | null;
    taskId?: string;
    definition?: ProcessDefinitionRow;
    properties: ReturnType<typeof propertyResponse>[];
  },
): Answer<typeof LegacyFormData> => ({
  formKey: form.formKey,
  deploymentId: form.deploymentId,
  processDefinitionId: form.definition?.id ?? null,
  processDefinitionUrl: form.definition
    ? urls('process-api/repository/process-definitions/%s', form.definition.id)
    : null,
  taskId: form.taskId ?? null,
  taskUrl: form.taskId ? urls('process-api/runtime/tasks/%s', form.taskId) : null,
  formProperties: form.properties,
});
