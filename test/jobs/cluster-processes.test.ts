/**
 * Three real `weir start` processes on one PostgreSQL database, as a cluster runs in
 * production. This test process deploys and starts instances through an engine of its own
 * without an executor (a node that serves requests only), so every first job is acquired by
 * the nodes and every second one is handed over locally by the node that ran the first.
 *
 * Counting runs honestly: the `countUp` delegate adds 1 to the instance variable `count`. The
 * variable is written in the job's own transaction, so a run that was rolled back (or cut off
 * by kill -9) does not count, exactly like a counter row in that transaction; the sum over all
 * instances must be exactly two per instance. The delegate also appends a line per run to a
 * file, which is not transactional: it shows which process ran what, and any repeated run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import type { Database } from '../../src/persistence/database.ts';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import { clonePostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { cleanUpNodeProcesses, startNodeProcess } from '../helpers/node-process.ts';
import { startInstances } from './in-process-cluster.ts';

/**
 * Instances per test: 3,000 (6,000 jobs), as the issue asks. On the 2-core machine the suite
 * runs on, where this client, three nodes and PostgreSQL share the cores (and other suites
 * often run beside), one test takes 30-60 s. `JOBS_CLUSTER_INSTANCES` changes the count.
 */
const INSTANCES = Number(process.env.JOBS_CLUSTER_INSTANCES ?? 3_000);

/** The shipped heartbeat settings, which the process helper shortens by default. */
const DEFAULT_HEARTBEAT = ['--weir.heartbeat-interval=PT2S', '--weir.node-stale-after=PT10S'];

interface Setup {
  readonly database: ScratchDatabase;
  readonly folder: ScratchFolder;
  readonly db: Database;
  readonly client: Engine;
  readonly runsFile: string;
  readonly nodeArgs: (id: string) => string[];
}

let setup: Setup | undefined;

const prepare = async (): Promise<Setup> => {
  const database = await clonePostgresDatabase();
  const folder = await createTempFolder('weir-jobs-');
  const runsFile = join(folder.path, 'runs.log');
  await writeFile(runsFile, '');
  await writeFile(
    join(folder.path, 'countUp.mjs'),
    `import { appendFileSync } from 'node:fs';
export const countUp = (execution) => {
  execution.setVariable('count', (execution.getVariable('count') ?? 0) + 1);
  appendFileSync(${JSON.stringify(runsFile)}, \`\${process.pid} \${execution.getProcessInstanceId()} \${execution.getCurrentActivityId()}\\n\`);
};
`,
  );
  const db = openPostgresDatabase({ url: database.url, poolSize: 10 });
  const client = new Engine({ db, nodeId: 'test-client' });
  // Deploying checks that the delegates exist; the client loads the same folder the nodes do.
  await client.delegates.loadFolder(folder.path);
  const bpmn = await readFile(
    new URL('../fixtures/bpmn/jobs-two-async-tasks.bpmn20.xml', import.meta.url),
    'utf8',
  );
  await client.deploy({
    name: 'jobs',
    resources: [{ name: 'jobs-two-async-tasks.bpmn20.xml', content: bpmn }],
  });
  setup = {
    database,
    folder,
    db,
    client,
    runsFile,
    nodeArgs: (id) => [
      `--database.url=${database.url}`,
      `--weir.node-id=${id}`,
      `--weir.delegates-path=${folder.path}`,
    ],
  };
  return setup;
};

afterEach(async () => {
  await cleanUpNodeProcesses();
  if (!setup) return;
  await setup.db.close();
  await setup.database.drop();
  await setup.folder.remove();
  setup = undefined;
});

const scalar = async (s: Setup, sql: string, params: unknown[] = []): Promise<number> =>
  Number(Object.values((await s.db.query(sql, params)).rows[0])[0]);

const ended = (s: Setup) =>
  scalar(s, `SELECT count(*) FROM weir_hi_process_instance WHERE ended_at IS NOT NULL`);

const waitUntil = async (check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
};

/** Runs per (instance, activity) and per process id, from the delegate's file. */
const readRuns = async (s: Setup) => {
  const perJob = new Map<string, number>();
  const perPid = new Map<string, number>();
  for (const line of (await readFile(s.runsFile, 'utf8')).split('\n').filter(Boolean)) {
    const [pid, instance, activity] = line.split(' ');
    perJob.set(`${instance}/${activity}`, (perJob.get(`${instance}/${activity}`) ?? 0) + 1);
    perPid.set(pid, (perPid.get(pid) ?? 0) + 1);
  }
  return { perJob, perPid };
};

const expectAllCountedOnce = async (s: Setup) => {
  expect(await ended(s)).toBe(INSTANCES);
  expect(
    await scalar(s, `SELECT sum((value #>> '{}')::int) FROM weir_hi_variable_instance WHERE name = 'count'`),
  ).toBe(2 * INSTANCES);
  expect(await scalar(s, `SELECT count(*) FROM weir_job`)).toBe(0);
};

const report = (line: string) => {
  if (process.env.JOBS_TEST_REPORT) console.info(line);
};

describe('three weir processes on one database', () => {
  it(`complete ${INSTANCES} instances of two async tasks, each task counted once, nothing dead-lettered`, async () => {
    const s = await prepare();
    // The shipped heartbeat settings: with the test helper's 2 s staleness, a node stalled for
    // 2 s on a loaded machine (three nodes, PostgreSQL and this client on two cores) is taken for
    // dead, its running jobs are run again elsewhere (their first runs roll back, so counts
    // hold, but the delegate's file shows them twice). That is the failover rule working, not a
    // node running a job twice in normal operation, which is what this test is about.
    const nodes = await Promise.all(
      ['node-a', 'node-b', 'node-c'].map((id) =>
        startNodeProcess({ args: [...s.nodeArgs(id), ...DEFAULT_HEARTBEAT] }),
      ),
    );

    const started = Date.now();
    await startInstances(s.client, 'twoAsyncTasks', INSTANCES, 8);
    const startedAll = Date.now() - started;
    await waitUntil(async () => (await ended(s)) === INSTANCES, 120_000, 'all instances to end');
    const tookMs = Date.now() - started;
    report(`${INSTANCES} instances: started in ${startedAll} ms, all ended after ${tookMs} ms`);

    await expectAllCountedOnce(s);
    expect(await scalar(s, `SELECT count(*) FROM weir_job WHERE state = 'deadletter'`)).toBe(0);
    const runs = await readRuns(s);
    expect(runs.perJob.size).toBe(2 * INSTANCES);
    expect([...runs.perJob.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(runs.perPid.keys())).toEqual(new Set(nodes.map((node) => String(node.pid))));
  }, 180_000);

  it("resume a killed node's jobs on the others within 15 s, with default settings", async () => {
    const s = await prepare();
    const [a, b, victim] = await Promise.all(
      ['node-a', 'node-b', 'node-c'].map((id) =>
        startNodeProcess({ args: [...s.nodeArgs(id), ...DEFAULT_HEARTBEAT] }),
      ),
    );

    const starting = startInstances(s.client, 'twoAsyncTasks', INSTANCES, 8);
    await waitUntil(
      async () =>
        (await ended(s)) >= INSTANCES / 5 &&
        (await scalar(s, `SELECT count(*) FROM weir_job WHERE lock_owner = 'node-c'`)) > 0,
      60_000,
      'node-c to hold jobs with the run well under way',
    );
    const held = (await s.db.query<{ id: string }>(`SELECT id FROM weir_job WHERE lock_owner = 'node-c'`))
      .rows;
    await victim.stop('SIGKILL');

    const killedAt = Date.now();
    let releasedMs: number | undefined;
    const resumedMs = await waitUntil(
      async () => {
        const { rows } = await s.db.query<{ locked: number; left: number }>(
          `SELECT count(*) FILTER (WHERE lock_owner = 'node-c') AS locked, count(*) AS left
           FROM weir_job WHERE lock_owner = 'node-c' OR id = ANY($1::text[])`,
          [held.map((row) => row.id)],
        );
        if (rows[0].locked === 0) releasedMs ??= Date.now() - killedAt;
        return rows[0].left === 0;
      },
      30_000,
      "the killed node's jobs to run elsewhere",
    );
    report(
      `kill -9 of node-c holding ${held.length} jobs: released after ${releasedMs} ms, all run elsewhere after ${resumedMs} ms`,
    );
    expect(resumedMs).toBeLessThan(15_000);

    await starting;
    await waitUntil(async () => (await ended(s)) === INSTANCES, 120_000, 'all instances to end');
    await expectAllCountedOnce(s);
    expect(await scalar(s, `SELECT count(*) FROM weir_job WHERE state = 'deadletter'`)).toBe(0);
    // The file is not transactional: a run cut off by the kill may show twice there, but none is missing.
    const runs = await readRuns(s);
    expect(runs.perJob.size).toBe(2 * INSTANCES);
    expect(runs.perPid.has(String(victim.pid))).toBe(true);
    for (const node of [a, b]) expect(runs.perPid.has(String(node.pid))).toBe(true);
  }, 180_000);
});
