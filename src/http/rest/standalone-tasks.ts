/**
 * `POST runtime/tasks` (a task of no process), `PUT runtime/tasks` (Flowable's bulk update),
 * `DELETE runtime/tasks/{taskId}` and `GET runtime/tasks/{taskId}/subtasks`, and their
 * `/cmmn-api/cmmn-runtime/tasks` twins. Such tasks are claimed, completed and given variables
 * through the ordinary task routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { bulkUpdateTasks, createTask, deleteTask, type TaskFields } from '../../engine/standalone-tasks.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import { subtasksOf } from '../../persistence/standalone-tasks-sql.ts';
import { identityLinksOfTask } from '../../persistence/rest-tasks-sql.ts';
import { involves } from '../../engine/task-access.ts';
import { isAdmin } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { parseDate, urlsFor, type RestContext } from './context.ts';
import { taskResponse } from './responses.ts';
import { visibleTaskFor } from './task-access.ts';
import { processTaskApi, tasksPath, type TaskApi } from './tasks.ts';
import { Count, NoContent } from './schemas/common.ts';
import { Task } from './schemas/runtime.ts';

const tags = ['Tasks'];
const NullableStr = () => Type.Optional(Type.Union([Type.String(), Type.Null()]));

/** Flowable's TaskRequest: every field optional; one sent as null clears it. */
const taskRequestFields = {
  name: NullableStr(),
  description: NullableStr(),
  assignee: NullableStr(),
  owner: NullableStr(),
  delegationState: Type.Optional(Type.Union([Type.Enum(['pending', 'resolved']), Type.Null()])),
  dueDate: NullableStr(),
  priority: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
  parentTaskId: NullableStr(),
  category: NullableStr(),
  tenantId: NullableStr(),
  formKey: NullableStr(),
};
const TaskRequest = Type.Object(taskRequestFields, { additionalProperties: false });
const BulkTasksRequest = Type.Object(
  { ...taskRequestFields, taskIds: Type.Array(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
const TaskParams = Type.Object({ taskId: Type.String({ minLength: 1 }) });

/** The request's fields as the engine takes them: only those sent. */
const fieldsOf = (body: Static<typeof TaskRequest>): TaskFields => {
  const fields: TaskFields = {};
  const { dueDate, delegationState, ...rest } = body;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
  }
  if (dueDate !== undefined) fields.dueDate = dueDate === null ? null : parseDate('dueDate', dueDate)!;
  if (delegationState !== undefined) fields.delegationState = delegationState;
  return fields;
};

export const standaloneTaskRoutes: FastifyPluginAsyncTypebox<{
  rest: RestContext;
  taskApi?: TaskApi;
}> = async (app, { rest, taskApi = processTaskApi }) => {
  const { db, engine } = rest;
  const base = tasksPath(taskApi);
  const what = taskApi.api === 'cmmn-api' ? 'case' : 'process';

  app.post(
    base,
    {
      schema: {
        response: { 201: Task },
        tags,
        summary: `Create a task of no ${what} instance`,
        body: TaskRequest,
      },
    },
    async (request, reply) => {
      const task = await createTask(engine, fieldsOf(request.body), principalOf(request));
      return reply.code(201).send(taskResponse(task, urlsFor(rest, request), [], taskApi.api));
    },
  );

  app.put(
    base,
    {
      schema: {
        response: {
          200: Type.Object({
            data: Type.Array(Task),
            total: Count(),
            start: Count(),
            sort: Type.Null(),
            order: Type.Null(),
            size: Count(),
          }),
        },
        tags,
        summary: 'Update several tasks at once (all or none)',
        body: BulkTasksRequest,
      },
    },
    async (request) => {
      const { taskIds, ...changes } = request.body;
      const ids = await bulkUpdateTasks(engine, taskIds, fieldsOf(changes), principalOf(request));
      const urls = urlsFor(rest, request);
      const data = [];
      for (const id of ids) {
        const task = await getTaskRow(db, id);
        if (task) data.push(taskResponse(task, urls, [], taskApi.api));
      }
      return { data, total: data.length, start: 0, sort: null, order: null, size: data.length };
    },
  );

  app.delete(
    `${base}/:taskId`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: `Delete a task of no ${what} instance (and its subtasks)`,
        params: TaskParams,
        querystring: Type.Object({
          cascadeHistory: Type.Optional(Type.Boolean()),
          deleteReason: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const { cascadeHistory, deleteReason } = request.query;
      await deleteTask(engine, request.params.taskId, { cascadeHistory, deleteReason }, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/:taskId/subtasks`,
    {
      schema: {
        response: { 200: Type.Array(Task) },
        tags,
        summary: 'The subtasks of a task',
        params: TaskParams,
      },
    },
    async (request) => {
      const { principal } = await visibleTaskFor(db, request, request.params.taskId);
      const urls = urlsFor(rest, request);
      const data = [];
      for (const sub of await subtasksOf(db, request.params.taskId)) {
        // a subtask of a visible task may itself be someone else's: show only the visible ones
        if (!isAdmin(principal) && !involves(principal, sub, await identityLinksOfTask(db, sub.id))) continue;
        data.push(taskResponse(sub, urls, [], taskApi.api));
      }
      return data;
    },
  );
};
