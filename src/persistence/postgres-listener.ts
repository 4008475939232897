/**
 * LISTEN on PostgreSQL needs a connection of its own: a pooled connection goes back to the
 * pool after each query, and its subscriptions would go with it. So the listener keeps one
 * dedicated, long-lived client, opened on the first `listen`.
 *
 * States: idle (no channel, no client) -> connecting -> listening. When the connection drops
 * (a server restart, a failover, a terminated backend) the listener goes back to connecting,
 * retrying with a growing delay, and re-issues LISTEN for every channel it still has.
 * Notifications sent while it was away are lost, so once it is back every subscriber is called
 * once with an empty payload: a wake-up to look for what it may have missed. Callers poll as
 * well (the job executor does), so a lost wake-up never costs more than latency.
 */
import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { NotificationHandler } from './database.ts';
import type { DatabaseLog } from './after-commit.ts';

export interface PostgresListener {
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** First retry soon (a blip), then back off so a database that is down is not hammered. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

interface Subscription {
  readonly handler: NotificationHandler;
}

export const createPostgresListener = (settings: ClientConfig, log: DatabaseLog): PostgresListener => {
  const channels = new Map<string, Set<Subscription>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = RETRY_MIN_MS;
  let closed = false;

  const listenSql = (channel: string) => `LISTEN ${pg.escapeIdentifier(channel)}`;

  const deliver = (channel: string, payload: string) => {
    for (const subscription of channels.get(channel) ?? []) {
      try {
        subscription.handler(payload);
      } catch (error) {
        log.warn({ err: error, channel }, 'A notification handler failed');
      }
    }
  };

  const dropped = (lost: pg.Client) => {
    if (client !== lost) return;
    client = undefined;
    lost.end().catch(() => {});
    if (!closed && channels.size > 0) scheduleReconnect();
  };

  const open = async (): Promise<pg.Client> => {
    const candidate = new pg.Client(settings);
    candidate.on('notification', (message) => deliver(message.channel, message.payload ?? ''));
    candidate.on('error', (error) => {
      log.warn({ err: error }, 'The LISTEN connection failed; reconnecting');
      dropped(candidate);
    });
    let ended = false;
    candidate.on('end', () => {
      ended = true;
      dropped(candidate);
    });
    try {
      await candidate.connect();
      for (const channel of channels.keys()) await candidate.query(listenSql(channel));
    } catch (error) {
      candidate.end().catch(() => {});
      throw error;
    }
    if (ended) throw new Error('The LISTEN connection closed while it was being opened');
    if (closed) {
      await candidate.end();
      throw new Error('The database is closed');
    }
    client = candidate;
    retryDelay = RETRY_MIN_MS;
    return candidate;
  };

  const connected = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= open().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  function scheduleReconnect(): void {
    if (retryTimer || closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connected().then(
        () => {
          log.warn({}, 'The LISTEN connection is back');
          // Whatever was notified while it was away is lost: wake every subscriber once, with
          // an empty payload, so it looks for work it may have missed instead of waiting for
          // its next poll.
          for (const channel of channels.keys()) deliver(channel, '');
        },
        (error: unknown) => {
          log.warn({ err: error, retryInMs: retryDelay }, 'Reconnecting the LISTEN connection failed');
          retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          scheduleReconnect();
        },
      );
    }, retryDelay);
    retryTimer.unref();
  }

  const unsubscribe = async (channel: string, subscription: Subscription) => {
    const subscriptions = channels.get(channel);
    if (!subscriptions?.delete(subscription) || subscriptions.size > 0) return;
    channels.delete(channel);
    // Best effort: if the connection is gone, so is the subscription.
    await client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
  };

  return {
    async listen(channel, handler) {
      if (closed) throw new Error('The database is closed');
      const subscription: Subscription = { handler };
      const subscriptions = channels.get(channel) ?? new Set<Subscription>();
      channels.set(channel, subscriptions);
      subscriptions.add(subscription);
      try {
        // LISTEN is idempotent: issuing it again for a channel already listened to is harmless
        // and makes sure this subscription is live when `listen` resolves.
        await (await connected()).query(listenSql(channel));
      } catch (error) {
        await unsubscribe(channel, subscription);
        throw error;
      }
      return () => unsubscribe(channel, subscription);
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      channels.clear();
      await connecting?.catch(() => {});
      const last = client;
      client = undefined;
      await last?.end();
    },
  };
};
