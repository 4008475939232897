import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { createEngineHarness, type EngineHarness } from './harness.ts';

// Two connections (two pools, as two nodes would have) completing the two branches of a
// parallel join at the same moment: the root row lock serialises them, so exactly one
// continuation passes the join.
let h: EngineHarness;
let other: Database;
let engineB: Engine;

beforeAll(async () => {
  h = await createEngineHarness('postgres');
  const { rows } = await h.db.query<{ db: string }>('SELECT current_database() AS db');
  other = openPostgresDatabase({ url: `postgres://postgres@127.0.0.1:5432/${rows[0].db}`, poolSize: 4 });
  engineB = new Engine({ db: other, clock: h.clock });
  await h.deployFixture('parallel-fork-join.bpmn20.xml');
});
afterAll(async () => {
  await other.close();
  await h.close();
});

it('both branches of a parallel join completed at once from two connections continue past the join exactly once', async () => {
  for (let round = 0; round < 10; round++) {
    const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    const [a, b] = await h.engine.query.tasks({ processInstanceId: id });
    await Promise.all([h.engine.completeTask(a.id), engineB.completeTask(b.id)]);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    const acts = (await h.engine.query.historicActivities(id)).map((x) => x.activityId);
    expect(acts.filter((x) => x === 'end')).toHaveLength(1);
    expect(acts.filter((x) => x === 'join')).toHaveLength(2);
    expect((await h.engine.query.historicProcessInstance(id))?.endedAt).not.toBeNull();
  }
});

it('completing the same task from two connections at once succeeds once and fails once with not found', async () => {
  const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
  const [a] = await h.engine.query.tasks({ processInstanceId: id });
  const results = await Promise.allSettled([h.engine.completeTask(a.id), engineB.completeTask(a.id)]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(failed.reason).toMatchObject({ code: 'WEIR_NOT_FOUND' });
});
