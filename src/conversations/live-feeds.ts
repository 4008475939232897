/**
 * This node's live readers of conversations: STOMP subscriptions (a `Feed` each) and
 * long-polling requests (a waiter each), fed by the relay.
 *
 * A feed's states: starting (its cursor is read: the client's last message id, or the
 * conversation's newest id for a client that wants only what comes next) -> live. Everything a
 * feed does runs on one promise chain, so deliveries keep their order. A note whose
 * `previousId` is the feed's cursor and that carries its message is delivered as it is; any
 * other note newer than the cursor (a gap: a relay lost something, or carries no message)
 * makes the feed read the messages after its cursor from the database. A note at or below the
 * cursor is dropped. So a client sees each message once, in id order, whatever the relay did.
 *
 * Safety net: every `sweepInterval` one query compares each conversation read here with its
 * newest id, and a relay reconnect (`resync`) does the same at once.
 */
import type { Logger } from 'pino';
import type { Database, Transaction } from '../persistence/database.ts';
import { lastMessageIds, messagesAfter, type MessageRow } from '../persistence/conversation-messages-sql.ts';
import type { ConversationRelay, RelayNote } from './relay.ts';

/** Messages read per query when a feed catches up. */
const CATCH_UP_BATCH = 500;

export type FeedSink = (messages: readonly MessageRow[]) => void;

/** Checked again when who takes part changes; `revoked` is called once when it says no. */
export interface FeedAccess {
  allowed(): Promise<boolean>;
  revoked(): void;
}

export interface Feed {
  readonly conversationId: string;
  close(): void;
}

class LiveFeed implements Feed {
  readonly conversationId: string;
  readonly #db: Database;
  readonly #sink: FeedSink;
  readonly #log: Pick<Logger, 'warn'>;
  readonly #access: FeedAccess | undefined;
  #cursor = 0;
  #chain: Promise<void>;
  #closed = false;

  constructor(
    db: Database,
    log: Pick<Logger, 'warn'>,
    conversationId: string,
    after: number | undefined,
    sink: FeedSink,
    access?: FeedAccess,
  ) {
    this.#db = db;
    this.#log = log;
    this.#access = access;
    this.conversationId = conversationId;
    this.#sink = sink;
    this.#chain = this.#guard(async () => {
      if (after === undefined) {
        this.#cursor = (await lastMessageIds(db, [conversationId])).get(conversationId) ?? 0;
      } else {
        this.#cursor = after;
        await this.#catchUp();
      }
    });
  }

  get cursor(): number {
    return this.#cursor;
  }

  offer(note: RelayNote): void {
    this.#chain = this.#chain.then(() =>
      this.#guard(async () => {
        if (note.id <= this.#cursor) return;
        if (note.message && note.previousId === this.#cursor) {
          this.#cursor = note.id;
          this.#sink([note.message]);
        } else {
          await this.#catchUp();
        }
      }),
    );
  }

  catchUp(): void {
    this.#chain = this.#chain.then(() => this.#guard(() => this.#catchUp()));
  }

  /** Who takes part changed: ask again, in order with the deliveries, and stop when refused. */
  recheck(): void {
    const access = this.#access;
    if (!access) return;
    this.#chain = this.#chain.then(() =>
      this.#guard(async () => {
        if (await access.allowed()) return;
        this.#closed = true;
        access.revoked();
      }),
    );
  }

  async #catchUp(): Promise<void> {
    for (;;) {
      const rows = await messagesAfter(this.#db, this.conversationId, this.#cursor, CATCH_UP_BATCH);
      if (this.#closed || rows.length === 0) return;
      this.#cursor = rows[rows.length - 1].id;
      this.#sink(rows);
      if (rows.length < CATCH_UP_BATCH) return;
    }
  }

  /** A failed read leaves the cursor where it was: the next note or sweep tries again. */
  async #guard(work: () => Promise<void>): Promise<void> {
    if (this.#closed) return;
    try {
      await work();
    } catch (error) {
      this.#log.warn(
        { err: error, conversationId: this.conversationId },
        'A conversation feed could not read',
      );
    }
  }

  get settled(): Promise<void> {
    return this.#chain;
  }

  close(): void {
    this.#closed = true;
  }
}

/** A long-polling request: woken by news of a message after `after`. */
interface Waiter {
  readonly after: number;
  readonly wake: () => void;
}

export class LiveFeeds {
  readonly #db: Database;
  readonly #relay: ConversationRelay;
  readonly #log: Pick<Logger, 'warn'>;
  readonly #feeds = new Map<string, Set<LiveFeed>>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  #sweep: NodeJS.Timeout | undefined;
  #sweeping = false;

  constructor(options: { db: Database; relay: ConversationRelay; log: Pick<Logger, 'warn'> }) {
    this.#db = options.db;
    this.#relay = options.relay;
    this.#log = options.log;
  }

  get relay(): ConversationRelay {
    return this.#relay;
  }

  async start(): Promise<void> {
    await this.#relay.start({ note: (note) => this.#onNote(note), resync: () => this.#resync() });
    this.#sweep = setInterval(() => void this.#sweepOnce(), this.#relay.sweepInterval);
    this.#sweep.unref();
  }

  /** In a transaction that changed who takes part: every node checks its subscriptions after commit. */
  async accessChanged(tx: Transaction, conversationId: string): Promise<void> {
    const note = { conversationId, id: 0, previousId: 0, access: true } as const;
    await this.#relay.announce(tx, note);
    tx.afterCommit(() => this.#onNote(note));
  }

  /** In the posting transaction: announce through the relay, and feed this node after commit. */
  async published(tx: Transaction, message: MessageRow, previousId: number): Promise<void> {
    const note = { conversationId: message.conversationId, id: message.id, previousId };
    await this.#relay.announce(tx, { ...note, message });
    // This node's own readers need not wait for the relay (nor for a broker that is away).
    tx.afterCommit(() => this.#onNote({ ...note, message }));
  }

  /** Feed `sink` with the conversation's messages after `after` (or only new ones), in order. */
  open(
    conversationId: string,
    after: number | undefined,
    sink: FeedSink,
    access?: FeedAccess,
  ): Feed & { settled: Promise<void> } {
    const feed = new LiveFeed(this.#db, this.#log, conversationId, after, sink, access);
    const set = this.#feeds.get(conversationId) ?? new Set();
    set.add(feed);
    this.#feeds.set(conversationId, set);
    return {
      conversationId,
      settled: feed.settled,
      close: () => {
        feed.close();
        set.delete(feed);
        if (set.size === 0 && this.#feeds.get(conversationId) === set) this.#feeds.delete(conversationId);
      },
    };
  }

  /**
   * Resolves at the first news of the conversation (a note, a resync, a sweep) or after
   * `timeoutMs`, or when `signal` aborts; the caller then reads the database. Register before
   * reading, so a message committed in between is not missed.
   */
  waitForNews(
    conversationId: string,
    after: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): { news: Promise<void>; cancel(): void } {
    let cancel = () => {};
    const news = new Promise<void>((resolve) => {
      const set = this.#waiters.get(conversationId) ?? new Set();
      const waiter: Waiter = {
        after,
        wake: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', waiter.wake);
          set.delete(waiter);
          if (set.size === 0 && this.#waiters.get(conversationId) === set)
            this.#waiters.delete(conversationId);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      signal?.addEventListener('abort', waiter.wake);
      set.add(waiter);
      this.#waiters.set(conversationId, set);
      cancel = waiter.wake;
    });
    return { news, cancel };
  }

  #wakeWaiters(conversationId: string, newest: number): void {
    for (const waiter of [...(this.#waiters.get(conversationId) ?? [])])
      if (newest > waiter.after) waiter.wake();
  }

  #onNote(note: RelayNote): void {
    if (note.access) {
      for (const feed of this.#feeds.get(note.conversationId) ?? []) feed.recheck();
      return;
    }
    for (const feed of this.#feeds.get(note.conversationId) ?? []) feed.offer(note);
    this.#wakeWaiters(note.conversationId, note.id);
  }

  #resync(): void {
    for (const set of this.#feeds.values()) for (const feed of set) feed.catchUp();
    for (const set of [...this.#waiters.values()]) for (const waiter of [...set]) waiter.wake();
  }

  async #sweepOnce(): Promise<void> {
    const ids = [...new Set([...this.#feeds.keys(), ...this.#waiters.keys()])];
    if (this.#sweeping || ids.length === 0) return;
    this.#sweeping = true;
    try {
      const last = await lastMessageIds(this.#db, ids);
      for (const id of ids) {
        const newest = last.get(id) ?? 0;
        for (const feed of this.#feeds.get(id) ?? []) if (feed.cursor < newest) feed.catchUp();
        this.#wakeWaiters(id, newest);
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'Comparing conversation feeds with the database failed');
    } finally {
      this.#sweeping = false;
    }
  }

  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    for (const set of this.#feeds.values()) for (const feed of set) feed.close();
    this.#feeds.clear();
    for (const set of [...this.#waiters.values()]) for (const waiter of [...set]) waiter.wake();
    await this.#relay.stop();
  }
}
