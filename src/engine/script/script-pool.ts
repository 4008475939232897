/**
 * The script worker pool: a fixed number of slots, each a worker thread running one script
 * at a time, so a script can take at most its own slot's CPU and the event loop stays free
 * for HTTP, the job executor and the database.
 *
 * States of a slot: empty (no worker yet, or its worker was terminated) -> idle (a worker
 * waits, unref'd so it never keeps the process alive) -> busy (one request in flight, a
 * watchdog armed) -> idle again when the reply arrives, or empty when the watchdog fires or
 * the worker dies. Requests beyond the slots wait in a FIFO queue; an empty slot starts a
 * fresh worker when a request needs it.
 */
import { Worker } from 'node:worker_threads';
import type { ScriptOutcome } from './script-outcome.ts';
import type { ScriptReply, ScriptRequest } from './worker-protocol.ts';

/**
 * QuickJS stops a script at its deadline by itself; the watchdog is for what QuickJS cannot
 * interrupt (a long builtin call, a broken sandbox). The grace covers a fresh worker's boot
 * and module compile (~0.45 s measured, more on a loaded machine) so a healthy run is never killed.
 */
export const WATCHDOG_GRACE_MS = 2000;

const DEFAULT_SCRIPT_THREADS = 1;

export type RunReply = Exclude<ScriptReply, { kind: 'log' }>;

interface Pending {
  readonly request: Omit<ScriptRequest, 'id'>;
  readonly onLog: (message: string) => void;
  readonly resolve: (reply: RunReply) => void;
}

interface Slot {
  worker: Worker | undefined;
  current: (Pending & { id: number; watchdog: NodeJS.Timeout }) | undefined;
}

const WORKER_URL = new URL('./script-worker.ts', import.meta.url);

export class ScriptPool {
  readonly #slots: Slot[];
  readonly #queue: Pending[] = [];
  readonly #workerUrl: URL;
  #nextId = 1;
  #retired = false;

  /** `workerUrl` is for tests that need a worker QuickJS cannot stop. */
  constructor(threads: number, workerUrl: URL = WORKER_URL) {
    this.#workerUrl = workerUrl;
    this.#slots = Array.from({ length: threads }, () => ({ worker: undefined, current: undefined }));
  }

  get threads(): number {
    return this.#slots.length;
  }

  run(request: Omit<ScriptRequest, 'id'>, onLog: (message: string) => void): Promise<RunReply> {
    return new Promise((resolve) => {
      this.#queue.push({ request, onLog, resolve });
      this.#dispatch();
    });
  }

  /** Terminates every worker; runs in flight and waiting end as failures. */
  async close(): Promise<void> {
    this.#retired = true;
    for (const waiting of this.#queue.splice(0)) waiting.resolve(failure(0, 'the script pool was closed'));
    await Promise.all(this.#slots.map((slot) => this.#kill(slot, 'the script pool was closed')));
  }

  /** Lets queued and running scripts finish, then terminates the workers. */
  retire(): void {
    this.#retired = true;
    for (const slot of this.#slots) if (!slot.current) void this.#kill(slot, 'retired');
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.current) continue;
      const next = this.#queue.shift();
      if (!next) {
        if (this.#retired) void this.#kill(slot, 'retired');
        continue;
      }
      const worker = (slot.worker ??= this.#spawn(slot));
      const id = this.#nextId++;
      const watchdog = setTimeout(
        () => void this.#kill(slot, { kind: 'limit', limit: 'time' }),
        next.request.limits.timeoutMs + WATCHDOG_GRACE_MS,
      );
      slot.current = { ...next, id, watchdog };
      worker.ref();
      worker.postMessage({ ...next.request, id } satisfies ScriptRequest);
    }
  }

  #spawn(slot: Slot): Worker {
    const worker = new Worker(this.#workerUrl);
    worker.unref();
    worker.on('message', (reply: ScriptReply) => {
      const current = slot.current;
      if (slot.worker !== worker || !current || current.id !== reply.id) return;
      if (reply.kind === 'log') current.onLog(reply.message);
      else this.#finish(slot, reply);
    });
    const died = (reason: string) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      if (slot.current) this.#finish(slot, failure(slot.current.id, `the script worker died: ${reason}`));
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return worker;
  }

  #finish(slot: Slot, reply: RunReply): void {
    const current = slot.current;
    if (!current) return;
    clearTimeout(current.watchdog);
    slot.current = undefined;
    slot.worker?.unref();
    current.resolve(reply);
    this.#dispatch();
  }

  /**
   * Terminates the slot's worker; a run in flight ends with the time limit (the watchdog) or
   * as a failure giving `reason`.
   */
  async #kill(slot: Slot, reason: string | ScriptOutcome): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    const current = slot.current;
    if (current) {
      this.#finish(
        slot,
        typeof reason === 'string'
          ? failure(current.id, reason)
          : { id: current.id, kind: 'done', outcome: reason, writes: [] },
      );
    }
    if (worker) await worker.terminate();
  }
}

const failure = (id: number, description: string): RunReply => ({
  id,
  kind: 'done',
  outcome: { kind: 'failed', description, line: null },
  writes: [],
});

let shared: ScriptPool | undefined;
let sharedThreads = DEFAULT_SCRIPT_THREADS;

/** The pool every script run uses; resized by {@link configureScriptThreads}. */
export const scriptPool = (): ScriptPool => (shared ??= new ScriptPool(sharedThreads));

/**
 * Sets the number of script threads. A pool of another size is replaced: runs in flight on
 * the old one finish there, its idle workers are terminated.
 */
export const configureScriptThreads = (threads: number): void => {
  sharedThreads = threads;
  if (shared && shared.threads !== threads) {
    const old = shared;
    shared = undefined;
    old.retire();
  }
};
