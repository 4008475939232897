/**
 * graphile-worker as its users run it: `run()` with a task list, LISTEN/NOTIFY wake-ups and
 * its default 2 s poll as the safety net; jobs added with `addJob` (bulk `addJobs` for the
 * preload). Its own log is silenced so it does not cost the measured process.
 */
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import type { Runner, WorkerUtils } from 'graphile-worker';
import type { Payload, Peer, PeerQueue } from './peer-rounds.ts';

const silent = new Logger(() => () => {});

/** Rows per bulk insert: one statement per chunk keeps the preload quick and its memory small. */
const PRELOAD_CHUNK = 5_000;

const open = async (url: string): Promise<PeerQueue> => {
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: url, logger: silent });
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
        connectionString: url,
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
      await runner?.stop();
      await utils.release();
    },
  };
};

export const graphileWorker: Peer = { name: 'graphile-worker', setup: 'concurrency 8, LISTEN/NOTIFY', open };
