/**
 * The JSON shapes of `/conversation-api`, in Flowable's REST style (absolute `url`s, ISO dates):
 * each answer's schema (`/openapi.json`) next to the function that builds it.
 */
import Type from 'typebox';
import type { ConversationRow, ParticipantRow } from '../../../persistence/conversations-sql.ts';
import type { MessageRow } from '../../../persistence/conversation-messages-sql.ts';
import { iso, type Urls } from '../context.ts';
import {
  Count,
  Link,
  LinkOrNull,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
  type Answer,
} from '../schemas/common.ts';

export const Conversation = Type.Object({
  id: Text(),
  name: TextOrNull(),
  taskId: TextOrNull(),
  processInstanceId: TextOrNull(),
  createdBy: Text(),
  created: Timestamp(),
  lastMessageId: Count('Id of the newest message; 0 before the first'),
  lastMessageTime: TimestampOrNull(),
  unreadCount: Count('Messages of the others after the caller’s read marker'),
  lastReadMessageId: Type.Optional(Count('The caller’s read marker (one conversation only)')),
  url: Link(),
  taskUrl: LinkOrNull(),
  processInstanceUrl: LinkOrNull(),
});

export const conversationResponse = (
  c: ConversationRow,
  urls: Urls,
  reader: { unreadCount: number; lastReadMessageId?: number },
): Answer<typeof Conversation> => ({
  id: c.id,
  name: c.name,
  taskId: c.taskId,
  processInstanceId: c.processInstanceId,
  createdBy: c.createdBy,
  created: iso(c.createdAt),
  lastMessageId: c.lastMessageId,
  lastMessageTime: iso(c.lastMessageAt),
  unreadCount: reader.unreadCount,
  ...(reader.lastReadMessageId === undefined ? {} : { lastReadMessageId: reader.lastReadMessageId }),
  url: urls('conversation-api/conversations/%s', c.id),
  taskUrl: c.taskId ? urls('process-api/runtime/tasks/%s', c.taskId) : null,
  processInstanceUrl: c.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', c.processInstanceId)
    : null,
});

/** A user or a group (the other is null). */
export const Participant = Type.Object({
  user: TextOrNull(),
  group: TextOrNull(),
  addedBy: TextOrNull(),
  added: Timestamp(),
  url: Link(),
});

export const participantResponse = (
  conversationId: string,
  p: ParticipantRow,
  urls: Urls,
): Answer<typeof Participant> => ({
  user: p.userId,
  group: p.groupId,
  addedBy: p.addedBy,
  added: iso(p.addedAt),
  url: p.userId
    ? urls('conversation-api/conversations/%s/participants/users/%s', conversationId, p.userId)
    : urls('conversation-api/conversations/%s/participants/groups/%s', conversationId, p.groupId ?? ''),
});

const messageFields = {
  id: Count('Rises in commit order within the conversation'),
  conversationId: Text(),
  author: Text(),
  text: Text(),
  mentions: Type.Array(Text(), { description: 'User ids mentioned' }),
  contentItemId: TextOrNull(),
  created: Timestamp(),
};

export const Message = Type.Object({
  ...messageFields,
  url: Link(),
  contentItemUrl: LinkOrNull(),
});

/** A message as a STOMP `MESSAGE` frame carries it: without links (docs/conversations.md). */
export const messageBody = (m: MessageRow) => ({
  id: m.id,
  conversationId: m.conversationId,
  author: m.author,
  text: m.text,
  mentions: m.mentions,
  contentItemId: m.contentItemId,
  created: iso(m.createdAt),
});

/** A message as REST answers it: with its link and its attachment's. */
export const messageResponse = (m: MessageRow, urls: Urls): Answer<typeof Message> => ({
  ...messageBody(m),
  url: urls('conversation-api/conversations/%s/messages/%s', m.conversationId, String(m.id)),
  contentItemUrl: m.contentItemId
    ? urls('content-api/content-service/content-items/%s', m.contentItemId)
    : null,
});

/** `GET .../messages/poll`: what arrived after `after`, and where to poll from next. */
export const PollAnswer = Type.Object({
  data: Type.Array(Message),
  size: Count('Messages in data'),
  lastMessageId: Count('The id to send as after in the next poll'),
});

/** `PUT .../read`: the caller's marker and what is left unread. */
export const ReadMarker = Type.Object({
  lastReadMessageId: Count(),
  unreadCount: Count(),
});

/** `GET /conversation-api/management/relay`. */
export const RelayAnswer = Type.Object({
  kind: Type.Enum(['postgres', 'broker'], { type: 'string', description: 'How nodes tell each other' }),
  connected: Type.Boolean(),
  address: Type.Optional(Text('The broker address in use (host:port), while connected')),
  addresses: Type.Optional(Type.Array(Text(), { description: 'Every configured broker address' })),
  published: Type.Optional(Count('Notes this node sent to the broker since it started')),
  received: Type.Optional(Count('Notes this node received from the broker since it started')),
});
