/**
 * pg-boss at its quickest documented settings: LISTEN/NOTIFY on (`useListenNotify` and a
 * `notify` queue), its shortest poll (0.5 s), eight local workers as for the others.
 *
 * Each pg-boss worker waits its poll interval after every fetch, even one that found work,
 * unless a NOTIFY arrives or it is in burst mode; with one job per fetch eight workers drain at
 * most 16 jobs/s (and at most 8 per 30 s with notify on). A backlog is drained the pg-boss way:
 * batches of 8 per fetch with `burstWhenBatchFull`, so a full batch fetches again at once. That
 * holds up to 64 jobs at a time where the others hold 8; for no-op jobs it only helps pg-boss.
 * Scheduling and maintenance are off: neither is measured.
 */
import { PgBoss } from 'pg-boss';
import type { Payload, Peer, PeerQueue } from './peer-rounds.ts';

const QUEUE = 'noop';
const PRELOAD_CHUNK = 5_000;
const BATCH = 8;

const open = async (url: string): Promise<PeerQueue> => {
  const boss = new PgBoss({
    connectionString: url,
    useListenNotify: true,
    schedule: false,
    supervise: false,
  });
  // An unhandled 'error' event would end the process; a failure shows up as missing jobs. Once
  // closing, the database is about to be dropped: its connections being cut is expected.
  let closing = false;
  boss.on('error', (error: unknown) => {
    if (!closing) console.error(`pg-boss: ${String(error)}`);
  });
  await boss.start();
  await boss.createQueue(QUEUE, { notify: true });
  let worker: string | undefined;
  return {
    async preload(count) {
      for (let done = 0; done < count; done += PRELOAD_CHUNK) {
        const size = Math.min(PRELOAD_CHUNK, count - done);
        await boss.insert(
          QUEUE,
          Array.from({ length: size }, () => ({ data: { t: 0 } })),
        );
      }
    },
    async startWorkers(concurrency, onStart) {
      worker = await boss.work<Payload>(
        QUEUE,
        {
          localConcurrency: concurrency,
          batchSize: BATCH,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: 0.5,
        },
        async (jobs) => {
          for (const job of jobs) onStart(job.data);
        },
      );
    },
    async stopWorkers() {
      if (worker) await boss.offWork(QUEUE, { id: worker, wait: true });
      worker = undefined;
    },
    async enqueue(payload) {
      await boss.send(QUEUE, payload);
    },
    async close() {
      closing = true;
      await boss.stop({ graceful: false, close: true });
    },
  };
};

export const pgBoss: Peer = {
  name: 'pg-boss',
  setup: 'localConcurrency 8, batchSize 8 with burst, LISTEN/NOTIFY, 0.5 s poll',
  open,
};
