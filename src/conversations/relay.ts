/**
 * How a node tells the other nodes that a conversation has a new message. Two relays:
 * PostgreSQL NOTIFY (the default, `postgres-relay.ts`) and an external STOMP broker
 * (`broker-relay.ts`, with `flowable.websocket.stomp-broker-addresses`). Either way the message
 * is in PostgreSQL first: a relay only carries the news, and a node that missed some (a lost
 * notification, a broker outage) reads what it missed from the database by id, told by `resync`
 * or by a note whose `previousId` is not the last id it delivered.
 */
import type { Transaction } from '../persistence/database.ts';
import type { MessageRow } from '../persistence/conversation-messages-sql.ts';

export interface RelayNote {
  readonly conversationId: string;
  readonly id: number;
  /** The id of the conversation's message before this one (0 for its first message). */
  readonly previousId: number;
  /** The message itself when the relay carries it (a broker); otherwise read from the database. */
  readonly message?: MessageRow;
  /**
   * Not a message: who takes part changed (a participant removed, the conversation deleted),
   * and open subscriptions must be checked again (`id` and `previousId` are 0).
   */
  readonly access?: true;
  /** Which node's relay published it (a broker relay tells its own echo apart by it). */
  readonly origin?: string;
}

export interface RelayHandlers {
  /** A message was committed on some node (this one included). */
  note(note: RelayNote): void;
  /** News may have been lost (a reconnect): compare every feed with the database. */
  resync(): void;
}

export interface RelayStatus {
  readonly kind: 'postgres' | 'broker';
  readonly connected: boolean;
  /** The broker address in use (`host:port`), for a broker relay. */
  readonly address?: string;
  readonly addresses?: readonly string[];
  /** A broker relay's notes sent to and received from the broker since this node started. */
  readonly published?: number;
  readonly received?: number;
}

export interface ConversationRelay {
  /** Called inside the posting transaction, after the message row is written. */
  announce(tx: Transaction, note: RelayNote): Promise<void>;
  start(handlers: RelayHandlers): Promise<void>;
  status(): RelayStatus;
  /**
   * How often each node compares its feeds with the database as a safety net (ms). Short for
   * NOTIFY, whose notifications are lost while a listening connection reconnects; a few seconds
   * for a broker, whose reconnects resync at once but which never hears of a note that its
   * poster died before publishing.
   */
  readonly sweepInterval: number;
  stop(): Promise<void>;
}

/** A note as it travels (JSON): dates as ISO strings. */
export const noteFromJson = (text: string): RelayNote | undefined => {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (
      typeof value.conversationId !== 'string' ||
      typeof value.id !== 'number' ||
      typeof value.previousId !== 'number'
    )
      return undefined;
    const message = value.message as (MessageRow & { createdAt: string }) | undefined;
    return {
      conversationId: value.conversationId,
      id: value.id,
      previousId: value.previousId,
      message: message ? { ...message, createdAt: new Date(message.createdAt) } : undefined,
      ...(value.access === true ? { access: true } : {}),
      ...(typeof value.origin === 'string' ? { origin: value.origin } : {}),
    };
  } catch {
    return undefined;
  }
};
