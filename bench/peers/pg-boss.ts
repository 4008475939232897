/**
 * pg-boss at its quickest documented settings: LISTEN/NOTIFY on (`useListenNotify` and a
 * `notify` queue), its shortest poll (0.5 s). Scheduling is off: it is not measured.
 *
 * A pg-boss worker waits its poll interval after every fetch, even one that found work, unless
 * a NOTIFY arrives or it is in burst mode. Two set-ups, both in burst mode while a backlog lasts:
 * - unbatched: 8 workers (`localConcurrency`), each fetching and completing one job at a time
 *   (`batchSize` 1), as a Weir step is a transaction of its own. `burstWhenBatchFull` is ignored
 *   at batch size 1, so the burst comes from `burstWhenReadyExceeds: 1`, which reads the queue's
 *   ready count from pg-boss's stats cache: supervision on, refreshed every second (its shortest),
 *   and the poll after a fetch outside a burst 0.5 s with notify on too (its default there is 30 s).
 * - batched: one fetch loop whose `batchSize` equals the concurrency (8) with
 *   `burstWhenBatchFull`, the handler given the 8 jobs at once and completing them together:
 *   the quickest way its documentation offers to drain a backlog.
 * Maintenance runs in the unbatched set-up only (it feeds the stats the burst needs).
 */
import { PgBoss } from 'pg-boss';
import type { Payload, Peer, PeerQueue } from './peer-rounds.ts';

const QUEUE = 'noop';
const PRELOAD_CHUNK = 5_000;

const open = async (url: string, batched: boolean): Promise<PeerQueue> => {
  const boss = new PgBoss({
    connectionString: url,
    useListenNotify: true,
    schedule: false,
    supervise: !batched,
    ...(batched
      ? {}
      : { monitorIntervalSeconds: 1, queueCacheIntervalSeconds: 1, superviseIntervalSeconds: 1 }),
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
        batched
          ? {
              localConcurrency: 1,
              batchSize: concurrency,
              burstWhenBatchFull: true,
              pollingIntervalSeconds: 0.5,
            }
          : {
              localConcurrency: concurrency,
              batchSize: 1,
              burstWhenReadyExceeds: 1,
              pollingIntervalSeconds: 0.5,
              // with notify on, a worker out of burst waits this long (30 s by default), and the
              // ready count the burst needs is 0 until the stats cache first refreshes
              notifyPollingIntervalSeconds: 0.5,
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
  setup: 'localConcurrency 8, batchSize 1, burst while ready > 1, LISTEN/NOTIFY, 0.5 s polls',
  batched: false,
  open: (url) => open(url, false),
};

export const pgBossBatched: Peer = {
  name: 'pg-boss',
  setup: 'one fetch loop, batchSize 8 with burstWhenBatchFull, LISTEN/NOTIFY, 0.5 s poll',
  batched: true,
  open: (url) => open(url, true),
};
