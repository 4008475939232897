/**
 * Group commit (`weir.jobs.group-commit-size`): a runner that finds more jobs waiting than
 * runners free commits several in one transaction, a savepoint each. What a user must still
 * see: every step once, a failing job rolled back alone (and retried as any failed job), a job
 * whose instance is locked elsewhere left out of the group rather than waited for, and a group
 * whose COMMIT fails leaving nothing behind before its jobs run again alone.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { countEnded, openInProcessCluster, runsPer, startInstances } from './in-process-cluster.ts';
import type { InProcessCluster } from './in-process-cluster.ts';

let cluster: InProcessCluster | undefined;
const open = async () => (cluster = await openInProcessCluster());
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** Groups form from a backlog: a queue larger than the runners, filled before the nodes start. */
const grouping = { concurrency: 2, queueSize: 16, commitGroupSize: 8 };

describe('group commit', () => {
  it('works off a backlog in groups on two nodes, every step exactly once', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const ids = await startInstances(c.client, 'twoAsyncTasks', 120, 4);
    const nodes = await Promise.all(['n1', 'n2'].map((id) => c.startNode(id, grouping)));

    await c.waitFor(async () => (await countEnded(c, ids)) === 120, 60_000, 'all instances to end');

    const counts = runsPer(c.runs);
    expect(counts.size).toBe(240);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const metrics = nodes.map((node) => node.executor.metrics());
    const sum = (pick: (m: (typeof metrics)[number]) => number) => metrics.reduce((n, m) => n + pick(m), 0);
    expect(sum((m) => m.executed)).toBe(240);
    expect(sum((m) => m.failed)).toBe(0);
    expect(sum((m) => m.groupCommits)).toBeGreaterThan(0);
    // each group commit ran at least two jobs
    expect(sum((m) => m.groupedJobs)).toBeGreaterThanOrEqual(2 * sum((m) => m.groupCommits));
    const [history] = await c.query<{ n: number }>(
      `SELECT count(*) AS n FROM weir_hi_activity_instance WHERE activity_id IN ('first', 'second')`,
    );
    expect(history.n).toBe(240);
  });

  it('rolls a failing job back alone and leaves a job whose instance is locked elsewhere out of the group', async () => {
    const c = await open();
    const failFor = new Set<string>();
    c.delegate('chargeCard', (execution) => {
      if (failFor.has(execution.getProcessInstanceId())) throw new Error('card declined');
    });
    await c.deploy('jobs-failing-task.bpmn20.xml');
    // this node runs jobs only when told to
    const node = await c.startNode('n1', {
      asyncJobAcquisitionEnabled: false,
      timerJobAcquisitionEnabled: false,
    });
    const [paid, declined, locked] = await startInstances(c.client, 'failingTask', 3, 1);
    failFor.add(declined);
    const jobOf = async (instanceId: string) =>
      (
        await c.query<{ id: string; retries: number; exception_message: string | null }>(
          `SELECT id, retries, exception_message FROM weir_job WHERE process_instance_id = $1`,
          [instanceId],
        )
      )[0];
    const jobs = [await jobOf(paid), await jobOf(declined), await jobOf(locked)];

    const holder = new pg.Client({ connectionString: c.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM weir_process_instance WHERE id = $1 FOR UPDATE', [locked]);
      const outcomes = await node.engine.executeJobGroup(
        jobs.map((job) => ({ jobId: job.id })),
        100,
      );
      expect(outcomes.map((o) => o.outcome)).toEqual(['executed', 'failed', 'busy']);
      expect(outcomes[1].outcome === 'failed' && outcomes[1].error.message).toMatch(/card declined/);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
    expect(await countEnded(c, [paid, declined, locked])).toBe(1);
    expect(await countEnded(c, [paid])).toBe(1);
    // the declined and the locked job are as they were: nothing of their runs stayed
    expect(await jobOf(declined)).toEqual({ ...jobs[1] });
    expect(await jobOf(locked)).toEqual({ ...jobs[2] });
    const [activities] = await c.query<{ n: number }>(
      `SELECT count(*) AS n FROM weir_hi_activity_instance WHERE process_instance_id = ANY($1::text[]) AND activity_id = 'end'`,
      [[declined, locked]],
    );
    expect(activities.n).toBe(0);

    // run alone now that the lock is gone, the locked one completes
    expect(await node.engine.executeJob(jobs[2].id)).toBe('executed');
    expect(await countEnded(c, [locked])).toBe(1);
  });

  it('records a failed job of a group as any failed job: retries counted down, the others committed', async () => {
    const c = await open();
    const failFor = new Set<string>();
    c.delegate('chargeCard', (execution) => {
      if (failFor.has(execution.getProcessInstanceId())) throw new Error('card declined');
    });
    await c.deploy('jobs-failing-task.bpmn20.xml');
    const ids = await startInstances(c.client, 'failingTask', 12, 4);
    failFor.add(ids[5]);
    const node = await c.startNode('n1', { concurrency: 1, queueSize: 16, commitGroupSize: 8 });

    await c.waitFor(async () => (await countEnded(c, ids)) === 11, 30_000, 'the eleven others to end');
    await c.waitFor(
      async () =>
        (
          await c.query<{ n: number }>(
            `SELECT count(*) AS n FROM weir_job
             WHERE process_instance_id = $1 AND exception_message LIKE '%card declined%' AND retries = 2`,
            [ids[5]],
          )
        )[0].n === 1,
      10_000,
      'the failure to be recorded',
    );
    const metrics = node.executor.metrics();
    expect(metrics.groupCommits).toBeGreaterThan(0);
    expect(metrics.failed).toBeGreaterThanOrEqual(1);
    expect(await countEnded(c, [ids[5]])).toBe(0);
  });

  it('runs the jobs of a group whose COMMIT failed again alone, with nothing of the group left', async () => {
    const c = await open();
    c.delegate('slowWork');
    await c.deploy('jobs-one-slow-task.bpmn20.xml');
    // the first commit that ends an instance fails at COMMIT (a deferred trigger), once
    await c.query(`CREATE SEQUENCE weir_test_fail_once`);
    await c.query(`CREATE FUNCTION weir_test_refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('weir_test_fail_once') = 1 THEN RAISE EXCEPTION 'commit refused once'; END IF;
        RETURN NULL;
      END $$`);
    await c.query(`CREATE CONSTRAINT TRIGGER weir_test_refuse_once AFTER UPDATE ON weir_hi_process_instance
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION weir_test_refuse_once()`);
    const ids = await startInstances(c.client, 'oneSlowTask', 8, 4);
    const node = await c.startNode('n1', { concurrency: 1, queueSize: 8, commitGroupSize: 8 });

    await c.waitFor(async () => (await countEnded(c, ids)) === 8, 30_000, 'all instances to end');
    const metrics = node.executor.metrics();
    expect(metrics.groupsRetried).toBe(1);
    expect(metrics.failed).toBe(0);
    expect(metrics.executed).toBe(8);
    // the delegate ran again for every job of the failed group; history holds each step once
    const runs = runsPer(c.runs);
    expect([...runs.values()].filter((n) => n === 2).length).toBeGreaterThanOrEqual(2);
    const [history] = await c.query<{ n: number }>(
      `SELECT count(*) AS n FROM weir_hi_activity_instance WHERE activity_id = 'slow'`,
    );
    expect(history.n).toBe(8);
  });
});
