import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HistoryLevel } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, fixture, type EngineHarness } from './harness.ts';

const counts = async (h: EngineHarness) => {
  const { rows } = await h.db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM weir_hi_process_instance) AS process,
            (SELECT count(*)::int FROM weir_hi_activity_instance) AS activity,
            (SELECT count(*)::int FROM weir_hi_task_instance) AS task,
            (SELECT count(*)::int FROM weir_hi_variable_instance) AS variable,
            (SELECT count(*)::int FROM weir_hi_variable_update) AS detail`,
  );
  return rows[0];
};

describeEachDatabase('history levels', (kind) => {
  const cases: Array<[HistoryLevel, Record<string, boolean>]> = [
    ['none', { process: false, activity: false, task: false, variable: false, detail: false }],
    ['activity', { process: true, activity: true, task: false, variable: false, detail: false }],
    ['audit', { process: true, activity: true, task: true, variable: true, detail: false }],
    ['full', { process: true, activity: true, task: true, variable: true, detail: true }],
  ];
  for (const [level, expected] of cases) {
    it(`history level ${level} keeps exactly its records`, async () => {
      const h = await createEngineHarness(kind, { historyLevel: level });
      try {
        await h.deployFixture('parallel-fork-join.bpmn20.xml');
        const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin', { variables: { x: 1 } });
        for (const t of await h.engine.query.tasks({ processInstanceId: id }))
          await h.engine.completeTask(t.id, { variables: { x: 2 } });
        const c = await counts(h);
        expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v > 0]))).toEqual(expected);
      } finally {
        await h.close();
      }
    });
  }
});

describeEachDatabase('lifecycle', (kind) => {
  let h: EngineHarness;
  const log: string[] = [];
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.delegates.register('log', { add: (what: string, flight: string) => log.push(`${what} ${flight}`) });
    await h.deployFixture('compensation-multi.bpmn20.xml', 'parallel-fork-join.bpmn20.xml');
  });
  afterAll(() => h.close());

  it('compensation runs the handler for each completed multi-instance instance, newest first', async () => {
    log.length = 0;
    const { ended } = await h.engine.startProcessInstanceByKey('tripBooking', {
      variables: { flights: ['AMS', 'LIS', 'OSL'] },
    });
    expect(ended).toBe(true);
    expect(log).toEqual(['book AMS', 'book LIS', 'book OSL', 'cancel OSL', 'cancel LIS', 'cancel AMS']);
  });

  it('a new version of a definition replaces the timer start schedule of the old one', async () => {
    const jobsOf = async () =>
      (await h.engine.query.jobs({ handler: 'timer-start' })).map((j) => j.definitionId);
    const first = await jobsOf();
    expect(first).toHaveLength(1);
    const xml = (await fixture('compensation-multi.bpmn20.xml')).replace('PT1H', 'PT2H');
    const { definitions } = await h.engine.deploy({
      name: 'v2',
      resources: [{ name: 'c.bpmn20.xml', content: xml }],
    });
    const digest = definitions.find((d) => d.key === 'dailyDigest')!;
    const [job] = await h.engine.query.jobs({ handler: 'timer-start' });
    expect(job.definitionId).toBe(digest.id);
    expect(new Date(job.dueAt!).getTime() - h.clock.now().getTime()).toBe(2 * 3_600_000);
  });

  it('a suspended instance refuses task completion until it is activated', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    await h.engine.setProcessInstanceSuspended(id, true);
    const [task] = await h.engine.query.tasks({ processInstanceId: id });
    expect(task.suspended).toBe(true);
    await expect(h.engine.completeTask(task.id)).rejects.toMatchObject({ code: 'WEIR_SUSPENDED' });
    await h.engine.setProcessInstanceSuspended(id, false);
    await h.engine.completeTask(task.id);
    expect(await h.engine.query.tasks({ processInstanceId: id })).toHaveLength(1);
  });

  it('delegating a task hands it over and resolving gives it back to the owner', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    const [task] = await h.engine.query.tasks({ processInstanceId: id });
    await h.engine.setTaskAssignee(task.id, 'kermit');
    await h.engine.delegateTask(task.id, 'gonzo');
    let [now] = (await h.engine.query.tasks({ processInstanceId: id })).filter((t) => t.id === task.id);
    expect(now).toMatchObject({ assignee: 'gonzo', owner: 'kermit', delegationState: 'pending' });
    await expect(h.engine.completeTask(task.id)).rejects.toMatchObject({ code: 'WEIR_CONFLICT' });
    await h.engine.resolveTask(task.id, { note: 'checked' });
    [now] = (await h.engine.query.tasks({ processInstanceId: id })).filter((t) => t.id === task.id);
    expect(now).toMatchObject({ assignee: 'kermit', delegationState: 'resolved' });
    await h.engine.completeTask(task.id);
  });
});
