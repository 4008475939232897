/** `/process-api/runtime/tasks/{taskId}/identitylinks` and `/comments`. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import { getTaskRow } from '../../persistence/runtime-sql.ts';
import { commentsOf, deleteComment, getComment } from '../../persistence/rest-tasks-sql.ts';
import { listHistoricTasks } from '../../persistence/rest-history-sql.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import { idParams, notFound, urlsFor, type RestContext } from './context.ts';
import { commentResponse, taskIdentityLinkResponse } from './responses.ts';
import { forbidden } from '../../engine/authorization.ts';
import { visibleTaskFor } from './task-access.ts';
import { linksWithHolders } from './task-events.ts';
import { addTaskComment, addTaskIdentityLink, removeTaskIdentityLink } from '../../engine/task-links.ts';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

export const taskLinkAndCommentRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;
  const taskParams = idParams('taskId');
  const visibleTask = (request: FastifyRequest, taskId: string) => visibleTaskFor(db, request, taskId);

  // --- identity links ---------------------------------------------------------------------

  const linkTags = ['Task Identity Links'];

  app.get<{ Params: { taskId: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks',
    { schema: { tags: linkTags, summary: 'Identity links of a task', params: taskParams } },
    async (request) => {
      const { task, links } = await visibleTask(request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return linksWithHolders(task, links).map((l) => taskIdentityLinkResponse(task.id, l, urls));
    },
  );

  app.post<{ Params: { taskId: string }; Body: { user?: string; group?: string; type: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks',
    {
      schema: {
        tags: linkTags,
        summary: 'Add a candidate or participant (user or group) to a task',
        params: taskParams,
        body: {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: { user: str, group: str, type: { type: 'string', enum: ['candidate', 'participant'] } },
        },
      },
    },
    async (request, reply) => {
      const { user, group, type } = request.body;
      if ((user === undefined) === (group === undefined)) {
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Either user or group is required, not both');
      }
      const link = await addTaskIdentityLink(
        engine,
        request.params.taskId,
        { userId: user ?? null, groupId: group ?? null, type },
        principalOf(request),
      );
      return reply.code(201).send(taskIdentityLinkResponse(link.taskId!, link, urlsFor(rest, request)));
    },
  );

  app.delete<{ Params: { taskId: string; family: 'users' | 'groups'; identityId: string; type: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks/:family/:identityId/:type',
    {
      schema: {
        tags: linkTags,
        summary: 'Remove an identity link from a task',
        params: {
          type: 'object',
          required: ['taskId', 'family', 'identityId', 'type'],
          properties: {
            taskId: str,
            family: { type: 'string', enum: ['users', 'groups'] },
            identityId: str,
            type: str,
          },
        },
      },
    },
    async (request, reply) => {
      const { family, identityId, type } = request.params;
      await removeTaskIdentityLink(
        engine,
        request.params.taskId,
        {
          userId: family === 'users' ? identityId : null,
          groupId: family === 'groups' ? identityId : null,
          type,
        },
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  // --- comments ---------------------------------------------------------------------------

  const commentTags = ['Task Comments'];

  /** Comments outlive the task: an ended task is looked up in history. */
  const taskForComments = async (request: FastifyRequest, taskId: string) => {
    if (await getTaskRow(db, taskId)) return (await visibleTask(request, taskId)).task;
    const principal = principalOf(request);
    const { rows } = await listHistoricTasks(
      db,
      {
        taskId,
        visibleTo: isAdmin(principal) ? undefined : { userId: principal.userId, groups: principal.groups },
      },
      { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' },
    );
    if (!rows[0]) throw notFound('task', taskId);
    return undefined;
  };

  app.get<{ Params: { taskId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments',
    { schema: { tags: commentTags, summary: 'Comments on a task', params: taskParams } },
    async (request) => {
      await taskForComments(request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return (await commentsOf(db, { taskId: request.params.taskId })).map((c) => commentResponse(c, urls));
    },
  );

  app.post<{ Params: { taskId: string }; Body: { message: string; saveProcessInstanceId?: boolean } }>(
    '/process-api/runtime/tasks/:taskId/comments',
    {
      schema: {
        tags: commentTags,
        summary: 'Add a comment to a task',
        params: taskParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: { message: { type: 'string', minLength: 1 }, saveProcessInstanceId: bool },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const comment = await addTaskComment(
        engine,
        request.params.taskId,
        request.body.message,
        { saveProcessInstanceId: request.body.saveProcessInstanceId },
        principal,
      );
      return reply.code(201).send(commentResponse(comment, urlsFor(rest, request)));
    },
  );

  const commentParams = idParams('taskId', 'commentId');

  app.get<{ Params: { taskId: string; commentId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    { schema: { tags: commentTags, summary: 'One comment on a task', params: commentParams } },
    async (request) => {
      await taskForComments(request, request.params.taskId);
      const comment = await getComment(db, request.params.commentId);
      if (!comment || comment.taskId !== request.params.taskId) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${request.params.taskId}' does not have a comment with id '${request.params.commentId}'.`,
        );
      }
      return commentResponse(comment, urlsFor(rest, request));
    },
  );

  app.delete<{ Params: { taskId: string; commentId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    { schema: { tags: commentTags, summary: 'Delete a comment on a task', params: commentParams } },
    async (request, reply) => {
      await taskForComments(request, request.params.taskId);
      const principal = principalOf(request);
      const comment = await getComment(db, request.params.commentId);
      if (!comment || comment.taskId !== request.params.taskId) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${request.params.taskId}' does not have a comment with id '${request.params.commentId}'.`,
        );
      }
      if (!isAdmin(principal) && comment.author !== principal.userId)
        throw forbidden(principal, 'delete a comment of', `task '${comment.taskId}'`);
      await deleteComment(db, comment.id);
      return reply.code(204).send();
    },
  );
};
