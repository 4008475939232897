/**
 * Task variables beyond task-variables.ts: a binary or serializable variable uploaded as
 * multipart (local to the task, or with scope global on its process or case), and
 * `DELETE runtime/tasks/{taskId}/variables`: all local variables of the task in one command.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { Principal } from '../../engine/authorization.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import type { TaskRow } from '../../engine/runtime-types.ts';
import { removeTaskLocalVariables, setTaskVariables } from '../../engine/task-variables.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import { urlsFor, type RestContext } from './context.ts';
import { scopeVariablesOfTask, visibleTaskFor } from './task-access.ts';
import { processTaskApi, taskDataUrl, tasksPath, type TaskApi } from './tasks.ts';
import { readVariableUpload } from './variable-upload.ts';
import { restVariable } from './variables.ts';
import { variableBytes } from '../../engine/variable-bytes.ts';
import { NoContent } from './schemas/common.ts';

/**
 * Writes an uploaded variable on a task: `create` refuses one that exists (409), `update` one
 * that does not (404), in the upload's scope. `urlName`: the name the URL gives, which the
 * upload must carry.
 */
export const writeUploadedTaskVariable = async (
  rest: RestContext,
  request: FastifyRequest,
  by: Principal,
  task: TaskRow,
  options: { mode: 'create' | 'update'; urlName?: string; taskApi: TaskApi },
) => {
  const upload = await readVariableUpload(request, rest.limits);
  const { name } = upload;
  if (options.urlName !== undefined && name !== options.urlName) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'Variable name in the body should be equal to the name used in the requested URL.',
    );
  }
  const scope = upload.scope ?? 'local';
  const processVariables = (t: TaskRow) => scopeVariablesOfTask(rest.db, t);
  const existing =
    scope === 'local' ? ownVariable(task.variables, name) : ownVariable(await processVariables(task), name);
  if (options.mode === 'update' && !existing) {
    throw new WeirError('WEIR_NOT_FOUND', `Task '${task.id}' does not have a variable with name: '${name}'.`);
  }
  // create-only is checked again under the task's lock, where the write happens
  const write = { values: { [name]: variableBytes(upload.bytes, upload.type) }, types: {} };
  const none = { values: {}, types: {} };
  await setTaskVariables(
    rest.engine,
    task.id,
    {
      local: scope === 'local' ? write : none,
      global: scope === 'global' ? write : none,
      refuseExisting:
        options.mode === 'create'
          ? (taken) =>
              new WeirError('WEIR_CONFLICT', `Variable '${taken}' is already present on task '${task.id}'.`)
          : undefined,
    },
    by,
  );
  const after = (await getTaskRow(rest.db, task.id))!;
  const stored =
    scope === 'local' ? ownVariable(after.variables, name) : ownVariable(await processVariables(after), name);
  return restVariable(
    name,
    stored!,
    scope,
    urlsFor(rest, request)(taskDataUrl(options.taskApi), task.id, name),
  );
};

export const taskVariableUploadRoutes: FastifyPluginAsyncTypebox<{
  rest: RestContext;
  taskApi?: TaskApi;
}> = async (app, { rest, taskApi = processTaskApi }) => {
  app.delete(
    `${tasksPath(taskApi)}/:taskId/variables`,
    {
      schema: {
        response: { 204: NoContent },
        tags: ['Task Variables'],
        summary: 'Delete all local variables of a task',
        params: Type.Object({ taskId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTaskFor(rest.db, request, request.params.taskId);
      await removeTaskLocalVariables(rest.engine, task.id, principal);
      return reply.code(204).send();
    },
  );
};
