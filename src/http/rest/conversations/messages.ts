/**
 * `/conversation-api/conversations/{id}/messages`: post, page through history (backwards with
 * `before` and `order=desc`), mark read, and long polling (`.../messages/poll?after=`) for
 * clients without WebSocket. A poll waits on whichever node it reaches: its only state is the
 * `after` id the client sends, and the messages are read from the database, so any node can
 * answer any poll (no sticky session).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { markMessagesRead, messagesOf, postMessage } from '../../../conversations/index.ts';
import type { LiveFeeds } from '../../../conversations/index.ts';
import { visibleConversation } from '../../../conversations/index.ts';
import { WeirError } from '../../../errors.ts';
import { getMessage, messageSorts, messagesAfter } from '../../../persistence/conversation-messages-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { Int, Str, listRoutes } from '../list-route.ts';
import { Message, PollAnswer, ReadMarker, RelayAnswer, messageResponse } from './conversation-responses.ts';

const tags = ['Conversation messages'];
const BASE = '/conversation-api/conversations/:conversationId';

/**
 * nginx closes a proxied request silent for `proxy_read_timeout` (60 s by default), and many
 * other proxies sooner: 25 s stays under all common defaults, and the client simply asks again.
 */
export const MAX_POLL_WAIT_SECONDS = 25;
/** Messages one poll answers at most; the client polls again from the last id for more. */
const POLL_BATCH = 500;

const NewMessage = Type.Object(
  {
    text: Type.String({ description: 'The message' }),
    mentions: Type.Optional(Type.Array(Type.String(), { description: 'User ids mentioned (participants)' })),
    contentItemId: Type.Optional(Type.String({ description: 'A content item attached to the message' })),
  },
  { additionalProperties: false },
);

const MessageId = Type.Integer({ minimum: 0 });

export const messageRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext; feeds: LiveFeeds }> = async (
  app,
  { rest, feeds },
) => {
  const { engine } = rest;

  listRoutes(app, {
    item: Message,
    api: 'conversation-api',
    path: 'conversations/:conversationId/messages',
    tags,
    what: 'messages of a conversation',
    filters: {
      before: Int('Only messages older than this id (the next page back: with order=desc)'),
      after: Int('Only messages newer than this id'),
      author: Str(),
      mentions: Str('Only messages that mention this user'),
    },
    sorts: messageSorts,
    defaultSort: 'id',
    load: (request, filter, page) => {
      const { conversationId } = request.params as { conversationId: string };
      return messagesOf(engine, { ...filter, conversationId }, page, principalOf(request));
    },
    respond: (request, rows) => rows.map((row) => messageResponse(row, urlsFor(rest, request))),
  });

  app.post(
    `${BASE}/messages`,
    {
      schema: {
        tags,
        summary: 'Post a message',
        params: IdParams('conversationId'),
        body: NewMessage,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const row = await postMessage(
        engine,
        feeds,
        request.params.conversationId,
        request.body,
        principalOf(request),
      );
      return reply.code(201).send(messageResponse(row, urlsFor(rest, request)));
    },
  );

  app.get(
    `${BASE}/messages/poll`,
    {
      schema: {
        tags,
        summary: `Long polling: the messages after 'after', waiting up to 'wait' seconds (at most ${MAX_POLL_WAIT_SECONDS}) for one`,
        params: IdParams('conversationId'),
        querystring: Type.Object({
          after: MessageId,
          wait: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_POLL_WAIT_SECONDS })),
        }),
        response: { 200: PollAnswer },
      },
    },
    async (request) => {
      const { conversationId } = request.params;
      const { after, wait = MAX_POLL_WAIT_SECONDS } = request.query;
      await visibleConversation(engine.db, conversationId, principalOf(request));
      const urls = urlsFor(rest, request);
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const deadline = Date.now() + wait * 1000;
      for (;;) {
        // registered before the read: a message committed in between still wakes this poll
        const waiting = feeds.waitForNews(
          conversationId,
          after,
          Math.max(0, deadline - Date.now()),
          gone.signal,
        );
        const rows = await messagesAfter(engine.db, conversationId, after, POLL_BATCH);
        if (rows.length > 0 || Date.now() >= deadline || gone.signal.aborted) {
          waiting.cancel();
          return {
            data: rows.map((row) => messageResponse(row, urls)),
            size: rows.length,
            lastMessageId: rows.length > 0 ? rows[rows.length - 1].id : after,
          };
        }
        await waiting.news;
      }
    },
  );

  app.get(
    `${BASE}/messages/:messageId`,
    {
      schema: {
        tags,
        summary: 'Get one message',
        params: Type.Object({ conversationId: Type.String({ minLength: 1 }), messageId: MessageId }),
        response: { 200: Message },
      },
    },
    async (request) => {
      const { conversationId, messageId } = request.params;
      await visibleConversation(engine.db, conversationId, principalOf(request));
      const row = await getMessage(engine.db, conversationId, messageId);
      if (!row)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a message with id '${messageId}' in conversation '${conversationId}'.`,
        );
      return messageResponse(row, urlsFor(rest, request));
    },
  );

  app.put(
    `${BASE}/read`,
    {
      schema: {
        tags,
        summary: 'Mark the messages up to messageId read (for the caller); answers the unread count',
        params: IdParams('conversationId'),
        body: Type.Object({ messageId: MessageId }, { additionalProperties: false }),
        response: { 200: ReadMarker },
      },
    },
    (request) =>
      markMessagesRead(engine, request.params.conversationId, request.body.messageId, principalOf(request)),
  );

  app.get(
    '/conversation-api/management/relay',
    {
      schema: {
        tags: ['Conversation management'],
        summary: 'How this node relays conversations to the others',
        response: { 200: RelayAnswer },
      },
    },
    () => {
      const { addresses, ...status } = feeds.relay.status();
      return { ...status, ...(addresses ? { addresses: [...addresses] } : {}) };
    },
  );
};
