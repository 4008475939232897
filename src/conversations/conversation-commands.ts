/**
 * Conversations as engine commands: each runs in one transaction, and one attached to a task
 * or process instance takes that instance's lock first (then the conversation's row lock:
 * always in this order, so two commands never wait on each other crosswise). The caller's
 * rights are checked under those locks (`conversation-access.ts`).
 */
import { isAdmin, type Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import { newId } from '../engine/ids.ts';
import { WeirError } from '../errors.ts';
import type { Transaction } from '../persistence/database.ts';
import {
  conversationAttachedTo,
  deleteConversation,
  deleteParticipant,
  insertConversation,
  insertParticipant,
  listParticipants,
  lockConversation,
  type ConversationRow,
  type ParticipantRow,
} from '../persistence/conversations-sql.ts';
import { getGroup, getUser } from '../persistence/idm-sql.ts';
import { identityLinksOfTask } from '../persistence/rest-tasks-sql.ts';
import { getTaskRow } from '../persistence/runtime-reads-sql.ts';
import { lockForParticipant, notFoundConversation, requireCreatorOrAdmin } from './conversation-access.ts';
import type { LiveFeeds } from './live-feeds.ts';

export interface NewConversation {
  name?: string | null;
  taskId?: string | null;
  processInstanceId?: string | null;
  /** Users and groups to add besides the creator. */
  participants?: readonly Participant[];
  /** A task's conversation: add the task's assignee, owner and candidates at once. */
  includeTaskPeople?: boolean;
}

export interface Participant {
  userId?: string | null;
  groupId?: string | null;
}

type Who = { userId: string | null; groupId: string | null };

/** One of `userId` and `groupId`, naming a user or group that exists. */
const checkedParticipant = async (tx: Transaction, p: Participant): Promise<Who> => {
  const userId = p.userId ?? null;
  const groupId = p.groupId ?? null;
  if ((userId === null) === (groupId === null))
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'A participant has either a userId or a groupId (one of them)',
    );
  if (userId !== null && !(await getUser(tx, userId)))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Participant user '${userId}' does not exist`);
  if (groupId !== null && !(await getGroup(tx, groupId)))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Participant group '${groupId}' does not exist`);
  return { userId, groupId };
};

/**
 * Run `work` under the lock of what a conversation is attached to, with the caller's right to
 * see it checked there: the task's instance (or the task of no process), or the instance.
 */
const underTarget = <T>(
  engine: Engine,
  target: { taskId: string | null; processInstanceId: string | null },
  by: Principal,
  work: (tx: Transaction, instanceOfTask: string | null) => Promise<T>,
): Promise<T> => {
  if (target.taskId)
    return engine.withTask(target.taskId, by, { kind: 'see' }, (tx, task) =>
      work(tx, task.processInstanceId),
    );
  if (target.processInstanceId)
    return engine.withInstance(target.processInstanceId, by, (tx) => work(tx, null));
  return engine.command((ctx) => work(ctx.tx, null));
};

/** The task's assignee, owner and candidate users and groups. */
const peopleOfTask = async (tx: Transaction, taskId: string): Promise<Who[]> => {
  const task = await getTaskRow(tx, taskId);
  const users = new Set([task?.assignee, task?.owner].filter((u): u is string => !!u));
  const groups = new Set<string>();
  for (const link of await identityLinksOfTask(tx, taskId)) {
    if (link.userId) users.add(link.userId);
    if (link.groupId) groups.add(link.groupId);
  }
  return [
    ...[...users].map((userId) => ({ userId, groupId: null })),
    ...[...groups].map((groupId) => ({ userId: null, groupId })),
  ];
};

export const createConversation = async (
  engine: Engine,
  input: NewConversation,
  by: Principal,
): Promise<ConversationRow> => {
  if (input.includeTaskPeople && !input.taskId)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "'includeTaskPeople' needs a 'taskId'");
  const target = { taskId: input.taskId ?? null, processInstanceId: input.processInstanceId ?? null };
  if (target.taskId && target.processInstanceId)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      "A conversation is attached to a task or a process instance: give 'taskId' or 'processInstanceId', not both",
    );
  return underTarget(engine, target, by, async (tx, instanceOfTask) => {
    if (target.taskId || target.processInstanceId) {
      const existing = await conversationAttachedTo(tx, target);
      if (existing)
        throw new WeirError(
          'WEIR_CONFLICT',
          `${target.taskId ? `Task '${target.taskId}'` : `Process instance '${target.processInstanceId}'`} already has conversation '${existing}'`,
        );
    }
    const people: Who[] = [{ userId: by.userId, groupId: null }];
    for (const p of input.participants ?? []) people.push(await checkedParticipant(tx, p));
    if (input.includeTaskPeople && target.taskId) people.push(...(await peopleOfTask(tx, target.taskId)));
    const now = engine.services.clock.now();
    const row: ConversationRow = {
      id: newId(),
      name: input.name ?? null,
      taskId: target.taskId,
      processInstanceId: target.processInstanceId ?? instanceOfTask,
      createdBy: by.userId,
      createdAt: now,
      lastMessageId: 0,
      lastMessageAt: null,
    };
    await insertConversation(tx, row);
    for (const who of people) await insertParticipant(tx, row.id, who, by.userId, now);
    return row;
  });
};

/** Delete a conversation and its messages; open subscriptions to it end (they are refused). */
export const deleteConversationById = (
  engine: Engine,
  feeds: LiveFeeds,
  id: string,
  by: Principal,
): Promise<void> =>
  engine.command(async (ctx) => {
    const conversation = await lockForParticipant(ctx.tx, id, by);
    requireCreatorOrAdmin(conversation, by, 'delete');
    await deleteConversation(ctx.tx, id);
    await feeds.accessChanged(ctx.tx, id);
  });

export const participantsOf = (engine: Engine, id: string, by: Principal): Promise<ParticipantRow[]> =>
  engine.command(async (ctx) => {
    await lockForParticipant(ctx.tx, id, by);
    return listParticipants(ctx.tx, id);
  });

/**
 * Add a participant. Another user or a group: the caller must take part. Oneself: joining,
 * which the people of the conversation's task or instance may do (see conversation-access.ts).
 * Returns false when they already took part.
 */
export const addParticipant = async (
  engine: Engine,
  id: string,
  participant: Participant,
  by: Principal,
): Promise<boolean> => {
  const joining = participant.userId === by.userId && !participant.groupId;
  if (!joining)
    return engine.command(async (ctx) => {
      await lockForParticipant(ctx.tx, id, by);
      const who = await checkedParticipant(ctx.tx, participant);
      return insertParticipant(ctx.tx, id, who, by.userId, engine.services.clock.now());
    });
  const seen = await engine.command((ctx) => lockConversation(ctx.tx, id));
  if (!seen) throw notFoundConversation(id);
  const target = { taskId: seen.taskId, processInstanceId: seen.taskId ? null : seen.processInstanceId };
  if (!target.taskId && !target.processInstanceId && !isAdmin(by))
    return engine.command(async (ctx) => {
      // a standalone conversation: only its participants may add anyone, oneself included
      await lockForParticipant(ctx.tx, id, by);
      return false;
    });
  if (target.taskId && !(await getTaskRow(engine.db, target.taskId)))
    throw new WeirError(
      'WEIR_CONFLICT',
      `Task '${target.taskId}' has ended: its conversation takes no new people`,
    );
  // the task or instance people see it: 404 for the conversation when they may not
  return underTarget(engine, target, by, async (tx) => {
    if (!(await lockConversation(tx, id))) throw notFoundConversation(id);
    return insertParticipant(
      tx,
      id,
      { userId: by.userId, groupId: null },
      by.userId,
      engine.services.clock.now(),
    );
  }).catch((error: unknown) => {
    if (error instanceof WeirError && error.code === 'WEIR_NOT_FOUND') throw notFoundConversation(id);
    throw error;
  });
};

/**
 * Remove a participant: oneself (leaving), or anyone by a participant. False when absent. The
 * subscriptions of users who no longer take part end, on every node.
 */
export const removeParticipant = (
  engine: Engine,
  feeds: LiveFeeds,
  id: string,
  participant: Participant,
  by: Principal,
) =>
  engine.command(async (ctx) => {
    await lockForParticipant(ctx.tx, id, by);
    const who = { userId: participant.userId ?? null, groupId: participant.groupId ?? null };
    if ((who.userId === null) === (who.groupId === null))
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        'A participant has either a userId or a groupId (one of them)',
      );
    const removed = await deleteParticipant(ctx.tx, id, who);
    if (removed) await feeds.accessChanged(ctx.tx, id);
    return removed;
  });
