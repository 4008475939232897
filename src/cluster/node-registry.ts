/**
 * The node registry: every running node keeps a row in `weir_node` fresh with a heartbeat,
 * and deletes it when it shuts down gracefully. The rows are how the cluster knows its
 * members: the management API lists them, and the job executor treats the job locks of a
 * node whose heartbeat went stale as abandoned.
 *
 * States: registered (beating every `interval`) -> deregistered (timer stopped, row deleted).
 * A failed beat is retried at the next tick; the node keeps serving meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database } from '../persistence/database.ts';
import { deleteNode, selectBeatAge, selectLiveNodes, upsertNodeBeat } from '../persistence/nodes-sql.ts';
import type { NodeRow } from '../persistence/nodes-sql.ts';

export type { NodeRow } from '../persistence/nodes-sql.ts';

export interface NodeIdentity {
  readonly id: string;
  readonly host: string;
  /** The HTTP port; 0 until the server listens when configured as 0. */
  readonly port: number;
  readonly version: string;
  readonly startedAt: Date;
}

export interface RegistryOptions {
  /** Milliseconds between heartbeats. */
  readonly interval: number;
  /** A beat older than this (ms) marks a dead node; used to warn about a duplicate id. */
  readonly staleAfter: number;
  /** Where heartbeat failures are reported; nowhere when absent. */
  readonly log?: Pick<Logger, 'info' | 'warn'>;
  /** Extra figures written with each beat (queue sizes, ...); process figures are always in. */
  readonly stats?: () => Record<string, unknown>;
}

export interface NodeRegistration {
  readonly id: string;
  /** Record the port the server actually listens on, and beat at once so it shows. */
  setPort(port: number): Promise<void>;
  beat(): Promise<void>;
  /** `Date.now()` of the last heartbeat the database took; the job executor's fence reads it. */
  lastBeatAt(): number;
  /** Call `listener` after each heartbeat the database took; returns the unsubscribe function. */
  onBeat(listener: () => void): () => void;
  /** Stop beating and delete the row; the node is gone from the cluster at once. */
  deregister(): Promise<void>;
}

/** The pause before a heartbeat is tried again after one failed. */
const FAILED_BEAT_RETRY_MS = 250;

/** `weir.node-id` unset: the host name plus a random suffix, unique even for nodes on one host. */
export const generateNodeId = (host: string = hostname()): string => `${host}-${randomUUID().slice(0, 8)}`;

const processStats = () => {
  const memory = process.memoryUsage();
  return {
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  };
};

export const listLiveNodes = (db: Database, staleAfter: number): Promise<NodeRow[]> =>
  selectLiveNodes(db, staleAfter);

export const registerNode = async (
  db: Database,
  identity: NodeIdentity,
  options: RegistryOptions,
): Promise<NodeRegistration> => {
  const log = options.log ?? { info: () => {}, warn: () => {} };
  let port = identity.port;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let failing = false;
  let stopped = false;

  // Two live nodes with one id would overwrite each other's heartbeat and steal each other's
  // jobs. Not refused outright: a node restarted right after a crash finds its own fresh row.
  const age = await selectBeatAge(db, identity.id);
  if (age !== undefined && age < options.staleAfter) {
    log.warn(
      { nodeId: identity.id },
      `Node id ${identity.id} had a heartbeat ${Math.round(age)} ms ago; if another node runs with this id, give each node its own weir.node-id`,
    );
  }

  let lastBeatAt = 0;
  const beatListeners = new Set<() => void>();
  const write = async () => {
    const sentAt = Date.now();
    await upsertNodeBeat(db.liveness ?? db, {
      ...identity,
      port,
      stats: { ...processStats(), ...options.stats?.() },
    });
    // When it was sent, not when the answer came: the row's time is the server's at arrival,
    // so counting from the sending errs on the side of fencing early.
    lastBeatAt = Math.max(lastBeatAt, sentAt);
    for (const listener of beatListeners) listener();
  };

  const tick = () => {
    timer = setTimeout(
      () => {
        inFlight = write().then(
          () => {
            if (failing) log.info({ nodeId: identity.id }, 'Heartbeat written again');
            failing = false;
          },
          (error: unknown) => {
            // Once per outage, not at every tick.
            if (!failing) log.warn({ err: error, nodeId: identity.id }, 'Heartbeat failed; retrying');
            failing = true;
          },
        );
        void inFlight.then(() => {
          if (!stopped) tick();
        });
        // After a failed beat, try again soon: while the database does not take this node's
        // heartbeat the node is fenced (it starts no jobs), so every moment after the database
        // is back and before the next beat is lost work.
      },
      failing ? Math.min(options.interval, FAILED_BEAT_RETRY_MS) : options.interval,
    );
    // The heartbeat alone must not keep a process alive whose server has closed.
    timer.unref();
  };

  await write();
  tick();

  return {
    id: identity.id,
    async setPort(actual) {
      port = actual;
      await write();
    },
    beat: write,
    lastBeatAt: () => lastBeatAt,
    onBeat(listener) {
      beatListeners.add(listener);
      return () => beatListeners.delete(listener);
    },
    async deregister() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await deleteNode(db, identity.id);
    },
  };
};
