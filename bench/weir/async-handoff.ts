/**
 * Scenario 2, async hand-off: start -> async no-op service task -> end, two transactions per
 * instance, on real node processes (`load-node.ts`), in three set-ups on one database:
 *
 * - 1 node: all starters in one node; its jobs go local-first (locked to it at insert,
 *   started after commit without a query).
 * - 2 nodes: the starters split over two nodes, each running the jobs it creates.
 * - 2 nodes behind a request-only node: the starters in a third node whose job acquisition is
 *   off, as an HTTP-only node would be; every job crosses to the two others through NOTIFY
 *   and an acquisition query. This is the cross-node hand-off.
 *
 * `runAsyncGroupCommit` (scenario `async-group`) runs the first two set-ups again on nodes tuned
 * for throughput (`GROUP_COMMIT_FLAGS`), on a database of its own and in the same order, so
 * that each figure compares with its default twin on a database grown the same way (on a server
 * without autovacuum, a set-up run later on the same database pays for the dead rows of the
 * ones before it).
 *
 * Throughput is measured with the starters going back to back. There the starters can outrun
 * the runners, and a job then waits in the local queue: that measures queueing, not hand-off.
 * So the hand-off latencies of the last two set-ups come from a second measurement, with the
 * starts paced to half the throughput just measured, as the peers' latencies are.
 */
import { costFigures } from '../harness/cost-figures.ts';
import type { Figure, Target } from '../harness/figures.ts';
import type { BenchOptions } from '../harness/options.ts';
import { spreadOf } from '../harness/stats.ts';
import { trace } from '../harness/trace.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { measureAsyncRounds } from './async-rounds.ts';
import type { AsyncRounds, HandOff, StarterPlan } from './async-rounds.ts';
import { startLoadNode } from './node-processes.ts';
import type { LoadNodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';
import type { WeirDatabase } from './scratch-engine.ts';

export const REQUEST_ONLY_FLAGS = [
  '--flowable.process.async.executor.async-job-acquisition-enabled=false',
  '--flowable.process.async.executor.timer-job-acquisition-enabled=false',
];

/**
 * Throughput tuning beside the defaults, as the peers are run batched beside unbatched: a
 * queue of 32 (4 jobs per runner) and groups of up to 8 jobs per commit.
 */
export const GROUP_COMMIT_FLAGS = [
  '--weir.jobs.group-commit-size=8',
  '--flowable.process.async.executor.queue-size=32',
];

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;

/** The rate, and what an instance cost in CPU and round trips while it was measured. */
export const rateFigures = (
  scenario: string,
  r: AsyncRounds,
  options: BenchOptions,
  target?: Target,
): Figure[] => [
  {
    scenario,
    name: 'instances/s',
    note: `started ${perSecond(spreadOf(r.started).median)}`,
    unit: '/s',
    kind: 'rate',
    rounds: r.completed,
    weir: true,
    target,
  },
  ...costFigures({
    scenario,
    unit: 'instance',
    cpu: r.cpu,
    perSecond: r.completed,
    roundMs: options.roundMs,
    sentPerUnit: r.sentPerInstance,
  }),
];

const latencyFigures = (
  scenario: string,
  where: string,
  h: HandOff,
  p50Target: number,
  at: number,
): Figure[] => {
  const note = `starting ${perSecond(at)}`;
  return [
    {
      scenario,
      name: `hand-off p50, ${where} (commit to job start)`,
      note,
      unit: 'ms',
      kind: 'latency',
      rounds: h.handOff.p50,
      weir: true,
      target: { below: p50Target },
    },
    {
      scenario,
      name: `hand-off p99, ${where}`,
      note,
      unit: 'ms',
      kind: 'latency',
      rounds: h.handOff.p99,
      weir: true,
    },
    {
      scenario,
      name: `commit to the job's code p50, ${where}`,
      note,
      unit: 'ms',
      kind: 'latency',
      rounds: h.toCode.p50,
      weir: true,
    },
  ];
};

/** Back to back for the rate, then paced to half of it for the latencies. */
const rateThenLatency = async (
  weir: WeirDatabase,
  plan: readonly StarterPlan[],
  nodes: readonly LoadNodeProcess[],
  options: BenchOptions,
) => {
  const full = await measureAsyncRounds(weir.db, weir.scratch.name, plan, nodes, options);
  const half = spreadOf(full.completed).median / 2;
  const paced = await measureAsyncRounds(
    weir.db,
    weir.scratch.name,
    plan.map((p) => ({ ...p, rate: half / plan.length })),
    nodes,
    options,
  );
  return { full, paced, half };
};

export const runAsyncHandoff = (context: ScenarioContext): Promise<Figure[]> =>
  runSetUps(context, 'async', []);

export const runAsyncGroupCommit = (context: ScenarioContext): Promise<Figure[]> =>
  runSetUps(context, 'async-group', GROUP_COMMIT_FLAGS);

const runSetUps = async (
  { options, weirTemplate }: ScenarioContext,
  name: 'async' | 'async-group',
  flags: readonly string[],
): Promise<Figure[]> => {
  const grouped = flags.length > 0;
  const weir = await openWeirDatabase(name, weirTemplate);
  const nodes: LoadNodeProcess[] = [];
  const c = options.concurrency;
  const boot = async (nodeId: string, more: readonly string[] = []) => {
    const node = await startLoadNode({ databaseUrl: weir.scratch.url, nodeId, flags: [...flags, ...more] });
    nodes.push(node);
    trace(`${nodeId} up`);
    return node;
  };
  try {
    const a = await boot('bench-a');
    const one = await measureAsyncRounds(
      weir.db,
      weir.scratch.name,
      [{ node: a, starters: c }],
      [a],
      options,
    );
    /** Half the starters in each of two nodes, which run their own jobs. */
    const onTwo = (x: LoadNodeProcess, y: LoadNodeProcess) =>
      rateThenLatency(
        weir,
        [
          { node: x, starters: c / 2 },
          { node: y, starters: c / 2 },
        ],
        [x, y],
        options,
      );
    const b = await boot('bench-b');
    const two = await onTwo(a, b);
    const tuned = grouped ? ' with group commit (groups of 8, queue 32)' : '';
    const oneNode = `Weir 2: async, 1 node${tuned}, ${c} starters in it`;
    const twoNodes = `Weir 2: async, 2 nodes${tuned}, ${c / 2} starters in each`;
    const both = [
      ...rateFigures(oneNode, one, options),
      ...rateFigures(twoNodes, two.full, options, { ceilingShare: 0.4, peerShare: 0.5 }),
      ...latencyFigures(twoNodes, 'local', two.paced.local, 5, two.half),
    ];
    if (grouped) return both;
    const front = await boot('bench-front', REQUEST_ONLY_FLAGS);
    const cross = await rateThenLatency(weir, [{ node: front, starters: c }], [front, a, b], options);
    const fedNodes = `Weir 2: async, 2 nodes fed by a request-only node (${c} starters)`;
    return [
      ...both,
      ...rateFigures(fedNodes, cross.full, options),
      ...latencyFigures(fedNodes, 'cross-node', cross.paced.crossNode, 25, cross.half),
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await weir.close();
  }
};
