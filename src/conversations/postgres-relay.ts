/**
 * The relay with no broker: NOTIFY `weir_conversations` in the posting transaction (delivered
 * at commit, to every node's LISTEN connection, this node's included). The payload names the
 * conversation and ids only; the nodes read the message from the database, where it is
 * already visible when the notification arrives.
 */
import type { Logger } from 'pino';
import type { Database } from '../persistence/database.ts';
import { CONVERSATIONS_CHANNEL, notifyMessage } from '../persistence/conversation-messages-sql.ts';
import { noteFromJson, type ConversationRelay, type RelayHandlers } from './relay.ts';

/** A notification lost during a LISTEN reconnect costs at most this much delay. */
const SWEEP_INTERVAL_MS = 2_000;

export const postgresRelay = (db: Database, log: Pick<Logger, 'warn'>): ConversationRelay => {
  let unlisten: (() => Promise<void>) | undefined;
  return {
    sweepInterval: SWEEP_INTERVAL_MS,
    announce: (tx, { conversationId, id, previousId, access }) =>
      notifyMessage(tx, { conversationId, id, previousId, ...(access ? { access } : {}) }),
    async start(handlers: RelayHandlers) {
      unlisten = await db.listen(CONVERSATIONS_CHANNEL, (payload) => {
        // an empty payload: the LISTEN connection was reopened and notifications may be lost
        if (!payload) return handlers.resync();
        const note = noteFromJson(payload);
        if (note) handlers.note(note);
        else log.warn({ payload }, 'Ignored a malformed conversation notification');
      });
    },
    status: () => ({ kind: 'postgres', connected: true }),
    async stop() {
      await unlisten?.().catch(() => {});
    },
  };
};
