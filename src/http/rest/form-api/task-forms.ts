/**
 * The forms of tasks and start events, in Flowable's `FormModelResponse` shape (the shape the
 * browser front end renders): `GET runtime/tasks/{id}/form` (and `cmmn-runtime/tasks/{id}/form`)
 * with the current values,
 * `GET history/historic-task-instances/{id}/form` with the values that were submitted (an upload
 * field's value: the content items of the task or its instance that it names), and
 * `GET repository/process-definitions/{id}/start-form` with the form's defaults; and the forms a
 * definition names (`GET repository/process-definitions/{id}/form-definitions`).
 */
import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WeirError } from '../../../errors.ts';
import { viewerOf } from '../../../engine/authorization.ts';
import { instanceView } from '../../../engine/queries.ts';
import type { TaskRow } from '../../../engine/runtime-types.ts';
import { formOfKey, formOfTask } from '../../../forms/form-commands.ts';
import { withUploadedItems } from '../../../forms/form-uploads.ts';
import { fieldsWithValues } from '../../../forms/form-values.ts';
import type { Database } from '../../../persistence/database.ts';
import { formDefinitionForKey, latestFormInstance } from '../../../persistence/forms-sql.ts';
import { getProcessDefinition } from '../../../persistence/repository-sql.ts';
import { getCaseDefinition } from '../../../persistence/cmmn-sql.ts';
import { getChildDeployment } from '../../../persistence/child-deployments-sql.ts';
import type { Principal } from '../../../engine/authorization.ts';
import { listHistoricTasks } from '../../../persistence/rest-history-sql.ts';
import { loadInstance } from '../../../persistence/runtime-reads-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, notFound, type RestContext } from '../context.ts';
import { scopeVariablesOfTask, visibleTaskFor } from '../task-access.ts';
import { caseTaskApi, processTaskApi, tasksPath } from '../tasks.ts';
import { decodeValue } from '../../../engine/variables.ts';
import { isExpressionText } from '../../../expression/index.ts';
import { urlsFor } from '../context.ts';
import { requireDefinition } from '../diagrams.ts';
import { formDefinitionResponse, formModelResponse } from './form-responses.ts';
import { FormDefinition, FormModel } from '../schemas/forms.ts';

/** A start form key the form engine does not know (an application's own form). */
const StartFormKeyOnly = Type.Object({ formKey: Type.String(), processDefinitionId: Type.String() });

/** What a task's form shows: its process's (or its case's) variables, then its own. */
export const taskFormVariables = async (db: Database, task: TaskRow): Promise<Record<string, unknown>> => {
  const instance = task.processInstanceId ? await loadInstance(db, task.processInstanceId) : undefined;
  const local = Object.fromEntries(Object.entries(task.variables).map(([name, v]) => [name, v.value]));
  const global = instance
    ? instanceView(instance).variables
    : Object.fromEntries(
        Object.entries(await scopeVariablesOfTask(db, task)).map(([name, v]) => [name, decodeValue(v)]),
      );
  return { ...global, ...local };
};

/**
 * The form of an ended (or running) task with the values submitted, for whoever may see the
 * task: its form is looked up in the deployment family of its process, or of its case (the
 * case deployment's parent: an app or process deployment).
 */
export const historicTaskForm = async (db: Database, taskId: string, by: Principal) => {
  const found = await listHistoricTasks(
    db,
    { taskId, visibleTo: viewerOf(by) },
    { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' },
  );
  const task = found.rows[0];
  if (!task) throw notFound('historic task instance', taskId);
  if (!task.formKey) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Task has no form defined');
  let family: string | null = null;
  if (task.scopeType === 'cmmn' && task.scopeDefinitionId) {
    const caseDefinition = await getCaseDefinition(db, task.scopeDefinitionId);
    family = caseDefinition
      ? ((await getChildDeployment(db, 'cmmn', caseDefinition.deploymentId))?.parentDeploymentId ?? null)
      : null;
  } else if (task.definitionId) {
    family = (await getProcessDefinition(db, task.definitionId))?.deploymentId ?? null;
  }
  const form = await formOfKey(db, task.formKey, task.tenantId, family);
  const submitted = await latestFormInstance(db, { taskId });
  const fields = fieldsWithValues(form.model, submitted?.formValues ?? {});
  const scope = { taskId, processInstanceId: task.processInstanceId };
  return formModelResponse(form, await withUploadedItems(db, fields, scope));
};

export const taskFormRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  // the process API's route, and the case API's twin (Flowable's CMMN REST API has it too)
  for (const base of [tasksPath(processTaskApi), tasksPath(caseTaskApi)])
    app.get(
      `${base}/:taskId/form`,
      {
        schema: {
          response: { 200: FormModel },
          tags: ['Tasks'],
          summary: 'Get the form of a task, with its current values',
          params: IdParams('taskId'),
        },
      },
      async (request) => {
        const { task } = await visibleTaskFor(db, request, request.params.taskId);
        const form = await formOfTask(engine, db, task);
        const fields = fieldsWithValues(form.model, await taskFormVariables(db, task));
        const scope = { taskId: task.id, processInstanceId: task.processInstanceId };
        return formModelResponse(form, await withUploadedItems(db, fields, scope));
      },
    );

  app.get(
    '/process-api/history/historic-task-instances/:taskId/form',
    {
      schema: {
        response: { 200: FormModel },
        tags: ['History'],
        summary: 'Get the form of a historic task, with the values submitted',
        params: IdParams('taskId'),
      },
    },
    async (request) => historicTaskForm(db, request.params.taskId, principalOf(request)),
  );

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId/start-form',
    {
      schema: {
        response: { 200: Type.Union([FormModel, StartFormKeyOnly]) },
        tags: ['Repository'],
        summary: 'Get the start form of a process definition',
        params: IdParams('processDefinitionId'),
      },
    },
    async (request) => {
      const definition = await getProcessDefinition(db, request.params.processDefinitionId);
      if (!definition) throw notFound('process definition', request.params.processDefinitionId);
      if (!definition.startFormKey)
        throw new WeirError('WEIR_NOT_FOUND', `Process definition '${definition.id}' has no start form`);
      const form = await formDefinitionForKey(
        db,
        definition.startFormKey,
        definition.tenantId,
        definition.deploymentId,
      );
      // a form key the form engine does not know (an application's own form): the key, as before
      if (!form) return { formKey: definition.startFormKey, processDefinitionId: definition.id };
      return formModelResponse(form, fieldsWithValues(form.model, {}));
    },
  );

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId/form-definitions',
    {
      schema: {
        response: { 200: Type.Array(FormDefinition) },
        tags: ['Process Definitions'],
        summary: 'The form definitions the start event and user tasks of a definition name',
        params: IdParams('processDefinitionId'),
      },
    },
    async (request) => {
      const definition = await requireDefinition(db, request.params.processDefinitionId);
      const model = await engine.processModel(definition.id);
      const keys = new Set<string>();
      for (const node of Object.values(model.nodes)) {
        const key = node.kind === 'startEvent' || node.kind === 'userTask' ? node.formKey : undefined;
        // a key computed at run time names no form yet
        if (key !== undefined && !isExpressionText(key)) keys.add(key);
      }
      const urls = urlsFor(rest, request);
      const forms = [];
      for (const key of keys) {
        const form = await formDefinitionForKey(db, key, definition.tenantId, definition.deploymentId);
        if (form) forms.push(formDefinitionResponse(form, urls));
      }
      return forms;
    },
  );
};
