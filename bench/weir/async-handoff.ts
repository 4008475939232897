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
 */
import type { Figure, Target } from '../harness/figures.ts';
import { spreadOf } from '../harness/stats.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { measureAsyncRounds } from './async-rounds.ts';
import type { AsyncRounds, HandOff } from './async-rounds.ts';
import { startLoadNode } from './node-processes.ts';
import type { LoadNodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';
import { trace } from '../harness/trace.ts';

export const REQUEST_ONLY_FLAGS = [
  '--flowable.process.async.executor.async-job-acquisition-enabled=false',
  '--flowable.process.async.executor.timer-job-acquisition-enabled=false',
];

const started = (r: AsyncRounds) =>
  `started ${Math.round(spreadOf(r.started).median).toLocaleString('en-US')}/s`;

const latencyFigures = (scenario: string, kind: string, h: HandOff, p50Target: number): Figure[] => [
  {
    scenario,
    name: `hand-off p50, ${kind} (commit to job start)`,
    unit: 'ms',
    kind: 'latency',
    rounds: h.handOff.p50,
    weir: true,
    target: { below: p50Target },
  },
  { scenario, name: `hand-off p99, ${kind}`, unit: 'ms', kind: 'latency', rounds: h.handOff.p99, weir: true },
  {
    scenario,
    name: `commit to the job's code p50, ${kind}`,
    unit: 'ms',
    kind: 'latency',
    rounds: h.toCode.p50,
    weir: true,
  },
];

export const asyncFigures = (scenario: string, r: AsyncRounds, rateTarget?: Target): Figure[] => {
  const figures: Figure[] = [
    {
      scenario,
      name: 'instances/s',
      note: started(r),
      unit: '/s',
      kind: 'rate',
      rounds: r.completed,
      weir: true,
      target: rateTarget,
    },
  ];
  if (r.local.handOff.samples > 0) figures.push(...latencyFigures(scenario, 'local', r.local, 5));
  if (r.crossNode.handOff.samples > 0)
    figures.push(...latencyFigures(scenario, 'cross-node', r.crossNode, 25));
  return figures;
};

export const runAsyncHandoff = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('async', weirTemplate);
  const nodes: LoadNodeProcess[] = [];
  const c = options.concurrency;
  const boot = async (nodeId: string, flags: string[] = []) => {
    const node = await startLoadNode({ databaseUrl: weir.scratch.url, nodeId, flags });
    nodes.push(node);
    trace(`${nodeId} up`);
    return node;
  };
  try {
    const a = await boot('bench-a');
    const one = await measureAsyncRounds(weir.db, [{ node: a, starters: c }], [a], options);
    const b = await boot('bench-b');
    const two = await measureAsyncRounds(
      weir.db,
      [
        { node: a, starters: c / 2 },
        { node: b, starters: c / 2 },
      ],
      [a, b],
      options,
    );
    const front = await boot('bench-front', REQUEST_ONLY_FLAGS);
    const cross = await measureAsyncRounds(weir.db, [{ node: front, starters: c }], [front, a, b], options);
    return [
      ...asyncFigures(`Weir 2: async, 1 node, ${c} starters in it`, one),
      ...asyncFigures(`Weir 2: async, 2 nodes, ${c / 2} starters in each`, two, {
        ceilingShare: 0.4,
        graphileShare: 0.5,
      }),
      ...asyncFigures(`Weir 2: async, 2 nodes fed by a request-only node (${c} starters)`, cross),
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await weir.close();
  }
};
