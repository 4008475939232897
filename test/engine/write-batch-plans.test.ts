import { afterAll, beforeAll, expect, test } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import type { JobRow } from '../../src/engine/index.ts';
import { openTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

// A job's write batch runs a generic plan that its connection makes once and keeps until the
// tables' statistics change. Made while the history was small (a new database, autovacuum off
// or not yet come round), that plan used to scan all of weir_hi_process_instance at every job
// from then on: a job cost as many rows read as there were finished instances.

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

/** Rows of the process history read by sequential scans so far, as PostgreSQL counts them. */
const historyRowsScanned = async (): Promise<number> => {
  // the engine's one connection reports its counts now rather than within ten seconds
  await database.db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await database.db.query<{ read: string }>(
    `SELECT seq_tup_read AS read FROM pg_stat_user_tables WHERE relname = 'weir_hi_process_instance'`,
  );
  return Number(rows[0].read);
};

const runInstances = async (count: number) => {
  for (let i = 0; i < count; i++) {
    handedOver.length = 0;
    const { id } = await engine.startProcessInstanceByKey('oneAsyncStep');
    const [job] = handedOver;
    expect(await engine.executeJob(job.id, { rootInstanceId: job.rootInstanceId, job })).toBe('executed');
    expect((await engine.query.historicProcessInstance(id))?.endedAt).toBeTruthy();
  }
};

beforeAll(async () => {
  // one connection: every job's batch runs the plan that connection made first
  database = await openTestDatabase('postgres', 1);
  engine = new Engine({ db: database.db });
  engine.setDispatcher({
    reserve: (count) => count,
    dispatch: (jobs) => void handedOver.push(...jobs),
    release: () => {},
  });
  await engine.deploy({ name: 'plans', resources: [{ name: 'one.bpmn20.xml', content: ASYNC_PROCESS }] });
});

afterAll(() => database?.close());

test('a job reads no history by sequential scan after the history grew under its prepared plan', async () => {
  // past the third sending (prepared) and the first runs of the prepared statement (planned)
  await runInstances(8);
  // the history grows twenty thousand finished instances, with no ANALYZE after
  const { rows } = await database.db.query<{ id: string }>(`SELECT id FROM weir_hi_process_instance LIMIT 1`);
  await database.db.query(
    `INSERT INTO weir_hi_process_instance
     SELECT (jsonb_populate_record(null::weir_hi_process_instance,
               to_jsonb(h) || jsonb_build_object('id', 'filler-' || g))).*
     FROM weir_hi_process_instance h, generate_series(1, 20000) g WHERE h.id = $1`,
    [rows[0].id],
  );
  const before = await historyRowsScanned();
  await runInstances(8);
  // a single sequential scan would read twenty thousand rows; eight jobs, 160,000
  expect((await historyRowsScanned()) - before).toBeLessThan(20_000);
});
