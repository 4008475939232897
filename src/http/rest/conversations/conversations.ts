/**
 * `/conversation-api/conversations`: conversations and their participants (docs/conversations.md).
 * Flowable has no conversation API; this one follows its REST conventions: lists with
 * `start/size/sort/order` and the `{data, total, start, sort, order, size}` envelope, `201` with
 * the created resource, `204` for a delete, `404` for what the caller may not see.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  addParticipant,
  createConversation,
  deleteConversationById,
  participantsOf,
  removeParticipant,
  unreadOfCaller,
  visibleConversation,
} from '../../../conversations/index.ts';
import { isAdmin } from '../../../engine/authorization.ts';
import { WeirError } from '../../../errors.ts';
import { conversationSorts, listConversations } from '../../../persistence/conversations-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, NullableStr, urlsFor, type RestContext } from '../context.ts';
import { Str, listRoutes } from '../list-route.ts';
import { NoContent } from '../schemas/common.ts';
import {
  Conversation,
  Participant as ParticipantAnswer,
  conversationResponse,
  participantResponse,
} from './conversation-responses.ts';

const tags = ['Conversations'];
const BASE = '/conversation-api/conversations';

const Participant = Type.Object(
  { userId: NullableStr(), groupId: NullableStr() },
  { additionalProperties: false },
);

const NewConversation = Type.Object(
  {
    name: NullableStr(),
    taskId: NullableStr(),
    processInstanceId: NullableStr(),
    participants: Type.Optional(Type.Array(Participant, { maxItems: 1_000 })),
    includeTaskPeople: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ConversationParams = IdParams('conversationId');

export const conversationRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine } = rest;

  listRoutes(app, {
    item: Conversation,
    api: 'conversation-api',
    path: 'conversations',
    queryPath: 'query/conversations',
    tags,
    what: 'conversations',
    filters: {
      id: Str(),
      taskId: Str('Only the conversation of this task'),
      processInstanceId: Str('Only conversations of this process instance (its tasks included)'),
      createdBy: Str(),
    },
    sorts: conversationSorts,
    defaultSort: 'createdAt',
    load: (request, filter, page) => {
      const by = principalOf(request);
      // an admin lists every conversation; anyone else those they take part in
      const participant = isAdmin(by) ? undefined : by;
      return listConversations(engine.db, { ...filter, participant }, by.userId, page);
    },
    respond: (request, rows) => rows.map((row) => conversationResponse(row, urlsFor(rest, request), row)),
  });

  app.post(
    BASE,
    {
      schema: {
        tags,
        summary: 'Create a conversation (standalone, or of a task or process instance)',
        body: NewConversation,
        response: { 201: Conversation },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await createConversation(
        engine,
        {
          ...body,
          participants: body.participants?.map((p) => ({ userId: p.userId, groupId: p.groupId })),
        },
        principalOf(request),
      );
      return reply.code(201).send(conversationResponse(row, urlsFor(rest, request), { unreadCount: 0 }));
    },
  );

  app.get(
    `${BASE}/:conversationId`,
    {
      schema: {
        tags,
        summary: 'Get a conversation, with the caller’s unread count',
        params: ConversationParams,
        response: { 200: Conversation },
      },
    },
    async (request) => {
      const by = principalOf(request);
      const row = await visibleConversation(engine.db, request.params.conversationId, by);
      const reader = await unreadOfCaller(engine, row.id, by);
      return conversationResponse(row, urlsFor(rest, request), reader);
    },
  );

  app.delete(
    `${BASE}/:conversationId`,
    {
      schema: {
        tags,
        summary: 'Delete a conversation and its messages',
        params: ConversationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteConversationById(
        engine,
        rest.conversations,
        request.params.conversationId,
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  app.get(
    `${BASE}/:conversationId/participants`,
    {
      schema: {
        tags,
        summary: 'List the participants (users and groups)',
        params: ConversationParams,
        response: { 200: Type.Array(ParticipantAnswer) },
      },
    },
    async (request) => {
      const id = request.params.conversationId;
      const rows = await participantsOf(engine, id, principalOf(request));
      return rows.map((p) => participantResponse(id, p, urlsFor(rest, request)));
    },
  );

  app.post(
    `${BASE}/:conversationId/participants`,
    {
      schema: {
        tags,
        summary: 'Add a user or group; a task’s or instance’s people may add themselves (join)',
        params: ConversationParams,
        body: Participant,
        response: { 201: ParticipantAnswer },
      },
    },
    async (request, reply) => {
      const id = request.params.conversationId;
      const by = principalOf(request);
      const who = { userId: request.body.userId ?? null, groupId: request.body.groupId ?? null };
      if (!(await addParticipant(engine, id, who, by)))
        throw new WeirError(
          'WEIR_CONFLICT',
          `${who.userId ? `User '${who.userId}'` : `Group '${who.groupId}'`} already takes part in conversation '${id}'`,
        );
      const urls = urlsFor(rest, request);
      return reply
        .code(201)
        .send(
          participantResponse(id, { ...who, addedBy: by.userId, addedAt: engine.services.clock.now() }, urls),
        );
    },
  );

  for (const kind of ['users', 'groups'] as const) {
    app.delete(
      `${BASE}/:conversationId/participants/${kind}/:participantId`,
      {
        schema: {
          tags,
          summary: `Remove a participating ${kind === 'users' ? 'user (oneself: leave)' : 'group'}`,
          params: IdParams('conversationId', 'participantId'),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const { conversationId, participantId } = request.params;
        const who = kind === 'users' ? { userId: participantId } : { groupId: participantId };
        if (!(await removeParticipant(engine, rest.conversations, conversationId, who, principalOf(request))))
          throw new WeirError(
            'WEIR_NOT_FOUND',
            `${kind === 'users' ? 'User' : 'Group'} '${participantId}' does not take part in conversation '${conversationId}'`,
          );
        return reply.code(204).send();
      },
    );
  }
};
