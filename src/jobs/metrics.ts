/**
 * The job executor's figures for one node: counters since boot, the current queue, and the
 * hand-off latency (a job's creation or due time to the moment a runner starts it), kept apart
 * for jobs handed over locally after their creating commit and jobs acquired from the
 * database. `metrics()` gives a snapshot; `renderPrometheus` writes it in Prometheus' text
 * format for `/actuator/prometheus`.
 */

export type HandOffSource = 'local' | 'acquired';

/**
 * Bucket bounds in ms. Local hand-off takes well under a millisecond to a few; a NOTIFY
 * wake-up a few ms; a poll-driven pick-up up to the poll interval (10 s by default); timers up
 * to their poll interval (1 s). The bounds cover all four.
 */
const BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000] as const;

/** Recent samples kept for the p50/p99 of the snapshot; older ones are overwritten. */
const RESERVOIR_SIZE = 2048;

export interface LatencySummary {
  readonly count: number;
  readonly sumMs: number;
  /** Of the most recent samples (up to 2048); 0 without samples. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Cumulative counts per upper bound, as Prometheus buckets are. */
  readonly buckets: readonly { readonly leMs: number; readonly count: number }[];
}

export interface JobMetricsSnapshot {
  readonly nodeId: string;
  /** Jobs locked to this node by acquisition queries. */
  readonly acquired: number;
  /** Jobs created on this node, inserted locked to it and started without a query. */
  readonly handedOffLocally: number;
  readonly executed: number;
  /** Jobs that had vanished (finished elsewhere, instance deleted) when their turn came. */
  readonly gone: number;
  /** Runs that threw; each is a retry counted down (or a dead letter). */
  readonly failed: number;
  readonly deadLettered: number;
  /** Locks of dead nodes or expired leases this node's sweeps reset. */
  readonly locksReset: number;
  readonly leasesExtended: number;
  /** Job runs cut off by a lost database connection and run again once it was back. */
  readonly interrupted: number;
  /** Times this node fenced itself off (its heartbeat did not reach the database). */
  readonly fenced: number;
  /** Group commits: transactions that ran several jobs, a savepoint each. */
  readonly groupCommits: number;
  /** Jobs run in group commits (each also counted as executed, gone or failed). */
  readonly groupedJobs: number;
  /** Groups whose transaction failed as a whole, their jobs then run one by one. */
  readonly groupsRetried: number;
  /** Jobs locked to this node waiting for a runner. */
  readonly queueDepth: number;
  readonly running: number;
  /** Most jobs the node holds at once (queue size). */
  readonly capacity: number;
  readonly handOff: Readonly<Record<HandOffSource, LatencySummary>>;
}

export type CounterName =
  | 'acquired'
  | 'handedOffLocally'
  | 'executed'
  | 'gone'
  | 'failed'
  | 'deadLettered'
  | 'locksReset'
  | 'leasesExtended'
  | 'interrupted'
  | 'fenced'
  | 'groupCommits'
  | 'groupedJobs'
  | 'groupsRetried';

class LatencyRecorder {
  readonly #bucketCounts = BUCKETS_MS.map(() => 0);
  readonly #recent: number[] = [];
  #next = 0;
  #count = 0;
  #sum = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    this.#count += 1;
    this.#sum += value;
    const bucket = BUCKETS_MS.findIndex((bound) => value <= bound);
    if (bucket >= 0) this.#bucketCounts[bucket] += 1;
    if (this.#recent.length < RESERVOIR_SIZE) this.#recent.push(value);
    else this.#recent[this.#next] = value;
    this.#next = (this.#next + 1) % RESERVOIR_SIZE;
  }

  summary(): LatencySummary {
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const quantile = (q: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    let cumulative = 0;
    return {
      count: this.#count,
      sumMs: this.#sum,
      p50Ms: quantile(0.5),
      p99Ms: quantile(0.99),
      buckets: BUCKETS_MS.map((leMs, i) => ({ leMs, count: (cumulative += this.#bucketCounts[i]) })),
    };
  }
}

export interface QueueFigures {
  readonly queueDepth: number;
  readonly running: number;
  readonly capacity: number;
}

export class JobMetrics {
  readonly #nodeId: string;
  readonly #counters: Record<CounterName, number> = {
    acquired: 0,
    handedOffLocally: 0,
    executed: 0,
    gone: 0,
    failed: 0,
    deadLettered: 0,
    locksReset: 0,
    leasesExtended: 0,
    interrupted: 0,
    fenced: 0,
    groupCommits: 0,
    groupedJobs: 0,
    groupsRetried: 0,
  };
  readonly #handOff: Record<HandOffSource, LatencyRecorder> = {
    local: new LatencyRecorder(),
    acquired: new LatencyRecorder(),
  };

  constructor(nodeId: string) {
    this.#nodeId = nodeId;
  }

  count(name: CounterName, by = 1): void {
    this.#counters[name] += by;
  }

  handOff(source: HandOffSource, ms: number): void {
    this.#handOff[source].record(ms);
  }

  snapshot(queue: QueueFigures): JobMetricsSnapshot {
    return {
      nodeId: this.#nodeId,
      ...this.#counters,
      ...queue,
      handOff: { local: this.#handOff.local.summary(), acquired: this.#handOff.acquired.summary() },
    };
  }
}

const counterHelp: Record<CounterName, [string, string]> = {
  acquired: ['weir_jobs_acquired_total', 'Jobs locked to this node by acquisition queries.'],
  handedOffLocally: [
    'weir_jobs_local_handoffs_total',
    'Jobs created on this node and started without acquisition.',
  ],
  executed: ['weir_jobs_executed_total', 'Jobs run to completion.'],
  gone: ['weir_jobs_gone_total', 'Jobs that had vanished when their turn came.'],
  failed: ['weir_jobs_failed_total', 'Job runs that threw and were rolled back.'],
  deadLettered: ['weir_jobs_dead_lettered_total', 'Jobs moved to the dead letters after their last retry.'],
  locksReset: ['weir_jobs_locks_reset_total', 'Locks of dead nodes or expired leases reset by this node.'],
  leasesExtended: ['weir_jobs_leases_extended_total', 'Lease renewals of jobs this node holds.'],
  interrupted: [
    'weir_jobs_interrupted_total',
    'Job runs cut off by a lost database connection and run again once it was back.',
  ],
  fenced: [
    'weir_jobs_fenced_total',
    'Times this node stopped starting jobs because its heartbeat did not reach the database.',
  ],
  groupCommits: ['weir_jobs_group_commits_total', 'Transactions that ran several jobs, a savepoint each.'],
  groupedJobs: ['weir_jobs_grouped_total', 'Jobs run in group commits.'],
  groupsRetried: [
    'weir_jobs_groups_retried_total',
    'Group commits that failed as a whole, their jobs then run one by one.',
  ],
};

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The snapshot in Prometheus' text exposition format (version 0.0.4). */
export const renderPrometheus = (snapshot: JobMetricsSnapshot): string => {
  const node = `node="${escapeLabel(snapshot.nodeId)}"`;
  const lines: string[] = [];
  for (const [name, [metric, help]] of Object.entries(counterHelp) as [CounterName, [string, string]][]) {
    lines.push(
      `# HELP ${metric} ${help}`,
      `# TYPE ${metric} counter`,
      `${metric}{${node}} ${snapshot[name]}`,
    );
  }
  const gauges: [string, string, number][] = [
    ['weir_jobs_queue_depth', 'Jobs locked to this node waiting for a runner.', snapshot.queueDepth],
    ['weir_jobs_running', 'Jobs running on this node.', snapshot.running],
    ['weir_jobs_capacity', 'Most jobs this node holds at once.', snapshot.capacity],
  ];
  for (const [metric, help, value] of gauges) {
    lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} gauge`, `${metric}{${node}} ${value}`);
  }
  const histogram = 'weir_job_handoff_seconds';
  lines.push(
    `# HELP ${histogram} Time from a job's creation (or due time) to its start.`,
    `# TYPE ${histogram} histogram`,
  );
  for (const [source, summary] of Object.entries(snapshot.handOff)) {
    const labels = `${node},source="${source}"`;
    for (const bucket of summary.buckets) {
      lines.push(`${histogram}_bucket{${labels},le="${bucket.leMs / 1000}"} ${bucket.count}`);
    }
    lines.push(
      `${histogram}_bucket{${labels},le="+Inf"} ${summary.count}`,
      `${histogram}_sum{${labels}} ${summary.sumMs / 1000}`,
      `${histogram}_count{${labels}} ${summary.count}`,
    );
  }
  return `${lines.join('\n')}\n`;
};
