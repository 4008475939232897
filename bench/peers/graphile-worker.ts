/**
 * graphile-worker as its users run it: `run()` with a task list, LISTEN/NOTIFY wake-ups and
 * its default 2 s poll as the safety net; jobs added with `addJob` (bulk `addJobs` for the
 * preload). Its own log is silenced so it does not cost the measured process.
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

const open = async (url: string): Promise<PeerQueue> => {
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

export const graphileWorker: Peer = { name: 'graphile-worker', setup: 'concurrency 8, LISTEN/NOTIFY', open };
