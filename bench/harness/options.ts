/**
 * The command line of `npm run bench`: `--quick` for a run of under two minutes, `--only=` to
 * pick scenarios. Everything a run's length depends on is decided here, so the README's
 * description of the two modes and the code cannot drift apart.
 */

export const scenarioNames = [
  'pgbench',
  'graphile-worker',
  'pg-boss',
  'straight-through',
  'async',
  'async-group',
  'rest',
  'timers',
  'recovery',
  'scale',
  'search',
  'decision',
  'failover',
] as const;

export type ScenarioName = (typeof scenarioNames)[number];

export interface BenchOptions {
  readonly quick: boolean;
  readonly only: ReadonlySet<ScenarioName>;
  /** Measured rounds per figure; each figure is their median. */
  readonly rounds: number;
  /** Load before the first round, discarded: connections open, JIT and caches warm. */
  readonly warmupMs: number;
  /** Length of one measured round of a throughput scenario. */
  readonly roundMs: number;
  /** Concurrent starters (Weir) and producers/workers (peers). */
  readonly concurrency: number;
  /** Jobs preloaded for the peers' drain: the same number for both. */
  readonly peerBacklog: number;
  /** Timers due at once in the timer scenario. */
  readonly timers: number;
  /** Completed instances put into history before the scale scenario's second half. */
  readonly historyInstances: number;
  /** Process instances (each with a task and ten variables) in the search scenario's full index. */
  readonly searchInstances: number;
}

export const usage = `Usage: npm run bench [-- --quick] [-- --only=<scenario,...>]

  --quick          3 rounds of 1 s after a 0.5 s warm-up, 1,000 timers, 100,000 instances of history
                   (a run of under two minutes); the full run has 5 rounds of 10 s
  --search-instances=N  instances in the search scenario's index (default 1,000,000; quick 20,000)
  --only=a,b       run only these scenarios: ${scenarioNames.join(', ')}`;

const isScenario = (name: string): name is ScenarioName =>
  (scenarioNames as readonly string[]).includes(name);

export const parseOptions = (argv: readonly string[]): BenchOptions => {
  let quick = false;
  let searchCount: number | undefined;
  let only: ScenarioName[] = [...scenarioNames];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--only=')) {
      const names = arg
        .slice('--only='.length)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !isScenario(n));
      if (unknown.length > 0 || names.length === 0) {
        throw new Error(`Unknown scenario '${unknown.join(', ')}'; pick from ${scenarioNames.join(', ')}`);
      }
      only = names.filter(isScenario);
    } else if (arg.startsWith('--search-instances=')) {
      searchCount = Number(arg.slice('--search-instances='.length));
      if (!Number.isInteger(searchCount) || searchCount < 1)
        throw new Error(`Bad ${arg}: a positive integer`);
    } else throw new Error(`Unknown option '${arg}'\n${usage}`);
  }
  return {
    quick,
    only: new Set(only),
    rounds: quick ? 3 : 5,
    warmupMs: quick ? 500 : 3_000,
    roundMs: quick ? 1_000 : 10_000,
    // Two cores: eight in flight keeps PostgreSQL and the node busy without queueing most
    // of the time on connections.
    concurrency: 8,
    // Enough that neither peer runs dry within warm-up plus rounds at up to 5,000 jobs/s.
    peerBacklog: quick ? 25_000 : 300_000,
    timers: quick ? 1_000 : 10_000,
    historyInstances: quick ? 100_000 : 1_000_000,
    searchInstances: searchCount ?? (quick ? 20_000 : 1_000_000),
  };
};
