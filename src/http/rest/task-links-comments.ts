/**
 * `/process-api/runtime/tasks/{taskId}/identitylinks` (and its `/cmmn-api/cmmn-runtime/tasks`
 * twin) and `/comments`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import { commentsOf, deleteComment, getComment } from '../../persistence/rest-tasks-sql.ts';
import { listHistoricTasks } from '../../persistence/rest-history-sql.ts';
import type { Queryable } from '../../persistence/database.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import { IdParams, notFound, urlsFor, type RestContext } from './context.ts';
import { Bool, Str } from './list-route.ts';
import { commentResponse, taskIdentityLinkResponse } from './responses.ts';
import { forbidden } from '../../engine/authorization.ts';
import { visibleTaskFor } from './task-access.ts';
import { linksWithHolders } from './task-events.ts';
import { addTaskComment, addTaskIdentityLink, removeTaskIdentityLink } from '../../engine/task-links.ts';
import { NoContent } from './schemas/common.ts';
import { Comment, TaskIdentityLink } from './schemas/runtime.ts';

const LinkBody = Type.Object(
  { user: Str(), group: Str(), type: Type.Enum(['candidate', 'participant'], { type: 'string' }) },
  { additionalProperties: false },
);

const LinkParams = Type.Object({
  taskId: Type.String(),
  family: Type.Enum(['users', 'groups'], { type: 'string' }),
  identityId: Type.String(),
  type: Type.String(),
});

const CommentBody = Type.Object(
  { message: Type.String({ minLength: 1 }), saveProcessInstanceId: Bool() },
  { additionalProperties: false },
);

export const taskLinkAndCommentRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;
  const taskParams = IdParams('taskId');
  const visibleTask = (request: FastifyRequest, taskId: string) => visibleTaskFor(db, request, taskId);

  // --- identity links ---------------------------------------------------------------------

  const linkTags = ['Task Identity Links'];

  // the process API's routes, and the case API's twins (Flowable's CMMN REST API has them too)
  for (const base of ['/process-api/runtime/tasks', '/cmmn-api/cmmn-runtime/tasks']) {
    app.get(
      `${base}/:taskId/identitylinks`,
      {
        schema: {
          response: { 200: Type.Array(TaskIdentityLink) },
          tags: linkTags,
          summary: 'Identity links of a task',
          params: taskParams,
        },
      },
      async (request) => {
        const { task, links } = await visibleTask(request, request.params.taskId);
        const urls = urlsFor(rest, request);
        return linksWithHolders(task, links).map((l) => taskIdentityLinkResponse(task.id, l, urls));
      },
    );

    app.post(
      `${base}/:taskId/identitylinks`,
      {
        schema: {
          response: { 201: TaskIdentityLink },
          tags: linkTags,
          summary: 'Add a candidate or participant (user or group) to a task',
          params: taskParams,
          body: LinkBody,
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

    app.delete(
      `${base}/:taskId/identitylinks/:family/:identityId/:type`,
      {
        schema: {
          response: { 204: NoContent },
          tags: linkTags,
          summary: 'Remove an identity link from a task',
          params: LinkParams,
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
  }

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

  app.get(
    '/process-api/runtime/tasks/:taskId/comments',
    {
      schema: {
        response: { 200: Type.Array(Comment) },
        tags: commentTags,
        summary: 'Comments on a task',
        params: taskParams,
      },
    },
    async (request) => {
      await taskForComments(request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return (await commentsOf(db, { taskId: request.params.taskId })).map((c) => commentResponse(c, urls));
    },
  );

  app.post(
    '/process-api/runtime/tasks/:taskId/comments',
    {
      schema: {
        response: { 201: Comment },
        tags: commentTags,
        summary: 'Add a comment to a task',
        params: taskParams,
        body: CommentBody,
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

  const commentParams = IdParams('taskId', 'commentId');

  app.get(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    {
      schema: {
        response: { 200: Comment },
        tags: commentTags,
        summary: 'One comment on a task',
        params: commentParams,
      },
    },
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

  app.delete(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    {
      schema: {
        response: { 204: NoContent },
        tags: commentTags,
        summary: 'Delete a comment on a task',
        params: commentParams,
      },
    },
    async (request, reply) => {
      const { taskId, commentId } = request.params;
      const running = await taskForComments(request, taskId);
      const principal = principalOf(request);
      const remove = async (tx: Queryable) => {
        const comment = await getComment(tx, commentId);
        if (!comment || comment.taskId !== taskId) {
          throw new WeirError(
            'WEIR_NOT_FOUND',
            `Task '${taskId}' does not have a comment with id '${commentId}'.`,
          );
        }
        if (!isAdmin(principal) && comment.author !== principal.userId)
          throw forbidden(principal, 'delete a comment of', `task '${comment.taskId}'`);
        await deleteComment(tx, comment.id);
      };
      // A running task's comment goes in the task's command (under its instance lock); an
      // ended task has no instance left to lock, its comments are only history.
      if (running) await engine.withTask(taskId, principal, { kind: 'see' }, (tx) => remove(tx));
      else await remove(db);
      return reply.code(204).send();
    },
  );
};
