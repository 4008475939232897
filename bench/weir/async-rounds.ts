/**
 * Measuring async instances (start -> async no-op task -> end) on load nodes: the starters run
 * inside the chosen nodes for the warm-up and the rounds, then every node hands over its
 * stamps. An instance counts in the round in which its job started; its hand-off latency is
 * the job's start minus its start's commit, filed as local when both happened in one node
 * process and as cross-node otherwise.
 */
import type { Database } from '../../src/persistence/database.ts';
import { sleep, wallNow } from '../harness/clock.ts';
import type { BenchOptions } from '../harness/options.ts';
import { latencyPerRound, ratePerRound, totalMs } from '../harness/windows.ts';
import type { LatencyRounds, Windows } from '../harness/windows.ts';
import { ASYNC_NOOP } from './models.ts';
import type { LoadNodeProcess } from './node-processes.ts';
import { trace } from '../harness/trace.ts';

export interface StarterPlan {
  readonly node: LoadNodeProcess;
  readonly starters: number;
}

export interface AsyncRounds {
  /** Instances whose job started in the round, per second. */
  readonly completed: number[];
  readonly started: number[];
  readonly local: LatencyRounds;
  readonly crossNode: LatencyRounds;
}

/** After the load stops, jobs still queued finish before the stamps are collected. */
const DRAIN_TIMEOUT_MS = 30_000;

const waitForNoJobs = async (db: Database): Promise<void> => {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM weir_job`);
    if (rows[0].n === 0) return;
    await sleep(100);
  }
};

export const measureAsyncRounds = async (
  db: Database,
  plan: readonly StarterPlan[],
  nodes: readonly LoadNodeProcess[],
  options: BenchOptions,
): Promise<AsyncRounds> => {
  // Stamps of earlier measurements on these nodes are dropped.
  await Promise.all(nodes.map((n) => n.events()));
  const w: Windows = { start: wallNow(), ...options };
  const loads = await Promise.all(
    plan.map((p) => p.node.load(ASYNC_NOOP, p.starters, w.start + totalMs(options))),
  );
  const failed = loads.find((l) => l.failed > 0);
  if (failed) throw new Error(`${failed.failed} starts failed, the first with: ${failed.firstError}`);
  trace('load done');
  await waitForNoJobs(db);
  trace('jobs drained');
  const stamps = await Promise.all(nodes.map((n) => n.events()));

  const commits = new Map<string, { readonly t: number; readonly node: number }>();
  stamps.forEach(({ commits: list }, node) => {
    for (const [id, t] of list) commits.set(id, { t, node });
  });
  const runTimes: number[] = [];
  const local: [number, number][] = [];
  const crossNode: [number, number][] = [];
  stamps.forEach(({ runs }, node) => {
    for (const [id, t] of runs) {
      runTimes.push(t);
      const commit = commits.get(id);
      if (!commit) continue;
      (commit.node === node ? local : crossNode).push([t, t - commit.t]);
    }
  });
  return {
    completed: ratePerRound(w, runTimes),
    started: ratePerRound(
      w,
      [...commits.values()].map((c) => c.t),
    ),
    local: latencyPerRound(w, local),
    crossNode: latencyPerRound(w, crossNode),
  };
};
