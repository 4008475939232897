/**
 * `/process-api/runtime/tasks/{taskId}/events` (Flowable's task events: every comment-table
 * row of the task, comments included, newest first) and the single-family and single-link
 * reads of a task's identity links (and their `/cmmn-api/cmmn-runtime/tasks` twins).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { deleteTaskEventOf } from '../../engine/task-links.ts';
import type { IdentityLinkRow, TaskRow } from '../../engine/runtime-types.ts';
import { eventsOfTask, getTaskEvent } from '../../persistence/task-records-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';
import { taskIdentityLinkResponse } from './responses.ts';
import { seeTaskOrItsHistory } from './task-attachments.ts';
import { eventResponse } from './task-record-responses.ts';
import { visibleTaskFor } from './task-access.ts';
import { caseTaskApi, processTaskApi, tasksPath } from './tasks.ts';
import { NoContent } from './schemas/common.ts';
import { TaskEvent } from './schemas/task-records.ts';
import { TaskIdentityLink } from './schemas/runtime.ts';

type LinkView = Pick<IdentityLinkRow, 'userId' | 'groupId' | 'type'>;

/** A task's links as Flowable lists them: its assignee and owner are links too. */
export const linksWithHolders = (task: TaskRow, links: readonly LinkView[]): LinkView[] => [
  ...(task.assignee && !links.some((l) => l.type === 'assignee')
    ? [{ userId: task.assignee, groupId: null, type: 'assignee' as const }]
    : []),
  ...(task.owner && !links.some((l) => l.type === 'owner')
    ? [{ userId: task.owner, groupId: null, type: 'owner' as const }]
    : []),
  ...links,
];

const Family = Type.Enum(['users', 'groups']);
const EventParams = Type.Object({
  taskId: Type.String({ minLength: 1 }),
  eventId: Type.String({ minLength: 1 }),
});

export const taskEventRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;
  const eventTags = ['Task Events'];

  app.get(
    '/process-api/runtime/tasks/:taskId/events',
    {
      schema: {
        response: { 200: Type.Array(TaskEvent) },
        tags: eventTags,
        summary: 'Events of a task (people, comments and attachments added or removed)',
        params: Type.Object({ taskId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request) => {
      await seeTaskOrItsHistory(db, request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return (await eventsOfTask(db, request.params.taskId)).map((e) => eventResponse(e, urls));
    },
  );

  app.get(
    '/process-api/runtime/tasks/:taskId/events/:eventId',
    {
      schema: {
        response: { 200: TaskEvent },
        tags: eventTags,
        summary: 'One event of a task',
        params: EventParams,
      },
    },
    async (request) => {
      const { taskId, eventId } = request.params;
      await seeTaskOrItsHistory(db, request, taskId);
      const event = await getTaskEvent(db, eventId);
      if (!event || event.taskId !== taskId)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${taskId}' does not have an event with id '${eventId}'.`,
        );
      return eventResponse(event, urlsFor(rest, request));
    },
  );

  app.delete(
    '/process-api/runtime/tasks/:taskId/events/:eventId',
    {
      schema: {
        response: { 204: NoContent },
        tags: eventTags,
        summary: 'Delete an event of a task',
        params: EventParams,
      },
    },
    async (request, reply) => {
      const { taskId, eventId } = request.params;
      await deleteTaskEventOf(engine, taskId, eventId, principalOf(request));
      return reply.code(204).send();
    },
  );

  const linkTags = ['Task Identity Links'];

  // the process API's routes, and the case API's twins (Flowable's CMMN REST API has them too)
  for (const base of [tasksPath(processTaskApi), tasksPath(caseTaskApi)]) {
    app.get(
      `${base}/:taskId/identitylinks/:family`,
      {
        schema: {
          response: { 200: Type.Array(TaskIdentityLink) },
          tags: linkTags,
          summary: 'The users or the groups linked to a task',
          params: Type.Object({ taskId: Type.String({ minLength: 1 }), family: Family }),
        },
      },
      async (request) => {
        const { task, links } = await visibleTaskFor(db, request, request.params.taskId);
        const users = request.params.family === 'users';
        const urls = urlsFor(rest, request);
        return linksWithHolders(task, links)
          .filter((l) => (users ? l.userId !== null : l.groupId !== null))
          .map((l) => taskIdentityLinkResponse(task.id, l, urls));
      },
    );

    app.get(
      `${base}/:taskId/identitylinks/:family/:identityId/:type`,
      {
        schema: {
          response: { 200: TaskIdentityLink },
          tags: linkTags,
          summary: 'One identity link of a task',
          params: Type.Object({
            taskId: Type.String({ minLength: 1 }),
            family: Family,
            identityId: Type.String({ minLength: 1 }),
            type: Type.String({ minLength: 1 }),
          }),
        },
      },
      async (request) => {
        const { family, identityId, type } = request.params;
        const { task, links } = await visibleTaskFor(db, request, request.params.taskId);
        const link = linksWithHolders(task, links).find(
          (l) => l.type === type && (family === 'users' ? l.userId : l.groupId) === identityId,
        );
        if (!link) throw new WeirError('WEIR_NOT_FOUND', 'Could not find the requested identity link.');
        return taskIdentityLinkResponse(task.id, link, urlsFor(rest, request));
      },
    );
  }
};
