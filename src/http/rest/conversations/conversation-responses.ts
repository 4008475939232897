/** The JSON shapes of `/conversation-api`, in Flowable's REST style (absolute `url`s, ISO dates). */
import type { ConversationRow, ParticipantRow } from '../../../persistence/conversations-sql.ts';
import type { MessageRow } from '../../../persistence/conversation-messages-sql.ts';
import { iso, type Urls } from '../context.ts';

export const conversationResponse = (
  c: ConversationRow,
  urls: Urls,
  reader: { unreadCount: number; lastReadMessageId?: number },
) => ({
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

export const participantResponse = (conversationId: string, p: ParticipantRow, urls: Urls) => ({
  user: p.userId,
  group: p.groupId,
  addedBy: p.addedBy,
  added: iso(p.addedAt),
  url: p.userId
    ? urls('conversation-api/conversations/%s/participants/users/%s', conversationId, p.userId)
    : urls('conversation-api/conversations/%s/participants/groups/%s', conversationId, p.groupId ?? ''),
});

/** A message as REST and STOMP both deliver it. */
export const messageResponse = (m: MessageRow, urls?: Urls) => ({
  id: m.id,
  conversationId: m.conversationId,
  author: m.author,
  text: m.text,
  mentions: m.mentions,
  contentItemId: m.contentItemId,
  created: iso(m.createdAt),
  ...(urls
    ? {
        url: urls('conversation-api/conversations/%s/messages/%s', m.conversationId, String(m.id)),
        contentItemUrl: m.contentItemId
          ? urls('content-api/content-service/content-items/%s', m.contentItemId)
          : null,
      }
    : {}),
});
