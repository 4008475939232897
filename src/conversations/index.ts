/**
 * Conversations (docs/conversations.md): people talking about a task, a process instance or
 * anything, with messages stored in PostgreSQL and delivered live over STOMP (`/stomp`) or
 * long polling, across nodes through PostgreSQL NOTIFY or an external STOMP broker.
 */
import type { Logger } from 'pino';
import type { Database } from '../persistence/database.ts';
import type { BrokerAddress } from '../config/broker-addresses.ts';
import { brokerRelay } from './broker-relay.ts';
import { LiveFeeds } from './live-feeds.ts';
import { postgresRelay } from './postgres-relay.ts';

export { LiveFeeds, type Feed, type FeedSink } from './live-feeds.ts';
export type { RelayStatus } from './relay.ts';
export * from './conversation-commands.ts';
export * from './message-commands.ts';
export { visibleConversation } from './conversation-access.ts';

/** This node's live feeds, relayed through the configured broker or else PostgreSQL; started. */
export const startConversationFeeds = async (
  db: Database,
  broker: {
    readonly addresses: readonly BrokerAddress[];
    readonly user?: string;
    readonly password?: string;
  },
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<LiveFeeds> => {
  const relay = broker.addresses.length > 0 ? brokerRelay(broker, log) : postgresRelay(db, log);
  const feeds = new LiveFeeds({ db, relay, log });
  await feeds.start();
  return feeds;
};
