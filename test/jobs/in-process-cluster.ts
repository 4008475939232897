/**
 * Several nodes in one test process: each an Engine with its own connection pool, node id,
 * heartbeat and JobExecutor, all on one cloned PostgreSQL database, as `weir start` composes
 * them. A `client` engine without an executor stands for a node that serves requests only:
 * its jobs are inserted unlocked and announced, so the executors acquire them.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.ts';
import { Engine, DelegateRegistry } from '../../src/engine/index.ts';
import type { Clock, Delegate, DelegateExecution } from '../../src/engine/index.ts';
import type { Database } from '../../src/persistence/database.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { registerNode } from '../../src/cluster/node-registry.ts';
import type { NodeRegistration } from '../../src/cluster/node-registry.ts';
import { JobExecutor, executorSettingsFrom } from '../../src/jobs/index.ts';
import type { ExecutorSettings } from '../../src/jobs/index.ts';
import { clonePostgresDatabase } from '../helpers/database.ts';

const fixtures = fileURLToPath(new URL('../fixtures/bpmn/', import.meta.url));

/** The shipped defaults, with fast polls and sweeps so tests do not wait on safety nets. */
export const testSettings = (overrides: Partial<ExecutorSettings> = {}): ExecutorSettings => ({
  ...executorSettingsFrom(loadConfig({ argv: [], env: {}, cwd: process.cwd() })),
  timerJobAcquireWaitTime: 100,
  deadNodeCheckInterval: 200,
  // Generous: a test machine under load may delay a heartbeat by seconds.
  nodeStaleAfter: 5_000,
  resetExpiredJobsInterval: 200,
  shutdownTimeout: 5_000,
  ...overrides,
});

/** Real time plus an offset the test moves: timers come due without waiting an hour. */
export class OffsetClock implements Clock {
  #offset = 0;

  now(): Date {
    return new Date(Date.now() + this.#offset);
  }

  advance(ms: number): void {
    this.#offset += ms;
  }
}

export interface Run {
  readonly node: string;
  readonly instanceId: string;
  readonly activityId: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface TestNode {
  readonly id: string;
  readonly engine: Engine;
  readonly executor: JobExecutor;
  readonly db: Database;
  stop(): Promise<void>;
}

/** A delegate of one node that records each run (with that node's id) and may do more. */
export type NodeDelegate = (execution: DelegateExecution, node: string) => unknown;

export interface InProcessCluster {
  readonly url: string;
  readonly clock: OffsetClock;
  /** A request-only node: it creates jobs but runs none. */
  readonly client: Engine;
  readonly runs: Run[];
  startNode(id: string, settings?: Partial<ExecutorSettings>): Promise<TestNode>;
  deploy(...fixtureNames: string[]): Promise<void>;
  /** Register a delegate on every node started after this call (and the client). */
  delegate(name: string, body?: NodeDelegate): void;
  /** SQL for assertions on what is stored. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number>;
  close(): Promise<void>;
}

const engineConfig = (settings: ExecutorSettings) => ({
  defaultRetries: settings.defaultRetries,
  retryWait: settings.defaultRetryWait,
  asyncJobLockTime: settings.asyncJobLockTime,
});

export const openInProcessCluster = async (): Promise<InProcessCluster> => {
  const database = await clonePostgresDatabase();
  const clock = new OffsetClock();
  const runs: Run[] = [];
  const delegates = new Map<string, NodeDelegate | undefined>();
  const closers: (() => Promise<void>)[] = [];
  const admin = openPostgresDatabase({ url: database.url, poolSize: 2 });
  const client = new Engine({ db: admin, clock, nodeId: 'client' });

  const registryFor = (node: string): DelegateRegistry => {
    const registry = new DelegateRegistry();
    for (const [name, body] of delegates) {
      const run: Delegate = async (execution: DelegateExecution) => {
        const startedAt = Date.now();
        await body?.(execution, node);
        runs.push({
          node,
          instanceId: execution.getProcessInstanceId(),
          activityId: execution.getCurrentActivityId() ?? '',
          startedAt,
          endedAt: Date.now(),
        });
      };
      registry.register(name, run);
    }
    return registry;
  };

  const cluster: InProcessCluster = {
    url: database.url,
    clock,
    client,
    runs,
    async startNode(id, overrides = {}) {
      const settings = testSettings(overrides);
      const db = openPostgresDatabase({ url: database.url, poolSize: settings.concurrency + 2 });
      const engine = new Engine({
        db,
        clock,
        nodeId: id,
        delegates: registryFor(id),
        config: engineConfig(settings),
      });
      let registration: NodeRegistration | undefined;
      let executor: JobExecutor | undefined;
      try {
        registration = await registerNode(
          db,
          { id, host: 'test', port: 0, version: 'test', startedAt: new Date() },
          { interval: 200, staleAfter: settings.nodeStaleAfter, log: { info: () => {}, warn: () => {} } },
        );
        executor = new JobExecutor({ engine, settings });
        await executor.start();
      } catch (error) {
        await db.close();
        throw error;
      }
      let stopped: Promise<void> | undefined;
      const stop = () => {
        stopped ??= (async () => {
          await executor.stop();
          await registration.deregister();
          await db.close();
        })();
        return stopped;
      };
      closers.push(stop);
      return { id, engine, executor, db, stop };
    },
    async deploy(...names) {
      const resources = await Promise.all(
        names.map(async (name) => ({ name, content: await readFile(`${fixtures}${name}`, 'utf8') })),
      );
      await client.deploy({ name: names.join(','), resources });
    },
    delegate(name, body) {
      delegates.set(name, body);
      client.delegates.register(name, () => {
        throw new Error(`The client runs no jobs, yet ran ${name}`);
      });
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await admin.query<Row>(sql, params)).rows;
    },
    async waitFor(check, timeoutMs, what) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        if (await check()) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    },
    async close() {
      await Promise.allSettled(closers.map((close) => close()));
      await admin.close();
      await database.drop();
    },
  };
  return cluster;
};

/** Start `count` instances of `key` through `engine`, `parallel` at a time; returns their ids. */
export const startInstances = async (
  engine: Engine,
  key: string,
  count: number,
  parallel = 4,
): Promise<string[]> => {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      ids.push((await engine.startProcessInstanceByKey(key)).id);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
};

/** How often each `instance/activity` ran, by the delegates' own (non-transactional) record. */
export const runsPer = (runs: readonly Run[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const key = `${run.instanceId}/${run.activityId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};

/** How many of `ids` have ended, by history. */
export const countEnded = async (cluster: InProcessCluster, ids: readonly string[]): Promise<number> => {
  const [row] = await cluster.query<{ n: number }>(
    `SELECT count(*) AS n FROM weir_hi_process_instance WHERE id = ANY($1::text[]) AND ended_at IS NOT NULL`,
    [ids],
  );
  return row.n;
};
