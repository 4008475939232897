import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DelegateExecution, JobRow } from '../../src/engine/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

// A node runs the jobs it created from their rows in memory, without reading them again; the
// flush deletes the job only if it is still there and still locked to this node.
describeEachDatabase('jobs run from memory by the node that created them', (kind) => {
  let h: EngineHarness;
  const handedOver: JobRow[] = [];
  let charged = 0;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    h.engine.setDispatcher({
      reserve: (count) => count,
      dispatch: (jobs) => void handedOver.push(...jobs),
      release: () => {},
    });
    h.delegates.register('chargeCard', (execution: DelegateExecution) => {
      charged++;
      execution.setVariable('charged', true);
    });
    h.delegates.register('sendReceipt', () => {});
    await h.deployFixture('async-continuations.bpmn20.xml');
  });
  afterAll(() => h.close());

  const start = async () => {
    handedOver.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('asyncContinuations');
    const [job] = handedOver;
    expect(job).toMatchObject({ processInstanceId: id, lockOwner: h.engine.services.nodeId });
    return { id, job };
  };

  it('runs and deletes the job it holds', async () => {
    const { id, job } = await start();
    expect(await h.engine.executeJob(job.id, { rootInstanceId: job.rootInstanceId, job })).toBe('executed');
    expect((await h.engine.query.jobs({ processInstanceId: id })).map((j) => j.elementId)).toEqual([
      'charge',
    ]);
  });

  it('a job another node already ran is gone, and nothing of this run is kept', async () => {
    const { id, job } = await start();
    await h.db.query(`DELETE FROM weir_job WHERE id = $1`, [job.id]);
    expect(await h.engine.executeJob(job.id, { rootInstanceId: job.rootInstanceId, job })).toBe('gone');
    expect((await h.engine.query.processInstance(id))?.activityIds).toEqual(['start']);
    expect((await h.engine.query.historicActivities(id)).map((a) => a.activityId)).toEqual([]);
  });

  it('a job whose lock another node took over is left to that node', async () => {
    const { id } = await start();
    // run the start job so that the next job (charge) is created and handed over
    const first = handedOver[0];
    handedOver.length = 0;
    await h.engine.executeJob(first.id, { rootInstanceId: first.rootInstanceId, job: first });
    const [job] = handedOver;
    await h.db.query(`UPDATE weir_job SET lock_owner = 'another-node' WHERE id = $1`, [job.id]);
    const before = charged;
    expect(await h.engine.executeJob(job.id, { rootInstanceId: job.rootInstanceId, job })).toBe('gone');
    expect(charged).toBe(before + 1);
    const [still] = await h.engine.query.jobs({ processInstanceId: id });
    expect(still).toMatchObject({ id: job.id, lockOwner: 'another-node' });
    expect((await h.engine.query.processInstance(id))?.variables.charged).toBeUndefined();
  });
});
