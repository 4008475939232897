/**
 * Conversations and their participants (migration 018). Messages and read markers are in
 * `conversation-messages-sql.ts`.
 */
import type { Queryable } from './database.ts';
import {
  Conditions,
  pagedQuery,
  type PageRequest,
  type PagedResult,
  type SortColumns,
} from './rest-query-sql.ts';

export interface ConversationRow {
  id: string;
  name: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  createdBy: string;
  createdAt: Date;
  lastMessageId: number;
  lastMessageAt: Date | null;
}

/** A conversation as one user sees it in a list: with that user's unread count. */
export interface ConversationListRow extends ConversationRow {
  unreadCount: number;
}

export interface ParticipantRow {
  userId: string | null;
  groupId: string | null;
  addedBy: string | null;
  addedAt: Date;
}

export interface Member {
  readonly userId: string;
  readonly groups: readonly string[];
}

const columns = `c.id, c.name, c.task_id AS "taskId", c.process_instance_id AS "processInstanceId",
  c.created_by AS "createdBy", c.created_at AS "createdAt", c.last_message_id::float8 AS "lastMessageId",
  c.last_message_at AS "lastMessageAt"`;

export const insertConversation = async (db: Queryable, c: ConversationRow): Promise<void> => {
  await db.query(
    `INSERT INTO weir_conversation (id, name, task_id, process_instance_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.name, c.taskId, c.processInstanceId, c.createdBy, c.createdAt],
  );
};

/**
 * Lock a conversation's row for the rest of the transaction: every write to a conversation
 * (a message, a participant) takes it first, so they are serialised across the cluster.
 */
export const lockConversation = async (db: Queryable, id: string): Promise<ConversationRow | undefined> => {
  const { rows } = await db.query<ConversationRow>(
    `SELECT ${columns} FROM weir_conversation c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
};

export const getConversation = async (db: Queryable, id: string): Promise<ConversationRow | undefined> => {
  const { rows } = await db.query<ConversationRow>(
    `SELECT ${columns} FROM weir_conversation c WHERE c.id = $1`,
    [id],
  );
  return rows[0];
};

/** The conversation already attached to this task (or, with no task, this instance). */
export const conversationAttachedTo = async (
  db: Queryable,
  target: { taskId: string | null; processInstanceId: string | null },
): Promise<string | undefined> => {
  const { rows } = target.taskId
    ? await db.query<{ id: string }>(`SELECT id FROM weir_conversation WHERE task_id = $1`, [target.taskId])
    : await db.query<{ id: string }>(
        `SELECT id FROM weir_conversation WHERE task_id IS NULL AND process_instance_id = $1`,
        [target.processInstanceId],
      );
  return rows[0]?.id;
};

export const deleteConversation = async (db: Queryable, id: string): Promise<void> => {
  await db.query(`DELETE FROM weir_conversation WHERE id = $1`, [id]);
};

/** The participant rows (users and groups) that make `member` take part. */
const memberFragment = (alias: string) =>
  `EXISTS (SELECT 1 FROM weir_conversation_participant p WHERE p.conversation_id = ${alias}.id
     AND (p.user_id = $? OR p.group_id = ANY($?::text[])))`;

export const isParticipant = async (
  db: Queryable,
  conversationId: string,
  member: Member,
): Promise<boolean> => {
  const { rows } = await db.query<{ yes: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM weir_conversation_participant
       WHERE conversation_id = $1 AND (user_id = $2 OR group_id = ANY($3::text[]))) AS yes`,
    [conversationId, member.userId, [...member.groups]],
  );
  return rows[0].yes;
};

/** Of `userIds`, those who take part: named as users, or members of a participating group. */
export const participatingUsers = async (
  db: Queryable,
  conversationId: string,
  userIds: readonly string[],
): Promise<string[]> => {
  const { rows } = await db.query<{ userId: string }>(
    `SELECT u AS "userId" FROM unnest($2::text[]) AS u
     WHERE EXISTS (SELECT 1 FROM weir_conversation_participant p
       WHERE p.conversation_id = $1 AND (p.user_id = u OR p.group_id IN
         (SELECT m.group_id FROM weir_idm_membership m WHERE m.user_id = u)))`,
    [conversationId, [...userIds]],
  );
  return rows.map((row) => row.userId);
};

export const listParticipants = async (db: Queryable, conversationId: string): Promise<ParticipantRow[]> => {
  const { rows } = await db.query<ParticipantRow>(
    `SELECT user_id AS "userId", group_id AS "groupId", added_by AS "addedBy", added_at AS "addedAt"
     FROM weir_conversation_participant WHERE conversation_id = $1
     ORDER BY added_at, user_id NULLS LAST, group_id`,
    [conversationId],
  );
  return rows;
};

/** Add a user or group; false when it already takes part. */
export const insertParticipant = async (
  db: Queryable,
  conversationId: string,
  who: { userId: string | null; groupId: string | null },
  addedBy: string | null,
  at: Date,
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `INSERT INTO weir_conversation_participant (conversation_id, user_id, group_id, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [conversationId, who.userId, who.groupId, addedBy, at],
  );
  return rowCount > 0;
};

export const deleteParticipant = async (
  db: Queryable,
  conversationId: string,
  who: { userId: string | null; groupId: string | null },
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `DELETE FROM weir_conversation_participant WHERE conversation_id = $1
       AND user_id IS NOT DISTINCT FROM $2 AND group_id IS NOT DISTINCT FROM $3`,
    [conversationId, who.userId, who.groupId],
  );
  return rowCount > 0;
};

export const conversationSorts: SortColumns = {
  id: 'c.id',
  name: 'c.name',
  createdAt: 'c.created_at',
  lastMessageAt: 'c.last_message_at',
};

export interface ConversationFilter {
  id?: string;
  taskId?: string;
  processInstanceId?: string;
  createdBy?: string;
  /** Only conversations this user takes part in (an admin's own lists are filtered too). */
  participant?: Member;
}

/** One page of conversations, each with the unread count of `reader`. */
export const listConversations = (
  db: Queryable,
  filter: ConversationFilter,
  reader: string,
  page: PageRequest,
): Promise<PagedResult<ConversationListRow>> => {
  const where = new Conditions()
    .when(filter.id, 'c.id = $?')
    .when(filter.taskId, 'c.task_id = $?')
    .when(filter.processInstanceId, 'c.process_instance_id = $?')
    .when(filter.createdBy, 'c.created_by = $?');
  if (filter.participant)
    where.add(memberFragment('c'), filter.participant.userId, [...filter.participant.groups]);
  // the reader's unread count; `$1` of the page query is the first condition's, so the reader
  // goes in through a condition that always holds
  where.add('$?::text IS NOT NULL', reader);
  const readerParam = `$${where.params.length}`;
  return pagedQuery(
    db,
    {
      columns: `${columns}, (SELECT count(*)::int FROM weir_conversation_message m
          WHERE m.conversation_id = c.id AND m.author <> ${readerParam}
            AND m.id > COALESCE((SELECT r.last_read_message_id FROM weir_conversation_read r
              WHERE r.conversation_id = c.id AND r.user_id = ${readerParam}), 0)) AS "unreadCount"`,
      from: 'weir_conversation c',
      where,
      sorts: conversationSorts,
      tieBreaker: 'c.id',
      page,
    },
    (row) => row as unknown as ConversationListRow,
  );
};
