/**
 * One acquisition loop; the executor runs one for async jobs and one for timers.
 *
 * States: sleeping -> acquiring -> sleeping, until stopped.
 * - sleeping ends when the poll interval has passed or when the loop is woken (a NOTIFY that
 *   new jobs were committed, or room in a queue that was full). A wake-up that arrives while
 *   a query is in flight is kept, so the loop queries once more instead of missing the jobs.
 * - acquiring locks at most the queue's free capacity (and at most `maxPerQuery`). A query
 *   that came back full goes straight into the next one, since more jobs are probably due;
 *   one that came back short sleeps the poll interval.
 * - with no room at all the loop sleeps `fullWait`, or until enough room is free again.
 * - a failing query (database away) is logged once and retried after the poll interval.
 * - stopped: `stop()` ends the sleep and resolves once the query in flight is done.
 */
import type { EngineLogger } from '../engine/index.ts';

export interface AcquisitionLoopOptions {
  /** `async` or `timer`, for the log. */
  readonly name: string;
  /** Poll interval (ms): how long to sleep when nothing wakes the loop. */
  readonly interval: number;
  /** Sleep (ms) when the queue was full. */
  readonly fullWait: number;
  readonly maxPerQuery: number;
  /** The queue's capacity. */
  readonly capacity: number;
  readonly free: () => number;
  /** Lock up to `limit` due jobs into the queue; resolves to how many were locked. */
  readonly acquire: (limit: number) => Promise<number>;
  readonly log: EngineLogger;
}

export class AcquisitionLoop {
  readonly #options: AcquisitionLoopOptions;
  /**
   * Room worth a query once the queue was full: a quarter of the batch size (or of a small
   * queue). Waking for every single freed slot would issue one query per finished job.
   */
  readonly #refill: number;
  #woken = false;
  #waitingForRoom = false;
  #stopped = false;
  #interrupt: (() => void) | undefined;
  #done: Promise<void> = Promise.resolve();

  constructor(options: AcquisitionLoopOptions) {
    this.#options = options;
    this.#refill = Math.max(1, Math.ceil(Math.min(options.maxPerQuery, options.capacity) / 4));
  }

  start(): void {
    this.#done = this.#loop();
  }

  /** Acquire now (or right after the query in flight). */
  wake(): void {
    this.#woken = true;
    this.#interrupt?.();
  }

  /** A slot came free: acquire if the loop was held back by a full queue and enough is free. */
  roomFreed(): void {
    if (this.#waitingForRoom && this.#options.free() >= this.#refill) this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#interrupt?.();
    await this.#done;
  }

  async #loop(): Promise<void> {
    const { log, name } = this.#options;
    let failing = false;
    while (!this.#stopped) {
      const limit = Math.min(this.#options.free(), this.#options.maxPerQuery);
      if (limit <= 0) {
        this.#waitingForRoom = true;
        await this.#sleep(this.#options.fullWait);
        this.#waitingForRoom = false;
        continue;
      }
      this.#woken = false;
      let acquired: number;
      try {
        acquired = await this.#options.acquire(limit);
        if (failing) log.info({ loop: name }, 'Job acquisition works again');
        failing = false;
      } catch (error) {
        if (!failing)
          log.warn({ err: error, loop: name }, 'Job acquisition failed; retrying at the next poll');
        failing = true;
        await this.#sleep(this.#options.interval);
        continue;
      }
      if (acquired < limit) await this.#sleep(this.#options.interval);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#interrupt = undefined;
        this.#woken = false;
        resolve();
      };
      const timer = setTimeout(end, ms);
      // A sleeping loop alone must not keep the process alive.
      timer.unref();
      this.#interrupt = end;
    });
  }
}
