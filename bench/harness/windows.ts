/**
 * A throughput scenario's time line: a warm-up, then `rounds` measured rounds back to back,
 * while the load runs without a break. Events are stamped with `wallNow()` as they happen and
 * sorted into rounds afterwards, so nothing is counted in the hot path and processes need not
 * be told when a round begins.
 */
import { quantile } from './stats.ts';

export interface Windows {
  /** `wallNow()` when the load began. */
  readonly start: number;
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly rounds: number;
}

export const totalMs = (w: Omit<Windows, 'start'>): number => w.warmupMs + w.rounds * w.roundMs;

/** The round an instant falls in, or -1 (warm-up, or after the last round). */
export const roundOf = (w: Windows, t: number): number => {
  const offset = t - w.start - w.warmupMs;
  if (offset < 0) return -1;
  const round = Math.floor(offset / w.roundMs);
  return round < w.rounds ? round : -1;
};

/** Events per second in each round. */
export const ratePerRound = (w: Windows, times: Iterable<number>): number[] => {
  const counts = new Array<number>(w.rounds).fill(0);
  for (const t of times) {
    const round = roundOf(w, t);
    if (round >= 0) counts[round] += 1;
  }
  return counts.map((c) => c / (w.roundMs / 1000));
};

export interface LatencyRounds {
  readonly p50: number[];
  readonly p99: number[];
  readonly samples: number;
}

/** p50 and p99 per round of latency samples, each `[when, ms]`, placed by `when`. */
export const latencyPerRound = (w: Windows, samples: Iterable<readonly [number, number]>): LatencyRounds => {
  const byRound: number[][] = Array.from({ length: w.rounds }, () => []);
  let count = 0;
  for (const [t, ms] of samples) {
    const round = roundOf(w, t);
    if (round < 0) continue;
    byRound[round].push(ms);
    count += 1;
  }
  return {
    p50: byRound.map((values) => quantile(values, 0.5)),
    p99: byRound.map((values) => quantile(values, 0.99)),
    samples: count,
  };
};
