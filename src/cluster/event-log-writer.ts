/**
 * Appends this node's committed engine events to the cluster's event log.
 *
 * States: idle (nothing pending) -> writing (one batch in flight; events that arrive meanwhile
 * wait for the next batch) -> idle, and -> closed on `close`, which writes what is pending
 * first. One batch in flight at a time is group commit: under load the batches grow instead
 * of the round trips multiplying, so the log costs about one insert per node per round trip,
 * not one per command.
 *
 * The log is a notification channel, not the record: the engine's tables are. So a batch that
 * cannot be written after a few tries is dropped with a warning rather than held forever, and
 * a crash between a command's commit and its batch loses those notifications (a resuming
 * client then misses them; the REST API still shows the truth).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../persistence/database.ts';
import { appendEvents } from '../persistence/event-log-sql.ts';
import type { NewLoggedEvent } from '../persistence/event-log-sql.ts';

/** Large enough that a burst goes out in a few statements, small enough to stay one quick insert. */
const MAX_BATCH = 500;
/**
 * While the database is away, events queue in memory up to this many; past it the oldest are
 * dropped, so an outage costs notifications, never the node's memory.
 */
const MAX_PENDING = 20_000;
/** A blip is retried; an outage longer than these waits (about 3 s) loses the batch. */
const RETRY_DELAYS_MS = [100, 500, 2_500];

export interface EventLogWriter {
  /** Queue one committed event. */
  append(event: NewLoggedEvent): void;
  /** Write what is pending, then stop. */
  close(): Promise<void>;
}

export const createEventLogWriter = (db: Database, log: Pick<Logger, 'warn'>): EventLogWriter => {
  const pending: NewLoggedEvent[] = [];
  let writing: Promise<void> | undefined;
  let closed = false;
  let dropped = 0;

  const writeBatch = async (batch: readonly NewLoggedEvent[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await appendEvents(db, batch);
        return;
      } catch (error) {
        if (attempt >= RETRY_DELAYS_MS.length || closed) {
          log.warn({ err: error, events: batch.length }, 'Could not write events to the event log; dropped');
          return;
        }
        await sleep(RETRY_DELAYS_MS[attempt]);
      }
    }
  };

  const drain = async () => {
    while (pending.length > 0) await writeBatch(pending.splice(0, MAX_BATCH));
    writing = undefined;
  };

  return {
    append(event) {
      if (closed) return;
      pending.push(event);
      if (pending.length > MAX_PENDING) {
        pending.shift();
        // Once per overflow episode, not per event.
        if (dropped++ === 0) log.warn({}, 'The event log is falling behind; dropping the oldest events');
      } else {
        dropped = 0;
      }
      // Start on the next turn, so the events of one command (published in one loop) share a batch.
      writing ??= sleep(0).then(drain);
    },
    async close() {
      closed = true;
      await writing;
      if (pending.length > 0) await drain();
    },
  };
};
