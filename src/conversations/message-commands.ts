/**
 * Messages as engine commands. Posting locks the conversation's row, checks the author takes
 * part and that every mention names a participant, stores the message, and hands it to the
 * relay inside the same transaction: the relay tells other nodes only once it has committed
 * (NOTIFY is delivered at commit; a broker publish runs after commit), so no node is ever told
 * about a message it cannot read yet.
 */
import type { Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import { WeirError } from '../errors.ts';
import { visibleContentItem } from '../content/content-commands.ts';
import { participatingUsers } from '../persistence/conversations-sql.ts';
import {
  insertMessage,
  listMessages,
  markRead,
  unreadOf,
  type MessageFilter,
  type MessageRow,
} from '../persistence/conversation-messages-sql.ts';
import type { PageRequest, PagedResult } from '../persistence/rest-query-sql.ts';
import { lockForParticipant, visibleConversation } from './conversation-access.ts';
import type { LiveFeeds } from './live-feeds.ts';

/**
 * Long enough for any chat message or pasted log excerpt; a longer text belongs in a content
 * item attached to the message, where it does not travel with every delivery and page.
 */
export const MAX_TEXT_LENGTH = 10_000;
/** Mentions per message: more is a broadcast, which a group participant already is. */
const MAX_MENTIONS = 50;

export interface NewMessageInput {
  text?: unknown;
  mentions?: unknown;
  contentItemId?: unknown;
}

interface CheckedInput {
  text: string;
  mentions: string[];
  contentItemId: string | null;
}

/** The message's fields, each checked; a bad one is a 400 naming the field. */
export const checkMessageInput = (input: NewMessageInput): CheckedInput => {
  const { text, mentions = [], contentItemId = null } = input;
  if (typeof text !== 'string' || text.trim() === '')
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "Message field 'text' is required and may not be blank");
  if (text.length > MAX_TEXT_LENGTH)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Message field 'text' has ${text.length} characters; at most ${MAX_TEXT_LENGTH} are allowed`,
    );
  if (!Array.isArray(mentions) || !mentions.every((m) => typeof m === 'string' && m !== ''))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "Message field 'mentions' must be an array of user ids");
  if (mentions.length > MAX_MENTIONS)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Message field 'mentions' names more than ${MAX_MENTIONS} users`,
    );
  if (contentItemId !== null && (typeof contentItemId !== 'string' || contentItemId === ''))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "Message field 'contentItemId' must be a content item id");
  return { text, mentions: [...new Set(mentions as string[])], contentItemId };
};

export const postMessage = async (
  engine: Engine,
  feeds: LiveFeeds,
  conversationId: string,
  input: NewMessageInput,
  by: Principal,
): Promise<MessageRow> => {
  const checked = checkMessageInput(input);
  // the attachment must be an item the author may see (404 naming it otherwise)
  if (checked.contentItemId) await visibleContentItem(engine, checked.contentItemId, by);
  return engine.command(async (ctx) => {
    await lockForParticipant(ctx.tx, conversationId, by);
    if (checked.mentions.length > 0) {
      const taking = new Set(await participatingUsers(ctx.tx, conversationId, checked.mentions));
      const outsider = checked.mentions.find((userId) => !taking.has(userId));
      if (outsider !== undefined)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Message field 'mentions': user '${outsider}' does not take part in conversation '${conversationId}'`,
        );
    }
    const { row, previousId } = await insertMessage(ctx.tx, {
      conversationId,
      author: by.userId,
      ...checked,
      createdAt: engine.services.clock.now(),
    });
    await feeds.published(ctx.tx, row, previousId);
    return row;
  });
};

/** A page of a conversation's messages; `before` pages back through history. */
export const messagesOf = async (
  engine: Engine,
  filter: MessageFilter,
  page: PageRequest,
  by: Principal,
): Promise<PagedResult<MessageRow>> => {
  await visibleConversation(engine.db, filter.conversationId, by);
  return listMessages(engine.db, filter, page);
};

/** Move the caller's read marker up to `messageId`; answers the marker and what is left unread. */
export const markMessagesRead = (engine: Engine, conversationId: string, messageId: number, by: Principal) =>
  engine.command(async (ctx) => {
    const conversation = await lockForParticipant(ctx.tx, conversationId, by);
    if (messageId > conversation.lastMessageId)
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Message '${messageId}' is not in conversation '${conversationId}' (its newest message is ${conversation.lastMessageId})`,
      );
    await markRead(ctx.tx, conversationId, by.userId, messageId);
    return unreadOf(ctx.tx, conversationId, by.userId);
  });

export const unreadOfCaller = async (engine: Engine, conversationId: string, by: Principal) => {
  await visibleConversation(engine.db, conversationId, by);
  return unreadOf(engine.db, conversationId, by.userId);
};
