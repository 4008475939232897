/**
 * History beyond the lists: deleting ended process instances and tasks, comments on process
 * instances, the identity links history kept, and the task log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { deleteHistoricProcessInstances, deleteHistoricTaskInstance } from '../../engine/history-delete.ts';
import { addInstanceComment, deleteInstanceComment } from '../../engine/instance-comments.ts';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { historicInstanceHead } from '../../persistence/history-delete-sql.ts';
import { listHistoricTasks } from '../../persistence/rest-history-sql.ts';
import { commentsOf, getComment } from '../../persistence/rest-tasks-sql.ts';
import {
  historicLinksOfInstance,
  historicLinksOfTask,
  listTaskLogEntries,
  taskLogSorts,
} from '../../persistence/task-records-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound, urlsFor, withDates, type RestContext } from './context.ts';
import { Int, listRoutes, Str } from './list-route.ts';
import { commentResponse } from './responses.ts';
import { historicIdentityLinkResponse, taskLogEntryResponse } from './task-record-responses.ts';
import { HistoricIdentityLink, TaskLogEntry } from './schemas/task-records.ts';
import { NoContent } from './schemas/common.ts';
import { Comment } from './schemas/runtime.ts';

const tags = ['History'];
const InstanceParams = Type.Object({ processInstanceId: Type.String({ minLength: 1 }) });
const CommentParams = Type.Object({
  processInstanceId: Type.String({ minLength: 1 }),
  commentId: Type.String({ minLength: 1 }),
});
const TaskParams = Type.Object({ taskId: Type.String({ minLength: 1 }) });

const taskLogFilters = {
  taskId: Str(),
  type: Str(),
  userId: Str(),
  processInstanceId: Str(),
  processDefinitionId: Str(),
  from: Str('ISO-8601 date'),
  to: Str('ISO-8601 date'),
  fromLogNumber: Int(),
  toLogNumber: Int(),
  tenantId: Str(),
};

export const historicRecordRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;

  /** The instance's history row, if this user may see the instance: 404 alike otherwise. */
  const visibleInstance = async (request: FastifyRequest, id: string) => {
    const head = await historicInstanceHead(db, id);
    if (!head) throw notFound('historic process instance', id);
    await requireVisibleInstance(db, principalOf(request), id);
    return head;
  };

  app.delete(
    '/process-api/history/historic-process-instances/:processInstanceId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete the history of an ended process instance',
        params: InstanceParams,
      },
    },
    async (request, reply) => {
      await deleteHistoricProcessInstances(engine, [request.params.processInstanceId], principalOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/process-api/history/historic-process-instances/delete',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete the history of several ended process instances (all or none)',
        body: Type.Object(
          { action: Type.String(), instanceIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      if (request.body.action !== 'delete')
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Illegal action: '${request.body.action}'.`);
      await deleteHistoricProcessInstances(engine, request.body.instanceIds, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/process-api/history/historic-task-instances/:taskId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete the history of an ended task',
        params: TaskParams,
      },
    },
    async (request, reply) => {
      await deleteHistoricTaskInstance(engine, request.params.taskId, principalOf(request));
      return reply.code(204).send();
    },
  );

  // --- comments on a process instance ------------------------------------------------------------

  const commentTags = ['History Process Instance Comments'];

  app.get(
    '/process-api/history/historic-process-instances/:processInstanceId/comments',
    {
      schema: {
        response: { 200: Type.Array(Comment) },
        tags: commentTags,
        summary: 'Comments on a process instance',
        params: InstanceParams,
      },
    },
    async (request) => {
      const { processInstanceId } = request.params;
      await visibleInstance(request, processInstanceId);
      const urls = urlsFor(rest, request);
      return (await commentsOf(db, { processInstanceId })).map((c) => commentResponse(c, urls));
    },
  );

  app.post(
    '/process-api/history/historic-process-instances/:processInstanceId/comments',
    {
      schema: {
        response: { 201: Comment },
        tags: commentTags,
        summary: 'Add a comment to a process instance',
        params: InstanceParams,
        body: Type.Object(
          { message: Type.String({ minLength: 1 }), saveProcessInstanceId: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { processInstanceId } = request.params;
      const comment = await addInstanceComment(
        engine,
        processInstanceId,
        request.body.message,
        principalOf(request),
      );
      return reply.code(201).send(commentResponse(comment, urlsFor(rest, request)));
    },
  );

  app.get(
    '/process-api/history/historic-process-instances/:processInstanceId/comments/:commentId',
    {
      schema: {
        response: { 200: Comment },
        tags: commentTags,
        summary: 'One comment on a process instance',
        params: CommentParams,
      },
    },
    async (request) => {
      const { processInstanceId, commentId } = request.params;
      await visibleInstance(request, processInstanceId);
      const comment = await getComment(db, commentId);
      if (!comment || comment.processInstanceId !== processInstanceId) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Process instance '${processInstanceId}' does not have a comment with id '${commentId}'.`,
        );
      }
      return commentResponse(comment, urlsFor(rest, request));
    },
  );

  app.delete(
    '/process-api/history/historic-process-instances/:processInstanceId/comments/:commentId',
    {
      schema: {
        response: { 204: NoContent },
        tags: commentTags,
        summary: 'Delete a comment on a process instance',
        params: CommentParams,
      },
    },
    async (request, reply) => {
      const { processInstanceId, commentId } = request.params;
      await deleteInstanceComment(engine, processInstanceId, commentId, principalOf(request));
      return reply.code(204).send();
    },
  );

  // --- identity links history kept ----------------------------------------------------------------

  app.get(
    '/process-api/history/historic-process-instances/:processInstanceId/identitylinks',
    {
      schema: {
        response: { 200: Type.Array(HistoricIdentityLink) },
        tags,
        summary: 'Identity links of a process instance, as history kept them',
        params: InstanceParams,
      },
    },
    async (request) => {
      const { processInstanceId } = request.params;
      const head = await visibleInstance(request, processInstanceId);
      const urls = urlsFor(rest, request);
      const links = await historicLinksOfInstance(db, processInstanceId);
      const starter =
        head.startUserId && !links.some((l) => l.type === 'starter')
          ? [{ type: 'starter', userId: head.startUserId, groupId: null, taskId: null, processInstanceId }]
          : [];
      return [...starter, ...links].map((l) => historicIdentityLinkResponse(l, urls));
    },
  );

  app.get(
    '/process-api/history/historic-task-instances/:taskId/identitylinks',
    {
      schema: {
        response: { 200: Type.Array(HistoricIdentityLink) },
        tags,
        summary: 'Identity links of a task, as history kept them',
        params: TaskParams,
      },
    },
    async (request) => {
      const { taskId } = request.params;
      const page = { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' } as const;
      const visibleTo = viewerOf(principalOf(request));
      const task = (await listHistoricTasks(db, { taskId, visibleTo }, page)).rows[0];
      if (!task) throw notFound('historic task instance', taskId);
      const links = await historicLinksOfTask(db, taskId);
      const holder = (type: 'assignee' | 'owner', userId: string | null) =>
        userId && !links.some((l) => l.type === type && l.userId === userId)
          ? [{ type, userId, groupId: null, taskId, processInstanceId: null }]
          : [];
      const urls = urlsFor(rest, request);
      return [...holder('assignee', task.assignee), ...holder('owner', task.owner), ...links].map((l) =>
        historicIdentityLinkResponse({ ...l, processInstanceId: null }, urls),
      );
    },
  );

  // --- the task log -------------------------------------------------------------------------------

  listRoutes(app, {
    item: TaskLogEntry,
    path: 'history/historic-task-log-entries',
    tags: ['History Task'],
    what: 'historic task log entries',
    filters: taskLogFilters,
    sorts: taskLogSorts,
    defaultSort: 'logNumber',
    load: (request, filter, page) =>
      listTaskLogEntries(
        db,
        { ...withDates(filter, ['from', 'to'] as const), visibleTo: viewerOf(principalOf(request)) },
        page,
      ),
    respond: (_request, rows) => rows.map(taskLogEntryResponse),
  });
};
