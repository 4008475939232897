/**
 * Who may do what with a conversation (docs/conversations.md, "Who takes part"):
 *
 *   see it, read and post messages    a participant (named as a user, or through a group); admins
 *   add or remove other participants  a participant; admins
 *   join it (add oneself)             a task's conversation: whoever sees the task (its assignee,
 *                                     owner, candidates); an instance's: whoever sees the
 *                                     instance; a standalone one: nobody, they are added
 *   leave it                          any participant named as a user
 *   delete it                         its creator; admins
 *
 * A conversation the caller may not see is "not found", as every other object in Weir, so ids
 * cannot be probed. The checks run inside the command, after the conversation's row lock.
 */
import { forbidden, isAdmin, notFoundError, type Principal } from '../engine/authorization.ts';
import type { Queryable } from '../persistence/database.ts';
import { isParticipant, lockConversation, type ConversationRow } from '../persistence/conversations-sql.ts';
import { getConversation } from '../persistence/conversations-sql.ts';

export const notFoundConversation = (id: string) => notFoundError('conversation', id);

/** Whether `by` takes part (admins take part in every conversation they look at). */
export const takesPart = (db: Queryable, conversation: ConversationRow, by: Principal): Promise<boolean> =>
  isAdmin(by) ? Promise.resolve(true) : isParticipant(db, conversation.id, by);

/** Lock the conversation and check the caller takes part; 404 when it is missing or hidden. */
export const lockForParticipant = async (
  db: Queryable,
  id: string,
  by: Principal,
): Promise<ConversationRow> => {
  const conversation = await lockConversation(db, id);
  if (!conversation || !(await takesPart(db, conversation, by))) throw notFoundConversation(id);
  return conversation;
};

/** Read a conversation the caller takes part in (no lock: reads and subscriptions). */
export const visibleConversation = async (
  db: Queryable,
  id: string,
  by: Principal,
): Promise<ConversationRow> => {
  const conversation = await getConversation(db, id);
  if (!conversation || !(await takesPart(db, conversation, by))) throw notFoundConversation(id);
  return conversation;
};

export const requireCreatorOrAdmin = (conversation: ConversationRow, by: Principal, action: string): void => {
  if (!isAdmin(by) && conversation.createdBy !== by.userId)
    throw forbidden(by, action, `conversation '${conversation.id}' (only its creator or an admin may)`);
};
