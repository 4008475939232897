/** Every scenario of `npm run bench`, in the order they run and are printed. */
import type { Figure } from './harness/figures.ts';
import type { BenchOptions, ScenarioName } from './harness/options.ts';
import type { ScratchDatabase } from './harness/databases.ts';
import { runPgbench } from './peers/pgbench.ts';
import { measurePeer } from './peers/peer-rounds.ts';
import { graphileWorker, graphileWorkerBatched } from './peers/graphile-worker.ts';
import { pgBoss, pgBossBatched } from './peers/pg-boss.ts';
import { runStraightThrough } from './weir/straight-through.ts';
import { runAsyncGroupCommit, runAsyncHandoff } from './weir/async-handoff.ts';
import { runRestRoundTrip } from './weir/rest-round-trip.ts';
import { runTimers } from './weir/timers.ts';
import { runRecovery } from './weir/recovery.ts';
import { runScale } from './weir/scale.ts';
import { runFailover } from './weir/failover.ts';
import { runSearch } from './weir/search.ts';
import { runDecision } from './weir/decision.ts';

/** What a Weir scenario is given: the options and the migrated template to clone. */
export interface ScenarioContext {
  readonly options: BenchOptions;
  readonly weirTemplate: ScratchDatabase;
}

export interface Scenario {
  readonly name: ScenarioName;
  /** Whether it needs the Weir template (peers and pgbench do not). */
  readonly weir: boolean;
  run(context: ScenarioContext): Promise<Figure[]>;
}

export const scenarios: readonly Scenario[] = [
  { name: 'pgbench', weir: false, run: ({ options }) => runPgbench(options) },
  {
    name: 'graphile-worker',
    weir: false,
    run: async ({ options }) => [
      ...(await measurePeer(graphileWorker, options)),
      ...(await measurePeer(graphileWorkerBatched, options)),
    ],
  },
  {
    name: 'pg-boss',
    weir: false,
    run: async ({ options }) => [
      ...(await measurePeer(pgBoss, options)),
      ...(await measurePeer(pgBossBatched, options)),
    ],
  },
  { name: 'straight-through', weir: true, run: runStraightThrough },
  { name: 'async', weir: true, run: runAsyncHandoff },
  { name: 'async-group', weir: true, run: runAsyncGroupCommit },
  { name: 'rest', weir: true, run: runRestRoundTrip },
  { name: 'timers', weir: true, run: runTimers },
  { name: 'recovery', weir: true, run: runRecovery },
  { name: 'scale', weir: true, run: runScale },
  { name: 'search', weir: true, run: runSearch },
  { name: 'decision', weir: false, run: runDecision },
  // Its own PostgreSQL pair (Patroni), not the local server: no template.
  { name: 'failover', weir: false, run: runFailover },
];
