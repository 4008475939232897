/**
 * Scenario 8, search: three queries on the search index, sent to a `weir start` node over
 * REST (`POST /search-api/query/...`, as an admin), each timed on an empty index and again on
 * one filled with `searchInstances` process instances (one open task each) and ten variables
 * per instance: a variable-equality query, a variable-range query (both on process instances)
 * and a full-text task query. Each answer is the count and the first page of 10.
 *
 * The index is filled in bulk by `search-synthetic-sql.ts` (`generate_series`, shaped like the
 * rows the flush writes), not by running the engine: a million instances through the engine
 * would take hours here. The issue's goal: p50 under 20 ms and p99 under 100 ms with
 * 1,000,000 instances and 10,000,000 variables.
 */
import type { Figure } from '../harness/figures.ts';
import { quantile } from '../harness/stats.ts';
import type { ScenarioContext } from '../scenarios.ts';
import type { Database } from '../../src/persistence/database.ts';
import { createSearchTables } from '../../src/persistence/search-index-sql.ts';
import os from 'node:os';
import { explainStatements } from '../../src/persistence/explain-sql.ts';
import { addSyntheticInstances, settleSearchTables } from '../../src/persistence/search-synthetic-sql.ts';
import { postgresSearchIndex } from '../../src/search/postgres-index.ts';
import type { SearchQuery } from '../../src/search/search-index.ts';
import { startWeirNode, type NodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';

/** Instances per load statement: big enough to be set-based, small enough to show progress. */
const SLICE = 50_000;
const VARIABLES_PER_INSTANCE = 10;
/** Queries per measured round, one after the other. */
const QUERIES_PER_ROUND = 50;
const ADMIN = 'bench-admin';
const PASSWORD = 'bench-password';

const log = (text: string) => process.stderr.write(`    ${text}\n`);

const fillIndex = async (db: Database, count: number): Promise<void> => {
  const began = performance.now();
  for (let from = 1; from <= count; from += SLICE) {
    const to = Math.min(count, from + SLICE - 1);
    await addSyntheticInstances(db, from, to, VARIABLES_PER_INSTANCE);
    const seconds = (performance.now() - began) / 1000;
    log(
      `search index: ${to.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} instances, ` +
        `${(to * VARIABLES_PER_INSTANCE).toLocaleString('en-US')} variables (${seconds.toFixed(0)} s)`,
    );
  }
  await settleSearchTables(db);
  log(`search index: vacuumed and analysed (${((performance.now() - began) / 1000).toFixed(0)} s in all)`);
};

/** The same three queries as the index sees them, to show their plans next to the figures. */
const planned: { name: string; query: SearchQuery }[] = [
  {
    name: 'variable equality',
    query: {
      kind: 'process',
      runtime: true,
      variables: [{ scope: 'process', name: 'amount', operation: 'equals', type: 'number', value: 4242 }],
    },
  },
  {
    name: 'variable range',
    query: {
      kind: 'process',
      runtime: true,
      variables: [
        { scope: 'process', name: 'amount', operation: 'greaterThan', type: 'number', value: 9990 },
      ],
    },
  },
  { name: 'full text', query: { kind: 'task', runtime: true, text: 'damage417' } },
];

/** Logs which indexes each query's statements (count, page) use on the full index. */
const logPlans = async (db: Database): Promise<void> => {
  const index = postgresSearchIndex({ language: 'simple' });
  const sorts = { startTime: 'd.created_at' };
  const first = { start: 0, size: 10, sort: 'startTime', order: 'desc' as const };
  for (const { name, query } of planned) {
    const statements = await explainStatements(db, (q) => index.query(q, query, sorts, first), {
      analyze: true,
    });
    for (const { plan } of statements) {
      const used = [
        ...plan.matchAll(/(Index Only Scan|Index Scan|Bitmap Index Scan)( Backward)? (?:using|on) (\w+)/g),
      ]
        .map((m) => `${m[1]} ${m[3]}`)
        .join(', ');
      const took = /Execution Time: ([\d.]+ ms)/.exec(plan)?.[1] ?? '?';
      log(`plan of ${name}: ${used || 'no index'} (${took})`);
    }
  }
};

const loadAverage = () => os.loadavg()[0].toFixed(1);

const queries: { name: string; path: string; body: object }[] = [
  {
    name: 'variable equality (process instances)',
    path: '/search-api/query/process-instances',
    body: { variables: [{ name: 'amount', operation: 'equals', value: 4242 }] },
  },
  {
    name: 'variable range (process instances)',
    path: '/search-api/query/process-instances',
    body: { variables: [{ name: 'amount', operation: 'greaterThan', value: 9990 }] },
  },
  { name: 'full text (tasks)', path: '/search-api/query/tasks', body: { text: 'damage417' } },
];

const page = { start: 0, size: 10, order: 'desc' };

const client = (node: NodeProcess) => {
  const authorization = `Basic ${Buffer.from(`${ADMIN}:${PASSWORD}`).toString('base64')}`;
  return async (path: string, body: object): Promise<{ total: number }> => {
    const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, ...page }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as { total: number };
  };
};

/** Per round: the p50 and p99 of its queries' latencies, in ms; and the query's total. */
const measure = async (call: ReturnType<typeof client>, q: (typeof queries)[number], rounds: number) => {
  let total = 0;
  for (let i = 0; i < 5; i++) total = (await call(q.path, q.body)).total; // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const samples: number[] = [];
    for (let i = 0; i < QUERIES_PER_ROUND; i++) {
      const began = performance.now();
      await call(q.path, q.body);
      samples.push(performance.now() - began);
    }
    p50.push(quantile(samples, 0.5));
    p99.push(quantile(samples, 0.99));
  }
  return { p50, p99, total };
};

type Measured = Awaited<ReturnType<typeof measure>>;

const figuresOf = (
  scenario: string,
  q: (typeof queries)[number],
  empty: Measured,
  full: Measured,
): Figure[] =>
  (
    [
      ['empty', empty, undefined],
      ['full', full, full.total],
    ] as const
  ).flatMap(([which, m, total]) =>
    (
      [
        ['p50', m.p50, 20],
        ['p99', m.p99, 100],
      ] as const
    ).map(([statistic, rounds, goal]) => ({
      scenario,
      name: `${q.name}, ${which} index${total === undefined ? '' : ` (${total} matches)`}, ${statistic}`,
      unit: 'ms',
      kind: 'latency' as const,
      rounds,
      weir: true,
      // the issue's goal is for the full index
      ...(which === 'full' ? { target: { below: goal } } : {}),
    })),
  );

export const runSearch = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('search', weirTemplate);
  let node: NodeProcess | undefined;
  try {
    await createSearchTables(weir.db);
    node = await startWeirNode({
      databaseUrl: weir.scratch.url,
      nodeId: 'bench-search',
      flags: [`--flowable.rest.app.admin.user-id=${ADMIN}`, `--flowable.rest.app.admin.password=${PASSWORD}`],
    });
    const call = client(node);
    const empty: Measured[] = [];
    for (const q of queries) empty.push(await measure(call, q, options.rounds));
    await fillIndex(weir.db, options.searchInstances);
    await logPlans(weir.db);
    // the machine is shared: the load when the full index is measured goes with the figures
    const loadBefore = loadAverage();
    const full: Measured[] = [];
    for (const q of queries) full.push(await measure(call, q, options.rounds));
    const load = `load average ${loadBefore} before, ${loadAverage()} after the full-index rounds`;
    log(load);

    const size = options.searchInstances.toLocaleString('en-US');
    const variables = (options.searchInstances * VARIABLES_PER_INSTANCE).toLocaleString('en-US');
    const scenario = `Weir 8: search index over REST, ${size} instances, ${size} tasks, ${variables} variables, ${load}${
      options.quick ? ' (quick; the issue asks for 1,000,000 instances)' : ''
    }`;
    return queries.flatMap((q, i) => figuresOf(scenario, q, empty[i], full[i]));
  } finally {
    await node?.stop();
    await weir.close();
  }
};
