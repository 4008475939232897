/**
 * graphile-worker as its users run it: `run()` with a task list, LISTEN/NOTIFY wake-ups and
 * its default 2 s poll as the safety net; jobs added with `addJob` (bulk `addJobs` for the
 * preload). Its own log is silenced so it does not cost the measured process.
 *
 * Two set-ups:
 * - unbatched (its defaults): each of the 8 workers fetches and locks one job, runs it and
 *   completes it, a round trip each way per job, as a Weir step is a transaction of its own;
 * - batched, as its performance page configures it for throughput
 *   (https://worker.graphile.org/docs/performance): a local queue of 500 (one query fetches and
 *   locks up to 500 jobs, handed to the workers from memory) and `completeJobBatchDelay: 0` /
 *   `failJobBatchDelay: 0` (completions waiting at the same moment go in one statement). It trades
 *   crash safety and fairness for speed: jobs sit locked in one process, and a crash leaves
 *   completed jobs locked, to run again after the lock expires (4 hours).
 *
 * Both the runner and the utilities use one pool of ours: the bench ends it before dropping
 * the database, where a pool of graphile-worker's own might still be closing and would see
 * its connections terminated, an 'error' event nobody listens to, which ends the process.
 */
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import type { Runner, WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { Payload, Peer, PeerQueue } from './peer-rounds.ts';

const silent = new Logger(() => () => {});

/** Rows per bulk insert: one statement per chunk keeps the preload quick and its memory small. */
const PRELOAD_CHUNK = 5_000;

/** Eight workers, the LISTEN connection, and room for the producers and utilities. */
const POOL_SIZE = 12;

/** The batching of graphile-worker's performance page. */
const BATCHED = { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 };

const open = async (url: string, batched: boolean): Promise<PeerQueue> => {
  const pgPool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // Once closing, the database is about to be dropped: its connections being cut is expected.
  let closing = false;
  const report = (error: Error) => {
    if (!closing) console.error(`graphile-worker pool: ${error.message}`);
  };
  pgPool.on('error', report);
  pgPool.on('connect', (client) => client.on('error', report));
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool, logger: silent });
  await utils.migrate();
  let runner: Runner | undefined;
  return {
    async preload(count) {
      for (let done = 0; done < count; done += PRELOAD_CHUNK) {
        const size = Math.min(PRELOAD_CHUNK, count - done);
        await utils.addJobs(Array.from({ length: size }, () => ({ identifier: 'noop', payload: { t: 0 } })));
      }
    },
    async startWorkers(concurrency, onStart) {
      runner = await run({
        pgPool,
        concurrency,
        noHandleSignals: true,
        logger: silent,
        ...(batched ? { preset: { worker: BATCHED } } : {}),
        taskList: {
          noop: async (payload) => {
            onStart(payload as Payload);
          },
        },
      });
    },
    async stopWorkers() {
      await runner?.stop();
      runner = undefined;
    },
    async enqueue(payload) {
      await utils.addJob('noop', payload);
    },
    async close() {
      closing = true;
      await runner?.stop();
      await utils.release();
      await pgPool.end();
    },
  };
};

export const graphileWorker: Peer = {
  name: 'graphile-worker',
  setup: 'concurrency 8, LISTEN/NOTIFY, unbatched',
  batched: false,
  open: (url) => open(url, false),
};

export const graphileWorkerBatched: Peer = {
  name: 'graphile-worker',
  setup: 'concurrency 8, LISTEN/NOTIFY, local queue 500, batched completion',
  batched: true,
  open: (url) => open(url, true),
};
