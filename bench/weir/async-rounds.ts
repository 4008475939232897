/**
 * Measuring async instances (start -> async no-op task -> end) on load nodes: the starters run
 * inside the chosen nodes for the warm-up and the rounds, then every node hands over its
 * stamps. An instance counts in the round in which its job started. Per instance:
 *
 * - hand-off: the start's commit to the executor starting the job (`engine.executeJob`);
 * - to the job's code: the commit to the delegate being entered, which adds what the job's
 *   transaction does first (wait for a pooled connection, read the job, lock the instance
 *   and the job).
 *
 * Both are filed as local when the start and the job ran in one node process, as cross-node
 * otherwise. A local job is handed over after the commit is seen done, so that moment is
 * the start. Across nodes the creating node may see its commit done later than the other
 * node sees the job (a busy process answers late); there the start is when the COMMIT was
 * sent, which errs high by at most the commit's own round trip, and never below zero.
 *
 * Cost: the CPU of the node processes and of the database's backends is sampled at the round
 * boundaries (`harness/cpu.ts`); the nodes count their round trips and statements over the
 * whole measurement (warm-up, rounds, and the drain after), divided by the instances started.
 */
import type { Database } from '../../src/persistence/database.ts';
import { sleep, wallNow } from '../harness/clock.ts';
import { sampleCpu } from '../harness/cpu.ts';
import type { CpuRounds } from '../harness/cpu.ts';
import type { BenchOptions } from '../harness/options.ts';
import { trace } from '../harness/trace.ts';
import { latencyPerRound, ratePerRound, totalMs } from '../harness/windows.ts';
import type { LatencyRounds, Windows } from '../harness/windows.ts';
import { ASYNC_NOOP } from './models.ts';
import type { LoadNodeProcess } from './node-processes.ts';

export interface StarterPlan {
  readonly node: LoadNodeProcess;
  readonly starters: number;
  /** Instances per second this node's starters start together; back to back when absent. */
  readonly rate?: number;
}

export interface HandOff {
  /** commit -> executor starts the job */
  readonly handOff: LatencyRounds;
  /** commit -> the job's delegate runs */
  readonly toCode: LatencyRounds;
}

export interface AsyncRounds {
  /** Instances whose job started in the round, per second. */
  readonly completed: number[];
  readonly started: number[];
  readonly local: HandOff;
  readonly crossNode: HandOff;
  /** CPU of the nodes and the database's backends per round. */
  readonly cpu: CpuRounds;
  /** Round trips and statements the nodes sent per instance started. */
  readonly sentPerInstance: { readonly roundTrips: number; readonly statements: number };
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

/** With BENCH_TRACE: the statements the nodes sent, per instance, most frequent first. */
const traceStatements = (stamps: readonly { byStatement: [string, number][] }[], instances: number) => {
  const total = new Map<string, number>();
  for (const { byStatement } of stamps)
    for (const [text, n] of byStatement) total.set(text, (total.get(text) ?? 0) + n);
  for (const [text, n] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 15))
    trace(`${(n / instances).toFixed(2)} per instance: ${text}`);
};

type Samples = { handOff: [number, number][]; toCode: [number, number][] };

export const measureAsyncRounds = async (
  db: Database,
  database: string,
  plan: readonly StarterPlan[],
  nodes: readonly LoadNodeProcess[],
  options: BenchOptions,
): Promise<AsyncRounds> => {
  // Stamps of earlier measurements on these nodes are dropped.
  await Promise.all(nodes.map((n) => n.events()));
  const w: Windows = { start: wallNow(), ...options };
  const cpu = sampleCpu(w, { pids: nodes.map((n) => n.pid), self: false, database });
  const loads = await Promise.all(
    plan.map((p) => p.node.load(ASYNC_NOOP, p.starters, w.start + totalMs(options), p.rate)),
  );
  const failed = loads.find((l) => l.failed > 0);
  if (failed) throw new Error(`${failed.failed} starts failed, the first with: ${failed.firstError}`);
  trace('load done');
  await waitForNoJobs(db);
  trace('jobs drained');
  const stamps = await Promise.all(nodes.map((n) => n.events()));

  const commits = new Map<string, { readonly sent: number; readonly done: number; readonly node: number }>();
  stamps.forEach(({ commits: list }, node) => {
    for (const [id, sent, done] of list) commits.set(id, { sent, done, node });
  });
  const jobStarts: number[] = [];
  const local: Samples = { handOff: [], toCode: [] };
  const crossNode: Samples = { handOff: [], toCode: [] };
  stamps.forEach(({ runs }, node) => {
    for (const [id, startedAt, codeAt] of runs) {
      jobStarts.push(startedAt);
      const commit = commits.get(id);
      if (!commit) continue;
      const isLocal = commit.node === node;
      const committedAt = isLocal ? commit.done : commit.sent;
      const samples = isLocal ? local : crossNode;
      samples.handOff.push([startedAt, startedAt - committedAt]);
      samples.toCode.push([startedAt, codeAt - committedAt]);
    }
  });
  const perRound = (s: Samples): HandOff => ({
    handOff: latencyPerRound(w, s.handOff),
    toCode: latencyPerRound(w, s.toCode),
  });
  const roundTrips = stamps.reduce((sum, s) => sum + s.roundTrips, 0);
  const statements = stamps.reduce((sum, s) => sum + s.statements, 0);
  traceStatements(stamps, commits.size);
  return {
    cpu: await cpu,
    sentPerInstance: { roundTrips: roundTrips / commits.size, statements: statements / commits.size },
    completed: ratePerRound(w, jobStarts),
    started: ratePerRound(
      w,
      [...commits.values()].map((c) => c.done),
    ),
    local: perRound(local),
    crossNode: perRound(crossNode),
  };
};
