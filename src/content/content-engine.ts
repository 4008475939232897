/**
 * The content engine's byte side: storing a stream (measured, size-limited, hashed), reading
 * it back verified, and removing bytes no row names any more. Rows are written by the content
 * commands (`content-commands.ts`) only after `store` has finished, so an item is visible only
 * once its bytes are complete.
 *
 * The sweep: deleting or replacing a row leaves its key in `weir_content_orphan` in the same
 * transaction (a trigger, so every path that deletes rows is covered: the content API, history
 * deletion, a deployment deleted with cascade). A node sweeps right after its own deletions
 * and every `SWEEP_INTERVAL_MS`, which also catches keys a node crashed before removing.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { Database } from '../persistence/database.ts';
import { forgetOrphanedKeys, lockOrphanedKeys, type ContentItemRow } from '../persistence/content-sql.ts';
import { WeirError } from '../errors.ts';
import { Measuring, Verifying, storageKeyOf, type ContentStorage, type Measure } from './storage.ts';

export interface StoredBytes extends Measure {
  key: string;
}

interface ContentLog {
  warn(details: object, message: string): void;
}

/** A minute: orphans are only disk space, and a sweep costs a query on every node. */
const SWEEP_INTERVAL_MS = 60_000;
/** Keys removed per sweep transaction: small, so the row locks are held briefly. */
const SWEEP_BATCH = 100;

export class ContentEngine {
  readonly storage: ContentStorage;
  readonly maxSize: number;
  readonly #db: Database;
  readonly #log: ContentLog;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(options: { db: Database; storage: ContentStorage; maxSize: number; log?: ContentLog }) {
    this.#db = options.db;
    this.storage = options.storage;
    this.maxSize = options.maxSize;
    this.#log = options.log ?? { warn: () => {} };
  }

  /** Store a stream under a fresh key; WEIR_CONTENT_TOO_LARGE past the limit (nothing kept). */
  async store(body: Readable): Promise<StoredBytes> {
    const key = storageKeyOf(randomUUID());
    const measuring = new Measuring(this.maxSize);
    // One pipeline: a failure on either side (the client goes away, the limit is passed)
    // destroys both streams, which fails the store's write, which leaves nothing behind.
    const reading = pipeline(body, measuring);
    await Promise.all([this.storage.write(key, measuring), reading]);
    return { key, ...measuring.result };
  }

  /** The bytes of an item, checked against its recorded size and SHA-256 as they are read. */
  async open(item: ContentItemRow): Promise<Readable> {
    if (!item.contentAvailable || !item.storageKey || item.checksum === null || item.contentSize === null) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Content item with id '${item.id}' doesn't have content associated with it.`,
      );
    }
    const source = await this.storage.read(item.storageKey);
    const verifying = new Verifying({ size: item.contentSize, sha256: item.checksum }, item.id);
    pipeline(source, verifying).catch(() => {
      // the error reaches the reader through `verifying` itself
    });
    return verifying;
  }

  /** Remove bytes that no row names (an upload whose row was refused); failures are left to the sweep. */
  async discard(key: string): Promise<void> {
    await this.storage.remove(key).catch((error: unknown) => {
      this.#log.warn({ err: error, key }, 'Could not remove content bytes');
    });
  }

  /** Remove orphaned bytes now (after a deletion committed); overlapping calls share one run. */
  sweep(): Promise<void> {
    this.#sweeping ??= this.#sweepAll().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async #sweepAll(): Promise<void> {
    try {
      for (;;) {
        const removed = await this.#db.transaction(async (tx) => {
          const keys = await lockOrphanedKeys(tx, SWEEP_BATCH);
          // removed before the keys are forgotten: a crash in between only repeats a removal
          for (const key of keys) await this.storage.remove(key);
          await forgetOrphanedKeys(tx, keys);
          return keys.length;
        });
        if (removed < SWEEP_BATCH) return;
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'Sweeping orphaned content failed; the next sweep retries');
    }
  }

  /** Sweep periodically until `stop`. */
  start(): void {
    this.#timer ??= setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }
}

/** A buffer as a stream, for content that arrives whole (a small attachment, a test). */
export const streamOf = (bytes: Buffer): Readable => Readable.from([bytes]);
