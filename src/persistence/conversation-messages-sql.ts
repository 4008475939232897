/**
 * Conversation messages and read markers (migration 018), and the NOTIFY channel that tells
 * every node a conversation has a new message when no broker is configured.
 *
 * Ids: one sequence for all conversations, so ids of one conversation rise but are not
 * consecutive. A message is inserted under its conversation's row lock and the row's
 * `last_message_id` is moved in the same transaction, so within a conversation ids become
 * visible in commit order: a reader that has everything up to id N never later finds a
 * message below N. "id > last seen" is the whole catch-up protocol.
 */
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  type PageRequest,
  type PagedResult,
  type SortColumns,
} from './rest-query-sql.ts';

/**
 * Payload: `{"conversationId", "id", "previousId"}` of a message just committed, or
 * `{"conversationId", "access": true, ...}` when who takes part changed.
 */
export const CONVERSATIONS_CHANNEL = 'weir_conversations';

export interface MessageRow {
  id: number;
  conversationId: string;
  author: string;
  text: string;
  mentions: string[];
  contentItemId: string | null;
  createdAt: Date;
}

export interface NewMessage {
  conversationId: string;
  author: string;
  text: string;
  mentions: readonly string[];
  contentItemId: string | null;
  createdAt: Date;
}

const columns = `m.id::float8 AS id, m.conversation_id AS "conversationId", m.author, m.text, m.mentions,
  m.content_item_id AS "contentItemId", m.created_at AS "createdAt"`;

/**
 * Insert a message and make it its conversation's newest; the caller holds the conversation's
 * row lock. Returns the row and the id of the message before it (0 for the first).
 */
export const insertMessage = async (
  db: Queryable,
  message: NewMessage,
): Promise<{ row: MessageRow; previousId: number }> => {
  const { rows } = await db.query<MessageRow & { previousId: number }>(
    `WITH m AS (
       INSERT INTO weir_conversation_message (conversation_id, author, text, mentions, content_item_id, created_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING *),
     previous AS (
       SELECT last_message_id FROM weir_conversation WHERE id = $1),
     moved AS (
       UPDATE weir_conversation c SET last_message_id = m.id, last_message_at = m.created_at FROM m
       WHERE c.id = m.conversation_id)
     SELECT ${columns}, (SELECT last_message_id::float8 FROM previous) AS "previousId" FROM m`,
    [
      message.conversationId,
      message.author,
      message.text,
      [...message.mentions],
      message.contentItemId,
      message.createdAt,
    ],
  );
  const { previousId, ...row } = rows[0];
  return { row, previousId };
};

/** Tell every node's listener, at commit, that the conversation has a new message. */
export const notifyMessage = async (
  db: Queryable,
  note: { conversationId: string; id: number; previousId: number; access?: true },
): Promise<void> => {
  await db.query(`SELECT pg_notify('${CONVERSATIONS_CHANNEL}', $1)`, [JSON.stringify(note)]);
};

/** Messages of a conversation after `afterId`, oldest first, at most `limit`. */
export const messagesAfter = async (
  db: Queryable,
  conversationId: string,
  afterId: number,
  limit: number,
): Promise<MessageRow[]> => {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${columns} FROM weir_conversation_message m
     WHERE m.conversation_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3`,
    [conversationId, afterId, limit],
  );
  return rows;
};

/** The newest message id of each of these conversations (0 before the first message). */
export const lastMessageIds = async (
  db: Queryable,
  conversationIds: readonly string[],
): Promise<Map<string, number>> => {
  const { rows } = await db.query<{ id: string; last: number }>(
    `SELECT id, last_message_id::float8 AS last FROM weir_conversation WHERE id = ANY($1::text[])`,
    [[...conversationIds]],
  );
  return new Map(rows.map((row) => [row.id, row.last]));
};

export const messageSorts: SortColumns = { id: 'm.id', createdAt: 'm.created_at' };

export interface MessageFilter {
  conversationId: string;
  /** Only messages older than this id: the next page back in history. */
  before?: number;
  after?: number;
  author?: string;
  mentions?: string;
}

export const listMessages = (
  db: Queryable,
  filter: MessageFilter,
  page: PageRequest,
): Promise<PagedResult<MessageRow>> => {
  const where = new Conditions()
    .add('m.conversation_id = $?', filter.conversationId)
    .when(filter.before, 'm.id < $?')
    .when(filter.after, 'm.id > $?')
    .when(filter.author, 'm.author = $?')
    .when(filter.mentions, '$? = ANY(m.mentions)');
  return pagedQuery(
    db,
    { columns, from: 'weir_conversation_message m', where, sorts: messageSorts, tieBreaker: 'm.id', page },
    (row) => row as unknown as MessageRow,
  );
};

export const getMessage = async (
  db: Queryable,
  conversationId: string,
  id: number,
): Promise<MessageRow | undefined> => {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${columns} FROM weir_conversation_message m WHERE m.conversation_id = $1 AND m.id = $2`,
    [conversationId, id],
  );
  return rows[0];
};

/** Move a user's read marker forward (never back); returns where it stands. */
export const markRead = async (
  db: Queryable,
  conversationId: string,
  userId: string,
  messageId: number,
): Promise<number> => {
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO weir_conversation_read (conversation_id, user_id, last_read_message_id) VALUES ($1, $2, $3)
     ON CONFLICT (conversation_id, user_id) DO UPDATE
       SET last_read_message_id = GREATEST(weir_conversation_read.last_read_message_id, EXCLUDED.last_read_message_id)
     RETURNING last_read_message_id::float8 AS last`,
    [conversationId, userId, messageId],
  );
  return rows[0].last;
};

/** A user's read marker and the number of others' messages after it. */
export const unreadOf = async (
  db: Queryable,
  conversationId: string,
  userId: string,
): Promise<{ lastReadMessageId: number; unreadCount: number }> => {
  const { rows } = await db.query<{ lastReadMessageId: number; unreadCount: number }>(
    `WITH r AS (SELECT COALESCE((SELECT last_read_message_id FROM weir_conversation_read
                 WHERE conversation_id = $1 AND user_id = $2), 0) AS last)
     SELECT r.last::float8 AS "lastReadMessageId",
       (SELECT count(*)::int FROM weir_conversation_message m
        WHERE m.conversation_id = $1 AND m.author <> $2 AND m.id > r.last) AS "unreadCount"
     FROM r`,
    [conversationId, userId],
  );
  return rows[0];
};
