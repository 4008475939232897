/**
 * `/process-api/runtime/tasks/{taskId}/variables` and its `/cmmn-api/cmmn-runtime/tasks` twin: a
 * task's local variables and the global ones of its process or case.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { TaskRow } from '../../engine/runtime-types.ts';
import { removeTaskLocalVariable, setTaskVariables } from '../../engine/task-variables.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import type { Principal } from '../../engine/authorization.ts';
import { IdParams, urlsFor, type RestContext } from './context.ts';
import { writeUploadedTaskVariable } from './task-variable-uploads.ts';
import { processTaskApi, taskDataUrl, tasksPath, type TaskApi } from './tasks.ts';
import { deleteCaseVariable } from '../../cmmn/index.ts';
import { jsonOrUpload } from './variable-upload.ts';
import {
  restVariable,
  RestVariableBody,
  restVariables,
  toEngineVariables,
  type RestVariableInput,
} from './variables.ts';
import { globalVariablesOfTask, scopeVariablesOfTask, visibleTaskFor } from './task-access.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import { NoContent, RestVariableAnswer } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';

export const taskVariableRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext; taskApi?: TaskApi }> = async (
  app,
  { rest, taskApi = processTaskApi },
) => {
  const { engine, db } = rest;
  const taskParams = IdParams('taskId');
  const visibleTask = (request: FastifyRequest, taskId: string) => visibleTaskFor(db, request, taskId);
  const dataUrl = (request: FastifyRequest, taskId: string, name: string) =>
    urlsFor(rest, request)(taskDataUrl(taskApi), taskId, name);
  const globalVariables = (task: TaskRow) => scopeVariablesOfTask(db, task);
  const processVariablesOf = (request: FastifyRequest, task: TaskRow) =>
    globalVariablesOfTask(db, task, (name) => dataUrl(request, task.id, name));

  // --- variables -----------------------------------------------------------------------------

  const varTags = ['Task Variables'];
  const variablesPath = `${tasksPath(taskApi)}/:taskId/variables`;
  const scopeQuery = Type.Object({
    scope: Type.Optional(Type.Enum(['local', 'global'], { type: 'string' })),
  });

  app.get(
    variablesPath,
    {
      schema: {
        response: { 200: Type.Array(RestVariableAnswer) },
        tags: varTags,
        summary: 'Variables of a task (local and of its process or case)',
        params: taskParams,
        querystring: scopeQuery,
      },
    },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      const local =
        request.query.scope === 'global'
          ? []
          : restVariables(task.variables, 'local', (name) => dataUrl(request, task.id, name));
      const global = request.query.scope === 'local' ? [] : await processVariablesOf(request, task);
      const names = new Set(local.map((v) => v.name));
      return [...local, ...global.filter((v) => !names.has(v.name))];
    },
  );

  const writeTaskVariables = async (
    request: FastifyRequest,
    by: Principal,
    task: TaskRow,
    list: readonly RestVariableInput[],
    createOnly: boolean,
  ) => {
    if (list.length === 0)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Request did not contain a list of variables to create.');
    const global = list.filter((v) => v.scope === 'global');
    const local = list.filter((v) => v.scope !== 'global');
    await setTaskVariables(
      engine,
      task.id,
      {
        local: toEngineVariables(local),
        global: toEngineVariables(global),
        refuseExisting: createOnly
          ? (name) =>
              new WeirError('WEIR_CONFLICT', `Variable '${name}' is already present on task '${task.id}'.`)
          : undefined,
      },
      by,
    );
    const after = (await getTaskRow(db, task.id))!;
    const processVars = global.length > 0 ? await processVariablesOf(request, after) : [];
    return list.map((v) =>
      v.scope === 'global'
        ? (processVars.find((p) => p.name === v.name) ??
          restVariable(v.name, { type: 'null', value: null }, 'global'))
        : restVariable(
            v.name,
            ownVariable(after.variables, v.name)!,
            'local',
            dataUrl(request, task.id, v.name),
          ),
    );
  };

  app.post(
    variablesPath,
    {
      schema: {
        response: {
          201: Type.Union([Type.Array(RestVariableAnswer), RestVariableAnswer], {
            description: 'The variables written; one variable for an upload',
          }),
          409: ErrorBody,
        },
        tags: varTags,
        summary: 'Create task variables (scope local by default; 409 if one exists)',
        params: taskParams,
        body: jsonOrUpload(Type.Array(RestVariableBody)),
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      if (request.isMultipart()) {
        return reply
          .code(201)
          .send(await writeUploadedTaskVariable(rest, request, principal, task, { mode: 'create', taskApi }));
      }
      return reply
        .code(201)
        .send(await writeTaskVariables(request, principal, task, request.body as RestVariableInput[], true));
    },
  );

  const variablePath = `${variablesPath}/:variableName`;
  const variableParams = IdParams('taskId', 'variableName');

  app.get(
    variablePath,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags: varTags,
        summary: 'One variable of a task',
        params: variableParams,
        querystring: scopeQuery,
      },
    },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      const { variableName } = request.params;
      const local = request.query.scope === 'global' ? undefined : ownVariable(task.variables, variableName);
      if (local) return restVariable(variableName, local, 'local', dataUrl(request, task.id, variableName));
      const global =
        request.query.scope === 'local'
          ? undefined
          : (await processVariablesOf(request, task)).find((v) => v.name === variableName);
      if (!global) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${task.id}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return global;
    },
  );

  app.put(
    variablePath,
    {
      schema: {
        response: { 200: RestVariableAnswer },
        tags: varTags,
        summary: 'Create or update one task variable',
        params: variableParams,
        body: jsonOrUpload(RestVariableBody),
      },
    },
    async (request) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      if (request.isMultipart()) {
        const options = { mode: 'update', urlName: request.params.variableName, taskApi } as const;
        return writeUploadedTaskVariable(rest, request, principal, task, options);
      }
      const body = request.body as RestVariableInput;
      if (body.name !== request.params.variableName) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Variable name in the body must be the same as in the URL',
        );
      }
      const [variable] = await writeTaskVariables(request, principal, task, [body], false);
      return variable;
    },
  );

  /** A global variable: on the task's process (its execution's scope) or on its case. */
  const removeGlobalVariable = async (task: TaskRow, name: string, by: Principal): Promise<boolean> => {
    if (task.executionId !== null) return engine.removeVariable(task.executionId, name, false, by);
    if (task.scopeType !== 'cmmn' || !task.scopeId) return false;
    if (!ownVariable(await globalVariables(task), name)) return false;
    await deleteCaseVariable(engine, task.scopeId, name, by);
    return true;
  };

  app.delete(
    variablePath,
    {
      schema: {
        response: { 204: NoContent },
        tags: varTags,
        summary: 'Delete one task variable',
        params: variableParams,
        querystring: scopeQuery,
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      const { variableName } = request.params;
      const removed =
        request.query.scope === 'global'
          ? await removeGlobalVariable(task, variableName, principal)
          : await removeTaskLocalVariable(engine, task.id, variableName, principal);
      if (!removed) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${task.id}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return reply.code(204).send();
    },
  );
};
