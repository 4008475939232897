/**
 * Scenario 6, scale: scenario 2's two-node set-up (4 starters in each node) measured on an
 * empty history, then again on the same nodes and database after `historyInstances` completed
 * instances were put into history in bulk. Executable jobs must be found by a tiny index-only
 * query however large history gets (DESIGN.md section 4); the ratio says whether they are.
 */
import type { Figure } from '../harness/figures.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { measureAsyncRounds } from './async-rounds.ts';
import { fillHistory } from './history-fill.ts';
import { ASYNC_NOOP } from './models.ts';
import { startLoadNode } from './node-processes.ts';
import type { LoadNodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';
import { trace } from '../harness/trace.ts';

export const runScale = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('scale', weirTemplate);
  const nodes: LoadNodeProcess[] = [];
  try {
    nodes.push(
      ...(await Promise.all(
        ['bench-s1', 'bench-s2'].map((nodeId) => startLoadNode({ databaseUrl: weir.scratch.url, nodeId })),
      )),
    );
    trace('nodes up');
    const plan = nodes.map((node) => ({ node, starters: options.concurrency / 2 }));
    const empty = await measureAsyncRounds(weir.db, weir.scratch.name, plan, nodes, options);
    await fillHistory(weir.db, ASYNC_NOOP, options.historyInstances);
    trace('history filled');
    const full = await measureAsyncRounds(weir.db, weir.scratch.name, plan, nodes, options);

    const history = options.historyInstances.toLocaleString('en-US');
    const scenario = `Weir 6: scale, scenario 2 (2 nodes) with ${history} completed instances in history${
      options.quick ? ' (quick; the full run uses 1,000,000)' : ''
    }`;
    return [
      {
        scenario,
        name: 'instances/s, empty history',
        unit: '/s',
        kind: 'rate',
        rounds: empty.completed,
        weir: true,
      },
      {
        scenario,
        name: `instances/s, ${history} in history`,
        unit: '/s',
        kind: 'rate',
        rounds: full.completed,
        weir: true,
      },
      {
        scenario,
        name: 'slow-down, empty ÷ full (round by round)',
        unit: 'x',
        kind: 'ratio',
        rounds: empty.completed.map((e, i) => e / full.completed[i]),
        weir: true,
        target: { below: 1.2 },
      },
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await weir.close();
  }
};
