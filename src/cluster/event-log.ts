/**
 * Cross-node fan-out of engine events through PostgreSQL, with no broker: each node appends
 * the events it committed to `weir_event_log` and NOTIFYs `weir_events`; each node LISTENs,
 * reads the rows after the last id it read, and hands them to its local subscribers (the
 * WebSocket connections). Because ids are visible in commit order, "rows after my last id" is
 * gap-free, and a client that reconnects resumes the same way from the last id it received.
 *
 * Reader states: idle (no subscriber: nothing is read, `lastId` follows the ids the NOTIFYs
 * carry) -> reading (a wake-up runs one read loop; wake-ups during a read
 * make it loop once more) -> waiting (for a NOTIFY or the poll tick) -> stopped on `stop`.
 * The poll tick is the safety net for notifications lost while the LISTEN connection was
 * reconnecting; NOTIFY keeps the usual delay to a few milliseconds.
 */
import type { Logger } from 'pino';
import type { EventBus, EngineEvent } from '../engine/events.ts';
import type { Database } from '../persistence/database.ts';
import {
  EVENTS_CHANNEL,
  deleteEventsOlderThan,
  selectEventsAfter,
  selectLastEventId,
  selectOldestReplayableId,
} from '../persistence/event-log-sql.ts';
import type { LoggedEventRow } from '../persistence/event-log-sql.ts';
import { createEventLogWriter } from './event-log-writer.ts';

export type LoggedEvent = LoggedEventRow;
type LoggedEventListener = (event: LoggedEvent) => void;

export interface EventLogOptions {
  readonly db: Database;
  readonly bus: EventBus;
  /** How far back (ms) a reconnecting client can resume: `weir.events.replay-window`. */
  readonly replayWindow: number;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  /** Safety-net poll interval (ms). */
  readonly pollInterval?: number;
}

interface Replay {
  readonly events: LoggedEvent[];
  /** False when events after the requested id have already left the replay window. */
  readonly complete: boolean;
}

export interface EventLog {
  /** Receive every event any node logs from now on, in id order. */
  subscribe(listener: LoggedEventListener): () => void;
  /** The logged events after `afterId` that are still within the replay window, in id order. */
  replay(afterId: number): Promise<Replay>;
  /** The last id this node has read and handed to its subscribers. */
  readonly lastId: number;
  stop(): Promise<void>;
}

/** A missed NOTIFY costs at most this much delay. */
const POLL_INTERVAL_MS = 1_000;
const READ_BATCH = 500;
/** A replay longer than this is cut (and reported incomplete): one client must not pin a node. */
const MAX_REPLAY = 10_000;
/**
 * Rows are kept at least this long whatever the replay window, even PT0S: a reader woken by
 * NOTIFY must find the row it was told about before a pruner on another node deletes it.
 */
const MIN_RETENTION_MS = 30_000;

export const startEventLog = async (options: EventLogOptions): Promise<EventLog> => {
  const { db, log, replayWindow } = options;
  const listeners = new Set<LoggedEventListener>();
  const writer = createEventLogWriter(db, log);
  let lastId = await selectLastEventId(db);
  let reading: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failing = false;

  const deliver = (event: LoggedEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.warn({ err: error }, 'An event-log subscriber failed');
      }
    }
  };

  const readLoop = async () => {
    do {
      again = false;
      for (;;) {
        const rows = await selectEventsAfter(db, lastId, READ_BATCH);
        for (const row of rows) {
          lastId = row.id;
          deliver(row);
        }
        if (rows.length < READ_BATCH || stopped) break;
      }
    } while (again && !stopped);
  };

  const wake = () => {
    if (stopped || listeners.size === 0) return;
    if (reading) {
      again = true;
      return;
    }
    reading = readLoop()
      .then(
        () => {
          if (failing) log.info({}, 'Reading the event log works again');
          failing = false;
        },
        (error: unknown) => {
          if (!failing) log.warn({ err: error }, 'Reading the event log failed; retrying at the next tick');
          failing = true;
        },
      )
      .finally(() => {
        reading = undefined;
      });
  };

  // Without subscribers (no WebSocket client on this node) nothing is read: a NOTIFY's payload
  // is the last id of a batch that committed after every earlier one (appends take the writer
  // lock), so `lastId` moves to it without a query and reading resumes from there when the
  // first subscriber comes. A node of workers never reads the log at all.
  const notified = (payload: string) => {
    if (listeners.size > 0) return wake();
    const id = Number(payload);
    if (Number.isSafeInteger(id) && id > lastId && !reading) lastId = id;
  };
  const unlisten = await db.listen(EVENTS_CHANNEL, notified);
  const poll = setInterval(wake, options.pollInterval ?? POLL_INTERVAL_MS);
  poll.unref();

  // Every node prunes; the deletes are idempotent, so several nodes doing it cost little.
  const retention = Math.max(replayWindow, MIN_RETENTION_MS);
  const prune = setInterval(
    () => {
      deleteEventsOlderThan(db, retention).catch((error: unknown) =>
        log.warn({ err: error }, 'Pruning the event log failed'),
      );
    },
    Math.max(retention / 2, 5_000),
  );
  prune.unref();

  const unsubscribeBus = options.bus.on((event: EngineEvent) =>
    writer.append({ type: event.type, data: event.data, occurredAt: event.time }),
  );

  return {
    subscribe(listener) {
      listeners.add(listener);
      // what was appended while nobody listened and no NOTIFY said so (a lost one)
      if (listeners.size === 1) wake();
      return () => listeners.delete(listener);
    },
    async replay(afterId) {
      const events: LoggedEvent[] = [];
      let cursor = afterId;
      while (events.length < MAX_REPLAY) {
        const rows = await selectEventsAfter(db, cursor, READ_BATCH, replayWindow);
        events.push(...rows);
        if (rows.length < READ_BATCH) break;
        cursor = rows[rows.length - 1].id;
      }
      // Everything older than the window is gone or going: the replay is whole when the client
      // had seen up to the window's start. Sequence gaps (a rolled-back batch) can make this
      // say "incomplete" needlessly, never the other way round.
      const oldest = await selectOldestReplayableId(db, replayWindow);
      const complete =
        events.length < MAX_REPLAY && (oldest === undefined ? afterId >= lastId : oldest <= afterId + 1);
      return { events, complete };
    },
    get lastId() {
      return lastId;
    },
    async stop() {
      stopped = true;
      unsubscribeBus();
      clearInterval(poll);
      clearInterval(prune);
      await writer.close();
      await unlisten().catch(() => {});
      await reading;
      listeners.clear();
    },
  };
};
