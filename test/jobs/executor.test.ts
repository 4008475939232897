/**
 * The job executor on one real PostgreSQL with several nodes in this process (see
 * `in-process-cluster.ts`). Delegates record their runs in memory, outside the job's
 * transaction, so a run that was rolled back and repeated would show as two.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildHttpApp } from '../../src/http/server.ts';
import type { HttpNode } from '../../src/http/server.ts';
import { renderPrometheus } from '../../src/jobs/index.ts';
import { readFile } from 'node:fs/promises';
import { registerNode } from '../../src/cluster/node-registry.ts';
import { Engine } from '../../src/engine/index.ts';
import type { DelegateExecution } from '../../src/engine/index.ts';
import { JobExecutor } from '../../src/jobs/index.ts';
import { openTestDatabase } from '../helpers/database.ts';
import {
  countEnded,
  runsPer,
  OffsetClock,
  openInProcessCluster,
  startInstances,
  testSettings,
} from './in-process-cluster.ts';
import type { InProcessCluster, Run } from './in-process-cluster.ts';

let cluster: InProcessCluster | undefined;
const open = async () => (cluster = await openInProcessCluster());
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const nodesOf = (runs: readonly Run[]) => new Set(runs.map((run) => run.node));

const jobsLeft = async (c: InProcessCluster) =>
  (await c.query<{ n: number }>(`SELECT count(*) AS n FROM weir_job`))[0].n;

describe('async jobs across nodes', () => {
  it('runs every async task of every instance exactly once, spread over the nodes', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const nodes = await Promise.all(['n1', 'n2', 'n3'].map((id) => c.startNode(id)));

    const ids = await startInstances(c.client, 'twoAsyncTasks', 200, 6);
    await c.waitFor(async () => (await countEnded(c, ids)) === 200, 80_000, 'all instances to end');

    const counts = runsPer(c.runs);
    expect(counts.size).toBe(400);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(nodesOf(c.runs)).toEqual(new Set(['n1', 'n2', 'n3']));
    expect(await jobsLeft(c)).toBe(0);
    const totals = nodes.map((node) => node.executor.metrics());
    expect(totals.reduce((sum, m) => sum + m.executed, 0)).toBe(400);
    expect(totals.reduce((sum, m) => sum + m.failed + m.deadLettered, 0)).toBe(0);
  }, 90_000);

  it('never runs two jobs of one instance at once, even when different nodes hold them', async () => {
    const c = await open();
    c.delegate('recordInterval', () => sleep(40));
    await c.deploy('jobs-parallel-branches.bpmn20.xml');
    // Room for one job per node: two branches held at the same time are on two nodes.
    await Promise.all(['n1', 'n2', 'n3'].map((id) => c.startNode(id, { queueSize: 1, concurrency: 1 })));

    const ids = await startInstances(c.client, 'parallelBranches', 12, 3);
    await c.waitFor(async () => (await countEnded(c, ids)) === 12, 30_000, 'all instances to end');

    let acrossNodes = 0;
    for (const id of ids) {
      const [a, b] = c.runs.filter((run) => run.instanceId === id);
      expect(a && b, `both branches of ${id} ran`).toBeTruthy();
      const [first, second] = a.startedAt <= b.startedAt ? [a, b] : [b, a];
      expect(second.startedAt, `branches of ${id} overlap`).toBeGreaterThanOrEqual(first.endedAt);
      if (a.node !== b.node) acrossNodes += 1;
    }
    expect(acrossNodes).toBeGreaterThan(0);
  });
});

describe('local first', () => {
  it('runs the jobs a node creates on that node while it has room', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    // Room for every job: a queue larger than the runners (the default holds only what runs).
    const [creator, ...others] = await Promise.all(
      ['n1', 'n2', 'n3'].map((id) => c.startNode(id, { queueSize: 64 })),
    );

    const ids = await startInstances(creator.engine, 'twoAsyncTasks', 30);
    await c.waitFor(async () => (await countEnded(c, ids)) === 30, 20_000, 'all instances to end');

    // On failure, say how the jobs left n1: its counters and the others' (acquired, locks reset).
    const how = JSON.stringify(
      [creator, ...others].map((node) => {
        const { acquired, handedOffLocally, executed, gone, failed, deadLettered, locksReset } =
          node.executor.metrics();
        return {
          node: node.id,
          acquired,
          handedOffLocally,
          executed,
          gone,
          failed,
          deadLettered,
          locksReset,
        };
      }),
    );
    expect(nodesOf(c.runs), how).toEqual(new Set(['n1']));
    expect(creator.executor.metrics().handedOffLocally).toBe(60);
    expect(creator.executor.metrics().acquired).toBe(0);
    for (const node of others) expect(node.executor.metrics().acquired).toBe(0);
  });

  it('gives back the queue slot of a command that failed after reserving it', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    // The history row of an instance with this business key is refused: its command has
    // reserved the slot of its first job by then, and fails in its write batch.
    await c.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.business_key = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await c.query(`CREATE TRIGGER refuse_boom BEFORE INSERT ON weir_hi_process_instance
      FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
    // One slot: a slot lost to a failed command would leave no room for any local hand-off.
    const node = await c.startNode('n1', { queueSize: 1, concurrency: 1 });
    for (let i = 0; i < 3; i++) {
      await expect(
        node.engine.startProcessInstanceByKey('twoAsyncTasks', { businessKey: 'boom' }),
      ).rejects.toThrow();
    }

    // One instance at a time, so that the slot is free again when the next one starts.
    for (let i = 0; i < 3; i++) {
      const { id } = await node.engine.startProcessInstanceByKey('twoAsyncTasks');
      await c.waitFor(async () => (await countEnded(c, [id])) === 1, 20_000, `instance ${i + 1} to end`);
    }
    expect(node.executor.metrics()).toMatchObject({ handedOffLocally: 6, acquired: 0 });
  });

  it('hands the jobs to other nodes, woken by NOTIFY, when the creating node has no room', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    // Polls of a minute: only the NOTIFY can explain a pick-up within seconds.
    const slowPolls = { asyncJobAcquireWaitTime: 60_000, timerJobAcquireWaitTime: 60_000 };
    const creator = await c.startNode('full', { ...slowPolls, queueSize: 0 });
    await Promise.all(['n2', 'n3'].map((id) => c.startNode(id, slowPolls)));

    const ids = await startInstances(creator.engine, 'twoAsyncTasks', 30);
    await c.waitFor(async () => (await countEnded(c, ids)) === 30, 20_000, 'all instances to end');

    expect(nodesOf(c.runs).has('full')).toBe(false);
    expect(c.runs).toHaveLength(60);
    expect(creator.executor.metrics().handedOffLocally).toBe(0);
  });
});

describe('timers', () => {
  it('fires each of 300 timers due at the same moment exactly once across three nodes', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-timer-catch.bpmn20.xml');
    await Promise.all(['n1', 'n2', 'n3'].map((id) => c.startNode(id, { queueSize: 50 })));

    const ids = await startInstances(c.client, 'timerCatch', 300, 6);
    await sleep(300);
    expect(c.runs).toHaveLength(0);
    c.clock.advance(60 * 60 * 1000 + 1000);
    await c.waitFor(async () => (await countEnded(c, ids)) === 300, 80_000, 'all timers to fire');

    const counts = runsPer(c.runs);
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(nodesOf(c.runs)).toEqual(new Set(['n1', 'n2', 'n3']));
    expect(await jobsLeft(c)).toBe(0);
  }, 90_000);
});

describe('failures', () => {
  it('retries a failing job per its cycle, dead-letters it with its error, and runs it again once moved back', async () => {
    const c = await open();
    const attempts: number[] = [];
    let failing = true;
    c.delegate('chargeCard', () => {
      attempts.push(Date.now());
      if (failing) throw new Error(`Card declined (attempt ${attempts.length})`);
    });
    await c.deploy('jobs-failing-task.bpmn20.xml');
    const nodes = await Promise.all(['n1', 'n2'].map((id) => c.startNode(id)));

    const [id] = await startInstances(c.client, 'failingTask', 1);
    await c.waitFor(
      async () => (await c.query(`SELECT 1 FROM weir_job WHERE state = 'deadletter'`)).length === 1,
      15_000,
      'the job to be dead-lettered',
    );
    // R3/PT1S: three attempts, each retry a second after the failure before it.
    expect(attempts).toHaveLength(3);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(900);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(900);
    const [dead] = await c.query<{
      id: string;
      retries: number;
      message: string;
      stack: string;
      owner: string | null;
    }>(
      `SELECT id, retries, exception_message AS message, exception_stacktrace AS stack, lock_owner AS owner
       FROM weir_job WHERE state = 'deadletter'`,
    );
    expect(dead).toMatchObject({ retries: 0, owner: null });
    expect(dead.message).toContain('Card declined (attempt 3)');
    expect(dead.stack).toContain('Card declined (attempt 3)');
    expect(dead.stack).toMatch(/\n\s+at /);
    const sum = (pick: (m: ReturnType<(typeof nodes)[0]['executor']['metrics']>) => number) =>
      nodes.reduce((total, node) => total + pick(node.executor.metrics()), 0);
    expect(sum((m) => m.failed)).toBe(3);
    expect(sum((m) => m.deadLettered)).toBe(1);

    failing = false;
    await nodes[0].executor.moveDeadLetterJob(dead.id, 2);
    await c.waitFor(async () => (await countEnded(c, [id])) === 1, 5_000, 'the moved job to run');
    expect(attempts).toHaveLength(4);
    expect(await jobsLeft(c)).toBe(0);
  });

  it('refuses to move back a job that is not a dead letter', async () => {
    const c = await open();
    const node = await c.startNode('n1');
    await expect(node.executor.moveDeadLetterJob('no-such-job', 1)).rejects.toMatchObject({
      code: 'WEIR_NOT_FOUND',
    });
    await expect(node.executor.moveDeadLetterJob('no-such-job', 0)).rejects.toMatchObject({
      code: 'WEIR_ILLEGAL_ARGUMENT',
    });
  });
});

describe('leases and crashed nodes', () => {
  it('keeps the jobs of a live node whose job runs longer than its lease', async () => {
    const c = await open();
    c.delegate('recordInterval', (execution) =>
      sleep(execution.getCurrentActivityId() === 'left' ? 3_000 : 10),
    );
    await c.deploy('jobs-parallel-branches.bpmn20.xml');
    // A one-second lease: the left branch runs three leases long while the right one, of the
    // same instance, waits in the queue behind it. The other node sweeps five times a second.
    const holder = await c.startNode('holder', { asyncJobLockTime: 1_000 });
    const other = await c.startNode('other', { asyncJobLockTime: 1_000, resetExpiredJobsInterval: 100 });

    const [id] = await startInstances(holder.engine, 'parallelBranches', 1);
    const owners = new Set<string | null>();
    await c.waitFor(
      async () => {
        const rows = await c.query<{ owner: string | null }>(`SELECT lock_owner AS owner FROM weir_job`);
        for (const row of rows) owners.add(row.owner);
        return (await countEnded(c, [id])) === 1;
      },
      15_000,
      'the instance to end',
    );

    expect(owners).toEqual(new Set(['holder']));
    expect(c.runs.map((run) => `${run.activityId}@${run.node}`).sort()).toEqual([
      'left@holder',
      'right@holder',
    ]);
    expect(other.executor.metrics()).toMatchObject({ acquired: 0, locksReset: 0 });
    expect(holder.executor.metrics().leasesExtended).toBeGreaterThan(0);
  });

  it('releases the locks of a node without a heartbeat at once, and runs its jobs elsewhere', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const ids = await startInstances(c.client, 'twoAsyncTasks', 10);
    // A node that crashed while holding every job, with an hour of lease left on each.
    await c.query(`UPDATE weir_job SET lock_owner = 'crashed', lock_expires_at = now() + interval '1 hour'`);

    const node = await c.startNode('n1');
    await c.waitFor(async () => (await countEnded(c, ids)) === 10, 10_000, 'all instances to end');
    expect(node.executor.metrics().locksReset).toBe(10);
    expect(c.runs).toHaveLength(20);
  });

  it("resets a live node's lock once its lease has run out unrenewed", async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const frozen = await c.startNode('frozen', { queueSize: 0 });
    const ids = await startInstances(c.client, 'twoAsyncTasks', 3);
    await c.query(`UPDATE weir_job SET lock_owner = 'frozen', lock_expires_at = now() - interval '1 second'`);

    await c.startNode('n1');
    await c.waitFor(async () => (await countEnded(c, ids)) === 3, 10_000, 'all instances to end');
    expect(nodesOf(c.runs)).toEqual(new Set(['n1']));
    expect(frozen.executor.state).toBe('running');
  });

  it('releases the locks left under its own id when a node restarts', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const ids = await startInstances(c.client, 'twoAsyncTasks', 5);
    await c.query(`UPDATE weir_job SET lock_owner = 'n1', lock_expires_at = now() + interval '1 hour'`);

    await c.startNode('n1');
    await c.waitFor(async () => (await countEnded(c, ids)) === 5, 5_000, 'all instances to end');
    expect(c.runs).toHaveLength(10);
  });
});

describe('shutdown', () => {
  it('finishes running jobs and gives back queued ones, which other nodes then run', async () => {
    const c = await open();
    c.delegate('countUp', () => sleep(200));
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const leaving = await c.startNode('leaving', { concurrency: 1 });
    await c.startNode('staying', { asyncJobAcquireWaitTime: 60_000, timerJobAcquireWaitTime: 60_000 });

    const ids = await startInstances(leaving.engine, 'twoAsyncTasks', 5);
    expect(leaving.executor.metrics().running).toBe(1);
    expect(leaving.executor.metrics().queueDepth).toBeGreaterThanOrEqual(3);
    await leaving.stop();
    const stoppedAt = Date.now();
    expect(leaving.executor.state).toBe('stopped');
    // What was running when the stop began finished before stop returned; nothing queued ran.
    const ranOnLeaving = c.runs.filter((run) => run.node === 'leaving');
    expect(ranOnLeaving.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ranOnLeaving.map((run) => run.endedAt))).toBeLessThanOrEqual(stoppedAt);

    await c.waitFor(async () => (await countEnded(c, ids)) === 5, 10_000, 'all instances to end');
    expect(c.runs).toHaveLength(10);
    expect(runsPer(c.runs).size).toBe(10);
    expect(c.runs.filter((run) => run.node === 'staying')).toHaveLength(10 - ranOnLeaving.length);
  });
});

describe('metrics', () => {
  it('counts hand-offs by source and renders them for Prometheus', async () => {
    const c = await open();
    c.delegate('countUp');
    await c.deploy('jobs-two-async-tasks.bpmn20.xml');
    const node = await c.startNode('n1');
    const ids = await startInstances(c.client, 'twoAsyncTasks', 5);
    await c.waitFor(async () => (await countEnded(c, ids)) === 5, 10_000, 'all instances to end');

    const snapshot = node.executor.metrics();
    expect(snapshot).toMatchObject({
      acquired: 5,
      handedOffLocally: 5,
      executed: 10,
      queueDepth: 0,
      running: 0,
    });
    expect(snapshot.handOff.acquired.count).toBe(5);
    expect(snapshot.handOff.local.count).toBe(5);
    const text = renderPrometheus(snapshot);
    expect(text).toContain('# TYPE weir_jobs_executed_total counter');
    expect(text).toContain('weir_jobs_executed_total{node="n1"} 10');
    expect(text).toContain('weir_job_handoff_seconds_count{node="n1",source="local"} 5');
    expect(text).toContain('weir_job_handoff_seconds_bucket{node="n1",source="acquired",le="+Inf"} 5');
    // By default a node holds only the jobs its runners start at once.
    expect(node.executor.prometheus()).toContain('weir_jobs_capacity{node="n1"} 8');

    const app = await buildHttpApp({
      id: 'n1',
      version: 'test',
      db: node.db,
      logger: pino({ level: 'silent' }),
      config: { server: { maxBodySize: 1024 } },
      jobExecutor: node.executor,
    } as HttpNode);
    const response = await app.inject({ method: 'GET', url: '/actuator/prometheus' });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.body).toContain('weir_jobs_executed_total{node="n1"} 10');
  });
});

describe('on the embedded database', () => {
  it('runs async jobs and timers of a single node', async () => {
    const database = await openTestDatabase('embedded');
    const clock = new OffsetClock();
    const engine = new Engine({ db: database.db, clock, nodeId: 'solo' });
    const ran: string[] = [];
    engine.delegates.register('countUp', (execution: DelegateExecution) => {
      ran.push(execution.getCurrentActivityId() ?? '');
    });
    const registration = await registerNode(
      database.db,
      { id: 'solo', host: 'test', port: 0, version: 'test', startedAt: new Date() },
      { interval: 200, staleAfter: 5_000, log: { info: () => {}, warn: () => {} } },
    );
    const executor = new JobExecutor({ engine, settings: testSettings() });
    try {
      await executor.start();
      const resources = await Promise.all(
        ['jobs-two-async-tasks.bpmn20.xml', 'jobs-timer-catch.bpmn20.xml'].map(async (name) => ({
          name,
          content: await readFile(new URL(`../fixtures/bpmn/${name}`, import.meta.url), 'utf8'),
        })),
      );
      await engine.deploy({ name: 'jobs', resources });
      const async = await engine.startProcessInstanceByKey('twoAsyncTasks');
      const timer = await engine.startProcessInstanceByKey('timerCatch');
      clock.advance(60 * 60 * 1000 + 1000);

      const ended = async (id: string) => (await engine.query.historicProcessInstance(id))?.endedAt != null;
      for (let waited = 0; !((await ended(async.id)) && (await ended(timer.id))); waited += 50) {
        if (waited > 15_000) throw new Error('The embedded node did not finish its jobs');
        await sleep(50);
      }
      expect(ran.sort()).toEqual(['afterTimer', 'first', 'second']);
    } finally {
      await executor.stop();
      await registration.deregister();
      await database.close();
    }
  });
});
