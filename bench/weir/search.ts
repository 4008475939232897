/**
 * Scenario 8, search: three queries on the search index, each timed on an empty index and
 * again on one filled with `searchInstances` process instances (one open task each) and ten
 * variables per instance: a variable-equality query, a variable-range query (both on process
 * instances) and a full-text task query, as an admin through the index's own query path.
 *
 * The index is filled in bulk with `generate_series`, shaped like the rows the flush writes,
 * not by running the engine (a million instances through the engine would take hours here).
 * The goal: p50 under 20 ms and p99 under 100 ms with 1,000,000 instances.
 */
import type { Figure } from '../harness/figures.ts';
import { quantile } from '../harness/stats.ts';
import { trace } from '../harness/trace.ts';
import type { ScenarioContext } from '../scenarios.ts';
import type { Database } from '../../src/persistence/database.ts';
import { createSearchTables } from '../../src/persistence/search-index-sql.ts';
import { postgresSearchIndex } from '../../src/search/postgres-index.ts';
import type { SearchQuery } from '../../src/search/search-index.ts';
import { openWeirDatabase } from './scratch-engine.ts';

const SLICE = 50_000;
const VARIABLES_PER_INSTANCE = 10;
/** Queries per measured round, one after the other. */
const QUERIES_PER_ROUND = 50;

const fillIndex = async (db: Database, count: number): Promise<void> => {
  for (let from = 1; from <= count; from += SLICE) {
    const to = Math.min(count, from + SLICE - 1);
    await db.query(
      `INSERT INTO weir_search_document (kind, id, tenant_id, title, body, process_instance_id, definition_id,
         definition_key, business_key, start_user_id, state, runtime, historic, created_at)
       SELECT 'process', 'p' || i, '', 'Claim ' || i,
              to_tsvector('simple', 'Claim CLAIM-' || i || ' insurer' || (i % 500)),
              'p' || i, 'claims:1', 'claims', 'CLAIM-' || i, 'user' || (i % 100), 'active', true, true,
              now() - i * interval '1 second'
       FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
    await db.query(
      `INSERT INTO weir_search_document (kind, id, tenant_id, title, body, process_instance_id, definition_id,
         definition_key, task_definition_key, business_key, assignee, state, runtime, priority, created_at)
       SELECT 'task', 't' || i, '', 'Assess claim',
              to_tsvector('simple', 'Assess claim CLAIM-' || i || ' damage' || (i % 1000)),
              'p' || i, 'claims:1', 'claims', 'assess', 'CLAIM-' || i,
              CASE WHEN i % 3 = 0 THEN 'user' || (i % 100) END, 'active', true, 50,
              now() - i * interval '1 second'
       FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
    // per instance: amount (0..9999), a date, a flag, a string, and six more numbers
    await db.query(
      `INSERT INTO weir_search_variable (scope, scope_id, name, type, text_value, number_value, date_value, bool_value)
       SELECT 'process', 'p' || i, v.name, v.type,
              CASE WHEN v.type = 'string' THEN 'insurer' || (i % 500) END,
              CASE WHEN v.type = 'integer' THEN (i * (v.n + 7)) % 10000 END,
              CASE WHEN v.type = 'date' THEN now() - (i % 3650) * interval '1 day' END,
              CASE WHEN v.type = 'boolean' THEN i % 2 = 0 END
       FROM generate_series($1::int, $2::int) AS i,
            (SELECT n, CASE n WHEN 0 THEN 'amount' WHEN 1 THEN 'incident' WHEN 2 THEN 'urgent' WHEN 3 THEN 'insurer'
                              ELSE 'figure' || n END AS name,
                    CASE n WHEN 1 THEN 'date' WHEN 2 THEN 'boolean' WHEN 3 THEN 'string' ELSE 'integer' END AS type
             FROM generate_series(0, $3::int - 1) AS n) AS v`,
      [from, to, VARIABLES_PER_INSTANCE],
    );
    trace(`search index: ${to} of ${count} instances`);
  }
  await db.query('ANALYZE weir_search_document');
  await db.query('ANALYZE weir_search_variable');
};

const queries: { name: string; query: SearchQuery }[] = [
  {
    name: 'variable equality (process instances)',
    query: {
      kind: 'process',
      runtime: true,
      variables: [{ scope: 'process', name: 'amount', operation: 'equals', type: 'number', value: 4242 }],
    },
  },
  {
    name: 'variable range (process instances)',
    query: {
      kind: 'process',
      runtime: true,
      variables: [
        { scope: 'process', name: 'amount', operation: 'greaterThan', type: 'number', value: 9990 },
      ],
    },
  },
  { name: 'full text (tasks)', query: { kind: 'task', runtime: true, text: 'damage417' } },
];

const page = { start: 0, size: 10, sort: 'createTime', order: 'desc' as const };
const sorts = { createTime: 'd.created_at' };

/** Per round: the p50 and p99 of its queries' latencies, in ms. */
const measure = async (db: Database, query: SearchQuery, rounds: number) => {
  const index = postgresSearchIndex({ language: 'simple' });
  for (let i = 0; i < 5; i++) await index.query(db, query, sorts, page); // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const samples: number[] = [];
    for (let i = 0; i < QUERIES_PER_ROUND; i++) {
      const began = performance.now();
      await index.query(db, query, sorts, page);
      samples.push(performance.now() - began);
    }
    p50.push(quantile(samples, 0.5));
    p99.push(quantile(samples, 0.99));
  }
  return { p50, p99 };
};

export const runSearch = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('search', weirTemplate);
  try {
    await createSearchTables(weir.db);
    const empty: { p50: number[]; p99: number[] }[] = [];
    for (const q of queries) empty.push(await measure(weir.db, q.query, options.rounds));
    await fillIndex(weir.db, options.searchInstances);
    const full: { p50: number[]; p99: number[] }[] = [];
    for (const q of queries) full.push(await measure(weir.db, q.query, options.rounds));

    const size = options.searchInstances.toLocaleString('en-US');
    const scenario = `Weir 8: search index, ${size} instances, ${size} tasks, ${(
      options.searchInstances * VARIABLES_PER_INSTANCE
    ).toLocaleString(
      'en-US',
    )} variables${options.quick ? ' (quick; the issue asks for 1,000,000 instances)' : ''}`;
    return queries.flatMap((q, i) => [
      {
        scenario,
        name: `${q.name}, empty index, p50`,
        unit: 'ms',
        kind: 'latency',
        rounds: empty[i].p50,
        weir: true,
      },
      {
        scenario,
        name: `${q.name}, empty index, p99`,
        unit: 'ms',
        kind: 'latency',
        rounds: empty[i].p99,
        weir: true,
      },
      {
        scenario,
        name: `${q.name}, full index, p50`,
        unit: 'ms',
        kind: 'latency',
        rounds: full[i].p50,
        weir: true,
        target: { below: 20 },
      },
      {
        scenario,
        name: `${q.name}, full index, p99`,
        unit: 'ms',
        kind: 'latency',
        rounds: full[i].p99,
        weir: true,
        target: { below: 100 },
      },
    ]);
  } finally {
    await weir.close();
  }
};
