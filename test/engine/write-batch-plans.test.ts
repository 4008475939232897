import { afterAll, beforeAll, expect, test } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import type { JobRow } from '../../src/engine/index.ts';
import { createSearchTables } from '../../src/persistence/search-index-sql.ts';
import { postgresSearchIndex } from '../../src/search/postgres-index.ts';
import { openTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

// A job's write batch runs a generic plan that its connection makes once and keeps until the
// tables' statistics change. Made while the tables were small (a new database, autovacuum off
// or not yet come round), that plan used to read all of weir_hi_process_instance, and all of
// the search index's variables, at every job from then on: a job cost as many rows read as
// there were finished instances and indexed variables.

const ASYNC_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="http://weir.dev/test">
  <process id="oneAsyncStep" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="step"/>
    <serviceTask id="step" flowable:async="true" flowable:expression="\${true}"/>
    <sequenceFlow id="f2" sourceRef="step" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

let database: TestDatabase;
let engine: Engine;
const handedOver: JobRow[] = [];

/** Rows of a table read so far, by sequential and index scans, as PostgreSQL counts them. */
const rowsRead = async (table: string): Promise<number> => {
  // the engine's one connection reports its counts now rather than within ten seconds
  await database.db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await database.db.query<{ read: string }>(
    `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
     FROM pg_stat_user_tables WHERE relname = $1`,
    [table],
  );
  return Number(rows[0].read);
};

/** Twenty thousand copies of one row of `table` (a key column made unique), with no ANALYZE after. */
const grow = async (table: 'weir_hi_process_instance' | 'weir_search_variable', key: string) => {
  await database.db.query(
    `INSERT INTO ${table}
     SELECT (jsonb_populate_record(null::${table}, to_jsonb(t) || jsonb_build_object('${key}', 'filler-' || g))).*
     FROM (SELECT * FROM ${table} LIMIT 1) t, generate_series(1, 20000) g`,
  );
};

const runInstances = async (count: number) => {
  for (let i = 0; i < count; i++) {
    handedOver.length = 0;
    const { id } = await engine.startProcessInstanceByKey('oneAsyncStep', {
      variables: { orderId: `order-${i}` },
    });
    const [job] = handedOver;
    expect(await engine.executeJob(job.id, { rootInstanceId: job.rootInstanceId, job })).toBe('executed');
    expect((await engine.query.historicProcessInstance(id))?.endedAt).toBeTruthy();
  }
};

beforeAll(async () => {
  // one connection: every job's batch runs the plan that connection made first
  database = await openTestDatabase('postgres', 1);
  await createSearchTables(database.db);
  engine = new Engine({ db: database.db, indexer: postgresSearchIndex({ language: 'simple' }) });
  engine.setDispatcher({
    reserve: (count) => count,
    dispatch: (jobs) => void handedOver.push(...jobs),
    release: () => {},
  });
  await engine.deploy({ name: 'plans', resources: [{ name: 'one.bpmn20.xml', content: ASYNC_PROCESS }] });
});

afterAll(() => database?.close());

test('a job reads neither the history nor the indexed variables whole after they grew under its prepared plan', async () => {
  // past the third sending (prepared) and the first runs of the prepared statement (planned)
  await runInstances(8);
  await grow('weir_hi_process_instance', 'id');
  await grow('weir_search_variable', 'scope_id');
  const before = {
    history: await rowsRead('weir_hi_process_instance'),
    variables: await rowsRead('weir_search_variable'),
  };
  await runInstances(8);
  // one whole read is twenty thousand rows; eight jobs each reading all, 160,000
  expect((await rowsRead('weir_hi_process_instance')) - before.history).toBeLessThan(20_000);
  expect((await rowsRead('weir_search_variable')) - before.variables).toBeLessThan(20_000);
});
