/**
 * The peers are measured the same way, through a small adapter each:
 *
 * - drain: a fresh database is preloaded with the same number of no-op jobs for every peer,
 *   then `concurrency` workers drain it for the warm-up and the rounds; jobs/s per round is
 *   counted from the jobs' start times. This is the figure Weir's rates are compared with.
 * - live: on a second fresh database, `concurrency` producers enqueue jobs one at a time,
 *   paced together to half the drain rate so no backlog builds up, each job carrying its
 *   enqueue time; the worker's start time minus that is the enqueue-to-start latency. The
 *   stamp is taken before the enqueue call, so the latency includes the enqueue's own commit.
 *
 * During the drain's rounds the CPU of this process (where the peer's workers run) and of the
 * database's backends is sampled (`harness/cpu.ts`), with the round trips this process sent:
 * the cost per job beside Weir's cost per instance. Unbatched peers are the reference Weir's
 * rates are compared with (the best of them); batched ones are shown for what batching buys.
 */
import { sleep, wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import { createScratchDatabase } from '../harness/databases.ts';
import type { BenchOptions } from '../harness/options.ts';
import { spreadOf } from '../harness/stats.ts';
import { latencyPerRound, ratePerRound, totalMs } from '../harness/windows.ts';
import type { Windows } from '../harness/windows.ts';
import { trace } from '../harness/trace.ts';
import { costFigures } from '../harness/cost-figures.ts';
import { sampleCpu } from '../harness/cpu.ts';
import type { CpuRounds } from '../harness/cpu.ts';

export interface Payload {
  readonly t: number;
}

/** One peer on one database. */
export interface PeerQueue {
  preload(count: number): Promise<void>;
  /** Run workers; `onStart` is called as each job starts, with its payload. */
  startWorkers(concurrency: number, onStart: (payload: Payload) => void): Promise<void>;
  stopWorkers(): Promise<void>;
  enqueue(payload: Payload): Promise<void>;
  close(): Promise<void>;
}

export interface Peer {
  readonly name: string;
  /** How the peer was set up, for the table (poll interval, notify, ...). */
  readonly setup: string;
  /** Fetches or completes several jobs per round trip. */
  readonly batched: boolean;
  open(url: string): Promise<PeerQueue>;
}

const withQueue = async <T>(
  peer: Peer,
  label: string,
  work: (queue: PeerQueue, database: string) => Promise<T>,
): Promise<T> => {
  const db = await createScratchDatabase(`${peer.name}_${label}`);
  try {
    const queue = await peer.open(db.url);
    try {
      return await work(queue, db.name);
    } finally {
      await queue.close();
    }
  } finally {
    await db.drop();
  }
};

const drain = (peer: Peer, options: BenchOptions): Promise<{ rates: number[]; cpu: CpuRounds }> =>
  withQueue(peer, 'drain', async (queue, database) => {
    await queue.preload(options.peerBacklog);
    trace('preloaded');
    const starts: number[] = [];
    const w: Windows = { start: wallNow(), ...options };
    const cpu = sampleCpu(w, { self: true, database });
    await queue.startWorkers(options.concurrency, () => starts.push(wallNow()));
    await sleep(totalMs(options));
    await queue.stopWorkers();
    // A round that ends after the backlog ran dry measured an idle queue: it is left out.
    // A loop, not Math.max(...starts): a batched drain records millions of starts, more
    // arguments than a call can take.
    const dryAt = starts.length >= options.peerBacklog ? starts.reduce((a, b) => (b > a ? b : a)) : Infinity;
    const rates = ratePerRound(w, starts).map((rate, i) =>
      w.start + w.warmupMs + (i + 1) * w.roundMs > dryAt ? Number.NaN : rate,
    );
    return { rates, cpu: await cpu };
  });

const live = (peer: Peer, options: BenchOptions, rate: number) =>
  withQueue(peer, 'live', async (queue) => {
    const samples: [number, number][] = [];
    await queue.startWorkers(options.concurrency, (payload) => {
      const now = wallNow();
      samples.push([now, now - payload.t]);
    });
    const w: Windows = { start: wallNow(), ...options };
    const end = w.start + totalMs(options);
    // Each producer has its own slots, spaced so that all together enqueue `rate` per second.
    // A producer that falls behind skips no slot but stops at the end, so the rate reached
    // is counted rather than assumed.
    const spacing = (options.concurrency * 1000) / rate;
    const enqueued: number[] = [];
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, i) => {
        for (let slot = w.start + (i * spacing) / options.concurrency; slot < end; slot += spacing) {
          const wait = slot - wallNow();
          if (wait > 0) await sleep(wait);
          if (wallNow() >= end) break;
          await queue.enqueue({ t: wallNow() });
          enqueued.push(wallNow());
        }
      }),
    );
    await sleep(500);
    await queue.stopWorkers();
    return { latency: latencyPerRound(w, samples), reached: spreadOf(ratePerRound(w, enqueued)).median };
  });

export const measurePeer = async (peer: Peer, options: BenchOptions): Promise<Figure[]> => {
  const scenario = `${peer.name} (${peer.setup})`;
  const { rates, cpu } = await drain(peer, options);
  trace('drained');
  const paced = Math.max(10, Math.round(spreadOf(rates).median / 2));
  const { latency, reached } = await live(peer, options, paced);
  trace('live done');
  const note = `enqueuing ${Math.round(reached).toLocaleString('en-US')} jobs/s`;
  return [
    {
      scenario,
      name: `jobs/s draining ${options.peerBacklog.toLocaleString('en-US')} no-op jobs, ${options.concurrency} workers`,
      unit: '/s',
      kind: 'rate',
      rounds: rates,
      weir: false,
      reference: peer.batched ? undefined : 'unbatched-peer',
    },
    ...costFigures({ scenario, unit: 'job', cpu, perSecond: rates, roundMs: options.roundMs }),
    {
      scenario,
      name: 'enqueue-to-start p50',
      note,
      unit: 'ms',
      kind: 'latency',
      rounds: latency.p50,
      weir: false,
    },
    {
      scenario,
      name: 'enqueue-to-start p99',
      note,
      unit: 'ms',
      kind: 'latency',
      rounds: latency.p99,
      weir: false,
    },
  ];
};
